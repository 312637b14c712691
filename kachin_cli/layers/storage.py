"""Where layers live and how they are read and written.

The bundled layer is UCDP's extract for Kachin (`data/ucdp-ged-kachin.csv`, shipped
inside the package as `kachin_cli/data/`), read by `ucdp.py` when a command needs it.
Imported layers live in `$XDG_DATA_HOME/kachin/layers/NAME` (`~/.local/share` when the
variable is unset or not an absolute path, as the XDG spec says), one JSON-lines file
each: a header line, one event per line, and a closing line with the row count. A layer
is written to a temporary file beside it and renamed into place, so an interrupted
import leaves the previous layer as it was and no partial layer is ever read; a file
without its closing line is reported as damaged."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from typing import Any

from kachin_cli.errors import DataError, QueryError
from kachin_cli.layers import BUNDLED, RESERVED
from kachin_cli.safe import one_line, quoted

LAYER_FORMAT = 1
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
FORMATS = ("ucdp", "acled")  # modules of kachin_cli.layers, tried in this order


def bundled_csv() -> str:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    packaged = os.path.join(here, "data", "ucdp-ged-kachin.csv")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(here), "data", "ucdp-ged-kachin.csv")


def layers_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "kachin", "layers")


class Layer:
    """One layer's rows, with its name and what its file says about it. An imported
    layer's rows are decoded when first asked for; a date range decodes only the rows in
    it, read at their offsets through a cached index of their dates."""

    def __init__(self, name: str, rows: list[Any] | None, meta: dict[str, Any], *, path: str = "") -> None:
        self.name = name
        self._rows = rows
        self.meta = meta
        self._path = path

    @property
    def source(self) -> str:
        return str(self.meta.get("source", ""))

    @property
    def rows(self) -> list[Any]:
        if self._rows is None:
            self._rows = [self._decode(line) for line in self._lines()[0]]
        return self._rows

    def _lines(self) -> tuple[list[bytes], list[int]]:
        """The encoded rows and where each starts in the file, checked against the count
        the closing line gives."""
        try:
            with open(self._path, "rb") as f:
                data = f.read()
        except OSError as exc:
            raise DataError(f"layer {quoted(self.name)}: cannot read {one_line(self._path)} "
                            f"({one_line(exc.strerror or exc)})") from None
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        if len(lines) != self.meta.get("rows", -1) + 2:
            raise _damaged(self.name, self._path)
        offsets, pos = [], len(lines[0]) + 1
        for line in lines[1:]:
            offsets.append(pos)
            pos += len(line) + 1
        return lines[1:-1], offsets

    def _decode(self, line: bytes) -> Any:
        import msgspec

        from kachin_cli.layers.record import RecordedEvent

        decoder = _DECODERS.get("recorded") or _DECODERS.setdefault("recorded", msgspec.json.Decoder(RecordedEvent))
        try:
            return decoder.decode(line)
        except msgspec.DecodeError:
            raise _damaged(self.name, self._path) from None

    def overlapping(self, first: Any, last: Any) -> list[Any]:
        """The rows whose dates overlap [first, last] (either may be None)."""
        if first is None and last is None:
            return self.rows
        lo = first.toordinal() if first is not None else 0
        hi = last.toordinal() if last is not None else 10**9
        if self._rows is not None or not self._path:
            return [r for r in self.rows if r.date_end.toordinal() >= lo and r.date_start.toordinal() <= hi]
        spans, offsets = self._index()
        if self._rows is not None:  # building the index decoded them all
            return [r for i, r in enumerate(self._rows) if spans[2 * i + 1] >= lo and spans[2 * i] <= hi]
        import mmap

        out = []
        with open(self._path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            for i in range(len(offsets) - 1):
                if spans[2 * i + 1] >= lo and spans[2 * i] <= hi:
                    out.append(self._decode(m[offsets[i]:offsets[i + 1] - 1]))
        return out

    def _index(self) -> tuple[Any, Any]:
        """Each row's first and last day (ordinals, flat) and where each row starts (one
        more offset: where the closing line starts), cached beside kachin's other caches."""
        from array import array

        from kachin_cli import cache

        spans, offsets = array("q"), array("q")
        n = self.meta.get("rows", -1)
        cached = cache.read_cached(self._path, ".layer-index")
        if isinstance(cached, tuple) and len(cached) == 2 and len(cached[0]) == 16 * n \
                and len(cached[1]) == 8 * (n + 1):
            spans.frombytes(cached[0])
            offsets.frombytes(cached[1])
            return spans, offsets
        lines, starts = self._lines()
        self._rows = [self._decode(line) for line in lines]
        for r in self._rows:
            spans.extend((r.date_start.toordinal(), r.date_end.toordinal()))
        offsets.extend(starts)
        cache.write_cached(self._path, (spans.tobytes(), offsets.tobytes()), ".layer-index")
        return spans, offsets

    def summaries(self) -> list[Any]:
        """Each row's id, dataset, year, conflict and death estimates: what yearly sums need,
        cached apart from the rows, so that summing decodes none of them."""
        from kachin_cli import cache

        if self._rows is not None or not self._path:
            return [Summary.of(r) for r in self.rows]
        cached = cache.read_cached(self._path, ".layer-sums")
        if isinstance(cached, tuple) and len(cached) == self.meta.get("rows", -1):
            return [Summary(*t) for t in cached]
        out = [Summary.of(r) for r in self.rows]
        cache.write_cached(self._path, tuple(s.as_tuple() for s in out), ".layer-sums")
        return out


class Summary:
    """What yearly sums read of a recorded event (the names match RecordedEvent's)."""

    __slots__ = ("id", "source", "year", "conflict_id", "low", "best", "high", "_start")

    def __init__(self, id: str, source: str, year: int | None, conflict_id: int | None, low: int | None,
                 best: int | None, high: int | None, start: int) -> None:
        self.id, self.source, self.year, self.conflict_id = id, source, year, conflict_id
        self.low, self.best, self.high, self._start = low, best, high, start

    @classmethod
    def of(cls, r: Any) -> Summary:
        return cls(r.id, r.source, r.year, r.conflict_id, r.low, r.best, r.high, r.date_start.toordinal())

    def as_tuple(self) -> tuple[Any, ...]:
        return (self.id, self.source, self.year, self.conflict_id, self.low, self.best, self.high, self._start)

    @property
    def date_start(self) -> Any:
        import datetime as dt

        return dt.date.fromordinal(self._start)


_DECODERS: dict[str, Any] = {}


def _damaged(name: str, path: str) -> DataError:
    return DataError(f"layer {quoted(name)} is damaged ({one_line(path)}); import it again or remove it: "
                     f"kachin layers remove {name}")


# ---------------------------------------------------------------- reading


_BUNDLED: dict[tuple[str, int, int], Layer] = {}


def _bundled() -> Layer:
    """Read once per process (the REPL shows many events of it)."""
    path = bundled_csv()
    st = os.stat(path)
    key = (path, st.st_size, st.st_mtime_ns)
    if key not in _BUNDLED:
        _BUNDLED.clear()
        _BUNDLED[key] = _read_bundled(path)
    return _BUNDLED[key]


def _read_bundled(path: str) -> Layer:
    from kachin_cli.layers import ucdp

    rows, report = ucdp.read(path, all_rows=True)
    if report.skipped:  # the shipped file is checked by the tests; say so if it was damaged
        raise DataError(f"the bundled UCDP extract has {report.skipped} unreadable rows")
    return Layer(BUNDLED, rows, {"source": ucdp.SOURCE, "file": os.path.basename(path),
                                 "rows": len(rows)})


def names() -> list[str]:
    """The imported layers, by name."""
    try:
        entries = os.listdir(layers_dir())
    except OSError:
        return []
    return sorted(e for e in entries if NAME_PATTERN.fullmatch(e) and e not in RESERVED)


def layer_path(name: str) -> str:
    return os.path.join(layers_dir(), name)


def load(name: str) -> Layer:
    if name == BUNDLED:
        return _bundled()
    return _read_layer(name, layer_path(name))


def check_source(name: str) -> None:
    """A --source value: narrative, ucdp, all, or an imported layer."""
    if name in RESERVED or name in names():
        return
    others = ", ".join(names())
    hint = f", or an imported layer: {others}" if others else " (no layers are imported: see kachin import)"
    raise QueryError(f"--source {quoted(name)}: choose narrative, ucdp, all{hint}")


def load_all() -> list[Layer]:
    return [load(BUNDLED)] + [load(n) for n in names()]


def _read_layer(name: str, path: str) -> Layer:
    """The layer's header and closing lines; its rows are read when asked for."""
    about = describe(name, path)
    if about["damaged"]:
        raise _damaged(name, path)
    return Layer(name, None, about, path=path)


def describe(name: str, path: str | None = None) -> dict[str, Any]:
    """A layer's header and closing lines, without reading its rows."""
    import json

    path = path or layer_path(name)
    try:
        with open(path, "rb") as f:
            head = json.loads(f.readline())
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 4096))
            tail = json.loads(f.read().splitlines()[-1])
        if not (isinstance(head, dict) and head.get("kachin_layer") == LAYER_FORMAT and isinstance(tail, dict)
                and isinstance(tail.get("rows"), int)):
            raise ValueError
        return {"name": name, **head, **tail, "damaged": False}
    except (OSError, ValueError, IndexError, TypeError):
        return {"name": name, "damaged": True}


def bundled_index() -> tuple[Any, Any, Any]:
    """The bundled layer's first days, last days (ordinals) and best estimates, as arrays:
    what a narrative listing's footer needs, without decoding a record. Cached."""
    from array import array

    from kachin_cli import cache

    path = bundled_csv()
    cached = cache.read_cached(path, ".ucdp-index")
    if isinstance(cached, tuple) and len(cached) == 3:
        out = []
        for blob in cached:
            a = array("q")
            a.frombytes(blob)
            out.append(a)
        return out[0], out[1], out[2]
    import csv
    import datetime as dt

    starts, ends, best = array("q"), array("q"), array("q")
    # the three columns straight from the file: no records, no msgspec (a second of the
    # start-up budget at most, paid once per version of the file)
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            starts.append(dt.date.fromisoformat(row["date_start"][:10]).toordinal())
            ends.append(dt.date.fromisoformat(row["date_end"][:10]).toordinal())
            best.append(int(row["best"] or 0))
    cache.write_cached(path, (starts.tobytes(), ends.tobytes(), best.tobytes()), ".ucdp-index")
    return starts, ends, best


# ---------------------------------------------------------------- writing


def check_name(name: str) -> str:
    if name in RESERVED:
        raise DataError(f"{quoted(name)} is a name kachin uses itself ({', '.join(RESERVED)}); "
                        "choose another with --name")
    if not NAME_PATTERN.fullmatch(name):
        raise DataError(f"layer name {quoted(name)}: use 1-40 lower-case letters, digits, '-' or '_', "
                        "starting with a letter or digit")
    return name


def default_name(path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0].lower()
    name = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")[:40]
    if not name or name in RESERVED:
        raise DataError("cannot make a layer name from the file's name; give one with --name")
    return name


def detect(table: Any) -> Any:
    """The format module whose header the file has, or one line naming what is missing."""
    import importlib

    modules = [importlib.import_module(f"kachin_cli.layers.{f}") for f in FORMATS]
    for module in modules:
        if module.claims(table.header):
            return module
    table.close()
    wanted = "; ".join(f"{m.NAME} needs {', '.join(c for c in m.REQUIRED if c not in table.header)}"
                       for m in modules)
    raise DataError(f"{table.shown}: header not recognised as UCDP GED or ACLED ({wanted})")


class Imported:
    def __init__(self, name: str, path: str, module: Any, report: Any) -> None:
        self.name, self.path, self.module, self.report = name, path, module, report


def import_file(path: str, *, name: str | None = None, all_rows: bool = False,
                where: list[tuple[str, str]] = ()) -> Imported:  # type: ignore[assignment]
    """Read a UCDP or ACLED file and write its kept rows as a layer, atomically."""
    import datetime as dt

    import msgspec

    from kachin_cli.layers.table import CsvFile, Report

    name = check_name(name) if name is not None else default_name(path)
    table = CsvFile(path)
    module = detect(table)
    report = Report()
    target = layer_path(name)
    directory = os.path.dirname(target)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError as exc:
        table.close()
        raise DataError(f"cannot create {one_line(directory)} ({one_line(exc.strerror or exc)})") from None
    if os.path.isdir(target):
        table.close()
        raise DataError(f"{one_line(target)} is a directory; remove it or choose another --name")
    tmp = os.path.join(directory, f".{name}.{os.getpid()}.tmp")
    encode = msgspec.json.Encoder().encode
    seen: set[str] = set()
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(encode({"kachin_layer": LAYER_FORMAT, "name": name, "source": module.SOURCE,
                              "file": os.path.basename(path),
                              "imported": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()}))
            out.write(b"\n")
            for event in module.rows(table, report, all_rows=all_rows, where=where):
                if event.id in seen:
                    report.duplicates += 1
                    continue
                seen.add(event.id)
                report.keep(event.date_start, event.date_end)
                out.write(encode(event))
                out.write(b"\n")
            if not report.kept:
                raise DataError(_nothing_kept(table.shown, report, all_rows))
            out.write(encode({"rows": report.kept, "first": report.first, "last": report.last}))
            out.write(b"\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise DataError(f"cannot write the layer {one_line(target)} ({one_line(exc.strerror or exc)})") from None
    finally:
        table.close()
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return Imported(name, target, module, report)


def _nothing_kept(shown: str, report: Any, all_rows: bool) -> str:
    if report.read == 0:
        return f"{shown} has a header but no rows; nothing imported"
    why = []
    if report.outside:
        why.append(f"{report.outside} outside the Kachin conflict (--all-rows keeps them)")
    if report.filtered:
        why.append(f"{report.filtered} left out by --where")
    if report.skipped:
        first = report.problems[0]
        why.append(f"{report.skipped} unreadable (first: line {first[0]}: {first[1]})")
    return f"{shown}: none of its {report.read} rows kept ({'; '.join(why)}); nothing imported"


def remove(name: str) -> str:
    if name == BUNDLED:
        raise DataError("the bundled UCDP layer ships with kachin and cannot be removed")
    path = layer_path(name)
    if name not in names():
        raise DataError(f"no imported layer {quoted(name)} (see kachin layers)")
    try:
        os.unlink(path)
    except OSError as exc:
        raise DataError(f"cannot remove {one_line(path)} ({one_line(exc.strerror or exc)})") from None
    return path


def rows_between(source: str, first: Any = None, last: Any = None,
                 summaries: bool = False) -> Iterator[tuple[str, list[Any]]]:
    """(layer name, rows overlapping [first, last]) for each layer a --source selects; with
    `summaries`, every row's Summary instead (for sums over the whole layer)."""
    for layer in iter_layers(source):
        yield layer.name, layer.summaries() if summaries else layer.overlapping(first, last)


def iter_layers(source: str) -> Iterator[Layer]:
    """The layers a --source value selects (the narrative selects none)."""
    from kachin_cli.layers import ALL, NARRATIVE

    if source == NARRATIVE:
        return
    if source == ALL:
        yield from load_all()
    else:
        yield load(source)

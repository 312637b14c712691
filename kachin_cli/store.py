"""Loading and validating a knowledge-base file -> KnowledgeBase. Never imports rich or typer.

msgspec decodes the file into the model's frozen structs, checking types, enums, required and
unknown fields as it parses; for a file given by the user, a child process meanwhile scans it for
duplicate keys, which msgspec (like most parsers) resolves silently to the last, and for text that
is only blanks. A short pass then checks what a type cannot say: unique ids, references, real
dates, ends after starts, figures, article sections, and chains of `within`/`part_of`/`parent`
without cycles or absurd depth. Only a file that fails gets the full report: the standard library
parses it again (marking repeated keys, NaN, Infinity and numbers too long to convert), jsonschema
checks it against the generated schema, and every problem is listed with its JSON path and value.
A file that passed is remembered by `cache`, keyed by its bytes, with its records' ids and
intervals: the next run reads the file's top level only and decodes a record when a query asks for
it."""

import datetime as _dt
import gc
import os
import sys
from array import array
from collections.abc import Iterator
from itertools import chain, repeat
from operator import attrgetter
from typing import Any

import msgspec

from kachin_cli import model
from kachin_cli.dates import parse_iso
from kachin_cli.errors import DataError

ARTICLE_SOURCE = "article"
MAX_DEPTH = 100  # the longest chain of `within`, `part_of` or `parent` a file may hold


def _packaged() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "kachin.json")


def bundled_path() -> str:
    """The knowledge base shipped with the package: inside the wheel it is
    `kachin_cli/data/kachin.json`; in a source checkout it is `data/kachin.json`."""
    packaged = _packaged()
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(packaged))), "data", "kachin.json")


def resolve_path(path: str | os.PathLike[str] | None) -> str:
    """The file to load: an explicit path, else $KACHIN_DATA, else the bundled file."""
    return os.fspath(path) if path else os.environ.get("KACHIN_DATA") or bundled_path()


def schema_text() -> str:
    """The JSON Schema of a knowledge-base file, as `kachin schema` prints it and the
    package ships it (data/kachin.schema.json)."""
    import json

    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "kachin knowledge base",
           **msgspec.json.schema(model.File)}
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- loading


def load(path: str | os.PathLike[str] | None = None) -> model.KnowledgeBase:
    """Load and validate a knowledge base (the bundled one by default)."""
    resolved = resolve_path(path)
    # Trusted: the copy installed with the package, which the test suite checked in full before
    # it shipped. A source checkout's data/kachin.json is being edited: it is checked in full.
    kb, problems = check(resolved, trusted=resolved == _packaged() and os.path.isfile(resolved))
    if kb is None:
        n = len(problems)
        raise DataError(f"{resolved}: not a valid knowledge base ({n} problem{'s' if n != 1 else ''}; "
                        f"first: {problems[0]})", problems)
    return kb


def check(path: str, trusted: bool = False) -> tuple[model.KnowledgeBase | None, list[str]]:
    """(knowledge base, []) or (None, every problem); a file that cannot be read or is not
    JSON raises one DataError. `trusted` (the bundled file as installed, which the test suite
    checks in full with `check(bundled_path())` and `kachin validate`) skips the scan for
    duplicate keys and the rules across records; its dates are still read, for the records'
    intervals. A file whose very bytes passed every check before is not checked again: the
    cache holds its intervals and ids, and its records are decoded only when asked for."""
    gc_was_on = gc.isenabled()
    gc.disable()  # a million new objects and no cycles among them: a collection finds nothing
    try:  # the bytes are passed on, not kept here: the callee lets go of them once they are decoded
        kb, problems = (_check_trusted if trusted else _check_untrusted)(read_bytes(path), path)
    finally:
        if gc_was_on:
            gc.freeze()  # the records live as long as the process: later collections need not walk them
            gc.enable()
    if kb is not None:
        kb.path = path
    return kb, problems


def _check_trusted(data: bytes, path: str) -> tuple[model.KnowledgeBase | None, list[str]]:
    try:
        file = msgspec.json.decode(data, type=model.File)
    except UnicodeDecodeError:  # msgspec 0.18 (later ones raise DecodeError)
        raise DataError(f"{path}: not UTF-8 text") from None
    except (msgspec.ValidationError, msgspec.DecodeError):
        return validate(_parse(data, path))
    return _checked({name: getattr(file, name) for name in file.__struct_fields__}, trusted=True)


# A file's top level, its records left undecoded: each a slice of the file's bytes.
_Lists = msgspec.defstruct("_Lists", [(k, list[msgspec.Raw]) for k in model.KINDS] + [
    ("schema", str | None, msgspec.field(default=None, name="$schema")), ("revised", model.Date | None, None)],
    kw_only=True, forbid_unknown_fields=True)
_CACHED = tuple[list[tuple[str | None, str | None, bool, int, int]], dict[str, bytes], dict[str, str]]


def _check_untrusted(data: bytes, path: str) -> tuple[model.KnowledgeBase | None, list[str]]:
    import threading

    from kachin_cli import cache

    hasher = cache.hasher(".kb")  # BLAKE2b hashes without the GIL: beside msgspec reading the top level
    hashing = threading.Thread(target=hasher.update, args=(data,))
    try:
        hashing.start()
    except RuntimeError:  # no thread to be had (a limit on processes): here, then
        hasher.update(data)
    try:
        top: Any = msgspec.json.decode(data, type=_Lists)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError, UnicodeDecodeError):
        top = None  # the full report says what is wrong (UnicodeDecodeError: msgspec 0.18)
    finally:
        if hashing.ident is not None:
            hashing.join()
    key = hasher.digest()
    cached = cache.get(path, ".kb", key, _CACHED) if top is not None else None
    if cached is not None:  # each distinct interval (ordinal 0, which no day has: no dates), ids, intervals
        day = _dt.date.fromordinal
        model.SPANS.update(((s, e, o), (day(a), day(b)) if a else ()) for s, e, o, a, b in cached[0])
        hit = model.KnowledgeBase(path, revised=top.revised, **{
            k: model.Records(raw=getattr(top, k), cls=cls, ids=cached[2].get(k)) for k, cls in model.KINDS.items()})
        for k, spans in cached[1].items():
            if len(spans) == 16 * len(hit.collection(k)):
                hit.collection(k)._intervals = array("q", spans)
        hit.cache["file-key"] = key
        return hit, []
    if top is None:
        return validate(_parse(data, path))
    scan = _Scan(data)
    try:
        try:
            lists = {k: list(map(msgspec.json.Decoder(cls).decode, getattr(top, k))) for k, cls in model.KINDS.items()}
        except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):  # (NaN is reported too)
            lists = None
        revised, top = top.revised, None
        # the rules across records are checked while the child scans: its verdict is asked after
        kb, problems = _checked({**lists, "revised": revised}) if lists is not None else (None, [])
        bad = lists is None or scan.verdict(path)
    finally:
        scan.close()  # (before the full report, which parses the file again)
    if bad:  # the full report says what is wrong, and where
        return validate(_parse(data, path))
    del data  # the file's bytes: a third of the memory the records take
    if kb is not None:
        kb.cache["file-key"] = key  # what queries build from this file is cached under the same content
        cache.put(path, ".kb", key, ([(*k, *((v[0].toordinal(), v[1].toordinal()) if v else (0, 0)))
                                      for k, v in model.SPANS.items()],
                                     {k: kb.collection(k).intervals().tobytes() for k in DATE_FIELDS},
                                     {k: "\n".join(kb.collection(k).ids()) for k in model.KINDS}))
    return kb, problems


def read_bytes(path: str) -> bytes:
    """The bytes of a knowledge-base file; every failure becomes one DataError naming it."""
    import stat

    try:
        # opened without waiting (a FIFO), and read only if it is a regular file (/dev/zero never ends)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise DataError(f"{path}: " + ("is a directory, not a knowledge-base file" if stat.S_ISDIR(mode)
                                               else "not a regular file"))
            with open(fd, "rb", closefd=False) as f:
                data = f.read()
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except PermissionError:
        raise DataError(f"{path}: permission denied") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data:
        raise DataError(f"{path}: the file is empty")
    if data.isspace():
        raise DataError(f"{path}: the file contains no JSON, only blank space")
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _scan(data: bytes) -> bytes:
    """What msgspec does not look for, in one pass of the standard library's parser: a repeated
    key (msgspec, like most parsers, keeps the last) and a string that is only blanks (a regex per
    text in the decoder would cost more, on every run; str.strip() and the schema's `\\S` agree on
    what a blank is). b"!" either is found, b"u" the file is not UTF-8, b"-" neither (or it is not
    JSON: msgspec and _parse say what is wrong). Only `$schema` may be blank, and the full
    report, which has the last word, lets it be."""
    import json

    def no_duplicates_or_blanks(pairs: list[tuple[str, Any]]) -> None:
        if len(dict(pairs)) != len(pairs):
            raise KeyError
        for _, value in pairs:
            if type(value) is str:
                if not value.strip():
                    raise KeyError
            elif type(value) is list and not all(x.strip() for x in value if type(x) is str):
                raise KeyError

    try:
        json.loads(data.decode("utf-8"), object_pairs_hook=no_duplicates_or_blanks)
    except UnicodeDecodeError:  # msgspec does not check the UTF-8 of every string
        return b"u"
    except KeyError:
        return b"!"
    except (ValueError, RecursionError):
        pass
    return b"-"


class _Scan:
    """_scan, in a child process beside the rest of the check (the standard library's parser
    takes as long as decoding and checking the records) where the system forks cheaply, nothing
    else runs in this process and its children are ours to reap; else, or if the child gives no
    answer, here."""

    def __init__(self, data: bytes) -> None:
        import signal
        import threading

        self.data, self.pid, self.answer = data, 0, b""
        if sys.platform != "linux" or threading.active_count() > 1 or \
                signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:  # (the kernel would reap the child)
            return
        try:
            self.reader, writer = os.pipe()
        except OSError:
            return
        parent = os.getpid()
        try:
            self.pid = os.fork()
        except OSError:  # no process to be had: the scan runs here
            os.close(self.reader)
            os.close(writer)
            return
        if self.pid == 0:  # the child: the answer, and out at once (no cleanup of the parent's)
            try:
                os.close(self.reader)
                _die_with(parent)
                os.write(writer, _scan(data))
            finally:
                os._exit(0)
        os.close(writer)

    def verdict(self, path: str) -> bool:
        """Whether a key is repeated or a text blank; one DataError if the file is not UTF-8."""
        self.answer = answer = (os.read(self.reader, 1) if self.pid else b"") or _scan(self.data)
        self.close()
        if answer == b"u":
            raise DataError(f"{path}: not UTF-8 text")
        return answer == b"!"

    def close(self) -> None:
        if self.pid:
            import contextlib

            with contextlib.suppress(ProcessLookupError, ChildProcessError):  # reaped by a handler of SIGCHLD
                if not self.answer:
                    os.kill(self.pid, 9)  # SIGKILL (forked only on Linux); not reaped yet, so still ours
                os.waitpid(self.pid, 0)
            os.close(self.reader)
            self.pid = 0
        self.data = b""


def _die_with(parent: int) -> None:
    """In the child: be killed when the parent dies (PR_SET_PDEATHSIG), not scan on alone."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (ImportError, OSError, AttributeError):  # no ctypes, or no prctl: the scan ends on its own
        pass
    if os.getppid() != parent:  # the parent died before that
        os._exit(0)


# ---------------------------------------------------------------- the full report


class _Bad:
    """A value the standard library reads but a knowledge base cannot hold (a repeated key,
    NaN, Infinity, a number too long), and what is wrong with it."""

    def __init__(self, message: str) -> None:
        self.message = message


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    for key in out if len(out) != len(pairs) else ():
        values = [_show(v) for k, v in pairs if k == key]
        if len(values) > 1:
            out[key] = _Bad(f"duplicate key {key!r} (values {' and '.join(values)}; a key is given once)")
    return out


def _float(text: str) -> Any:
    value = float(text)
    return value if value - value == 0 else _Bad(f"{text[:40]} is too large")  # inf - inf is nan


def _int(text: str) -> Any:  # Python refuses to convert more than 4,300 digits
    # the same limit as the fast decode's, so a file's verdict never depends on its other problems
    return int(text) if len(text) <= 4300 else _Bad(f"a number of {len(text)} digits is too long")


def read_json(path: str) -> Any:
    """A file as plain Python, as the full report sees it."""
    return _parse(read_bytes(path), path)


def _parse(data: bytes, path: str) -> Any:
    """Parse with the standard library; one DataError if the file is not JSON. A top level
    that is not an object is answered from its first byte: a 300 MB string is never built."""
    import json

    first = _first_byte(data)
    if first and first in b'"[tfn-0123456789':
        return {b'"': "", b"[": [], b"t": True, b"f": False, b"n": None}.get(first, 0)
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_pairs, parse_float=_float, parse_int=_int,
                          parse_constant=lambda text: _Bad(f"{text} is not a number JSON allows"))
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise DataError(f"{path}: not valid JSON: nested too deeply") from None


def _first_byte(data: bytes) -> bytes:
    import re

    start = re.compile(rb"[ \t\r\n]*").match(data).end()  # type: ignore[union-attr]
    return data[start:start + 1]


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


_EXPECTED = {"string": "a string", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "array": "a list", "object": "an object"}


def _path(parts: Any) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" if i else str(p) for i, p in enumerate(parts)) or "$"


def _describe(error: Any) -> list[str]:
    """A jsonschema error as kachin's problems: `path: what is wrong`."""
    where, value, kind, expected = _path(error.absolute_path), error.instance, error.validator, error.validator_value
    top = where == "$"
    if isinstance(value, _Bad):
        return [f"{where}: {value.message}"]
    if kind == "anyOf":  # `X | None`: what is wrong is what is wrong with X
        return [p for sub in error.context if sub.schema != {"type": "null"} for p in _describe(sub)]
    if kind == "required":
        return [f"{where}: missing required {'list' if top else 'field'} {name!r}" for name in expected
                if name not in value]
    if kind == "additionalProperties":
        return [f"{_path([*error.absolute_path, name])}: unknown {'top-level list' if top else 'field'} {name!r}"
                for name in value if name not in error.schema["properties"]]
    if kind == "type":
        got = f"{_type_name(value)} {_show(value)}"
        return [f"{where}: " + ("must not be null" if value is None else f"expected {_EXPECTED[expected]}, got {got}")]
    if kind == "pattern":
        message = {model.ID_PATTERN: f"{value!r} is not a valid id (lower-case words joined by '-')",
                   model.DATE_PATTERN: _date_problem(value)}.get(expected, "must not be empty")
        return [f"{where}: {message}"]
    if kind == "enum":
        return [f"{where}: {_show(value)} is not one of: {', '.join(map(str, expected))}"]
    if kind in ("minimum", "maximum"):
        return [f"{where}: {value} " + ("must not be negative" if expected == 0 and kind == "minimum" else
                                        f"is {'below' if kind == 'minimum' else 'above'} {expected}")]
    return [f"{where}: " + ("must not be empty" if kind in ("minItems", "minLength") else error.message)]


def _date_problem(value: str) -> str:
    try:
        parse_iso(value)
    except ValueError as exc:
        return str(exc)
    return f"{value!r} is not a valid date"


def validate(raw: Any) -> tuple[model.KnowledgeBase | None, list[str]]:
    """Check parsed JSON and list every problem: (knowledge base, []) or (None, problems)."""
    import json

    from jsonschema import Draft202012Validator  # ~60 ms to import: only for a file with problems

    if not isinstance(raw, dict):
        return None, [f"$: expected an object with the lists {', '.join(model.KINDS)}, got {_type_name(raw)}"]
    validator = Draft202012Validator(json.loads(schema_text()))
    problems = [p for error in validator.iter_errors(raw) for p in _describe(error)]
    lists: dict[str, Any] = {kind: [] for kind in model.KINDS}
    for kind, cls in model.KINDS.items():
        for i, item in enumerate(raw[kind] if isinstance(raw.get(kind), list) else ()):
            try:
                lists[kind].append(msgspec.convert(item, cls))
            except (msgspec.ValidationError, TypeError) as exc:
                if not any(p.startswith(f"{kind}[{i}]") for p in problems):  # what the schema cannot say
                    problems.append(f"{kind}[{i}]: {exc}")
                lists[kind].append(_Unchecked(item.get("id") if isinstance(item, dict) else None))
    revised = raw.get("revised") if isinstance(raw.get("revised"), str) else None
    kb, more = _checked({**lists, "revised": revised}, any(type(r) is _Unchecked for v in lists.values() for r in v))
    return (None, sorted(dict.fromkeys(problems + more), key=_order)) if problems or more else (kb, [])


def _order(problem: str) -> tuple[int, int]:
    """Where a problem lies, in file order: top-level problems first (an unknown list among
    them, even one named `events:draft` or `places[new`), then by kind and record."""
    kind, _, rest = problem.split(": ", 1)[0].partition("[")
    index = rest.split("]", 1)[0]
    if kind not in model.KINDS or rest and not index.isdigit():
        return 0, 0
    return [*model.KINDS].index(kind) + 1, int(index) if index.isdigit() else -1


# ---------------------------------------------------------------- rules across records


class _Unchecked:
    """A record that failed to decode: it still claims its id, so references to it are
    not reported as problems of their own."""

    def __init__(self, rid: Any) -> None:
        self.id = rid if isinstance(rid, str) else None


# Which pair of fields gives each kind's interval, when it has one.
DATE_FIELDS = {kind: cls.DATES for kind, cls in model.KINDS.items() if cls.DATES}
# The fields of each kind that hold ids, and the kinds those ids may belong to.
REFS: dict[str, dict[str, tuple[str, ...]]] = {
    "events": {"phase": ("phases",), "people": ("people",), "organisations": ("organisations",),
               "places": ("places",), "figures": ("figures",), "talks": ("talks",)},
    "organisations": {"parent": ("organisations",)},
    "places": {"within": ("places",)},
    "talks": {"venue": ("places", "organisations"), "parties": ("organisations",), "mediators": ("organisations",),
              "observers": ("organisations",), "people": ("people",), "events": ("events",)},
    "figures": {"organisations": ("organisations",), "event": ("events",)},
    "phases": {"part_of": ("phases",)},
    "sources": {"organisation": ("organisations",), "people": ("people",)},
}
_MANY = {"people", "organisations", "places", "figures", "talks", "parties", "mediators", "observers", "events"}
# model.SPANS works out the interval of a record built by hand (not read from a file) with this
model.SPANS.parse = lambda start, end, open_end: _span([], start, end, open_end)  # type: ignore[attr-defined]
# Links that make a tree: each record points to its parent.
CHAINS = {"places": "within", "phases": "part_of", "organisations": "parent"}


def _checked(lists: dict[str, Any], unchecked: bool = False,
             trusted: bool = False) -> tuple[model.KnowledgeBase | None, list[str]]:
    """Check the rules across fields and records, and record each interval in model.SPANS.
    Each check runs over sets at C speed and walks the records only to say where a
    problem it found lies. `unchecked`: some records failed to decode (_Unchecked).
    `trusted` (the bundled file, checked in full by the test suite): only the intervals."""
    problems: list[str] = []
    kinds = list(model.KINDS)
    recs = {k: [r for r in lists[k] if type(r) is not _Unchecked] if unchecked else lists[k] for k in kinds}

    def pairs(kind: str) -> Iterator[tuple[int, Any]]:  # the records that decoded, and where they are
        return ((i, r) for i, r in enumerate(lists[kind]) if type(r) is not _Unchecked)

    if not trusted:
        ids = {k: list(map(attrgetter("id"), lists[k])) for k in kinds}
        id_sets = {k: set(v) for k, v in ids.items()}
        first: dict[str, str] = {}
        if len(set().union(*id_sets.values()) - {None}) != sum(len(v) - v.count(None) for v in ids.values()):
            for k in kinds:
                for i, rid in enumerate(ids[k]):
                    if rid in first:
                        problems.append(f"{k}[{i}].id: duplicate id {rid!r} (first used at {first[rid]})")
                    elif rid is not None:
                        first[rid] = f"{k}[{i}]"
        article = next((r for r in recs["sources"] if r.id == ARTICLE_SOURCE), None)
        sections = set(article.sections) if article is not None and article.sections else None
        if not _references_hold(recs, id_sets, sections):  # then record by record, to say where
            kind_of: dict[str, str] = {}
            for k in reversed(kinds):  # the first record with an id names its kind
                kind_of.update(zip(reversed(ids[k]), repeat(k)))
            for kind in kinds:
                for i, r in pairs(kind):
                    for path, rid, allowed, c in _references(kind, r):
                        target = kind_of.get(rid)
                        if target is None:
                            problems.append(f"{kind}[{i}]{path}: {rid!r} does not match any record")
                        elif target not in allowed:
                            problems.append(f"{kind}[{i}]{path}: {rid!r} is a record of {target!r}; expected one of "
                                            f"{', '.join(allowed)}")
                        elif c is not None and sections is not None and c.source == ARTICLE_SOURCE \
                                and c.section is not None and c.section not in sections:
                            problems.append(f"{kind}[{i}]{path[:-7]}.section: {c.section!r} is not a section of "
                                            "the article")
    spans_of = {}
    for kind, (start_f, end_f) in DATE_FIELDS.items():
        # a record's interval is looked up by its dates (model.SPANS): each distinct pair is parsed once
        flags = map(attrgetter("cumulative"), recs[kind]) if kind == "figures" else repeat(kind == "phases")
        keyed = list(zip(map(attrgetter(start_f), recs[kind]), map(attrgetter(end_f), recs[kind]), flags,
                         strict=False))  # as model.span_key makes them, at C speed
        distinct, bad = set(keyed), set()
        for key in distinct.difference(model.SPANS):
            span = _span([], *key)
            if span is False:
                bad.add(key)
            else:
                model.SPANS[key] = span
        for i, r in pairs(kind) if bad else ():  # one pass to say where, however many are wrong
            if model.span_key(r) in bad:
                _span(problems, *model.span_key(r), f"{kind}[{i}]", start_f, end_f)
        if not bad:  # Records.intervals(), at C speed
            ords = {k: (v[0].toordinal(), v[1].toordinal()) if v else (-1, -1)
                    for k in distinct for v in [model.SPANS[k]]}
            spans_of[kind] = array("q", chain.from_iterable(map(ords.__getitem__, keyed)))
    if not trusted or problems:
        for path, value in [("revised", lists.get("revised"))] + [(f"sources[{i}].date", s.date)
                                                                  for i, s in pairs("sources")]:
            if value is not None:
                _span(problems, value, None, False, path)
        late = [(f"people[{i}].roles[{j}]", x) for i, p in pairs("people") for j, x in enumerate(p.roles)
                if _ends_early(x)] + [(f"organisations[{i}]", o) for i, o in pairs("organisations") if _ends_early(o)]
        problems += [f"{path}.end: {x.end} is before start {x.start}" for path, x in late]
        for i, f in pairs("figures"):
            _figure(problems, f"figures[{i}]", f)
        for kind, link in CHAINS.items():
            _chains(problems, kind, link, list(pairs(kind)))
    if problems or unchecked:
        return None, sorted(problems, key=_order)
    kb = model.KnowledgeBase("", revised=lists.get("revised"), **{k: lists[k] for k in kinds})
    for kind, spans in spans_of.items():
        kb.collection(kind)._intervals = spans
    return kb, []


def _ends_early(x: Any) -> bool:
    return x.start is not None and x.end is not None and x.end < x.start


def _references_hold(recs: dict[str, Any], id_sets: dict[str, set[str]], sections: set[str] | None) -> bool:
    """Whether every id a record refers to belongs to a record of a kind it may, and every
    section cited is one the article has: over sets of distinct values, at C speed."""
    for kind, fields in REFS.items():
        for name, allowed in fields.items():
            values = map(attrgetter(name), recs[kind])
            found = set(chain.from_iterable(values)) if name in _MANY else set(values) - {None}
            if not all(any(rid in id_sets[k] for k in allowed[1:]) for rid in found - id_sets[allowed[0]]):
                return False
    cited = set(chain.from_iterable(chain.from_iterable(map(attrgetter("sources"), recs[k]) for k in recs
                                                        if k != "sources")))
    cited.update(c for k, f in (("people", "roles"), ("phases", "variants")) for r in recs[k]
                 for x in getattr(r, f) for c in x.sources)
    roles = {x.organisation for p in recs["people"] for x in p.roles} - {None}
    return {c.source for c in cited} <= id_sets["sources"] and roles <= id_sets["organisations"] and (
        sections is None or all(c.section in sections for c in cited if c.source == ARTICLE_SOURCE and c.section))


def _references(kind: str, r: Any) -> Iterator[tuple[str, str, tuple[str, ...], model.Citation | None]]:
    """Every id a record refers to: (path within the record, id, the kinds it may belong to,
    the citation it is the source of)."""
    for name, allowed in REFS.get(kind, {}).items():
        value = getattr(r, name)
        for j, rid in enumerate(value) if name in _MANY else [(-1, value)]:
            if rid is not None:
                yield f".{name}" + (f"[{j}]" if j >= 0 else ""), rid, allowed, None
    nested = [("", r.sources if kind != "sources" else ())]
    nested += [(f".{f}[{j}]", x.sources) for f in ("roles", "variants") for j, x in enumerate(getattr(r, f, ()))]
    for prefix, citations in nested:
        yield from ((f"{prefix}.sources[{j}].source", c.source, ("sources",), c) for j, c in enumerate(citations))
    for j, role in enumerate(getattr(r, "roles", ())):
        if role.organisation is not None:
            yield f".roles[{j}].organisation", role.organisation, ("organisations",), None


def _span(problems: list[str], start: str | None, end: str | None, open_end: bool, path: str = "",
          start_f: str = "", end_f: str = "") -> Any:
    """(first day, last day) of a record's dates, () when it has none, False (and the
    problem, at `path`) when they are wrong."""
    try:
        days = parse_iso(start) if start is not None else None
    except ValueError as exc:
        problems.append(f"{path}.{start_f}: {exc}" if start_f else f"{path}: {exc}")
        days = False  # type: ignore[assignment]
    try:
        last = parse_iso(end)[1] if end is not None else None
    except ValueError as exc:
        problems.append(f"{path}.{end_f}: {exc}")
        return False
    if days is False:
        return False
    if days is None:
        if end is None:
            return ()
        problems.append(f"{path}.{end_f}: {end!r} is given without {start_f!r}")
        return False
    if last is not None and last < days[0]:
        problems.append(f"{path}.{end_f}: {end!r} is before {start_f} {start!r}")
        return False
    return days[0], model.OPEN_END if open_end and end is None else last or days[1]


def _figure(problems: list[str], path: str, f: model.Figure) -> None:
    q, count, low, high = f.qualifier, f.count, f.low, f.high
    if q == "range" and (low is None or high is None or count is not None):
        problems.append(f"{path}: a 'range' figure needs 'low' and 'high' and no 'count'")
    elif q == "range" and high < low:  # type: ignore[operator]
        problems.append(f"{path}.high: {high} is below low {low}")
    elif q in ("vague", "unknown") and (count is not None or low is not None or high is not None):
        problems.append(f"{path}: a {q!r} figure has no number; keep the source's words in 'text'")
    elif q in ("vague", "unknown") and not f.text:
        problems.append(f"{path}: a {q!r} figure needs 'text' with the source's words")
    elif q not in ("range", "vague", "unknown") and (count is None or low is not None or high is not None):
        problems.append(f"{path}: a {q!r} figure needs 'count' (and no 'low'/'high')")


def _chains(problems: list[str], kind: str, link: str, records: list[tuple[int, Any]]) -> None:
    """Each record's chain of `link`s ends, without a cycle, within MAX_DEPTH steps. Each
    record is walked once, however deep the chains; -1 marks a cycle."""
    parent = {r.id: getattr(r, link) for _, r in records}
    depth = {rid: 1 for rid, up in parent.items() if up is None}  # the tops of the trees
    for i, r in records:
        if r.id in depth and depth[r.id] != MAX_DEPTH + 1:
            continue
        trail: list[str] = []
        on_trail: set[str] = set()
        rid: str | None = r.id
        while rid is not None and rid in parent and rid not in depth and rid not in on_trail:
            trail.append(rid)
            on_trail.add(rid)
            rid = parent[rid]
        if rid in on_trail:
            loop = [*trail[trail.index(rid):], rid]  # r may only lead into it: named where the cycle is
            at = next(j for j, x in records if x.id == rid)
            problems.append(f"{kind}[{at}].{link}: {rid!r} is part of a cycle ({' -> '.join(loop)})")
        below = -1 if rid in on_trail else depth.get(rid, 0) if rid is not None else 0
        for n, t in enumerate(reversed(trail), 1):
            depth[t] = -1 if below < 0 else below + n
        if depth[r.id] == MAX_DEPTH + 1:  # once per chain: the first record past the limit
            problems.append(f"{kind}[{i}].{link}: the chain of {link!r} above {r.id!r} is more than "
                            f"{MAX_DEPTH} records long")

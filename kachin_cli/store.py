"""Loading and validating a knowledge-base file -> KnowledgeBase.

One pass over the JSON checks every field against a declarative schema and builds the
records; a second pass checks references between records. Every problem is collected with
its JSON path and the bad value (`events[12].date: '2013-02-30' is not a valid date`),
and a file with any problem raises one DataError carrying them all. Never imports rich or
typer: this module is the library under the command line.

A file that validated is cached in $XDG_CACHE_HOME/kachin, each kind packed (model.Packed,
written with marshal), keyed by its path, size and modification time and by the versions of
kachin and Python. Records are decoded from the cache only when read. Loading the bundled file from the
cache takes 1 ms instead of 6; a file of 100,000 events, a fraction of a second instead of
twelve. The cache is only read when it belongs to the user and no one else can write it;
KACHIN_NO_CACHE=1 turns it off."""


import contextlib
import os
import re
import sys
from collections.abc import Callable
from typing import Any, NamedTuple, Optional

from kachin_cli import model
from kachin_cli.dates import interval_of, parse_iso
from kachin_cli.errors import DataError

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ARTICLE_SOURCE = "article"


def bundled_path() -> str:
    """The knowledge base shipped with the package: inside the wheel it is
    `kachin_cli/data/kachin.json`; in a source checkout it is `data/kachin.json`."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", "kachin.json")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(here), "data", "kachin.json")


def resolve_path(path: str | os.PathLike[str] | None) -> str:
    """The file to load: an explicit path, else $KACHIN_DATA, else the bundled file."""
    if path:
        return os.fspath(path)
    return os.environ.get("KACHIN_DATA") or bundled_path()


# ---------------------------------------------------------------- schema


class F(NamedTuple):
    """How one field is checked. `kind` is one of: str, bool, int, num, date, strs, ints,
    ref, refs, enum, obj, objs. `ref` names the collections an id may point into."""

    kind: str
    required: bool = False
    nullable: bool = False
    ref: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    schema: Optional["Schema"] = None


class Schema(NamedTuple):
    cls: Any
    fields: dict[str, F]


def _ref(*kinds: str, required: bool = False, nullable: bool = True) -> F:
    return F("ref", required=required, nullable=nullable, ref=kinds)


def _refs(*kinds: str) -> F:
    return F("refs", ref=kinds)


_SCHEMAS: "dict[str, Schema] | None" = None


def schemas() -> dict[str, Schema]:
    """The schema of every kind of record, built on first use: a load from the cache
    never needs it."""
    global _SCHEMAS
    if _SCHEMAS is None:
        _SCHEMAS = _build_schemas()
    return _SCHEMAS


def _build_schemas() -> dict[str, Schema]:
    S_REQ = F("str", required=True)
    S_OPT = F("str", nullable=True)
    STRS = F("strs")
    CITATION = Schema(model.Citation, {"source": _ref("sources", required=True, nullable=False),
                                       "section": S_OPT, "note": S_OPT})
    CITATIONS_REQ = F("objs", required=True, schema=CITATION)
    VARIANT = Schema(model.Variant, {"field": S_REQ, "value": S_REQ, "note": S_REQ,
                                     "sources": F("objs", schema=CITATION)})
    ROLE = Schema(model.Role, {
        "title": S_REQ, "organisation": _ref("organisations"),
        "start": F("int", nullable=True), "end": F("int", nullable=True), "attested": F("ints"),
        "note": S_OPT, "sources": F("objs", schema=CITATION)})
    COORDINATES = Schema(model.Coordinates, {"lat": F("num", required=True), "lon": F("num", required=True)})

    return {
        "events": Schema(model.Event, {
            "id": S_REQ, "date": F("date", required=True), "end_date": F("date", nullable=True),
            "date_note": S_OPT, "title": S_REQ, "summary": S_REQ,
            "type": F("enum", required=True, choices=model.EVENT_TYPES),
            "phase": _ref("phases", required=True, nullable=False),
            "people": _refs("people"), "organisations": _refs("organisations"), "places": _refs("places"),
            "figures": _refs("figures"), "talks": _refs("talks"), "claimed_by": S_OPT, "notes": STRS,
            "sources": CITATIONS_REQ}),
        "people": Schema(model.Person, {
            "id": S_REQ, "name": S_REQ, "aliases": STRS,
            "side": F("enum", required=True, choices=model.SIDES),
            "roles": F("objs", required=True, schema=ROLE), "summary": S_REQ, "notes": STRS,
            "sources": CITATIONS_REQ}),
        "organisations": Schema(model.Organisation, {
            "id": S_REQ, "name": S_REQ, "abbreviations": STRS, "aliases": STRS,
            "side": F("enum", required=True, choices=model.SIDES), "kind": S_REQ,
            "start": F("int", nullable=True), "end": F("int", nullable=True),
            "parent": _ref("organisations"), "summary": S_REQ, "notes": STRS, "sources": CITATIONS_REQ}),
        "places": Schema(model.Place, {
            "id": S_REQ, "name": S_REQ, "kind": S_REQ, "aliases": STRS, "state": S_OPT,
            "country": S_REQ, "within": _ref("places"),
            "coordinates": F("obj", nullable=True, schema=COORDINATES), "summary": S_REQ,
            "notes": STRS, "sources": CITATIONS_REQ}),
        "talks": Schema(model.Talk, {
            "id": S_REQ, "name": S_REQ, "kind": F("enum", required=True, choices=model.TALK_KINDS),
            "date": F("date", nullable=True), "end_date": F("date", nullable=True), "date_note": S_OPT,
            "venue": _ref("places", "organisations"), "parties": _refs("organisations"),
            "mediators": _refs("organisations"), "observers": _refs("organisations"),
            "people": _refs("people"), "summary": S_REQ, "outcome": S_REQ, "status": S_REQ,
            "events": _refs("events"), "claimed_by": S_OPT, "notes": STRS, "sources": CITATIONS_REQ}),
        "figures": Schema(model.Figure, {
            "id": S_REQ, "category": F("enum", required=True, choices=model.FIGURE_CATEGORIES),
            "description": S_REQ, "qualifier": F("enum", required=True, choices=model.QUALIFIERS),
            "count": F("int", nullable=True), "low": F("int", nullable=True), "high": F("int", nullable=True),
            "text": S_OPT, "unit": S_OPT, "party": F("enum", required=True, choices=model.PARTIES),
            "organisations": _refs("organisations"), "claimed_by": S_OPT,
            "date": F("date", nullable=True), "end_date": F("date", nullable=True), "date_note": S_OPT,
            "event": _ref("events"), "cumulative": F("bool"), "notes": STRS, "sources": CITATIONS_REQ}),
        "phases": Schema(model.Phase, {
            "id": S_REQ, "name": S_REQ, "start": F("date", required=True), "end": F("date", nullable=True),
            "summary": S_REQ, "part_of": _ref("phases"), "variants": F("objs", schema=VARIANT),
            "notes": STRS, "sources": CITATIONS_REQ}),
        "sources": Schema(model.Source, {
            "id": S_REQ, "name": S_REQ, "kind": S_REQ, "description": S_REQ,
            "date": F("date", nullable=True), "organisation": _ref("organisations"),
            "outlet": S_OPT, "people": _refs("people"), "sections": STRS, "see_also": STRS, "url": S_OPT,
            "notes": STRS}),
    }


# Which pair of fields gives each kind's interval, when it has one.
DATE_FIELDS = {"events": ("date", "end_date"), "talks": ("date", "end_date"),
               "figures": ("date", "end_date"), "phases": ("start", "end")}


# ---------------------------------------------------------------- checking


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.refs: list[tuple[str, str, tuple[str, ...]]] = []  # (path, id, allowed kinds)
        self.sections: list[tuple[str, str, str]] = []  # (path, source id, section)
        # Equal citations are shared, not repeated: a large file has few distinct ones.
        self.citations: dict[Any, Any] = {}

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def record(self, raw: Any, schema: Schema, path: str) -> dict[str, Any] | None:
        """Check one object against its schema; return constructor arguments, or None."""
        if not isinstance(raw, dict):
            self.problem(path, f"expected an object, got {_type_name(raw)}")
            return None
        ok = True
        out: dict[str, Any] = {}
        for key in raw:
            if key not in schema.fields:
                self.problem(f"{path}.{key}", f"unknown field {key!r}")
                ok = False
        for name, spec in schema.fields.items():
            if name not in raw:
                if spec.required:
                    self.problem(path, f"missing required field {name!r}")
                    ok = False
                continue
            value = self.value(raw[name], spec, f"{path}.{name}")
            if value is _BAD:
                ok = False
            else:
                out[name] = value
        return out if ok else None

    def value(self, value: Any, spec: F, path: str) -> Any:
        if value is None:
            if spec.nullable:
                return None
            self.problem(path, "must not be null")
            return _BAD
        check = _CHECKS[spec.kind]
        return check(self, value, spec, path)


_BAD = object()


def _check_str(c: _Checker, value: Any, spec: F, path: str) -> Any:
    if not isinstance(value, str):
        c.problem(path, f"expected a string, got {_type_name(value)} {_show(value)}")
        return _BAD
    if not value.strip():
        c.problem(path, "must not be empty")
        return _BAD
    return value


def _check_int(c: _Checker, value: Any, spec: F, path: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        c.problem(path, f"expected a whole number, got {_type_name(value)} {_show(value)}")
        return _BAD
    if value < 0:
        c.problem(path, f"{value} must not be negative")
        return _BAD
    return value


def _check_bool(c: _Checker, value: Any, spec: F, path: str) -> Any:
    if not isinstance(value, bool):
        c.problem(path, f"expected true or false, got {_type_name(value)} {_show(value)}")
        return _BAD
    return value


def _check_num(c: _Checker, value: Any, spec: F, path: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        c.problem(path, f"expected a number, got {_type_name(value)} {_show(value)}")
        return _BAD
    return value


def _check_date(c: _Checker, value: Any, spec: F, path: str) -> Any:
    if _check_str(c, value, spec, path) is _BAD:
        return _BAD
    try:
        parse_iso(value)
    except ValueError as exc:
        c.problem(path, str(exc))
        return _BAD
    return value


def _check_enum(c: _Checker, value: Any, spec: F, path: str) -> Any:
    if _check_str(c, value, spec, path) is _BAD:
        return _BAD
    if value not in spec.choices:
        c.problem(path, f"{value!r} is not one of: {', '.join(spec.choices)}")
        return _BAD
    return value


def _check_ref(c: _Checker, value: Any, spec: F, path: str) -> Any:
    if _check_str(c, value, spec, path) is _BAD:
        return _BAD
    value = sys.intern(value)  # ids repeat across thousands of records
    c.refs.append((path, value, spec.ref))
    return value


def _check_list(item: Callable[[_Checker, Any, F, str], Any]) -> Callable[[_Checker, Any, F, str], Any]:
    def check(c: _Checker, value: Any, spec: F, path: str) -> Any:
        if not isinstance(value, list):
            c.problem(path, f"expected a list, got {_type_name(value)} {_show(value)}")
            return _BAD
        items = [item(c, v, spec, f"{path}[{i}]") for i, v in enumerate(value)]
        if any(v is _BAD for v in items):
            return _BAD
        if spec.required and not items:
            c.problem(path, "must not be empty")
            return _BAD
        return tuple(items)

    return check


def _check_obj(c: _Checker, value: Any, spec: F, path: str) -> Any:
    assert spec.schema is not None
    args = c.record(value, spec.schema, path)
    if args is None:
        return _BAD
    if spec.schema.cls is model.Citation:
        if args.get("section") is not None:
            c.sections.append((path, args["source"], args["section"]))
        citation = spec.schema.cls(**args)
        return c.citations.setdefault(citation, citation)
    return spec.schema.cls(**args)


_CHECKS: dict[str, Callable[[_Checker, Any, F, str], Any]] = {
    "str": _check_str, "bool": _check_bool, "int": _check_int, "num": _check_num, "date": _check_date,
    "enum": _check_enum, "ref": _check_ref, "obj": _check_obj,
    "strs": _check_list(_check_str), "ints": _check_list(_check_int),
    "refs": _check_list(_check_ref), "objs": _check_list(_check_obj),
}


def _check_record_rules(c: _Checker, kind: str, args: dict[str, Any], path: str) -> bool:
    """Rules across fields of one record. Adds derived fields to `args`."""
    ok = True
    rid = args["id"]
    if not ID_PATTERN.fullmatch(rid):
        c.problem(f"{path}.id", f"{rid!r} is not a valid id (lower-case words joined by '-')")
        ok = False
    if kind in DATE_FIELDS:
        start_f, end_f = DATE_FIELDS[kind]
        start, end = args.get(start_f), args.get(end_f)
        if start is None and end is not None:
            c.problem(f"{path}.{end_f}", f"{end!r} is given without {start_f!r}")
            ok = False
        interval = interval_of(start, end)
        if interval is not None and interval[1] < interval[0]:
            c.problem(f"{path}.{end_f}", f"{end!r} is before {start_f} {start!r}")
            ok = False
        elif interval is not None:
            args["first"], args["last"] = interval
            if end is None and (kind == "phases" or args.get("cumulative")):
                args["last"] = model.OPEN_END
    if kind == "figures":
        ok = _check_figure(c, args, path) and ok
    if kind == "people":
        for i, role in enumerate(args.get("roles", ())):
            if role.start is not None and role.end is not None and role.end < role.start:
                c.problem(f"{path}.roles[{i}].end", f"{role.end} is before start {role.start}")
                ok = False
    if kind == "organisations" and args.get("start") is not None and args.get("end") is not None \
            and args["end"] < args["start"]:
        c.problem(f"{path}.end", f"{args['end']} is before start {args['start']}")
        ok = False
    return ok


def _check_figure(c: _Checker, args: dict[str, Any], path: str) -> bool:
    q = args["qualifier"]
    count, low, high = args.get("count"), args.get("low"), args.get("high")
    if q == "range":
        if low is None or high is None or count is not None:
            c.problem(path, "a 'range' figure needs 'low' and 'high' and no 'count'")
            return False
        if high < low:
            c.problem(f"{path}.high", f"{high} is below low {low}")
            return False
    elif q in ("vague", "unknown"):
        if count is not None or low is not None or high is not None:
            c.problem(path, f"a {q!r} figure has no number; keep the source's words in 'text'")
            return False
        if not args.get("text"):
            c.problem(path, f"a {q!r} figure needs 'text' with the source's words")
            return False
    elif count is None or low is not None or high is not None:
        c.problem(path, f"a {q!r} figure needs 'count' (and no 'low'/'high')")
        return False
    return True


def validate(raw: Any) -> tuple[model.KnowledgeBase | None, list[str]]:
    """Check parsed JSON; return (knowledge base, []) or (None, problems)."""
    c = _Checker()
    if not isinstance(raw, dict):
        return None, [f"$: expected an object with the lists {', '.join(model.KINDS)}, got {_type_name(raw)}"]
    kinds = schemas()
    for key in raw:
        if key not in kinds:
            c.problem(key, f"unknown top-level list {key!r}")
    built: dict[str, list[Any]] = {}
    seen: dict[str, str] = {}
    for kind, schema in kinds.items():
        items = raw.get(kind)
        if items is None:
            c.problem("$", f"missing required list {kind!r}")
            continue
        if not isinstance(items, list):
            c.problem(kind, f"expected a list, got {_type_name(items)}")
            continue
        out = built.setdefault(kind, [])
        for i, item in enumerate(items):
            path = f"{kind}[{i}]"
            args = c.record(item, schema, path)
            # An invalid record still claims its id, so references to it are not
            # reported as problems of their own.
            rid = item.get("id") if isinstance(item, dict) else None
            if isinstance(rid, str):
                if rid in seen:
                    c.problem(f"{path}.id", f"duplicate id {rid!r} (first used at {seen[rid]})")
                    continue
                seen[rid] = path
            if args is None:
                continue
            if _check_record_rules(c, kind, args, path):
                out.append(schema.cls(**args))
    kinds_of = {rid: path.split("[", 1)[0] for rid, path in seen.items()}
    for path, rid, allowed in c.refs:
        target = kinds_of.get(rid)
        if target is None:
            c.problem(path, f"{rid!r} does not match any record")
        elif target not in allowed:
            c.problem(path, f"{rid!r} is a record of {target!r}; expected one of {', '.join(allowed)}")
    article = next((s for s in built.get("sources", ()) if s.id == ARTICLE_SOURCE), None)
    if article is not None and article.sections:
        known = set(article.sections)
        for path, source, section in c.sections:
            if source == ARTICLE_SOURCE and section not in known:
                c.problem(f"{path}.section", f"{section!r} is not a section of the article")
    if c.problems:
        return None, c.problems
    return model.KnowledgeBase("", **{k: tuple(v) for k, v in built.items()}), []


# ---------------------------------------------------------------- loading


def read_json(path: str) -> Any:
    """Read and parse a JSON file; every failure becomes one DataError naming the file."""
    import json
    import stat as stat_module

    try:
        # a FIFO would block and /dev/zero never end: only regular files are read
        mode = os.stat(path).st_mode
        if stat_module.S_ISDIR(mode):
            raise DataError(f"{path}: is a directory, not a knowledge-base file")
        if not stat_module.S_ISREG(mode):
            raise DataError(f"{path}: not a regular file")
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except PermissionError:
        raise DataError(f"{path}: permission denied") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise DataError(f"{path}: the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise DataError(f"{path}: not valid JSON: nested too deeply") from None


def load(path: str | os.PathLike[str] | None = None) -> model.KnowledgeBase:
    """Load and validate a knowledge base (the bundled one by default)."""
    resolved = resolve_path(path)
    kb = _read_cache(resolved)
    if kb is not None:
        return kb
    try:
        stat: os.stat_result | None = os.stat(resolved)
    except OSError:
        stat = None  # read_json says what is wrong, in one line
    kb, problems = validate(read_json(resolved))
    if kb is None:
        n = len(problems)
        raise DataError(
            f"{resolved}: not a valid knowledge base ({n} problem{'s' if n != 1 else ''}; first: {problems[0]})",
            problems,
        )
    kb.path = resolved
    _write_cache(resolved, kb, stat)
    return kb


# ---------------------------------------------------------------- cache

CACHE_FORMAT = 4


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kachin")


def _fnv1a(data: bytes) -> int:
    """A stable 32-bit hash for the cache file's name (zlib costs a third of a ms to import)."""
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def _cache_file(path: str, suffix: str = ".cache") -> tuple[str, tuple[Any, ...]]:
    from kachin_cli import __version__

    real = os.path.realpath(path)
    name = f"{_fnv1a(real.encode('utf-8', 'surrogateescape')):08x}-{os.path.basename(real)[:40]}{suffix}"
    key = (CACHE_FORMAT, __version__, tuple(sys.version_info[:2]), real)
    return os.path.join(cache_dir(), name), key


def read_cached(path: str, suffix: str = ".cache") -> Any:
    """What was cached for this file under `suffix`, if the file has not changed since."""
    import marshal

    if os.environ.get("KACHIN_NO_CACHE"):
        return None
    cache, key = _cache_file(path, suffix)
    try:
        stat = os.stat(path)
        with open(cache, "rb") as f:
            own = os.fstat(f.fileno())
            # never read a file someone else could have written
            if own.st_uid != os.getuid() or own.st_mode & 0o022:
                return None
            if marshal.load(f) != (*key, stat.st_size, stat.st_mtime_ns):
                return None
            return marshal.load(f)
    except Exception:  # a missing, stale, truncated or foreign cache is simply not used
        return None


def write_cached(path: str, value: Any, suffix: str = ".cache", stat: os.stat_result | None = None) -> None:
    """Cache `value` (plain data) for this file as it was at `stat` (default: now).
    Failing to write is not an error."""
    import marshal

    if os.environ.get("KACHIN_NO_CACHE"):
        return
    cache, key = _cache_file(path, suffix)
    tmp = f"{cache}.{os.getpid()}.tmp"
    try:
        stat = stat or os.stat(path)
        os.makedirs(os.path.dirname(cache), mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            marshal.dump((*key, stat.st_size, stat.st_mtime_ns), f)
            marshal.dump(value, f)
        os.replace(tmp, cache)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):  # the next run validates again
            os.unlink(tmp)


def _read_cache(path: str) -> model.KnowledgeBase | None:
    collections = read_cached(path)
    if not isinstance(collections, dict) or set(collections) != set(model.KINDS):
        return None
    lists = {}
    for kind, parts in collections.items():
        try:
            packed = model.Packed(*parts)
            if not packed.valid():
                return None
        except (TypeError, ValueError):
            return None
        lists[kind] = model.Records(model.KINDS[kind], packed=packed)
    return model.KnowledgeBase(path, **lists)


def _write_cache(path: str, kb: model.KnowledgeBase, stat: os.stat_result | None) -> None:
    if stat is not None:  # the file as it was before it was read
        write_cached(path, {kind: kb.collection(kind).pack().as_tuple() for kind in model.KINDS}, stat=stat)

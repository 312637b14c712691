"""Loading and validating a knowledge-base file -> KnowledgeBase.

msgspec decodes the file straight into the model's frozen structs in one call, checking
types, enums, required and unknown fields as it parses; a short pass then checks what a
type cannot say: references to ids that exist, dates that exist and ends after starts,
figure qualifiers, article sections, and chains of `within`/`part_of`/`parent` without
cycles or absurd depth. A file given by the user is also scanned for duplicate keys.

Only when that fails is the full report built: the file is parsed again with the standard
library (noting duplicate keys, NaN, Infinity and numbers too long to convert), checked
against the JSON Schema generated from the model (jsonschema, imported only then), and
every problem is collected with its JSON path and value, e.g.
`events[12].date: '2013-02-30' is not a valid date`. Never imports rich or typer."""


import gc
import os
from collections.abc import Iterator
from typing import Any

import msgspec

from kachin_cli import model
from kachin_cli.dates import parse_iso
from kachin_cli.errors import DataError

ARTICLE_SOURCE = "article"
MAX_DEPTH = 100  # the longest chain of `within`, `part_of` or `parent` a file may hold


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


def schema() -> dict[str, Any]:
    """The JSON Schema of a knowledge-base file, generated from the model."""
    out = msgspec.json.schema(model.File)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "kachin knowledge base", **out}


def schema_text() -> str:
    """The schema as `kachin schema` prints it and as the package ships it."""
    import json

    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- loading


def load(path: str | os.PathLike[str] | None = None) -> model.KnowledgeBase:
    """Load and validate a knowledge base (the bundled one by default)."""
    resolved = resolve_path(path)
    kb, problems = check(resolved, trusted=resolved == bundled_path())
    if kb is None:
        n = len(problems)
        raise DataError(
            f"{resolved}: not a valid knowledge base ({n} problem{'s' if n != 1 else ''}; first: {problems[0]})",
            problems,
        )
    return kb


def check(path: str, trusted: bool = False) -> tuple[model.KnowledgeBase | None, list[str]]:
    """(knowledge base, []) or (None, every problem). A file that cannot be read or parsed
    raises one DataError. `trusted` skips the scan for duplicate keys (the bundled file is
    checked by the test suite)."""
    data = read_bytes(path)
    gc_was_on = gc.isenabled()
    gc.disable()  # millions of new objects, none of them cyclic: collecting would find nothing
    try:
        try:
            file = msgspec.json.decode(data, type=model.File)
        except msgspec.ValidationError:
            return validate(_parse(data, path))
        except UnicodeDecodeError:
            raise DataError(f"{path}: not UTF-8 text") from None
        except msgspec.DecodeError:
            # _parse says what is wrong with the JSON, with its line and column; JSON only
            # Python accepts (NaN, Infinity) is reported with its path
            return validate(_parse(data, path))
        if not trusted and _has_duplicate_keys(data, path):
            return validate(_parse(data, path))
        kb, problems = _checked(vars_of(file))
    finally:
        if gc_was_on:
            gc.enable()
    if kb is not None:
        kb.path = path
    return kb, problems


def vars_of(file: model.File) -> dict[str, Any]:
    return {name: getattr(file, name) for name in file.__struct_fields__}


def read_bytes(path: str) -> bytes:
    """The bytes of a knowledge-base file; every failure becomes one DataError naming it."""
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
    if not data:
        raise DataError(f"{path}: the file is empty")
    if data.isspace():
        raise DataError(f"{path}: the file contains no JSON, only blank space")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data


# ---------------------------------------------------------------- the standard library's view


def read_json(path: str) -> Any:
    """A file as plain Python (the full report's view of it): one DataError if it is not JSON."""
    return _parse(read_bytes(path), path)


class _Duplicates(dict):  # type: ignore[type-arg]
    """An object with a key given more than once: every value of each such key."""

    repeated: dict[str, list[Any]]


class _NotANumber:
    """NaN, Infinity, a number too large for a float, or an integer too long to convert:
    numbers a knowledge base cannot carry. Kept as text so the report can show it."""

    def __init__(self, text: str, why: str = "is not a number JSON allows") -> None:
        self.text = text if len(text) <= 40 else f"a number of {len(text)} digits"
        self.why = why

    def __repr__(self) -> str:
        return self.text


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        out = _Duplicates(pairs)
        seen: dict[str, list[Any]] = {}
        for key, value in pairs:
            seen.setdefault(key, []).append(value)
        out.repeated = {k: v for k, v in seen.items() if len(v) > 1}
    return out


def _float(text: str) -> Any:
    value = float(text)
    return value if value - value == 0 else _NotANumber(text, "is too large")  # inf - inf is nan


def _int(text: str) -> Any:
    return int(text) if len(text) <= 4000 else _NotANumber(text, "is too long")  # Python refuses > 4,300 digits


def _parse(data: bytes, path: str) -> Any:
    """The file as plain Python, for the full report; a file that is not JSON raises one
    DataError. A top level that is not an object is answered from its first byte, so a
    300 MB string is never built."""
    import json
    import re

    start = re.compile(rb"[ \t\r\n]*").match(data)
    first = data[start.end():start.end() + 1] if start else b""
    if first and first in b'"[tfn-0123456789':
        return _FIRST_BYTE.get(first, 0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text") from None
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_float=_float, parse_int=_int,
                          parse_constant=_NotANumber)
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise DataError(f"{path}: not valid JSON: nested too deeply") from None


_FIRST_BYTE: dict[bytes, Any] = {b'"': "", b"[": [], b"t": True, b"f": False, b"n": None}


class _Duplicate(Exception):
    pass


def _raise_on_duplicates(pairs: list[tuple[str, Any]]) -> None:
    if len(dict(pairs)) != len(pairs):
        raise _Duplicate


def _has_duplicate_keys(data: bytes, path: str) -> bool:
    """Whether any object repeats a key (msgspec, like most parsers, keeps the last one
    and does not check that strings are valid UTF-8)."""
    import json

    try:
        json.loads(data.decode("utf-8"), object_pairs_hook=_raise_on_duplicates)
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text") from None
    except _Duplicate:
        return True
    return False


# ---------------------------------------------------------------- the full report


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    return {dict: "an object", _Duplicates: "an object", list: "a list", str: "a string", bool: "a boolean",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


_EXPECTED = {"string": "a string", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "array": "a list", "object": "an object", "null": "null"}


def _path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}" if out else str(p)
    return out or "$"


def _schema_problems(raw: dict[str, Any]) -> Iterator[str]:
    from jsonschema import Draft202012Validator  # tens of ms to import: only for a file with problems

    for error in Draft202012Validator(_SCHEMA or _schema()).iter_errors(raw):
        yield from _describe(error)


_SCHEMA: dict[str, Any] = {}


def _schema() -> dict[str, Any]:
    _SCHEMA.update(schema())
    return _SCHEMA


def _describe(error: Any) -> Iterator[str]:
    where, value, kind, expected = _path(error.absolute_path), error.instance, error.validator, error.validator_value
    if kind in ("anyOf", "oneOf"):
        # `X | None`: what is wrong is what is wrong with X
        for sub in error.context or ():
            if sub.schema != {"type": "null"}:
                yield from _describe(sub)
    elif isinstance(value, _NotANumber):
        yield f"{where}: {value.text} {value.why}"
    elif kind == "type" and value is None:
        yield f"{where}: must not be null"
    elif kind == "type":
        yield f"{where}: expected {_EXPECTED.get(expected, expected)}, got {_type_name(value)} {_show(value)}"
    elif kind == "required":
        for name in expected:
            if name not in value:
                what = "list" if where == "$" else "field"
                yield f"{where}: missing required {what} {name!r}"
    elif kind == "additionalProperties":
        for name in value:
            if name not in error.schema.get("properties", {}):
                what = "top-level list" if where == "$" else "field"
                yield f"{_path([*error.absolute_path, name])}: unknown {what} {name!r}"
    elif kind == "enum":
        yield f"{where}: {_show(value)} is not one of: {', '.join(map(str, expected))}"
    elif kind == "pattern" and expected == model.ID_PATTERN:
        yield f"{where}: {value!r} is not a valid id (lower-case words joined by '-')"
    elif kind == "pattern" and expected == model.DATE_PATTERN:
        yield f"{where}: {_date_problem(value)}"
    elif kind in ("pattern", "minItems"):
        yield f"{where}: must not be empty"
    elif kind == "minimum" and expected == 0:
        yield f"{where}: {value} must not be negative"
    elif kind in ("minimum", "maximum"):
        yield f"{where}: {value} is {'below' if kind == 'minimum' else 'above'} {expected}"
    else:
        yield f"{where}: {error.message}"


def _date_problem(value: str) -> str:
    try:
        parse_iso(value)
    except ValueError as exc:
        return str(exc)
    return f"{value!r} is not a valid date"


def _duplicate_keys(value: Any, path: list[Any]) -> Iterator[str]:
    if isinstance(value, dict):
        for key, values in getattr(value, "repeated", {}).items():
            shown = " and ".join(_show(v) for v in values)
            yield f"{_path([*path, key])}: duplicate key {key!r} (values {shown}; a key is given once)"
        for key, v in value.items():
            yield from _duplicate_keys(v, [*path, key])
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _duplicate_keys(v, [*path, i])


def _order(problem: str) -> tuple[int, int]:
    """File order: top-level problems first, then by kind and record."""
    head = problem.split(":", 1)[0]
    kind, _, rest = head.partition("[")
    index = rest.split("]", 1)[0]
    kinds = list(model.KINDS)
    return (kinds.index(kind) + 1 if kind in kinds else 0, int(index) if index.isdigit() else -1)


def validate(raw: Any) -> tuple[model.KnowledgeBase | None, list[str]]:
    """Check parsed JSON and list every problem: (knowledge base, []) or (None, problems)."""
    if not isinstance(raw, dict):
        return None, [f"$: expected an object with the lists {', '.join(model.KINDS)}, got {_type_name(raw)}"]
    problems = list(_duplicate_keys(raw, []))
    problems.extend(_schema_problems(raw))
    lists: dict[str, Any] = {}
    for kind, cls in model.KINDS.items():
        items = raw.get(kind)
        built = lists[kind] = []
        for i, item in enumerate(items if isinstance(items, list) else ()):
            try:
                built.append(msgspec.convert(item, cls))
            except (msgspec.ValidationError, TypeError) as exc:
                path = f"{kind}[{i}]"
                if not any(p.startswith(path) for p in problems):  # what the schema cannot say
                    problems.append(f"{path}: {exc}")
                built.append(_Unchecked(item.get("id") if isinstance(item, dict) else None))
    revised = raw.get("revised")
    kb, more = _checked({**lists, "revised": revised if isinstance(revised, str) else None})
    problems.extend(more)
    if not problems:
        return kb, []
    return None, sorted(dict.fromkeys(problems), key=_order)


# ---------------------------------------------------------------- rules across records

# Which pair of fields gives each kind's interval, when it has one.
DATE_FIELDS = {"events": ("date", "end_date"), "talks": ("date", "end_date"),
               "figures": ("date", "end_date"), "phases": ("start", "end"), "sources": ("covers_from", "covers_to")}
# The fields of each kind that hold ids, and the kinds those ids may belong to.
REFS: dict[str, dict[str, tuple[str, ...]]] = {
    "events": {"phase": ("phases",), "people": ("people",), "organisations": ("organisations",),
               "places": ("places",), "figures": ("figures",), "talks": ("talks",)},
    "organisations": {"parent": ("organisations",)},
    "places": {"within": ("places",)},
    "talks": {"venue": ("places", "organisations"), "parties": ("organisations",),
              "mediators": ("organisations",), "observers": ("organisations",), "people": ("people",),
              "events": ("events",)},
    "figures": {"organisations": ("organisations",), "event": ("events",)},
    "phases": {"part_of": ("phases",)},
    "sources": {"organisation": ("organisations",), "people": ("people",)},
}
# Links that make a tree: each record points to its parent, which points to its own.
CHAINS = {"places": "within", "phases": "part_of", "organisations": "parent"}


class _Unchecked:
    """A record that failed to decode: it still claims its id, so references to it are
    not reported as problems of their own."""

    def __init__(self, rid: Any) -> None:
        self.id = rid if isinstance(rid, str) else None


def _checked(lists: dict[str, Any]) -> tuple[model.KnowledgeBase | None, list[str]]:
    """Check the rules across fields and records, and set each dated record's interval:
    first at C speed with sets; only when that finds a problem, record by record, to say
    what and where."""
    problems: list[str] = []
    unchecked = any(type(r) is _Unchecked for k in model.KINDS for r in lists[k])
    if unchecked or not _quick(lists):
        _detailed(problems, lists)
    for i, f in enumerate(lists["figures"]):
        if type(f) is not _Unchecked and not _figure_ok(f):
            _figure(problems, f"figures[{i}]", f)
    for kind, link in CHAINS.items():
        _chains(problems, kind, link, lists[kind])
    if problems or unchecked:
        return None, problems
    return model.KnowledgeBase("", revised=lists.get("revised"), **{k: lists[k] for k in model.KINDS}), []


_TUPLES = {"people", "organisations", "places", "figures", "talks", "parties", "mediators", "observers", "events"}


def _quick(lists: dict[str, Any]) -> bool:
    """Whether ids are unique, references and citations resolve and dates hold, for a
    file without records that failed to decode; sets the intervals as it goes."""
    from itertools import chain, repeat
    from operator import attrgetter

    ids = {kind: {r.id for r in lists[kind]} for kind in model.KINDS}
    every = set().union(*ids.values())
    if len(every) != sum(len(lists[k]) for k in model.KINDS) or None in every:
        return False
    for kind, fields in REFS.items():
        for name, allowed in fields.items():
            values = map(attrgetter(name), lists[kind])
            found = set(chain.from_iterable(values)) if name in _TUPLES else set(values) - {None}
            if not found <= set().union(*(ids[k] for k in allowed)):
                return False
    article = next((s for s in lists["sources"] if s.id == ARTICLE_SOURCE), None)
    sections = set(article.sections) if article is not None and article.sections else None
    citations = set(chain.from_iterable(map(attrgetter("sources"), chain(*(lists[k] for k in model.KINDS
                                                                          if k != "sources")))))
    for p in lists["people"]:
        if any(role.organisation is not None and role.organisation not in ids["organisations"] for role in p.roles):
            return False
        citations.update(c for role in p.roles for c in role.sources)
    citations.update(c for p in lists["phases"] for v in p.variants for c in v.sources)
    if any(c.source not in ids["sources"] or (sections is not None and c.source == ARTICLE_SOURCE
                                             and c.section is not None and c.section not in sections)
           for c in citations):
        return False
    if any(o.start is not None and o.end is not None and o.end < o.start for o in lists["organisations"]) or \
            any(r.start is not None and r.end is not None and r.end < r.start for p in lists["people"] for r in p.roles):
        return False
    memo: dict[Any, Any] = {}
    problems: list[str] = []
    set_attr = msgspec.structs.force_setattr
    for kind, (start_f, end_f) in DATE_FIELDS.items():
        recs = lists[kind]
        flags = map(attrgetter("cumulative"), recs) if kind == "figures" else repeat(kind == "phases")
        keys = list(zip(map(attrgetter(start_f), recs), map(attrgetter(end_f), recs), flags))
        for key in set(keys).difference(memo):  # each distinct pair of dates is parsed once
            memo[key] = _span(problems, "", start_f, end_f, *key)
        if problems:
            return False
        if kind != "sources":
            for r, key in zip(recs, keys):
                interval = memo[key]
                if interval:
                    set_attr(r, "first", interval[0])
                    set_attr(r, "last", interval[1])
    if lists.get("revised") is not None:
        _date(problems, "revised", lists["revised"])
    for s in lists["sources"]:
        if s.date is not None:
            _date(problems, "", s.date)
    return not problems


def _detailed(problems: list[str], lists: dict[str, Any]) -> None:
    where: dict[str, str] = {}  # id -> path of the record that has it
    for kind in model.KINDS:
        for i, r in enumerate(lists[kind]):
            path = f"{kind}[{i}]"
            if r.id in where:
                problems.append(f"{path}.id: duplicate id {r.id!r} (first used at {where[r.id]})")
            elif r.id is not None:
                where[r.id] = path
    kind_of = {rid: path.split("[", 1)[0] for rid, path in where.items()}

    def ref(path: str, rid: str, allowed: tuple[str, ...]) -> None:
        target = kind_of.get(rid)
        if target is None:
            problems.append(f"{path}: {rid!r} does not match any record")
        elif target not in allowed:
            problems.append(f"{path}: {rid!r} is a record of {target!r}; expected one of {', '.join(allowed)}")

    article = next((s for s in lists["sources"] if s.id == ARTICLE_SOURCE and type(s) is not _Unchecked), None)
    sections = set(article.sections) if article is not None and article.sections else None

    def cite(path: str, citations: tuple[model.Citation, ...]) -> None:
        for j, c in enumerate(citations):
            if c.source not in kind_of or kind_of[c.source] != "sources":
                ref(f"{path}[{j}].source", c.source, ("sources",))
            elif sections is not None and c.section is not None and c.source == ARTICLE_SOURCE \
                    and c.section not in sections:
                problems.append(f"{path}[{j}].section: {c.section!r} is not a section of the article")

    if lists.get("revised") is not None:
        _date(problems, "revised", lists["revised"])
    memo: dict[Any, Any] = {}
    for kind in model.KINDS:
        refs, dates = REFS.get(kind, {}), DATE_FIELDS.get(kind)
        for i, r in enumerate(lists[kind]):
            if type(r) is _Unchecked:
                continue
            path = f"{kind}[{i}]"
            for name, allowed in refs.items():
                value = getattr(r, name)
                if type(value) is tuple:
                    for j, rid in enumerate(value):
                        if kind_of.get(rid) not in allowed:
                            ref(f"{path}.{name}[{j}]", rid, allowed)
                elif value is not None and kind_of.get(value) not in allowed:
                    ref(f"{path}.{name}", value, allowed)
            if kind != "sources":
                cite(f"{path}.sources", r.sources)
            if dates is not None:
                _interval(problems, path, r, *dates, memo)
            if kind == "sources" and r.date is not None:
                _date(problems, f"{path}.date", r.date)
            elif kind == "people":
                for j, role in enumerate(r.roles):
                    if role.organisation is not None:
                        ref(f"{path}.roles[{j}].organisation", role.organisation, ("organisations",))
                    cite(f"{path}.roles[{j}].sources", role.sources)
                    if role.start is not None and role.end is not None and role.end < role.start:
                        problems.append(f"{path}.roles[{j}].end: {role.end} is before start {role.start}")
            elif kind == "organisations" and r.start is not None and r.end is not None and r.end < r.start:
                problems.append(f"{path}.end: {r.end} is before start {r.start}")
            elif kind == "phases":
                for j, v in enumerate(r.variants):
                    cite(f"{path}.variants[{j}].sources", v.sources)


def _date(problems: list[str], path: str, value: str) -> Any:
    try:
        return parse_iso(value)
    except ValueError as exc:
        problems.append(f"{path}: {exc}")
        return None


def _interval(problems: list[str], path: str, r: Any, start_f: str, end_f: str, memo: dict[Any, Any]) -> None:
    # a phase still going on and a running total have no last day
    key = (getattr(r, start_f), getattr(r, end_f), start_f == "start" or getattr(r, "cumulative", False))
    interval = memo.get(key)
    if interval is None:
        interval = memo[key] = _span(problems, path, start_f, end_f, *key)
    elif interval is False:  # a problem, found once per distinct pair of dates: say where each time
        _span(problems, path, start_f, end_f, *key)
    if interval and start_f != "covers_from":
        msgspec.structs.force_setattr(r, "first", interval[0])
        msgspec.structs.force_setattr(r, "last", interval[1])


def _span(problems: list[str], path: str, start_f: str, end_f: str, start: str | None, end: str | None,
          open_end: bool) -> Any:
    """(first day, last day), () when there are no dates, False for a problem."""
    first_day = _date(problems, f"{path}.{start_f}", start) if start is not None else None
    last_day = _date(problems, f"{path}.{end_f}", end) if end is not None else None
    if start is None:
        if end is not None:
            problems.append(f"{path}.{end_f}: {end!r} is given without {start_f!r}")
            return False
        return ()
    if first_day is None or (end is not None and last_day is None):
        return False
    first, last = first_day[0], (last_day or first_day)[1]
    if last < first:
        problems.append(f"{path}.{end_f}: {end!r} is before {start_f} {start!r}")
        return False
    return first, model.OPEN_END if open_end and end is None else last


def _figure_ok(f: model.Figure) -> bool:
    if f.qualifier == "range":
        return f.low is not None and f.high is not None and f.count is None and f.low <= f.high
    if f.qualifier in ("vague", "unknown"):
        return f.count is None and f.low is None and f.high is None and bool(f.text)
    return f.count is not None and f.low is None and f.high is None


def _figure(problems: list[str], path: str, f: model.Figure) -> None:
    q, count, low, high = f.qualifier, f.count, f.low, f.high
    if q == "range":
        if low is None or high is None or count is not None:
            problems.append(f"{path}: a 'range' figure needs 'low' and 'high' and no 'count'")
        elif high < low:
            problems.append(f"{path}.high: {high} is below low {low}")
    elif q in ("vague", "unknown"):
        if count is not None or low is not None or high is not None:
            problems.append(f"{path}: a {q!r} figure has no number; keep the source's words in 'text'")
        elif not f.text:
            problems.append(f"{path}: a {q!r} figure needs 'text' with the source's words")
    elif count is None or low is not None or high is not None:
        problems.append(f"{path}: a {q!r} figure needs 'count' (and no 'low'/'high')")


def _chains(problems: list[str], kind: str, link: str, records: Any) -> None:
    """Each record's chain of `link`s ends, without a cycle, within MAX_DEPTH steps. Each
    record is walked once (linear however deep the chains); -1 marks a cycle."""
    parent = {r.id: getattr(r, link, None) for r in records if r.id is not None}
    depth: dict[str, int] = {}
    for i, r in enumerate(records):
        if r.id is None:
            continue
        trail: list[str] = []
        on_trail: set[str] = set()
        rid: str | None = r.id
        while rid is not None and rid in parent and rid not in depth and rid not in on_trail:
            trail.append(rid)
            on_trail.add(rid)
            rid = parent[rid]
        if rid in on_trail:
            assert rid is not None
            cycle = trail[trail.index(rid):]
            problems.append(f"{kind}[{i}].{link}: {r.id!r} is part of a cycle ({' -> '.join([*cycle, rid])})")
        below = -1 if rid in on_trail else depth.get(rid, 0) if rid is not None else 0
        for n, t in enumerate(reversed(trail), 1):
            depth[t] = -1 if below < 0 else below + n
        if depth[r.id] == MAX_DEPTH + 1:  # once per chain: the first record past the limit
            problems.append(f"{kind}[{i}].{link}: the chain of {link!r} above {r.id!r} is more than "
                            f"{MAX_DEPTH} records long")

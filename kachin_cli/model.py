"""The data model: one immutable record type per kind of record, and the KnowledgeBase
that holds them. Nothing here reads files or prints; `store` builds these from JSON.

Records are `typing.NamedTuple`s rather than dataclasses: they are as immutable, but
creating the classes costs a third as much at start-up, and instances are smaller and
faster to build, which counts with a hundred thousand events. A KnowledgeBase loaded
from the cache keeps its records packed and decodes each when it is first read."""


import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

SIDES = ("government", "kachin", "other")
# How a side is shown to readers: the belligerent side, not an ethnic label (the infobox
# groups the Arakan Army, the NUG and the PDFs with the KIO). JSON keeps the values above.
SIDE_LABELS = {"government": "Government", "kachin": "KIO and allies", "other": "Other"}
EVENT_TYPES = (
    "abuse_allegation", "agreement", "airstrike", "ambush", "attack", "battle", "capture",
    "ceasefire", "child_soldiers", "coup", "defection", "diplomacy", "displacement", "founding",
    "hostage_taking", "milestone", "offensive", "political", "report", "retreat", "split",
    "statement", "talks", "uprising", "visit",
)
TALK_KINDS = ("agreement", "initiative", "request", "statement", "talks", "unilateral_ceasefire")
FIGURE_CATEGORIES = (
    "captured", "child_soldiers_released", "displaced", "hostages", "killed", "materiel_destroyed",
    "other", "refugees", "trapped", "troop_strength", "troops_committed", "villages_abandoned",
    "wounded",
)
# How exact a figure is. `stated`: the number as the source gives it, with no qualifier.
# `vague` and `unknown` carry no number at all (the source's words are kept in `text`).
QUALIFIERS = (
    "exactly", "stated", "about", "at_least", "more_than", "as_little_as", "range", "vague", "unknown",
)
PARTIES = ("government", "kachin", "civilians", "mixed", "unspecified")
# The last day of a period that has not ended (a phase that is still going on).
OPEN_END = _dt.date.max


class Citation(NamedTuple):
    source: str
    section: str | None = None
    note: str | None = None


class Variant(NamedTuple):
    """A second value the source gives for a field, where it disagrees with itself."""

    field: str
    value: str
    note: str
    sources: tuple[Citation, ...] = ()


class Role(NamedTuple):
    title: str
    organisation: str | None = None
    start: int | None = None
    end: int | None = None
    attested: tuple[int, ...] = ()  # years in which the source shows the person in the role
    note: str | None = None
    sources: tuple[Citation, ...] = ()

    def active_in(self, year: int, as_of: int | None = None) -> bool | None:
        """True/False when the tenure is known well enough to say; None when it is not.
        A known start with no end is a tenure still running as of `as_of` (the year the
        knowledge base was revised): after that year nothing is known."""
        if year in self.attested:
            return True
        if self.start is not None:
            if self.end is None and as_of is not None and year > as_of:
                return None if year >= self.start else False
            return self.start <= year and (self.end is None or year <= self.end)
        if self.end is not None and year > self.end:
            return False
        return None


class Coordinates(NamedTuple):
    lat: float
    lon: float


_NESTED = (Citation, Variant, Role, Coordinates)


def _label(record: Any) -> str:
    for attr in ("name", "title", "description"):
        value = getattr(record, attr, None)
        if value:
            return value
    return record.id


def _to_dict(record: Any) -> dict[str, Any]:
    """The record as it appears in the knowledge-base file (derived fields left out)."""
    return {name: _to_plain(value) for name, value in zip(record._fields, record, strict=True) if name not in DERIVED}


def _to_plain(value: Any) -> Any:
    kind = type(value)
    if kind is tuple:
        # most tuples are ids or notes: strings need no conversion
        return [v if type(v) is str else _to_plain(v) for v in value]
    if kind in _NESTED:
        return {name: _to_plain(v) for name, v in zip(value._fields, value, strict=True)}
    return value


# Every kind of record shares `label` (its name, title or description) and `to_dict()`.
class Source(NamedTuple):
    KIND = "source"
    label = property(_label)
    to_dict = _to_dict
    id: str = ""
    name: str = ""
    kind: str = ""
    description: str = ""
    date: str | None = None
    organisation: str | None = None
    # The publication that printed a page (a `news_report` source is one page: `name` is its
    # headline, `date` its publication date, `url` where it was read).
    outlet: str | None = None
    people: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    url: str | None = None
    notes: tuple[str, ...] = ()
    # The period the source covers (ISO dates at the precision known).
    covers_from: str | None = None
    covers_to: str | None = None


class Phase(NamedTuple):
    KIND = "phase"
    label = property(_label)
    to_dict = _to_dict
    id: str = ""
    name: str = ""
    start: str = ""
    end: str | None = None
    summary: str = ""
    part_of: str | None = None
    variants: tuple[Variant, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    first: _dt.date | None = None
    last: _dt.date | None = None


class Event(NamedTuple):
    KIND = "event"
    label = property(_label)
    to_dict = _to_dict
    id: str = ""
    date: str = ""
    end_date: str | None = None
    date_note: str | None = None
    title: str = ""
    summary: str = ""
    type: str = ""
    phase: str = ""
    people: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    talks: tuple[str, ...] = ()
    claimed_by: str | None = None
    notes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    first: _dt.date | None = None
    last: _dt.date | None = None


class Person(NamedTuple):
    KIND = "person"
    label = property(_label)
    to_dict = _to_dict
    id: str = ""
    name: str = ""
    aliases: tuple[str, ...] = ()
    side: str = ""
    roles: tuple[Role, ...] = ()
    summary: str = ""
    notes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()


class Organisation(NamedTuple):
    KIND = "organisation"
    label = property(_label)
    to_dict = _to_dict
    id: str = ""
    name: str = ""
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    side: str = ""
    kind: str = ""
    start: int | None = None
    end: int | None = None
    parent: str | None = None
    summary: str = ""
    notes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()


class Place(NamedTuple):
    KIND = "place"
    label = property(_label)
    to_dict = _to_dict
    id: str = ""
    name: str = ""
    kind: str = ""
    aliases: tuple[str, ...] = ()
    state: str | None = None
    country: str = ""
    within: str | None = None
    coordinates: Coordinates | None = None
    summary: str = ""
    notes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()


class Talk(NamedTuple):
    KIND = "talk"
    label = property(_label)
    to_dict = _to_dict
    id: str = ""
    name: str = ""
    kind: str = ""
    date: str | None = None
    end_date: str | None = None
    date_note: str | None = None
    venue: str | None = None
    parties: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    observers: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    summary: str = ""
    outcome: str = ""
    status: str = ""
    events: tuple[str, ...] = ()
    claimed_by: str | None = None
    notes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    first: _dt.date | None = None
    last: _dt.date | None = None


class Figure(NamedTuple):
    KIND = "figure"
    label = property(_label)
    to_dict = _to_dict
    id: str = ""
    category: str = ""
    description: str = ""
    qualifier: str = ""
    count: int | None = None  # type: ignore[assignment]  # the field shadows tuple.count
    low: int | None = None
    high: int | None = None
    text: str | None = None
    unit: str | None = None
    party: str = ""
    organisations: tuple[str, ...] = ()
    claimed_by: str | None = None
    date: str | None = None
    end_date: str | None = None
    date_note: str | None = None
    event: str | None = None
    # A running total from `date` to the time of the report: its interval has no end.
    cumulative: bool = False
    notes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    first: _dt.date | None = None
    last: _dt.date | None = None


Record = Event | Person | Organisation | Place | Talk | Figure | Phase | Source
RECORD_TYPES: tuple[type, ...] = (Event, Person, Organisation, Place, Talk, Figure, Phase, Source)
# Fields derived at load time, not written in the file.
DERIVED = frozenset({"first", "last"})


# The top-level lists of a knowledge-base file, in the order they are shown.
KINDS: dict[str, Any] = {
    "events": Event,
    "people": Person,
    "organisations": Organisation,
    "places": Place,
    "talks": Talk,
    "figures": Figure,
    "phases": Phase,
    "sources": Source,
}


# ---------------------------------------------------------------- rows
# A record as a row: plain nested tuples of str, int, float, bool and None, with dates as
# ordinals. Rows are what the cache holds (marshal reads them back at C speed), and a
# record is built from its row only when something reads it.


def to_row(record: Any) -> tuple[Any, ...]:
    return tuple(_row_value(v) for v in record)


def _row_value(value: Any) -> Any:
    kind = type(value)
    if kind is tuple:
        return tuple(v if type(v) is str else _row_value(v) for v in value)
    if kind in _NESTED:
        return tuple(_row_value(v) for v in value)
    if kind is _dt.date:
        return value.toordinal()
    return value


_CITATIONS: dict[tuple[Any, ...], Citation] = {}


def _citations(rows: tuple[Any, ...]) -> tuple[Citation, ...]:
    # equal citations are shared, as in a freshly validated file
    return tuple(_CITATIONS.get(c) or _CITATIONS.setdefault(c, Citation._make(c)) for c in rows)


def _roles(rows: tuple[Any, ...]) -> tuple[Role, ...]:
    return tuple(Role._make(r[:-1] + (_citations(r[-1]),)) for r in rows)


def _variants(rows: tuple[Any, ...]) -> tuple[Variant, ...]:
    return tuple(Variant._make(v[:-1] + (_citations(v[-1]),)) for v in rows)


def _date(value: int | None) -> _dt.date | None:
    return None if value is None else _dt.date.fromordinal(value)


_REBUILD = {"sources": _citations, "roles": _roles, "variants": _variants, "first": _date, "last": _date,
            "coordinates": lambda c: None if c is None else Coordinates._make(c)}


def _converters(cls: Any) -> list[tuple[int, Any]]:
    return [(i, _REBUILD[name]) for i, name in enumerate(cls._fields)
            if name in _REBUILD and not (cls is Source and name == "sources")]


_CONVERTERS = {cls: _converters(cls) for cls in RECORD_TYPES}


def from_row(cls: Any, row: tuple[Any, ...]) -> Any:
    values = list(row)
    for i, convert in _CONVERTERS[cls]:
        values[i] = convert(values[i])
    return cls._make(values)


class Records(Sequence):
    """The records of one kind. From a freshly validated file they are all built. From the
    cache they stay packed, each record's row marshalled in one shared bytes object, and a
    record is decoded when first read, so a query over 100,000 events decodes the ones it
    returns. Date filters read `intervals()`, an array of ordinals, without any record."""

    __slots__ = ("cls", "_built", "_packed", "_ids", "_intervals")

    def __init__(self, cls: Any, records: Iterable[Any] = (), packed: "Packed | None" = None) -> None:
        self.cls = cls
        self._packed = packed
        self._built: list[Any] = [None] * packed.count if packed is not None else list(records)
        self._ids: list[str] | None = None
        self._intervals: Any = None

    def __len__(self) -> int:
        return len(self._built)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        record = self._built[i]
        if record is None:
            record = self._built[i] = from_row(self.cls, self._packed.row(i))  # type: ignore[union-attr]
        return record

    def __iter__(self) -> Iterator[Any]:
        for i in range(len(self._built)):
            yield self[i]

    def pack(self) -> "Packed":
        if self._packed is not None:
            return self._packed
        return Packed.of(self._built)

    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = self._packed.ids() if self._packed is not None else [r.id for r in self._built]
        return self._ids

    def intervals(self) -> Any:
        """Each record's first and last day as ordinals, flat: [first0, last0, first1, ...];
        -1 for an undated record."""
        if self._intervals is None:
            if self._packed is not None:
                self._intervals = self._packed.intervals()
            else:
                self._intervals = _interval_array(self._built)
        return self._intervals

    def overlapping(self, first: _dt.date | None, last: _dt.date | None) -> Iterator[Any]:
        """The records whose own interval overlaps [first, last]; undated ones only when
        neither bound is given."""
        if first is None and last is None:
            yield from self
            return
        lo = first.toordinal() if first is not None else 0
        hi = last.toordinal() if last is not None else OPEN_END.toordinal()
        spans = self.intervals()
        for i in range(len(self)):
            start, end = spans[2 * i], spans[2 * i + 1]
            if start >= 0 and end >= lo and start <= hi:
                yield self[i]

    def dated(self) -> list[bool]:
        spans = self.intervals()
        return [spans[2 * i] >= 0 for i in range(len(self))]


def _interval_array(records: list[Any]) -> Any:
    from array import array

    out = array("q")
    for r in records:
        first = getattr(r, "first", None)
        if first is None:
            out.extend((-1, -1))
        else:
            out.extend((first.toordinal(), r.last.toordinal()))
    return out


class Packed:
    """Records of one kind as the cache keeps them: marshalled rows end to end in one bytes
    object with their offsets, the ids joined by newlines, and the intervals as an array.
    These are a few objects however many records there are, so reading them is instant."""

    __slots__ = ("count", "blob", "offsets", "ids_text", "spans", "_offsets")

    def __init__(self, count: int, blob: bytes, offsets: bytes, ids_text: str, spans: bytes) -> None:
        self.count, self.blob, self.offsets, self.ids_text, self.spans = count, blob, offsets, ids_text, spans
        self._offsets: Any = None

    @classmethod
    def of(cls, records: list[Any]) -> "Packed":
        import marshal
        from array import array

        offsets = array("q", [0])
        parts = []
        for r in records:
            data = marshal.dumps(to_row(r))
            parts.append(data)
            offsets.append(offsets[-1] + len(data))
        return cls(len(records), b"".join(parts), offsets.tobytes(), "\n".join(r.id for r in records),
                   _interval_array(records).tobytes())

    def as_tuple(self) -> tuple[Any, ...]:
        return (self.count, self.blob, self.offsets, self.ids_text, self.spans)

    def valid(self) -> bool:
        """Whether the parts fit together (a cache is trusted only this far)."""
        return (len(self.offsets) == 8 * (self.count + 1) and len(self.spans) == 16 * self.count
                and len(self.ids()) == self.count and self._offset_array()[-1] == len(self.blob))

    def row(self, i: int) -> tuple[Any, ...]:
        import marshal

        offsets = self._offset_array()
        return marshal.loads(self.blob[offsets[i]:offsets[i + 1]])

    def _offset_array(self) -> Any:
        if self._offsets is None:
            from array import array

            self._offsets = array("q")
            self._offsets.frombytes(self.offsets)
        return self._offsets

    def ids(self) -> list[str]:
        return self.ids_text.split("\n") if self.count else []

    def intervals(self) -> Any:
        from array import array

        out = array("q")
        out.frombytes(self.spans)
        return out


class KnowledgeBase:
    """Every record of one knowledge-base file, and an index by id. Built once per process."""

    def __init__(self, path: str = "", revised: str | None = None, **collections: Any) -> None:
        self.path = path
        # The day the knowledge base was last revised (ISO 8601), when the file says so:
        # what is "ongoing" in it is ongoing as of that day.
        self.revised = revised
        lists = {kind: c if isinstance(c, Records) else Records(KINDS[kind], c)
                 for kind, c in collections.items()}
        for kind, cls in KINDS.items():
            lists.setdefault(kind, Records(cls))
        self.events: Records = lists["events"]
        self.people: Records = lists["people"]
        self.organisations: Records = lists["organisations"]
        self.places: Records = lists["places"]
        self.talks: Records = lists["talks"]
        self.figures: Records = lists["figures"]
        self.phases: Records = lists["phases"]
        self.sources: Records = lists["sources"]
        self._where: dict[str, tuple[str, int]] | None = None
        # Indexes derived from the records (search index...), built on first use.
        self.cache: dict[str, Any] = {}

    def collection(self, kind: str) -> Records:
        return getattr(self, kind)

    def records(self) -> Iterator[Any]:
        for kind in KINDS:
            yield from self.collection(kind)

    def locate(self, record_id: str) -> tuple[str, int] | None:
        """The kind and position of the record with this id."""
        if self._where is None:
            self._where = {}
            for kind in KINDS:
                self._where.update((rid, (kind, i)) for i, rid in enumerate(self.collection(kind).ids()))
        return self._where.get(record_id)

    def get(self, record_id: str) -> Any:
        found = self.locate(record_id)
        return None if found is None else self.collection(found[0])[found[1]]

    def ids(self) -> Iterator[str]:
        for kind in KINDS:
            yield from self.collection(kind).ids()

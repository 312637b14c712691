"""The data model: one msgspec Struct per kind of record, and the KnowledgeBase holding them.
Each declaration is at once the parser, the type check and the JSON Schema (`kachin schema`):
msgspec decodes a file straight into these frozen structs, refusing unknown fields, wrong types,
values outside an enum and missing fields as it parses. `store` reads the files and
checks the rules across fields and records (ids that exist, end after start...)."""

import datetime as _dt
from array import array
from collections.abc import Iterator, Sequence
from operator import attrgetter
from typing import Annotated, Any, ClassVar, Literal, get_args

import msgspec
from msgspec import Meta

Side = Literal["government", "kachin", "other"]
# How a side is shown to readers: the belligerent side, not an ethnic label (the infobox
# groups the Arakan Army, the NUG and the PDFs with the KIO). JSON keeps the values above.
SIDE_LABELS = {"government": "Government", "kachin": "KIO and allies", "other": "Other"}
EventType = Literal[
    "abuse_allegation", "agreement", "airstrike", "ambush", "attack", "battle", "capture",
    "ceasefire", "child_soldiers", "coup", "defection", "diplomacy", "displacement", "founding",
    "hostage_taking", "milestone", "offensive", "political", "report", "retreat", "split",
    "statement", "talks", "uprising", "visit",
]
TalkKind = Literal["agreement", "initiative", "request", "statement", "talks", "unilateral_ceasefire"]
FigureCategory = Literal[
    "captured", "child_soldiers_released", "displaced", "hostages", "killed", "materiel_destroyed",
    "other", "refugees", "trapped", "troop_strength", "troops_committed", "villages_abandoned",
    "wounded",
]
# How exact a figure is. `stated`: the number as the source gives it, with no qualifier.
# `vague` and `unknown` carry no number at all (the source's words are kept in `text`).
Qualifier = Literal["exactly", "stated", "about", "at_least", "more_than", "as_little_as", "range", "vague",
                    "unknown"]
Party = Literal["government", "kachin", "civilians", "mixed", "unspecified"]
SIDES: tuple[str, ...] = get_args(Side)
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
TALK_KINDS: tuple[str, ...] = get_args(TalkKind)
FIGURE_CATEGORIES: tuple[str, ...] = get_args(FigureCategory)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
PARTIES: tuple[str, ...] = get_args(Party)
# The last day of a period that has not ended (a phase that is still going on).
OPEN_END = _dt.date.max

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(?!\n)$"  # (Python's $ also matches before a last newline)
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}){0,2}$"
TEXT_PATTERN = r"\S"  # text that is not only blanks
# The decoder asks only that text be a string: `store` checks that it is not blank, in the scan that
# also looks for repeated keys (a regex per text in the decoder costs more, on every run). The schema
# shows the rule.
Text = Annotated[str, Meta(description="non-empty text", extra_json_schema={"pattern": TEXT_PATTERN})]
Id = Annotated[str, Meta(pattern=ID_PATTERN, description="lower-case words joined by '-'")]
# `store` checks that a reference's id exists and that a date is a real day; the schema shows their form.
Ref = Annotated[str, Meta(min_length=1, description="the id of another record",
                          extra_json_schema={"pattern": TEXT_PATTERN})]
Date = Annotated[str, Meta(description="ISO 8601 at the precision known: YYYY, YYYY-MM or YYYY-MM-DD",
                           extra_json_schema={"pattern": DATE_PATTERN})]
Count = Annotated[int, Meta(ge=0)]  # also a year


# gc=False: records hold no cycles, and a collector walking a million of them finds nothing
class _Struct(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True, gc=False):
    pass


class Citation(_Struct, frozen=True, kw_only=True):
    source: Ref
    section: Text | None = None
    note: Text | None = None


Citations = Annotated[tuple[Citation, ...], Meta(min_length=1)]


class Variant(_Struct, frozen=True, kw_only=True):
    """A second value the source gives for a field, where it disagrees with itself."""

    field: Text
    value: Text
    note: Text
    sources: tuple[Citation, ...] = ()


class Role(_Struct, frozen=True, kw_only=True):
    title: Text
    organisation: Ref | None = None
    start: Count | None = None
    end: Count | None = None
    attested: tuple[Count, ...] = ()  # years in which the source shows the person in the role
    note: Text | None = None
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


class Coordinates(_Struct, frozen=True, kw_only=True):
    lat: Annotated[float, Meta(ge=-90, le=90)]
    lon: Annotated[float, Meta(ge=-180, le=180)]


# (start, end, open-ended) -> (first day, last day), or () without dates: filled by `store` as it
# checks dates, so records share intervals (a third less memory at 100,000 events). A key it has
# not seen (a record built by hand) is worked out by `parse`, which `store` sets.
class _Spans(dict):
    parse: Any = None

    def __missing__(self, key: tuple[str | None, str | None, bool]) -> Any:
        return self.setdefault(key, self.parse and self.parse(*key) or ())


SPANS: dict[tuple[str | None, str | None, bool], tuple[_dt.date, _dt.date] | tuple[()]] = _Spans()


def span_key(record: Any) -> tuple[str | None, str | None, bool]:
    start, end = record.DATES
    # a phase still going on and a running total have no last day
    return getattr(record, start), getattr(record, end), record.KIND == "phase" or getattr(record, "cumulative", False)


class _Record(_Struct, frozen=True, kw_only=True):
    """Shared by every kind of record: `label` (its name, an event's title, a figure's description) and
    `to_dict()`. A dated record also has `first` and `last`, the first and last day of
    its interval (None when undated); they are derived from its dates, not fields, so
    they are neither read from nor written to the file."""

    KIND: ClassVar[str] = ""
    DATES: ClassVar[tuple[str, str] | None] = None  # the fields that give a record's interval
    LABEL: ClassVar[str] = "name"  # the field that names it
    id: Id

    @property
    def first(self) -> _dt.date | None:
        return (SPANS[span_key(self)] or (None,))[0] if self.DATES and self.KIND != "source" else None

    @property
    def last(self) -> _dt.date | None:
        return (SPANS[span_key(self)] or (None, None))[1] if self.DATES and self.KIND != "source" else None

    @property
    def label(self) -> str:
        return getattr(self, self.LABEL) or self.id

    def to_dict(self) -> dict[str, Any]:
        """The record as it appears in the knowledge-base file, every field spelled out (lists
        as tuples)."""
        return msgspec.to_builtins(self)


class Source(_Record, frozen=True, kw_only=True):
    KIND: ClassVar[str] = "source"
    DATES = ("covers_from", "covers_to")
    name: Text
    kind: Text
    description: Text
    date: Date | None = None
    organisation: Ref | None = None
    # The publication that printed a page (a `news_report` source is one page: `name` is its
    # headline, `date` its publication date, `url` where it was read).
    outlet: Text | None = None
    people: tuple[Ref, ...] = ()
    sections: tuple[Text, ...] = ()
    see_also: tuple[Text, ...] = ()
    url: Text | None = None
    notes: tuple[Text, ...] = ()
    # The period the source covers (ISO dates at the precision known), where it says.
    covers_from: Date | None = None
    covers_to: Date | None = None


class Phase(_Record, frozen=True, kw_only=True):
    KIND: ClassVar[str] = "phase"
    DATES = ("start", "end")
    name: Text
    start: Date
    end: Date | None = None
    summary: Text
    part_of: Ref | None = None
    variants: tuple[Variant, ...] = ()
    notes: tuple[Text, ...] = ()
    sources: Citations


class Event(_Record, frozen=True, kw_only=True):
    KIND: ClassVar[str] = "event"
    DATES = ("date", "end_date")
    LABEL = "title"
    date: Date
    end_date: Date | None = None
    date_note: Text | None = None
    title: Text
    summary: Text
    type: EventType
    phase: Ref
    people: tuple[Ref, ...] = ()
    organisations: tuple[Ref, ...] = ()
    places: tuple[Ref, ...] = ()
    figures: tuple[Ref, ...] = ()
    talks: tuple[Ref, ...] = ()
    claimed_by: Text | None = None
    notes: tuple[Text, ...] = ()
    sources: Citations


class Person(_Record, frozen=True, kw_only=True):
    KIND: ClassVar[str] = "person"
    name: Text
    aliases: tuple[Text, ...] = ()
    side: Side
    roles: Annotated[tuple[Role, ...], Meta(min_length=1)]
    summary: Text
    notes: tuple[Text, ...] = ()
    sources: Citations


class Organisation(_Record, frozen=True, kw_only=True):
    KIND: ClassVar[str] = "organisation"
    name: Text
    abbreviations: tuple[Text, ...] = ()
    aliases: tuple[Text, ...] = ()
    side: Side
    kind: Text
    start: Count | None = None
    end: Count | None = None
    parent: Ref | None = None
    summary: Text
    notes: tuple[Text, ...] = ()
    sources: Citations


class Place(_Record, frozen=True, kw_only=True):
    KIND: ClassVar[str] = "place"
    name: Text
    kind: Text
    aliases: tuple[Text, ...] = ()
    state: Text | None = None
    country: Text
    within: Ref | None = None
    coordinates: Coordinates | None = None
    summary: Text
    notes: tuple[Text, ...] = ()
    sources: Citations


class Talk(_Record, frozen=True, kw_only=True):
    KIND: ClassVar[str] = "talk"
    DATES = ("date", "end_date")
    name: Text
    kind: TalkKind
    date: Date | None = None
    end_date: Date | None = None
    date_note: Text | None = None
    venue: Ref | None = None
    parties: tuple[Ref, ...] = ()
    mediators: tuple[Ref, ...] = ()
    observers: tuple[Ref, ...] = ()
    people: tuple[Ref, ...] = ()
    summary: Text
    outcome: Text
    status: Text
    events: tuple[Ref, ...] = ()
    claimed_by: Text | None = None
    notes: tuple[Text, ...] = ()
    sources: Citations


class Figure(_Record, frozen=True, kw_only=True):
    KIND: ClassVar[str] = "figure"
    DATES = ("date", "end_date")
    LABEL = "description"
    category: FigureCategory
    description: Text
    qualifier: Qualifier
    count: Count | None = None
    low: Count | None = None
    high: Count | None = None
    text: Text | None = None
    unit: Text | None = None
    party: Party
    organisations: tuple[Ref, ...] = ()
    claimed_by: Text | None = None
    date: Date | None = None
    end_date: Date | None = None
    date_note: Text | None = None
    event: Ref | None = None
    # A running total from `date` to the time of the report: its interval has no end.
    cumulative: bool = False
    notes: tuple[Text, ...] = ()
    sources: Citations


class File(_Struct, frozen=True, kw_only=True):
    """A knowledge-base file: eight lists of records, and when it was last revised."""

    schema: str | None = msgspec.field(default=None, name="$schema")
    revised: Date | None = None
    events: tuple[Event, ...]
    people: tuple[Person, ...]
    organisations: tuple[Organisation, ...]
    places: tuple[Place, ...]
    talks: tuple[Talk, ...]
    figures: tuple[Figure, ...]
    phases: tuple[Phase, ...]
    sources: tuple[Source, ...]


Record = Event | Person | Organisation | Place | Talk | Figure | Phase | Source
RECORD_TYPES: tuple[type, ...] = get_args(Record)
# The top-level lists of a knowledge-base file, in the order they are shown.
KINDS: dict[str, Any] = dict(zip(File.__struct_fields__[2:], RECORD_TYPES, strict=True))


def fields(record: Any) -> Iterator[tuple[str, Any]]:
    """A record's fields and their values, in declaration order."""
    return ((name, getattr(record, name)) for name in record.__struct_fields__)


class Records(Sequence):
    """The records of one kind, in file order, with their ids and intervals at hand. Read
    through the cache, a file's records stay undecoded (each a slice of its bytes that passed
    every check before) until one is asked for: a query that reads a few decodes a few."""

    _intervals: Any

    def __init__(self, items: Any = (), raw: list[msgspec.Raw] | None = None, cls: Any = None,
                 ids: str | None = None) -> None:
        self._items: list[Any] = [None] * len(raw) if raw is not None else list(items)
        self._raw, self._ids = raw, ids
        self._decode = msgspec.json.Decoder(cls).decode if raw is not None else None

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        item = self._items[i]
        if item is None and self._decode is not None:
            item = self._items[i] = self._decode(self._raw[i])  # type: ignore[index]
        return item

    def __iter__(self) -> Iterator[Any]:
        if self._decode is not None:  # every record, at once
            decode = self._decode
            self._items = [x if x is not None else decode(r) for x, r in zip(self._items, self._raw, strict=True)]  # type: ignore[arg-type]
            self._raw = self._decode = None
        return iter(self._items)

    def __repr__(self) -> str:
        return f"Records({list(self)!r})"

    def ids(self) -> list[str]:
        ids = self._ids.split("\n") if self._ids else []  # (an id holds no newline: see ID_PATTERN)
        return ids if len(ids) == len(self) and self._ids else list(map(attrgetter("id"), self))

    def intervals(self) -> Any:
        """Each record's first and last day as ordinals, flat: [first0, last0, first1, ...];
        -1 for an undated record. Date filters read these rather than the records. (`store`
        sets them as it loads a file.)"""
        if "_intervals" not in self.__dict__:
            spans = [SPANS[span_key(r)] if r.DATES else () for r in self]
            ords = ((s[0].toordinal(), s[1].toordinal()) if s else (-1, -1) for s in spans)
            self._intervals = array("q", [n for pair in ords for n in pair])
        return self._intervals

    def overlapping(self, first: _dt.date | None, last: _dt.date | None) -> Iterator[Any]:
        """The records whose own interval overlaps [first, last]; undated ones only when
        neither bound is given."""
        return map(self.__getitem__, self.positions(first, last))

    def positions(self, first: _dt.date | None, last: _dt.date | None) -> Any:
        """Where the records `overlapping` gives are, in order."""
        if first is None and last is None:
            return range(len(self))
        lo, hi = (first or _dt.date.min).toordinal(), (last or OPEN_END).toordinal()
        spans = self.intervals()
        return (i for i in range(len(self)) if 0 <= spans[2 * i] <= hi and spans[2 * i + 1] >= lo)

    def dated(self) -> list[bool]:
        return [r.first is not None for r in self]


class KnowledgeBase:
    """Every record of one knowledge-base file, and an index by id. Built once per process."""

    events: Records
    people: Records
    organisations: Records
    places: Records
    talks: Records
    figures: Records
    phases: Records
    sources: Records

    def __init__(self, path: str = "", revised: str | None = None, **lists: Any) -> None:
        self.path = path
        # The day the knowledge base was last revised (ISO 8601), when the file says so:
        # what is "ongoing" in it is ongoing as of that day.
        self.revised = revised
        for kind in KINDS:
            given = lists.get(kind, ())
            setattr(self, kind, given if isinstance(given, Records) else Records(given))
        self._where: list[tuple[str, dict[str, int]]] = []
        self.cache: dict[str, Any] = {}  # indexes derived from the records (search index...), built on first use

    def collection(self, kind: str) -> Records:
        return getattr(self, kind)

    def records(self) -> Iterator[Any]:
        return (r for kind in KINDS for r in self.collection(kind))

    def locate(self, record_id: str) -> tuple[str, int] | None:
        """The kind and position of the record with this id (the first, if several have it)."""
        if not self._where:  # each kind's {id: position}, built at C speed from the last record to the first
            for kind in KINDS:  # (the first record of an id stays)
                ids = self.collection(kind).ids()
                self._where.append((kind, dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))))
        for kind, at in self._where:
            if record_id in at:
                return kind, at[record_id]
        return None

    def get(self, record_id: str) -> Any:
        found = self.locate(record_id)
        return None if found is None else self.collection(found[0])[found[1]]

    def ids(self) -> Iterator[str]:
        return (r.id for r in self.records())

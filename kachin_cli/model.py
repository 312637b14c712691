"""The data model: one frozen dataclass per kind of record, and the KnowledgeBase that
holds them. Nothing here reads files or prints; `store` builds these from JSON."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Iterator

SIDES = ("government", "kachin", "other")
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


@dataclass(frozen=True, slots=True)
class Citation:
    source: str
    section: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Variant:
    """A second value the source gives for a field, where it disagrees with itself."""

    field: str
    value: str
    note: str
    sources: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Role:
    title: str
    organisation: str | None = None
    start: int | None = None
    end: int | None = None
    attested: tuple[int, ...] = ()  # years in which the source shows the person in the role
    note: str | None = None
    sources: tuple[Citation, ...] = ()

    def active_in(self, year: int) -> bool | None:
        """True/False when the tenure is known well enough to say; None when it is not.
        A known start with no end is a tenure that is still running."""
        if year in self.attested:
            return True
        if self.start is not None:
            return self.start <= year and (self.end is None or year <= self.end)
        if self.end is not None and year > self.end:
            return False
        return None


@dataclass(frozen=True, slots=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Record:
    """Fields every record has. `first`/`last` are the inclusive day interval derived
    from the record's own dates at load time (None for undated records)."""

    KIND: ClassVar[str] = "record"
    id: str

    @property
    def label(self) -> str:
        return getattr(self, "name", None) or getattr(self, "title", None) or getattr(self, "description", "") or self.id

    def to_dict(self) -> dict[str, Any]:
        """The record as it appears in the knowledge-base file (derived fields left out)."""
        return _to_plain(self)


DERIVED = frozenset({"first", "last"})


def _to_plain(obj: Any) -> Any:
    if isinstance(obj, (Record, Citation, Variant, Role, Coordinates)):
        out = {}
        for f in fields(obj):
            if f.name in DERIVED:
                continue
            out[f.name] = _to_plain(getattr(obj, f.name))
        return out
    if isinstance(obj, tuple):
        return [_to_plain(x) for x in obj]
    return obj


@dataclass(frozen=True, slots=True)
class Source(Record):
    KIND: ClassVar[str] = "source"
    name: str = ""
    kind: str = ""
    description: str = ""
    date: str | None = None
    organisation: str | None = None
    people: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    url: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Phase(Record):
    KIND: ClassVar[str] = "phase"
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


@dataclass(frozen=True, slots=True)
class Event(Record):
    KIND: ClassVar[str] = "event"
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


@dataclass(frozen=True, slots=True)
class Person(Record):
    KIND: ClassVar[str] = "person"
    name: str = ""
    aliases: tuple[str, ...] = ()
    side: str = ""
    roles: tuple[Role, ...] = ()
    summary: str = ""
    notes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Organisation(Record):
    KIND: ClassVar[str] = "organisation"
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


@dataclass(frozen=True, slots=True)
class Place(Record):
    KIND: ClassVar[str] = "place"
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


@dataclass(frozen=True, slots=True)
class Talk(Record):
    KIND: ClassVar[str] = "talk"
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


@dataclass(frozen=True, slots=True)
class Figure(Record):
    KIND: ClassVar[str] = "figure"
    category: str = ""
    description: str = ""
    qualifier: str = ""
    count: int | None = None
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

    @property
    def label(self) -> str:
        return self.description


# The top-level lists of a knowledge-base file, in the order they are shown.
KINDS: dict[str, type[Record]] = {
    "events": Event,
    "people": Person,
    "organisations": Organisation,
    "places": Place,
    "talks": Talk,
    "figures": Figure,
    "phases": Phase,
    "sources": Source,
}


@dataclass(slots=True)
class KnowledgeBase:
    """Every record of one knowledge-base file, and an index by id. Built once per process."""

    path: str
    events: tuple[Event, ...] = ()
    people: tuple[Person, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    places: tuple[Place, ...] = ()
    talks: tuple[Talk, ...] = ()
    figures: tuple[Figure, ...] = ()
    phases: tuple[Phase, ...] = ()
    sources: tuple[Source, ...] = ()
    by_id: dict[str, Record] = field(default_factory=dict)
    # Indexes derived from the records (search index...), built on first use.
    cache: dict[str, Any] = field(default_factory=dict)

    def collection(self, kind: str) -> tuple[Record, ...]:
        return getattr(self, kind)  # type: ignore[no-any-return]

    def records(self) -> Iterator[Record]:
        for kind in KINDS:
            yield from self.collection(kind)

    def get(self, record_id: str) -> Record | None:
        return self.by_id.get(record_id)

"""The data model: one immutable record type per kind of record, and the KnowledgeBase
that holds them. Nothing here reads files or prints; `store` builds these from JSON.

Records are `typing.NamedTuple`s rather than dataclasses: they are as immutable, but
creating the classes costs a third as much at start-up, and instances are smaller and
faster to build and to unpickle, which counts with a hundred thousand events."""


import datetime as _dt
from typing import Any, Iterator, NamedTuple, Union

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


class Coordinates(NamedTuple):
    lat: float
    lon: float


class Source(NamedTuple):
    KIND = "source"
    id: str = ""
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


class Phase(NamedTuple):
    KIND = "phase"
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
    id: str = ""
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


Record = Union[Event, Person, Organisation, Place, Talk, Figure, Phase, Source]
RECORD_TYPES: tuple[type, ...] = (Event, Person, Organisation, Place, Talk, Figure, Phase, Source)
# Fields derived at load time, not written in the file.
DERIVED = frozenset({"first", "last"})


def _label(record: Any) -> str:
    return getattr(record, "name", None) or getattr(record, "title", None) or getattr(record, "description", "") or record.id


def _to_dict(record: Any) -> dict[str, Any]:
    """The record as it appears in the knowledge-base file (derived fields left out)."""
    return {name: _to_plain(value) for name, value in zip(record._fields, record) if name not in DERIVED}


def _to_plain(value: Any) -> Any:
    kind = type(value)
    if kind is tuple:
        # most tuples are ids or notes: strings need no conversion
        return [v if type(v) is str else _to_plain(v) for v in value]
    if kind in _NESTED:
        return {name: _to_plain(v) for name, v in zip(value._fields, value)}
    return value


_NESTED = (Citation, Variant, Role, Coordinates)


# Every kind of record shares `label` (its name, title or description) and `to_dict()`.
for _cls in RECORD_TYPES:
    _cls.label = property(_label)  # type: ignore[attr-defined]
    _cls.to_dict = _to_dict  # type: ignore[attr-defined]

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


class KnowledgeBase:
    """Every record of one knowledge-base file, and an index by id. Built once per process."""

    def __init__(self, path: str = "", **collections: tuple[Any, ...]) -> None:
        self.path = path
        self.events: tuple[Event, ...] = collections.get("events", ())
        self.people: tuple[Person, ...] = collections.get("people", ())
        self.organisations: tuple[Organisation, ...] = collections.get("organisations", ())
        self.places: tuple[Place, ...] = collections.get("places", ())
        self.talks: tuple[Talk, ...] = collections.get("talks", ())
        self.figures: tuple[Figure, ...] = collections.get("figures", ())
        self.phases: tuple[Phase, ...] = collections.get("phases", ())
        self.sources: tuple[Source, ...] = collections.get("sources", ())
        self.by_id: dict[str, Any] = {r.id: r for r in self.records()}
        # Indexes derived from the records (search index...), built on first use.
        self.cache: dict[str, Any] = {}

    def collection(self, kind: str) -> tuple[Any, ...]:
        return getattr(self, kind)  # type: ignore[no-any-return]

    def records(self) -> Iterator[Any]:
        for kind in KINDS:
            yield from self.collection(kind)

    def get(self, record_id: str) -> Any:
        return self.by_id.get(record_id)

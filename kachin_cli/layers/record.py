"""The recorded event: one row of an event dataset, in one shape whatever the format.

Precision codes follow UCDP's codebook in every layer (ACLED's are mapped onto them by
`acled.py`), so one vocabulary describes when and where an event is known to have happened."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import msgspec

KIND = "recorded"

DATE_PRECISION = {1: "exact day", 2: "a span of 2-6 days", 3: "a week", 4: "a month",
                  5: "more than a month, within the year"}
WHERE_PRECISION = {1: "exact location", 2: "within 25 km of the location", 3: "the district (second-order division)",
                   4: "the province or state", 5: "a linear feature or a larger area", 6: "the country only",
                   7: "international waters or airspace"}
CLARITY = {1: "clear: one event, clearly described", 2: "an aggregate of reports UCDP could not separate"}
VIOLENCE = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}
# A location known this precisely (UCDP where_prec) may be linked to a place by its name;
# by distance only when within 25 km at most.
NAME_LINK_PRECISION = 3
DISTANCE_LINK_PRECISION = 2
# Country-level rows (and waters) carry no place: UCDP puts them at the country's centroid.
UNPLACED_PRECISION = 6


class RecordedEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One recorded event. Counts are None where the dataset has none (ACLED gives one
    number of fatalities, no low/high and no split by side)."""

    id: str  # "ucdp-<id>", "acled-<event_id_cnty>"
    source: str  # the dataset: "ucdp-ged" or "acled"
    source_id: str
    date_start: _dt.date
    date_end: _dt.date
    date_prec: int | None = None
    year: int | None = None
    conflict_id: int | None = None
    conflict_name: str = ""
    dyad_name: str = ""
    type_of_violence: int | None = None
    event_type: str = ""
    side_a: str = ""
    side_b: str = ""
    place: str = ""
    where_description: str = ""
    adm_1: str = ""
    adm_2: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    where_prec: int | None = None
    deaths_a: int | None = None
    deaths_b: int | None = None
    deaths_civilians: int | None = None
    deaths_unknown: int | None = None
    low: int | None = None
    best: int | None = None
    high: int | None = None
    event_clarity: int | None = None
    number_of_sources: int | None = None
    source_article: str = ""
    source_office: str = ""
    source_date: str = ""
    source_headline: str = ""
    source_original: str = ""
    notes: str = ""

    KIND = KIND

    @property
    def label(self) -> str:
        deaths = "deaths unknown" if self.best is None else f"{self.best:,} killed"
        sides = " vs ".join(s for s in (self.side_a, self.side_b) if s)
        return f"{deaths}: {sides}" if sides else deaths

    @property
    def placed(self) -> bool:
        """Whether the coordinates say where it happened (not a country's centroid)."""
        return (self.latitude is not None and self.longitude is not None
                and (self.where_prec is None or self.where_prec < UNPLACED_PRECISION))

    def to_dict(self) -> dict[str, Any]:
        out = {f: getattr(self, f) for f in self.__struct_fields__}
        out["date_start"] = self.date_start.isoformat()
        out["date_end"] = self.date_end.isoformat()
        return out


FIELDS: tuple[str, ...] = RecordedEvent.__struct_fields__

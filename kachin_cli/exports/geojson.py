"""Records -> an RFC 7946 GeoJSON FeatureCollection.

A place is a Point at its own coordinates; an event or a talk is placed at the coordinates
of the places it names (a MultiPoint when there are several). Coordinates are never
inherited from a containing place and never taken from a country, a state or a region:
a record that has no place precise enough is left out, and `note()` says how many were.
Positions are [longitude, latitude], as RFC 7946 orders them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kachin_cli import model
from kachin_cli.exports import date_precision
from kachin_cli.query import located_places, point_of


def _dates(record: Any) -> dict[str, Any]:
    if isinstance(record, model.Phase):
        return {"date": record.start, "end_date": record.end}
    if hasattr(record, "date"):
        return {"date": record.date, "end_date": getattr(record, "end_date", None),
                "date_note": getattr(record, "date_note", None)}
    return {}


def feature(kb: model.KnowledgeBase, record: Any) -> dict[str, Any] | None:
    places = located_places(kb, record)
    if not places:
        return None
    points = [list(point_of(p)) for p in places]  # type: ignore[arg-type]
    geometry = ({"type": "Point", "coordinates": points[0]} if len(points) == 1
                else {"type": "MultiPoint", "coordinates": points})
    dates = _dates(record)
    # `precision` says what the point stands for: the approximate centre of a named town
    # or city (never where in it something happened), and how exactly the date is known.
    props: dict[str, Any] = {"id": record.id, "record": record.KIND, "name": record.label, **dates,
                             "precision": {"location": "approximate centre of the named "
                                           + " and ".join(dict.fromkeys(p.kind for p in places)),
                                           "date": date_precision(dates.get("date"))},
                             "places": [{"id": p.id, "name": p.name, "kind": p.kind} for p in places]}
    if isinstance(record, model.Place):
        props["kind"] = record.kind
    return {"type": "Feature", "id": record.id, "geometry": geometry, "properties": props}


def dumps(kb: model.KnowledgeBase, records: Sequence[Any]) -> str:
    features = [f for f in (feature(kb, r) for r in records) if f is not None]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=True, indent=1) + "\n"


def note(kb: model.KnowledgeBase, records: Sequence[Any]) -> str | None:
    """The stderr line for the records left out, or None when none was."""
    missing = sum(1 for r in records if not located_places(kb, r))
    if not missing:
        return None
    return (f"{missing} of {len(records)} records left out of the GeoJSON: no place with coordinates "
            "(countries, states and regions are never drawn as points).")

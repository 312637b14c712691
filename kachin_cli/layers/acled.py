"""ACLED exports, read by column name: the older column set (with `data_id`,
`event_id_no_cnty`, dates like `31 January 2012`) and the newer one (with
`disorder_type`, `civilian_targeting`, dates like `2012-01-31`).

ACLED's terms forbid redistributing its data: nothing from ACLED ships with kachin; a
user imports their own export. The rows of the Kachin conflict are those with an actor
that is the KIA or the KIO, or located in Kachin State (`admin1`).

ACLED's precision codes are mapped onto UCDP's, so one vocabulary describes every layer:
time_precision 1 (day) -> 1, 2 (week) -> 3, 3 (month) -> 4; geo_precision 1 (the town)
-> 1, 2 (near it, or part of a region) -> 2, 3 (only a larger region) -> 5."""

from __future__ import annotations

from collections.abc import Iterator

from kachin_cli.errors import DataError
from kachin_cli.layers.table import CsvFile, Report, Skip, code_of, coordinate_of, date_of, int_of, where_filter

SOURCE = "acled"
NAME = "ACLED"
PREFIX = "acled-"
REQUIRED = ("event_id_cnty", "event_date", "year", "time_precision", "event_type", "actor1", "actor2",
            "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source",
            "notes", "fatalities")
SIGNATURE = ("event_id_cnty", "actor1", "fatalities", "geo_precision")
DATE_PREC = {1: 1, 2: 3, 3: 4}
WHERE_PREC = {1: 1, 2: 2, 3: 5}
KACHIN_ACTORS = ("kachin independence", "kia", "kio")


def claims(header: list[str]) -> bool:
    return sum(c in header for c in SIGNATURE) >= 2


def _kachin_actor(text: str) -> bool:
    t = text.lower()
    if "kachin independence" in t:
        return True
    words = t.replace("(", " ").replace(")", " ").replace(":", " ").replace(",", " ").split()
    return "kia" in words or "kio" in words


def rows(table: CsvFile, report: Report, *, all_rows: bool = False,
         where: list[tuple[str, str]] = ()) -> Iterator:  # type: ignore[assignment]
    from kachin_cli.layers.record import RecordedEvent

    missing = table.missing(REQUIRED)
    if missing:
        raise DataError(f"{table.shown} looks like an ACLED export but lacks the columns: {', '.join(missing)}")
    col = {name: i for i, name in enumerate(table.header)}
    actors = [col[c] for c in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2") if c in col]
    i_admin1 = col["admin1"]
    conditions = where_filter(table.header, list(where), table.path)
    for line, row in table.rows():
        report.read += 1
        if not all_rows and "kachin" not in row[i_admin1].lower() and not any(_kachin_actor(row[i]) for i in actors):
            report.outside += 1
            continue
        if conditions and any(row[i].strip().casefold() != v for i, v in conditions):
            report.filtered += 1
            continue
        try:
            event = _event(RecordedEvent, col, row)
        except Skip as why:
            report.skip(line, str(why))
            continue
        yield event


def _event(cls: type, col: dict[str, int], row: list[str]) -> object:
    def v(name: str) -> str:
        return row[col[name]].strip() if name in col else ""

    source_id = v("event_id_cnty")
    if not source_id or len(source_id) > 40 or not source_id.replace("-", "").isalnum():
        raise Skip("event_id_cnty is not an ACLED event id")
    day = date_of(v("event_date"), "event_date")
    time_prec = code_of(v("time_precision"), "time_precision", range(1, 4))
    geo_prec = code_of(v("geo_precision"), "geo_precision", range(1, 4))
    fatalities = int_of(v("fatalities"), "fatalities")
    return cls(
        id=PREFIX + source_id, source=SOURCE, source_id=source_id, date_start=day, date_end=day,
        date_prec=DATE_PREC.get(time_prec) if time_prec else None, year=int_of(v("year"), "year"),
        event_type=" / ".join(x for x in (v("event_type"), v("sub_event_type")) if x),
        side_a=v("actor1"), side_b=v("actor2"), place=v("location"),
        where_description=", ".join(x for x in (v("admin3"), v("admin2"), v("admin1")) if x),
        adm_1=v("admin1"), adm_2=v("admin2"), country=v("country"),
        latitude=coordinate_of(v("latitude"), "latitude", 90),
        longitude=coordinate_of(v("longitude"), "longitude", 180),
        where_prec=WHERE_PREC.get(geo_prec) if geo_prec else None, best=fatalities,
        source_office=v("source"), notes=v("notes"))

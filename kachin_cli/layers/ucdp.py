"""UCDP's Georeferenced Event Dataset (GED) and its candidate events, read by column name.

Both publish the same columns (candidate events add a few of their own, which are ignored),
so one reader serves them. The rows of the Kachin conflict are those of UCDP conflict 231
("Myanmar (Burma): Kachin") and those located in Kachin State (`adm_1`)."""

from __future__ import annotations

from collections.abc import Iterator

from kachin_cli.errors import DataError
from kachin_cli.layers.table import (
    CsvFile,
    Report,
    Skip,
    code_of,
    coordinate_of,
    date_of,
    int_of,
    shown,
    where_filter,
)

SOURCE = "ucdp-ged"
NAME = "UCDP GED"
PREFIX = "ucdp-"
KACHIN_CONFLICT = 231
# The columns a file must have to be read as UCDP events (the 49 of GED, less those
# kachin does not use: dataset ids, priogrid, geometry text, Gleditsch-Ward numbers).
REQUIRED = ("id", "year", "type_of_violence", "conflict_new_id", "conflict_name", "dyad_name", "side_a",
            "side_b", "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
            "source_original", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2",
            "latitude", "longitude", "country", "event_clarity", "date_prec", "date_start", "date_end",
            "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low")
# Enough to tell that a file means to be UCDP's (then missing columns are named).
SIGNATURE = ("where_prec", "best", "dyad_name")


def claims(header: list[str]) -> bool:
    return sum(c in header for c in SIGNATURE) >= 2


def rows(table: CsvFile, report: Report, *, all_rows: bool = False,
         where: list[tuple[str, str]] = ()) -> Iterator:  # type: ignore[assignment]
    """The file's events, kept rows only; `report` counts the rest as it goes."""
    from operator import itemgetter

    from kachin_cli.layers.record import RecordedEvent

    missing = table.missing(REQUIRED)
    if missing:
        raise DataError(f"{table.shown} looks like UCDP GED but lacks the columns: {', '.join(missing)}")
    col = {name: i for i, name in enumerate(table.header)}
    values = itemgetter(*(col[c] for c in REQUIRED))  # the columns used, in REQUIRED's order
    conditions = where_filter(table.header, list(where), table.path)
    i_conflict, i_adm1 = col["conflict_new_id"], col["adm_1"]
    kachin = str(KACHIN_CONFLICT)
    for line, row in table.rows():
        report.read += 1
        if not all_rows and row[i_conflict].strip() != kachin and "kachin" not in row[i_adm1].lower():
            report.outside += 1
            continue
        if conditions and any(row[i].strip().casefold() != v for i, v in conditions):
            report.filtered += 1
            continue
        try:
            event = _event(RecordedEvent, [v.strip() for v in values(row)])
        except Skip as why:
            report.skip(line, str(why))
            continue
        yield event


def _event(cls: type, v: list[str]) -> object:
    """One event from the values of the REQUIRED columns, in that order."""
    (source_id, year, violence, conflict, conflict_name, dyad, side_a, side_b, n_sources, article, office,
     source_date, headline, original, where_prec, place, description, adm_1, adm_2, lat, lon, country, clarity,
     date_prec, date_start, date_end, deaths_a, deaths_b, deaths_civilians, deaths_unknown, best, high, low) = v
    if not source_id.isdigit():
        raise Skip(f"id {shown(source_id)} is not a UCDP event id")
    start, end = date_of(date_start, "date_start"), date_of(date_end, "date_end")
    if end < start:
        raise Skip(f"date_end {end} is before date_start {start}")
    return cls(
        id=PREFIX + source_id, source=SOURCE, source_id=source_id, date_start=start, date_end=end,
        date_prec=code_of(date_prec, "date_prec", range(1, 6)), year=int_of(year, "year"),
        conflict_id=int_of(conflict, "conflict_new_id"), conflict_name=conflict_name, dyad_name=dyad,
        type_of_violence=code_of(violence, "type_of_violence", range(1, 4)),
        side_a=side_a, side_b=side_b, place=place, where_description=description, adm_1=adm_1, adm_2=adm_2,
        country=country, latitude=coordinate_of(lat, "latitude", 90),
        longitude=coordinate_of(lon, "longitude", 180), where_prec=code_of(where_prec, "where_prec", range(1, 8)),
        event_clarity=code_of(clarity, "event_clarity", range(1, 3)),
        number_of_sources=int_of(n_sources, "number_of_sources", low=-1),
        source_article=article, source_office=office, source_date=source_date, source_headline=headline,
        source_original=original, deaths_a=int_of(deaths_a, "deaths_a"), deaths_b=int_of(deaths_b, "deaths_b"),
        deaths_civilians=int_of(deaths_civilians, "deaths_civilians"),
        deaths_unknown=int_of(deaths_unknown, "deaths_unknown"), low=int_of(low, "low"), best=int_of(best, "best"),
        high=int_of(high, "high"))


def read(path: str, **options: object) -> tuple[list, Report]:
    """Every kept event of a UCDP file, and what reading it found."""
    report = Report()
    table = CsvFile(path)
    if not claims(table.header):
        table.close()
        raise DataError(f"{table.shown} is not a UCDP GED file")
    events = list(rows(table, report, **options))  # type: ignore[arg-type]
    return events, report

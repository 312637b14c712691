"""Recorded events (rows of UCDP, ACLED and other layers) as tables, words, JSON and CSV.

Beside render.py and built with its pieces (Listing, Column, txt): every value enters
Rich as inert text. Never reads files; the layers arrive as rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kachin_cli import model, query
from kachin_cli.render import (
    PARTY_WORDS,
    Column,
    Listing,
    _group,
    _table,
    date_span,
    figure_value,
    main_cell,
    struct_fields,
    txt,
)
from kachin_cli.safe import to_json

if TYPE_CHECKING:
    from rich.console import RenderableType

UCDP_CREDIT = ("Recorded events: UCDP Georeferenced Event Dataset (GED), the release covering 1989-2023, "
               "Uppsala Conflict Data Program, Department of Peace and Conflict Research, Uppsala University. "
               "Sundberg, Ralph and Erik Melander (2013), Introducing the UCDP Georeferenced Event Dataset, "
               "Journal of Peace Research 50(4): 523-532; Davies, Shawn, Therése Pettersson and Magnus Öberg "
               "(2023), Organized violence 1989-2022, and the return of conflict between states, Journal of "
               "Peace Research 60(4): 691-708.")


def _n(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def span(e: Any) -> str:
    if e.date_start == e.date_end:
        return e.date_start.isoformat()
    return f"{e.date_start.isoformat()} to {e.date_end.isoformat()}"


def when(e: Any) -> str:
    from kachin_cli.layers.record import DATE_PRECISION

    prec = DATE_PRECISION.get(e.date_prec) if e.date_prec is not None else None
    return f"{span(e)} ({prec})" if prec else span(e)


_DATED = {2: "dated to 2-6 days", 3: "dated to a week", 4: "dated to a month", 5: "dated within the year"}
_PLACED = {2: "placed within 25 km", 3: "placed at the district", 4: "placed at the province",
           5: "placed at a larger area", 6: "placed at the country only", 7: "at sea or in the air"}


def precision(e: Any) -> str:
    """How loosely a listing row is dated and placed ('' for an exact day and location)."""
    return "; ".join(x for x in (_DATED.get(e.date_prec or 1), _PLACED.get(e.where_prec or 1)) if x)


def where(e: Any, with_precision: bool = True) -> str:
    from kachin_cli.layers.record import UNPLACED_PRECISION, WHERE_PRECISION

    if e.where_prec is not None and e.where_prec >= UNPLACED_PRECISION:
        return f"{e.country or 'unknown'} ({WHERE_PRECISION[e.where_prec]}: no place given)"
    admin = ", ".join(x for x in (e.adm_2, e.adm_1) if x and x != e.place)
    place = e.place + (f" ({admin})" if admin else "")
    prec = WHERE_PRECISION.get(e.where_prec) if e.where_prec is not None and with_precision else None
    return f"{place}; precision: {prec}" if prec else place


def deaths(e: Any) -> str:
    if e.best is None:
        return "deaths unknown"
    if e.low is None and e.high is None:
        return f"{e.best:,} killed"
    if e.low == e.best == e.high:
        return f"{e.best:,} killed"
    return f"{e.best:,} killed (low {_n(e.low)}, high {_n(e.high)})"


def _sides(e: Any) -> str:
    return " vs ".join(s for s in (e.side_a, e.side_b) if s)


def recorded_dict(kb: model.KnowledgeBase, e: Any, layer: str) -> dict[str, Any]:
    """The `recorded` record of the JSON contract."""
    return {"record": "recorded", "layer": layer, **e.to_dict(),
            "places": [{"id": p.id, "how": how} for p, how in query.place_links(kb, e)]}


def _csv_columns(kb: model.KnowledgeBase, layer_of: dict[str, str]) -> list[Column]:
    from kachin_cli.layers.record import FIELDS

    def field(name: str) -> Column:
        def value(e: Any) -> str:
            v = getattr(e, name, None)
            return "" if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v)
        return Column(name, value, table=False)

    return [Column("record", lambda e: "recorded", table=False),
            Column("layer", lambda e: layer_of.get(e.id, ""), table=False),
            *(field(f) for f in FIELDS),
            Column("places", lambda e: "; ".join(p.id for p, _ in query.place_links(kb, e)), table=False)]


def recorded_listing(kb: model.KnowledgeBase, rows: Sequence[Any], layer_of: dict[str, str]) -> Listing:
    def cell(e: Any) -> Any:
        return main_cell(deaths(e), _sides(e), where(e, False), precision(e), rid=e.id)

    return Listing("recorded events", [
        Column("Date", span, style="cyan", min_width=10, max_width=12, export=False),
        Column("Recorded event", deaths, cell=cell, ratio=1, export=False, ids=lambda e: e.id),
        Column("Layer", lambda e: layer_of.get(e.id, ""), no_wrap=True, export=False),
        *_csv_columns(kb, layer_of),
    ], rows, json_of=lambda e: recorded_dict(kb, e, layer_of.get(e.id, "")))


def mixed_listing(kb: model.KnowledgeBase, rows: Sequence[Any], layer_of: dict[str, str]) -> Listing:
    """The narrative's events and recorded ones interleaved, each row marked with its layer."""
    def is_event(r: Any) -> bool:
        return isinstance(r, model.Event)

    def cell(r: Any) -> Any:
        if is_event(r):
            return main_cell(r.title, r.summary, rid=r.id)
        return main_cell(deaths(r), _sides(r), where(r, False), precision(r), rid=r.id)

    def as_json(r: Any) -> dict[str, Any]:
        if is_event(r):
            return {"record": "event", "layer": "narrative", **r.to_dict()}
        return recorded_dict(kb, r, layer_of.get(r.id, ""))

    def as_row(r: Any) -> dict[str, Any]:
        """A CSV row: the JSON object's fields (a recorded event's places as ids, as its own
        CSV has them)."""
        if is_event(r):
            return {"record": "event", "layer": "narrative", **struct_fields(r)}
        return {**recorded_dict(kb, r, layer_of.get(r.id, "")),
                "places": [p.id for p, _ in query.place_links(kb, r)]}

    return Listing("events", [
        Column("Date", lambda r: date_span(r) if is_event(r) else span(r), style="cyan", min_width=7, max_width=12),
        Column("Event", lambda r: r.title if is_event(r) else deaths(r), cell=cell, ratio=1, ids=lambda r: r.id),
        Column("Layer", lambda r: "narrative" if is_event(r) else layer_of.get(r.id, ""), no_wrap=True),
    ], rows, json_of=as_json, export_of=as_row)


def recorded_footer(layer: str, count: int, best: int, command: str, span: str = "") -> list[str]:
    """Two lines, so that neither runs past a terminal's width where footers are not wrapped."""
    noun = "fatal event" if count == 1 else "fatal events"
    return [f"{'UCDP' if layer == 'ucdp' else layer} records {count:,} {noun} in this range{span}, {best:,} deaths "
            "(best estimate).", f"See them: {command}"]


# ---------------------------------------------------------------- one recorded event


def recorded_view(kb: model.KnowledgeBase, e: Any, layer: str,
                  links: list[tuple[model.Place, str]]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    from kachin_cli.layers.record import CLARITY, VIOLENCE

    head = Text()
    head.append(e.label, style="bold")
    head.append(f"  recorded event {e.id}", style="dim")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def row(name: str, value: str | None) -> None:
        if value:
            grid.add_row(name, txt(value))

    row("Layer", f"{layer} ({e.source})")
    row("When", when(e))
    row("Where", where(e))
    if e.placed:
        row("Coordinates", f"{abs(e.latitude):.4f} {'N' if e.latitude >= 0 else 'S'}, "
                           f"{abs(e.longitude):.4f} {'E' if e.longitude >= 0 else 'W'}")
    elif e.latitude is not None:
        row("Coordinates", f"none: the point {e.latitude}, {e.longitude} in the file is the country's centroid, "
                           "not where it happened")
    if e.where_description and e.where_description != e.place:
        row("Described as", e.where_description)
    row("Conflict", f"{e.conflict_name} (UCDP conflict {e.conflict_id})" if e.conflict_id else e.conflict_name)
    row("Dyad", e.dyad_name)
    row("Violence", VIOLENCE.get(e.type_of_violence) if e.type_of_violence else None)
    row("Event type", e.event_type)
    row("Side A", e.side_a)
    row("Side B", e.side_b)
    row("Deaths", deaths(e) if e.best is not None else "not given")
    if e.low is not None or e.high is not None:
        row("Estimates", f"low {_n(e.low)}, best {_n(e.best)}, high {_n(e.high)}")
    split = [(e.side_a or "side A", e.deaths_a), (e.side_b or "side B", e.deaths_b),
             ("civilians", e.deaths_civilians), ("unknown", e.deaths_unknown)]
    if any(n is not None for _, n in split):
        row("By side", "; ".join(f"{who}: {_n(n)}" for who, n in split if n is not None))
    row("Clarity", CLARITY.get(e.event_clarity) if e.event_clarity else None)
    row("Notes", e.notes)
    parts: list[RenderableType] = [head, grid]
    places = _table(title="Places", show_header=False)
    places.add_column(style="bold", no_wrap=True)
    places.add_column(ratio=1, overflow="fold")
    places.add_column(style="dim", no_wrap=True)
    for p, how in links:
        places.add_row(txt(p.name), txt(how), txt(p.id))
    if links:
        parts.extend((Text(), places))
    srcs = _table(title="Sources", show_header=False)
    srcs.add_column(style="bold", no_wrap=True)
    srcs.add_column(ratio=1, overflow="fold")
    if e.number_of_sources is not None:
        srcs.add_row("Reports", txt("not recorded" if e.number_of_sources < 0 else str(e.number_of_sources)))
    for name, value in (("Articles", e.source_article), ("Outlets", e.source_office), ("Dates", e.source_date),
                        ("Headlines", e.source_headline), ("Original", e.source_original)):
        if value:
            srcs.add_row(name, txt(value))
    credit = txt(UCDP_CREDIT if e.source.startswith("ucdp") else f"From the user's {e.source} file.", "italic")
    return _group(*parts, Text(), srcs, Text(), credit)


def recorded_json(kb: model.KnowledgeBase, e: Any, layer: str, pretty: bool = False) -> str:
    return to_json(recorded_dict(kb, e, layer), pretty)


def place_recorded_table(items: Sequence[tuple[Any, str]], layer_of: dict[str, str]) -> Any:
    t = _table(title="Recorded events at or near it", show_header=False)
    t.add_column(style="cyan", no_wrap=True)
    t.add_column(ratio=3, overflow="fold")
    t.add_column(style="dim", ratio=2, overflow="fold")
    for e, how in items:
        t.add_row(txt(span(e)), txt(f"{deaths(e)}: {_sides(e)}; linked {how}"),
                  txt(f"{e.id} ({layer_of.get(e.id, '')})"))
    return t


# ---------------------------------------------------------------- claims against counts


def _claim(f: model.Figure) -> str:
    who = f"claimed by {f.claimed_by}" if f.claimed_by else "stated in the article"
    return f"{figure_value(f)} ({PARTY_WORDS.get(f.party, f.party)}; {who}) [{f.id}]"


def by_year_table(years: Sequence[query.RecordedYear], layer: str, conflict: int | None) -> Any:
    what = f"UCDP conflict {conflict}" if conflict else layer
    t = _table(title=f"Deaths per year: {what} ({layer}) beside the narrative's claims", title_style="")
    t.add_column("Year", style="cyan", no_wrap=True)
    t.add_column("Events", justify="right", no_wrap=True)
    t.add_column("Low", justify="right", no_wrap=True)
    t.add_column("Best", justify="right", no_wrap=True)
    t.add_column("High", justify="right", no_wrap=True)
    t.add_column("Narrative's claims (killed)", ratio=1, overflow="fold")
    for y in years:
        t.add_row(str(y.year), _n(y.events) if y.events else "", _n(y.low), _n(y.best), _n(y.high),
                  txt("\n".join(_claim(f) for f in y.claims)))
    return t


def by_year_json(years: Sequence[query.RecordedYear], layer: str, source: str, conflict: int | None,
                 pretty: bool = False) -> str:
    return to_json([{"year": y.year,
                     "recorded": {"layer": layer, "source": source, "conflict": conflict, "events": y.events,
                                  "low": y.low, "best": y.best, "high": y.high},
                     "claims": [{"record": "figure", **f.to_dict()} for f in y.claims]} for y in years], pretty)


def by_year_csv(years: Sequence[query.RecordedYear], layer: str) -> str:
    import csv
    import io

    from kachin_cli.safe import csv_cell

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["year", "layer", "events", "low", "best", "high", "claims"])
    for y in years:
        w.writerow([y.year, layer, y.events, _n(y.low).replace(",", ""), _n(y.best).replace(",", ""),
                    _n(y.high).replace(",", ""), csv_cell("; ".join(_claim(f) for f in y.claims))])
    return buf.getvalue()


def layers_table(rows: Sequence[dict[str, Any]]) -> Any:
    t = _table()
    for h in ("Layer", "Source", "Rows", "Period", "Imported", "File"):
        t.add_column(h, no_wrap=h not in ("File",), justify="right" if h == "Rows" else "left", overflow="fold")
    for r in rows:
        if r.get("damaged"):
            t.add_row(txt(r["name"]), "damaged", "", "", "", txt(f"kachin layers remove {r['name']}"))
            continue
        t.add_row(txt(r["name"]), txt(r.get("source", "")), f"{r.get('rows', 0):,}",
                  txt(f"{r.get('first', '?')} to {r.get('last', '?')}"), txt(r.get("imported", "")),
                  txt(r.get("file", "")))
    return t

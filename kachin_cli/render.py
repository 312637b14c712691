"""Records -> Rich renderables, JSON, CSV and Markdown. Never reads files, never prints.

Every piece of data text enters output through `safe.inert()`, inside a Rich `Text`
(never markup), in every format but JSON, whose encoder escapes the real values.
Rich is imported by the functions that build Rich objects only: JSON, CSV and Markdown
output never pay for it."""


import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from kachin_cli import model, query
from kachin_cli.safe import csv_cell, inert, one_line, to_json

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table
    from rich.text import Text


def txt(value: object, style: str = "") -> "Text":
    from rich.text import Text

    return Text(inert(value), style=style)


def _table(**options: Any) -> "Table":
    """A table in the house style: a rule under the header, no outer box."""
    from rich import box
    from rich.table import Table

    defaults: dict[str, Any] = dict(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold",
                                    title_justify="left", title_style="bold")
    defaults.update(options)
    return Table(**defaults)


def _group(*parts: "RenderableType") -> "RenderableType":
    from rich.console import Group

    return Group(*parts)


def _blank() -> "Text":
    return txt("")


# ---------------------------------------------------------------- values


def ongoing(as_of: str | None) -> str:
    """What a period or role with no end is: ongoing as of the knowledge base's last
    revision, never an unqualified "present"."""
    return f"ongoing, as of {as_of}" if as_of else "ongoing; the file gives no revision date"


def date_span(record: model.Record, as_of: str | None = None) -> str:
    """A record's dates; `as_of` is the knowledge base's revision date, for a phase that
    has not ended."""
    start = getattr(record, "date", None) if not isinstance(record, model.Phase) else record.start
    end = getattr(record, "end_date", None) if not isinstance(record, model.Phase) else record.end
    if isinstance(record, model.Figure) and record.cumulative and start:
        return f"since {start}" + (f" to {end}" if end else "")
    if isinstance(record, model.Phase):
        return f"{start} to {end}" if end else f"since {start} ({ongoing(as_of)})"
    if not start:
        return "undated"
    return f"{start} to {end}" if end else start


def number(n: int) -> str:
    return f"{n:,}"


def figure_value(f: model.Figure) -> str:
    """'at least 5,000', '10,000 to 12,000', 'thousands (no number given)', '$40'..."""
    def amount(n: int) -> str:
        if f.unit == "USD":
            return f"${number(n)}"
        return f"{number(n)} {f.unit}" if f.unit else number(n)

    q = f.qualifier
    if q == "unknown":
        return "unknown"
    if q == "vague":
        return f"{f.text} (no number given)"
    if q == "range":
        return f"{amount(f.low or 0)} to {amount(f.high or 0)}"
    n = amount(f.count or 0)
    prefix = {"at_least": "at least ", "more_than": "more than ", "about": "about ",
              "as_little_as": "as little as "}.get(q, "")
    return prefix + n


def year_total(t: query.YearTotal) -> str:
    """A year's lower bound in words: 'at least 6,000', 'about 200', 'no figure', or
    'no number' when its figures give none ('several', 'hundreds')."""
    if t.total is None:
        return "no number" if t.records else "no figure"
    if t.lower_bound and t.approximate:
        return f"about {number(t.total)} or more"
    return ("at least " if t.lower_bound else "about " if t.approximate else "") + number(t.total)


def names(kb: model.KnowledgeBase, ids: Iterable[str]) -> str:
    out = []
    for rid in ids:
        r = kb.get(rid)
        out.append(r.label if r is not None else rid)
    return ", ".join(out)


def years(start: int | None, end: int | None, as_of: str | None = None) -> str:
    """'1961-1975'; 'since 2011, ongoing, as of 2026-11-25' for a tenure with no end;
    '?-1950' when only the end is known."""
    if start is None and end is None:
        return ""
    if start == end:
        return str(start)
    if end is None:
        return f"since {start}, {ongoing(as_of)}"
    return f"{start if start is not None else '?'}-{end}"


def side_label(side: str) -> str:
    return model.SIDE_LABELS.get(side, side)


def role_line(kb: model.KnowledgeBase, r: model.Role) -> str:
    org = kb.get(r.organisation) if r.organisation else None
    title = r.title + (f" ({org.label})" if org is not None and org.label not in r.title else "")
    span = years(r.start, r.end, kb.revised)
    if not span and r.attested:
        span = "in " + ", ".join(str(y) for y in r.attested)
    return f"{title}, {span}" if span else f"{title}, years unknown"


def citation_line(kb: model.KnowledgeBase, c: model.Citation) -> str:
    src = kb.get(c.source)
    name = src.label if src is not None else c.source
    if c.source == "article":
        name = f"Article \u00ab{name}\u00bb"
    parts = [name]
    if src is not None and src.KIND == "source" and src.outlet:
        # one published page: outlet, headline, publication date and address
        parts = [src.outlet, f"\u00ab{name}\u00bb"] + [v for v in (src.date, src.url) if v]
    if c.section:
        parts.append(f"section {c.section!s}" if c.source == "article" else f"cited in {c.section}")
    if c.note:
        parts.append(c.note)
    return ", ".join(parts)


# ---------------------------------------------------------------- listings


class Column(NamedTuple):
    header: str
    value: Callable[[Any], str]  # plain text, for CSV and Markdown (and the table by default)
    table: bool = True  # shown in the table format
    cell: Callable[[Any], "Text"] | None = None  # a richer table cell
    style: str = ""
    no_wrap: bool = False
    ratio: int | None = None
    min_width: int | None = None
    max_width: int | None = None
    export: bool = True  # shown in CSV and Markdown
    plain: Callable[[Any], str] | None = None  # `cell`'s plain text, without building it (tables with no colour)


def _to_dict(record: Any) -> dict[str, Any]:
    return record.to_dict()


class Listing:
    """What a listing command shows: one definition, rendered in every format."""

    def __init__(self, noun: str, columns: list[Column], records: Sequence[Any], *,
                 footer: list[str] | None = None, json_of: Callable[[Any], dict[str, Any]] = _to_dict,
                 extra: list["RenderableType"] | None = None, numbered_from: int | None = None) -> None:
        self.noun = noun  # plural, for 'No events match.'
        self.columns = columns
        self.records = records
        self.footer = footer if footer is not None else []
        self.json_of = json_of
        self.extra = extra if extra is not None else []  # shown after the table
        self.numbered_from = numbered_from  # REPL: row numbers starting here

    def replace(self, **changes: Any) -> "Listing":
        """A copy with some attributes changed (a page of the listing, say)."""
        new = Listing.__new__(Listing)
        new.__dict__.update(self.__dict__, **changes)
        return new

    @property
    def empty_message(self) -> str:
        return f"No {self.noun} match."


def table_of(listing: Listing, styled: bool = True) -> "Table":
    """The listing as a Rich table. Column widths are worked out here from the plain
    values, as Rich would measure them, which spares Rich measuring every cell (a third
    of its time); with colour off, no styles are attached, which spares it splitting them."""
    from rich.text import Text

    table = _columns_of(listing, styled)
    cols = [c for c in listing.columns if c.table]
    for i, r in enumerate(listing.records):
        cells: list[RenderableType] = []
        for c in cols:
            cell = c.cell(r) if c.cell else txt(c.value(r))
            if not styled:
                cell.style, cell.spans = "", []
            cells.append(cell)
        if listing.numbered_from is not None:
            cells.insert(0, Text(str(listing.numbered_from + i)))
        table.add_row(*cells)
    return table


def _columns_of(listing: Listing, styled: bool) -> "Table":
    """The listing's table with its columns and no rows."""
    table = _table(expand=True, highlight=False, header_style="bold" if styled else "")
    records = listing.records
    if listing.numbered_from is not None:
        last = listing.numbered_from + max(len(records) - 1, 0)
        table.add_column("#", justify="right", style="dim" if styled else "", no_wrap=True, width=len(str(last)))
    for c in listing.columns:
        if c.table:
            table.add_column(c.header, style=c.style if styled else "", no_wrap=c.no_wrap, ratio=c.ratio,
                             min_width=c.min_width, max_width=c.max_width, overflow="fold", vertical="top",
                             width=_natural_width(c, records))
    return table


def _plain_cells(listing: Listing) -> Iterator[list[str]]:
    """Each row's cells as the plain text table_of puts in them."""
    cols = [c for c in listing.columns if c.table]
    numbered = listing.numbered_from
    for i, r in enumerate(listing.records):
        cells = [c.plain(r) if c.plain else c.cell(r).plain if c.cell else inert(c.value(r)) for c in cols]
        if numbered is not None:
            cells.insert(0, str(numbered + i))
        yield cells


def _natural_width(column: Column, records: Sequence[Any]) -> int:
    """A flexible column's minimum, or a fixed column's longest line (capped at its
    max_width): what Rich's measurement would give, without measuring each cell."""
    if column.ratio is not None:
        return column.min_width or 1
    longest = max([len(column.header)] + [len(line) for r in records for line in column.value(r).split("\n")])
    if column.max_width is not None:
        longest = min(longest, column.max_width)
    return max(longest, column.min_width or 0)


def render_listing(listing: Listing, styled: bool = True) -> "RenderableType":
    return ListingView(listing, styled)


class ListingView:
    """A listing as shown in a table: its table, what follows it, and its footer. Drawn
    without colour, the table is laid out line by line by `plain_table` (the text Rich
    would print, without rendering every cell), through `plain_text`, which `Output`
    calls when it has no colour to show."""

    def __init__(self, listing: Listing, styled: bool) -> None:
        self.listing = listing
        self.styled = styled

    def _after(self) -> list["RenderableType"]:
        return [*self.listing.extra, *(txt(line, "dim" if self.styled else "") for line in self.listing.footer)]

    def __rich_console__(self, console: "Console", options: "ConsoleOptions") -> "RenderResult":
        yield table_of(self.listing, self.styled)
        yield from self._after()

    def plain_text(self, console: "Console") -> str:
        """Everything, as the text Rich prints with no colour at the console's width."""
        from kachin_cli import plain_table

        table = _columns_of(self.listing, styled=False)
        options = console.options
        drawn = None
        if not self.styled and plain_table.can_draw(table, options):
            drawn = plain_table.lines(table, _plain_cells(self.listing), console, options)
        if drawn is None:
            with console.capture() as captured:
                console.print(self)
            return captured.get()
        text = "\n".join(drawn) + "\n"
        after = self._after()
        if after:
            with console.capture() as captured:
                for part in after:
                    console.print(part)
            text += captured.get()
        return text


def listing_json(listing: Listing, pretty: bool = False) -> str:
    return to_json([listing.json_of(r) for r in listing.records], pretty)


def listing_csv(listing: Listing) -> str:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    cols = [c for c in listing.columns if c.export]
    writer.writerow([c.header.lower().replace(" ", "_") for c in cols])
    for r in listing.records:
        writer.writerow([csv_cell(c.value(r)) for c in cols])
    return buf.getvalue()


def _md_cell(value: str) -> str:
    return one_line(value).replace("\\", "\\\\").replace("|", "\\|")


def listing_markdown(listing: Listing) -> str:
    cols = [c for c in listing.columns if c.export]
    lines = ["| " + " | ".join(c.header for c in cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for r in listing.records:
        lines.append("| " + " | ".join(_md_cell(c.value(r)) for c in cols) + " |")
    lines.extend(f"\n{one_line(f)}" for f in listing.footer)
    return "\n".join(lines) + "\n"


DATE_COLUMN = Column("Date", date_span, style="cyan", min_width=7, max_width=12)


def main_plain(title: str, *lines: str, rid: str | None = None) -> str:
    """main_cell's text, with no styles: for a table drawn without colour."""
    return "\n".join([inert(title), *(inert(line) for line in lines if line), *([inert(rid)] if rid else [])])


def main_cell(title: str, *lines: str, rid: str | None = None) -> "Text":
    """The first cell of a row: the name in bold, its details, and the id on a dim line
    of its own, so ids are never cut and the text gets the width."""
    out = txt(title, "bold")
    for line in lines:
        if line:
            out.append("\n" + inert(line))
    if rid:
        out.append("\n" + inert(rid), style="dim")
    return out


# ---------------------------------------------------------------- per-command listings


def events_listing(kb: model.KnowledgeBase, events: Sequence[model.Event]) -> Listing:
    return Listing("events", [
        DATE_COLUMN,
        Column("Event", lambda e: e.title, cell=lambda e: main_cell(e.title, e.summary, rid=e.id), ratio=1),
        Column("Id", lambda e: e.id, table=False),
        Column("Summary", lambda e: e.summary, table=False),
        Column("Type", lambda e: e.type, table=False),
        Column("Phase", lambda e: e.phase, table=False),
        Column("Places", lambda e: names(kb, e.places), table=False),
        Column("Claimed by", lambda e: e.claimed_by or "", table=False),
    ], events)


def people_listing(kb: model.KnowledgeBase, people: Sequence[model.Person]) -> Listing:
    def name_cell(p: model.Person) -> "Text":
        aka = "also " + ", ".join(p.aliases) if p.aliases else ""
        return main_cell(p.name, aka, rid=p.id)

    return Listing("people", [
        Column("Name", lambda p: p.name, cell=name_cell, ratio=2, min_width=12),
        Column("Id", lambda p: p.id, table=False),
        Column("Side", lambda p: side_label(p.side), no_wrap=True),
        Column("Roles", lambda p: "; ".join(role_line(kb, r) for r in p.roles),
               cell=lambda p: txt("\n".join(role_line(kb, r) for r in p.roles)), ratio=3, min_width=20),
        Column("Aliases", lambda p: ", ".join(p.aliases), table=False),
    ], people, json_of=lambda p: p.to_dict())


def _who(kb: model.KnowledgeBase, t: model.Talk) -> str:
    lines = []
    if t.venue:
        lines.append("at " + names(kb, [t.venue]))
    if t.parties:
        lines.append(names(kb, t.parties))
    if t.mediators:
        lines.append("mediators: " + names(kb, t.mediators))
    if t.observers:
        lines.append("observers: " + names(kb, t.observers))
    if t.people:
        lines.append("people: " + names(kb, t.people))
    return "\n".join(lines)


def talks_listing(kb: model.KnowledgeBase, talks: Sequence[model.Talk]) -> Listing:
    return Listing("talks", [
        DATE_COLUMN,
        Column("Talks", lambda t: t.name,
               cell=lambda t: main_cell(t.name, f"({t.kind.replace('_', ' ')})", _who(kb, t), rid=t.id),
               ratio=1, min_width=14),
        Column("Id", lambda t: t.id, table=False),
        Column("Kind", lambda t: t.kind, table=False),
        Column("Venue", lambda t: names(kb, [t.venue]) if t.venue else "", table=False),
        Column("Parties", lambda t: names(kb, t.parties), table=False),
        Column("Mediators", lambda t: names(kb, t.mediators), table=False),
        Column("Observers", lambda t: names(kb, t.observers), table=False),
        Column("Outcome", lambda t: t.outcome, cell=lambda t: main_cell(t.status.replace("_", " "), t.outcome),
               ratio=1, min_width=16),
        Column("Status", lambda t: t.status, table=False),
        Column("Summary", lambda t: t.summary, table=False),
    ], talks)


def figures_listing(kb: model.KnowledgeBase, figs: Sequence[model.Figure]) -> Listing:
    def claim(f: model.Figure) -> str:
        return f.claimed_by or "(the article)"

    def what(f: model.Figure) -> str:
        return f"{f.category.replace('_', ' ')}\n({f.party})"

    return Listing("figures", [
        DATE_COLUMN,
        Column("Figure", figure_value, cell=lambda f: main_cell(figure_value(f), f.description, rid=f.id),
               ratio=3, min_width=16, plain=lambda f: main_plain(figure_value(f), f.description, rid=f.id)),
        Column("What", what, ratio=1, min_width=10, max_width=16, export=False),
        Column("Id", lambda f: f.id, table=False),
        Column("Description", lambda f: f.description, table=False),
        Column("Category", lambda f: f.category, table=False),
        Column("Qualifier", lambda f: f.qualifier, table=False),
        Column("Count", lambda f: "" if f.count is None else str(f.count), table=False),
        Column("Low", lambda f: "" if f.low is None else str(f.low), table=False),
        Column("High", lambda f: "" if f.high is None else str(f.high), table=False),
        Column("Party", lambda f: f.party, table=False),
        Column("Claimed by", lambda f: f.claimed_by or "", cell=lambda f: txt(claim(f)), ratio=1, min_width=10,
               max_width=18, plain=lambda f: inert(claim(f))),
    ], figs)


# Whose losses a figure counts, in a reader's words.
PARTY_WORDS = {"government": "government side", "kachin": "Kachin side", "civilians": "civilians",
               "mixed": "both sides", "unspecified": "side not given"}


def claims_listing(kb: model.KnowledgeBase, rows: Sequence[query.ClaimRow]) -> Listing:
    """`casualties --by event`: every report of every toll, grouped by event. In a table the
    event and the toll are named on their first row only, so the reports read as a group."""
    def who(f: model.Figure) -> str:
        return f.claimed_by or f"({query.ARTICLE_CLAIM})"

    def toll(r: query.ClaimRow) -> str:
        return f"{r.figure.category.replace('_', ' ')} ({PARTY_WORDS.get(r.figure.party, r.figure.party)})"

    def event_cell(r: query.ClaimRow) -> "Text":
        if not r.first_of_event:
            return txt("")
        if len(r.claimants) == 1:
            said = f"only one claimant: {r.claimants[0]}"
        else:
            said = "claims by: " + ", ".join(r.claimants)
        return main_cell(r.event.title, date_span(r.event), said, rid=r.event.id)

    def toll_cell(r: query.ClaimRow) -> "Text":
        if not r.first_of_toll:
            return txt("")
        reports = f"{r.toll_size} reports" if r.toll_size > 1 else "1 report"
        return txt(f"{toll(r)}\n{reports}")

    def as_json(r: query.ClaimRow) -> dict[str, Any]:
        return {"event": r.event.id, "event_title": r.event.title, "event_date": r.event.date,
                "toll": {"category": r.figure.category, "party": r.figure.party, "reports": r.toll_size},
                "claimants": r.claimants, **r.figure.to_dict()}

    # ids are what a reader copies into `show`: wide enough that none is cut, where the screen allows
    event_width = min(30, max((len(r.event.id) for r in rows), default=16))
    figure_width = min(30, max((len(r.figure.id) for r in rows), default=12))
    return Listing("figures", [
        Column("Event", lambda r: r.event.id, cell=event_cell, ratio=3, min_width=event_width),
        Column("Event title", lambda r: r.event.title, table=False),
        Column("Event date", lambda r: r.event.date, table=False),
        Column("Toll", toll, cell=toll_cell, ratio=1, min_width=11),
        Column("Reports in toll", lambda r: str(r.toll_size), table=False),
        Column("Figure", lambda r: figure_value(r.figure),
               cell=lambda r: main_cell(figure_value(r.figure), date_span(r.figure), rid=r.figure.id),
               ratio=2, min_width=figure_width),
        Column("Id", lambda r: r.figure.id, table=False),
        Column("Claimed by", lambda r: r.figure.claimed_by or "", cell=lambda r: txt(who(r.figure)), ratio=2,
               min_width=14),
        Column("Reported", lambda r: date_span(r.figure), table=False),
        Column("Sources", lambda r: "; ".join(citation_line(kb, c) for c in r.figure.sources), table=False),
    ], rows, json_of=as_json)


# The legend under a per-year chart: what each rule means.
RULE_WORDS = {
    query.RULE_SINGLE: "the year's only figure with a number",
    query.RULE_LARGEST: "the largest single report; reports that may count the same people are never added",
    query.RULE_BY_SIDE: "the largest report of each side (government, Kachin, civilians), added: they count "
                        "different people",
}


def per_year_legend(totals: Sequence[query.YearTotal]) -> list[str]:
    """One footer line per rule the chart used, and how competing reports count."""
    used = {t.rule for t in totals}
    lines = [f"{rule}: {RULE_WORDS[rule]}." for rule in query.RULES if rule in used]
    if any(t.total is None and t.records for t in totals):
        lines.append("no number: the year's figures give none (\"several\", \"hundreds\"), so they add nothing.")
    if any(t.left_out for t in totals):
        lines.append("Competing reports of one event's toll count once, at the smallest.")
    return lines


class YearChart:
    """A per-year chart of lower bounds that fits the width it is drawn at: the bars take
    what the other columns leave (the Figures column goes first when space is short)."""

    MAX_BAR = 50  # wider bars show nothing more

    def __init__(self, totals: Sequence[query.YearTotal], category: str) -> None:
        self.totals = totals
        self.category = category

    def title(self) -> str:
        return f"{self.category.replace('_', ' ').capitalize()} per year"

    def table(self, width: int) -> "Table | None":
        """The chart as a table `width` columns wide; None when its words alone do not fit."""
        totals = self.totals
        values = [year_total(t) for t in totals]
        rules = [t.rule or "" for t in totals]
        counts = [str(len(t.records)) if t.records else "" for t in totals]
        year_w = max(len("Year"), *(len(str(t.year)) for t in totals))
        value_w = max(len("Lower bound"), *map(len, values))
        rule_w = max(len("Rule"), *map(len, rules))
        count_w = max(len("Figures"), *map(len, counts))
        gap = 3  # a column's padding and the divider between columns
        bar_w = width - (year_w + value_w + rule_w + count_w + 4 * gap)
        with_counts = bar_w >= 8
        if not with_counts:
            bar_w += count_w + gap
        if bar_w < 1:
            return None
        bar_w = min(bar_w, self.MAX_BAR)
        top = max((t.total or 0 for t in totals), default=0) or 1
        table = _table(title=self.title(), title_style="")
        table.add_column("Year", style="cyan", no_wrap=True, width=year_w)
        table.add_column("Lower bound", justify="right", no_wrap=True, width=value_w)
        table.add_column("Rule", no_wrap=True, width=rule_w)
        table.add_column("", no_wrap=True, style="red", width=bar_w)
        if with_counts:
            table.add_column("Figures", justify="right", no_wrap=True, width=count_w)
        for t, value, rule, count in zip(totals, values, rules, counts, strict=True):
            bar = "#" * max(1 if t.total else 0, round(bar_w * (t.total or 0) / top))
            cells = [str(t.year), txt(value, "" if t.total is not None else "dim"), rule, bar]
            table.add_row(*cells, *([count] if with_counts else []))
        return table

    def stacked(self, width: int) -> list["Text"]:
        """The chart for a terminal too narrow for its table: a year, its number and rule
        on one line, its bar under it."""
        top = max((t.total or 0 for t in self.totals), default=0) or 1
        bar_w = max(1, min(width, self.MAX_BAR))
        out = [txt(self.title())]
        for t in self.totals:
            out.append(txt(" ".join(v for v in (str(t.year), year_total(t), f"({t.rule})" if t.rule else "") if v)))
            if t.total:
                out.append(txt("#" * max(1, round(bar_w * t.total / top)), "red"))
        return out

    def __rich_console__(self, console: "Console", options: "ConsoleOptions") -> "RenderResult":
        table = self.table(options.max_width)
        if table is not None:
            yield table
        else:
            yield from self.stacked(options.max_width)


def search_listing(kb: model.KnowledgeBase, hits: Sequence[query.Hit]) -> Listing:
    def how(h: query.Hit) -> str:
        return h.match if h.matched in ("text", h.record.label) else f"{h.match}: {h.matched}"

    return Listing("records", [
        Column("Kind", lambda h: h.record.KIND, no_wrap=True),
        Column("Name", lambda h: h.record.label, cell=lambda h: main_cell(h.record.label, rid=h.record.id),
               ratio=3, min_width=16),
        Column("Id", lambda h: h.record.id, table=False),
        Column("Date", lambda h: date_span(h.record, kb.revised) if _dated(h.record) else "", style="cyan",
               max_width=12),
        Column("Match", how, ratio=1, min_width=8),
    ], hits, json_of=lambda h: {"record": h.record.KIND, "match": h.match, **h.record.to_dict()})


def places_listing(kb: model.KnowledgeBase, places: Sequence[model.Place]) -> Listing:
    counts = {p.id: query.events_at(kb, p) for p in places}

    def where(p: model.Place) -> str:
        inside = kb.get(p.within) if p.within else None
        return ", ".join(v for v in (inside.label if inside is not None else "", p.state or "", p.country) if v)

    def coords(p: model.Place) -> str:
        if p.coordinates is None:
            return ""
        return f"{p.coordinates.lat}, {p.coordinates.lon}"

    return Listing("places", [
        Column("Place", lambda p: p.name, cell=lambda p: main_cell(p.name, rid=p.id), ratio=2, min_width=12),
        Column("Id", lambda p: p.id, table=False),
        Column("Kind", lambda p: p.kind, no_wrap=True),
        Column("Where", where, ratio=2, min_width=10),
        Column("Coordinates", coords, no_wrap=True),
        Column("Events", lambda p: str(counts[p.id]), no_wrap=True),
    ], places, json_of=lambda p: {**p.to_dict(), "events": counts[p.id]})


def _dated(r: model.Record) -> bool:
    return isinstance(r, (model.Event, model.Talk, model.Figure, model.Phase))


# ---------------------------------------------------------------- one record


_SKIP = {"id", "sources", "first", "last"}
# Links to other records: shown under their own headings, with ids, after the fields.
_RELATIONS = {"phase", "people", "organisations", "places", "figures", "talks", "events", "venue", "parties",
              "mediators", "observers", "event", "part_of", "parent", "within", "organisation"}


def _field_value(kb: model.KnowledgeBase, record: model.Record, name: str, value: Any) -> str | None:
    if value in (None, (), "", False):
        return None
    if name == "roles":
        return "\n".join(role_line(kb, r) + (f"\n  ({r.note})" if r.note else "") for r in value)
    if name == "side":
        return side_label(value)
    if name == "variants":
        return "\n".join(f"{v.field}: {v.value} ({v.note})" for v in value)
    if name == "coordinates":
        return f"{value.lat}, {value.lon} (approximate)"
    if isinstance(value, tuple):
        if value and isinstance(value[0], str) and all(kb.get(v) is not None for v in value):
            return names(kb, value)
        return "\n".join(str(v) for v in value)
    if isinstance(value, str) and name not in ("id", "date", "end_date", "start", "end") and kb.get(value) is not None:
        return kb.get(value).label
    return str(value)


def record_view(kb: model.KnowledgeBase, record: model.Record,
                related: dict[str, list[model.Record]]) -> "RenderableType":
    from rich.table import Table
    from rich.text import Text

    head = Text()
    head.append(inert(record.label), style="bold")
    head.append(f"  {record.KIND} ", style="dim")
    head.append(inert(record.id), style="dim")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    if _dated(record):
        grid.add_row("When", txt(date_span(record, kb.revised), "cyan"))
    if isinstance(record, model.Figure):
        grid.add_row("Figure", txt(figure_value(record), "bold"))
    skip = _SKIP | _RELATIONS
    if _dated(record):
        skip |= {"date", "end_date", "start", "end"}
    for name, value in model.fields(record):
        if name in skip or value == record.label:
            continue
        shown = _field_value(kb, record, name, value)
        if shown is not None:
            grid.add_row(name.replace("_", " ").capitalize(), txt(shown))
    parts: list[RenderableType] = [head, grid]
    for heading, recs in related.items():
        t = _table(title=heading, show_header=False)
        t.add_column(style="cyan", no_wrap=True)
        t.add_column(ratio=4, overflow="fold")
        t.add_column(style="dim", ratio=2, overflow="fold")
        for r in recs:
            when = date_span(r, kb.revised) if _dated(r) else r.KIND
            t.add_row(txt(when), txt(r.label), txt(r.id))
        parts.extend((Text(), t))
    srcs = getattr(record, "sources", ())
    if srcs and isinstance(srcs[0], model.Citation):
        t = _table(title="Sources", show_header=False)
        t.add_column(overflow="fold")
        for c in srcs:
            t.add_row(txt(citation_line(kb, c)))
        parts.extend((Text(), t))
    return _group(*parts)


def record_json(kb: model.KnowledgeBase, record: model.Record, related: dict[str, list[model.Record]],
                pretty: bool = False) -> str:
    out = {"record": record.KIND, **record.to_dict(),
           "related": {k: [r.id for r in v] for k, v in related.items()}}
    return to_json(out, pretty)


def candidates_table(hits: Sequence[query.Hit]) -> "Table":
    t = _table()
    t.add_column("Kind")
    t.add_column("Name", ratio=3, overflow="fold")
    t.add_column("Id", style="dim", ratio=2, overflow="fold")
    for h in hits:
        t.add_row(txt(h.record.KIND), txt(h.record.label), txt(h.record.id))
    return t


# ---------------------------------------------------------------- about and overview


CREDIT = ("Facts, dates and figures come from the encyclopedia article \u00abKachin conflict\u00bb and the "
          "original reporting it cites; every summary is written afresh in this project's own words.")


def about_view(kb: model.KnowledgeBase, version: str) -> "RenderableType":
    from rich.table import Table

    span = query.period(kb)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("kachin", txt(version))
    grid.add_row("Knowledge base", txt(kb.path))
    if span:
        grid.add_row("Period covered", txt(f"{span[0].isoformat()} to {span[1].isoformat()}"))
    grid.add_row("Last revised", txt(kb.revised or "not stated in the file"))
    counts = _table(title="Records")
    counts.add_column("Kind")
    counts.add_column("Count", justify="right")
    for kind in model.KINDS:
        counts.add_row(kind, str(len(kb.collection(kind))))
    srcs = _table(title="Sources")
    srcs.add_column("Source", style="bold", ratio=2, overflow="fold")
    srcs.add_column("Kind", no_wrap=True)
    srcs.add_column("Covers", no_wrap=True)
    srcs.add_column("Cited by", justify="right", no_wrap=True)
    srcs.add_column("Id", style="dim", ratio=1, overflow="fold")
    cited: dict[str, int] = {}
    for r in kb.records():
        for c in {c.source for c in getattr(r, "sources", ()) if isinstance(c, model.Citation)}:
            cited[c] = cited.get(c, 0) + 1
    for s in kb.sources:
        srcs.add_row(txt(s.name), txt(s.kind), txt(covers(s)), str(cited.get(s.id, 0)), txt(s.id))
    parts: list[RenderableType] = [grid, _blank(), counts, srcs]
    if span:
        parts.append(txt(past_the_data(span[1])))
    return _group(*parts, txt(CREDIT, "italic"))


def covers(s: model.Source) -> str:
    if not (s.covers_from or s.covers_to):
        return ""
    return f"{s.covers_from or '?'} to {s.covers_to or '?'}"


def past_the_data(end: "date") -> str:
    """The footer of a listing whose date range runs past the knowledge base's events."""
    return f"The knowledge base's events end on {end.isoformat()}."


def about_json(kb: model.KnowledgeBase, version: str, pretty: bool = False) -> str:
    span = query.period(kb)
    return to_json({
        "version": version, "path": kb.path,
        "period": {"from": span[0].isoformat(), "to": span[1].isoformat()} if span else None,
        "events_end": span[1].isoformat() if span else None,
        "revised": kb.revised,
        "counts": {k: len(kb.collection(k)) for k in model.KINDS},
        "sources": [s.to_dict() for s in kb.sources], "credit": CREDIT,
    }, pretty)


def overview_view(kb: model.KnowledgeBase) -> "RenderableType":
    phases = _table(title="Phases")
    phases.add_column("Dates", style="cyan", max_width=24)
    phases.add_column("Phase", style="bold")
    phases.add_column("Summary", ratio=3, overflow="fold")
    for p in kb.phases:
        phases.add_row(txt(date_span(p, kb.revised)), txt(p.name), txt(p.summary))
    sides = _table(title="Belligerents and leaders")
    sides.add_column("Side", style="bold", no_wrap=True)
    sides.add_column("Organisations", ratio=1, overflow="fold")
    sides.add_column("Commanders and leaders", ratio=1, overflow="fold")
    for side in ("government", "kachin"):
        orgs = [o.name for o in kb.organisations if o.side == side and o.kind in
                ("armed_forces", "armed_group", "state", "junta", "government", "militia", "political_organisation")]
        ppl = query.people(kb, side=side).people
        sides.add_row(side_label(side), txt(", ".join(orgs)),
                      txt("\n".join(f"{p.name} ({years(*query.tenure(p), kb.revised) or 'years unknown'})"
                                     for p in ppl)))
    figs = _table(title="Strengths and headline figures")
    figs.add_column("Date", style="cyan")
    figs.add_column("Figure", style="bold", no_wrap=True)
    figs.add_column("What", ratio=3, overflow="fold")
    shown = [f for f in kb.figures if f.category == "troop_strength"]
    shown += [f for f in query.headline_figures(kb) if f not in shown]
    for f in shown:
        figs.add_row(txt(date_span(f) if f.date else "undated"), txt(figure_value(f)), txt(f.description))
    return _group(phases, sides, figs,
                  txt("See `kachin timeline`, `kachin commanders`, `kachin ceasefire` and `kachin casualties` "
                      "for the details.", "dim"))


def overview_json(kb: model.KnowledgeBase, pretty: bool = False) -> str:
    return to_json({
        "phases": [p.to_dict() for p in kb.phases],
        "belligerents": {side: [o.id for o in kb.organisations if o.side == side] for side in model.SIDES},
        "commanders": {side: [p.id for p in query.people(kb, side=side).people] for side in model.SIDES},
        "figures": [f.to_dict() for f in kb.figures if f.category == "troop_strength"]
        + [f.to_dict() for f in query.headline_figures(kb) if f.category != "troop_strength"],
    }, pretty)


def problems_view(path: str, problems: Sequence[str]) -> str:
    n = len(problems)
    lines = [one_line(p) for p in problems]
    lines.append(f"{one_line(path)}: {n} problem{'s' if n != 1 else ''}")
    return "\n".join(lines) + "\n"

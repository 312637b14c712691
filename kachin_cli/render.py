"""Records -> Rich renderables, JSON, CSV and Markdown. Never reads files, never prints.

Every piece of data text enters output through `safe.inert()`, inside a Rich `Text`
(never markup), in every format but JSON, whose encoder escapes the real values.
Rich is imported by the functions that build Rich objects only: JSON, CSV and Markdown
output never pay for it."""


import io
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from kachin_cli import model, query
from kachin_cli.safe import FORMULA_STARTS, csv_cell, inert, one_line, to_json

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


def whole_lines(renderable: Any) -> Any:
    """Mark a renderable whose lines are never cut at the screen's edge (output.Output
    reads the mark): an id wider than the screen is shown whole."""
    renderable.whole_lines = True
    return renderable


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


def words(value: str) -> str:
    """A value of the data's vocabulary as a reader says it: 'unilateral_ceasefire' ->
    'unilateral ceasefire'."""
    return value.replace("_", " ")


# Plurals whose singular no rule finds; a word the same in both is its own singular.
_SINGULAR = {"people": "person", "children": "child", "headquarters": "headquarters", "police": "police"}


def unit_of(n: int, unit: str) -> str:
    """A unit agreeing with its number: '1 helicopter', '2 helicopters', '1 soldier admitted
    to hospital'. The plural noun is the last word, or else the first ('soldiers admitted...')."""
    if n != 1:
        return unit
    parts = unit.split(" ")
    for i in (len(parts) - 1, 0):
        word = parts[i]
        if word.lower() in _SINGULAR:
            parts[i] = _SINGULAR[word.lower()]
            return " ".join(parts)
        if word.endswith("ies") and len(word) > 4:
            parts[i] = word[:-3] + "y"
            return " ".join(parts)
        if word.endswith("s") and not word.endswith("ss") and len(word) > 2 and word[-2].islower():
            parts[i] = word[:-1]
            return " ".join(parts)
    return unit


def figure_value(f: model.Figure) -> str:
    """'at least 5,000', '10,000 to 12,000', 'thousands (no number given)', '$40'..."""
    def amount(n: int) -> str:
        if f.unit == "USD":
            return f"${number(n)}"
        return f"{number(n)} {unit_of(n, f.unit)}" if f.unit else number(n)

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
    export: bool = True  # shown in CSV and Markdown (by a listing without `export_of`)
    ids: Callable[[Any], str] | None = None  # the id the cell shows: never wrapped, never cut
    plain: Callable[[Any], str] | None = None  # `cell`'s plain text, without building it (tables with no colour)


def _to_dict(record: Any) -> dict[str, Any]:
    return record.to_dict()


class Listing:
    """What a listing command shows: one definition, rendered in every format."""

    def __init__(self, noun: str, columns: list[Column], records: Sequence[Any], *,
                 footer: list[str] | None = None, json_of: Callable[[Any], dict[str, Any]] = _to_dict,
                 extra: list["RenderableType"] | None = None, numbered_from: int | None = None,
                 export_of: Callable[[Any], dict[str, Any]] | None = None) -> None:
        self.noun = noun  # plural, for 'No events match.'
        self.columns = columns
        self.records = records
        self.footer = footer if footer is not None else []
        self.json_of = json_of
        # The fields of a CSV or Markdown row: the JSON object's, with the records' own values
        # (`export_cell` writes them as text). Without it, the columns marked `export` are used.
        self.export_of = export_of
        self.extra = extra if extra is not None else []  # shown after the table
        self.header: list[str] = []  # lines shown before the table (table and Markdown)
        self.numbered_from = numbered_from  # REPL: row numbers starting here

    def replace(self, **changes: Any) -> "Listing":
        """A copy with some attributes changed (a page of the listing, say)."""
        new = Listing.__new__(Listing)
        new.__dict__.update(self.__dict__, **changes)
        return new

    @property
    def empty_message(self) -> str:
        return f"No {self.noun} match."


def table_of(listing: Listing, styled: bool = True, records: Sequence[Any] | None = None,
             first_number: int | None = None, header: bool = True) -> "Table":
    """The listing as a Rich table. Column widths are worked out here from the plain
    values, as Rich would measure them, which spares Rich measuring every cell (a third
    of its time); with colour off, no styles are attached, which spares it splitting them.
    A column showing ids is at least as wide as its longest id, so that none is cut.
    `records` (a slice of the listing's, numbered from `first_number`) renders one part of
    the table with the widths of the whole: the parts of a long listing line up."""
    from rich.text import Text

    table = _table(expand=True, highlight=False, header_style="bold" if styled else "", show_header=header)
    cols = [c for c in listing.columns if c.table]
    every = listing.records
    shown = every if records is None else records
    number = listing.numbered_from if first_number is None else first_number
    if listing.numbered_from is not None:
        last = listing.numbered_from + max(len(every) - 1, 0)
        table.add_column("#", justify="right", style="dim" if styled else "", no_wrap=True, width=len(str(last)))
    widths = _widths(listing)
    for c in cols:
        table.add_column(c.header, style=c.style if styled else "", no_wrap=c.no_wrap, ratio=c.ratio,
                         min_width=max(c.min_width or 0, widths[c.header][1]) or None, max_width=c.max_width,
                         overflow="fold", vertical="top", width=widths[c.header][0])
    for i, r in enumerate(shown):
        cells: list[RenderableType] = []
        for c in cols:
            cell = c.cell(r) if c.cell else txt(c.value(r))
            if not styled:
                cell.style, cell.spans = "", []
            cells.append(cell)
        if listing.numbered_from is not None:
            cells.insert(0, Text(str((number or 0) + i)))
        table.add_row(*cells)
    return table


def _widths(listing: Listing) -> dict[str, tuple[int, int]]:
    """Each table column's width as table_of sets it, and its longest id (0 for none);
    worked out once per listing."""
    cached = listing.__dict__.get("_widths")
    if cached is None:
        cached = {}
        for c in listing.columns:
            if c.table:
                longest_id = max((len(c.ids(r)) for r in listing.records), default=0) if c.ids else 0
                natural = _natural_width(c, listing.records)
                cached[c.header] = (max(natural, longest_id), longest_id)
        listing.__dict__["_widths"] = cached
    return cached


def _natural_width(column: Column, records: Sequence[Any]) -> int:
    """A flexible column's minimum, or a fixed column's longest line (capped at its
    max_width): what Rich's measurement would give, without measuring each cell."""
    if column.ratio is not None:
        return column.min_width or 1
    longest = max([len(column.header)] + [len(line) for r in records for line in column.value(r).split("\n")])
    if column.max_width is not None:
        longest = min(longest, column.max_width)
    return max(longest, column.min_width or 0)


def _table_minimum(listing: Listing) -> int:
    """The narrowest the listing's table can be with every id whole: the columns' widths
    (a flexible column at its minimum) and the padding between them."""
    widths = _widths(listing)
    cols = [c for c in listing.columns if c.table]
    total = sum(widths[c.header][0] if c.ratio is None else max(c.min_width or 1, widths[c.header][1])
                for c in cols)
    n = len(cols)
    if listing.numbered_from is not None:
        total += len(str(listing.numbered_from + max(len(listing.records) - 1, 0)))
        n += 1
    return total + 3 * (n - 1)  # a space either side of the one between columns, as SIMPLE_HEAD draws them


# Rows rendered at a time for a long listing: the first screen goes out before the rest is drawn.
CHUNK_ROWS = 200


class ListingView:
    """A listing as a Rich renderable that fits the width it is given: a table when every
    id fits whole in it, else one card per record (its fields on `label  value` lines), as
    pgcli's expanded mode and gh's narrow output do. Rendered in parts of CHUNK_ROWS rows
    with the widths of the whole, so that a long listing starts to show at once."""

    def __init__(self, listing: Listing, styled: bool = True) -> None:
        self.listing = listing
        self.styled = styled

    def fits(self, width: int) -> bool:
        return _table_minimum(self.listing) <= width

    def parts(self, width: int) -> Iterable["RenderableType"]:
        listing = self.listing
        records = listing.records
        yield from (txt(line) for line in listing.header)
        if self.fits(width):
            for start in range(0, max(len(records), 1), CHUNK_ROWS):
                number = None if listing.numbered_from is None else listing.numbered_from + start
                yield TablePart(listing, self.styled, start, number, header=start == 0)
        else:
            for i, r in enumerate(records):
                yield card(listing, r, width, self.styled,
                           None if listing.numbered_from is None else listing.numbered_from + i)
        yield from listing.extra
        yield from (txt(line, "dim" if self.styled else "") for line in listing.footer)

    def __rich_console__(self, console: Any, options: Any) -> Iterable["RenderableType"]:
        yield from self.parts(options.max_width)


class TablePart:
    """Rows `start` to `start + CHUNK_ROWS` of a listing's table, with the widths of the
    whole. Drawn without colour, the rows are laid out line by line by `plain_table` (the
    text Rich would print, without Rich rendering every cell: at 100,000 rows that took
    seconds), through `plain_text`, which `Output` calls when it has no colour to show."""

    def __init__(self, listing: Listing, styled: bool, start: int, number: int | None, header: bool) -> None:
        self.listing, self.styled, self.start, self.number, self.header = listing, styled, start, number, header

    def records(self) -> Sequence[Any]:
        return self.listing.records[self.start:self.start + CHUNK_ROWS]

    def __rich_console__(self, console: Any, options: Any) -> Iterable["RenderableType"]:
        yield table_of(self.listing, self.styled, self.records(), self.number, header=self.header)

    def plain_text(self, console: Any) -> str | None:
        """The part as the text Rich prints with no colour at the console's width, or None
        where plain_table cannot vouch for it (Rich draws it then)."""
        if self.styled:
            return None
        from kachin_cli import plain_table

        columns = table_of(self.listing, False, (), header=True)  # the columns and widths, no rows
        options = console.options
        if not plain_table.can_draw(columns, options):
            return None
        drawn = plain_table.lines(columns, self._cells(), console, options)
        if drawn is None:
            return None
        if not self.header:  # a later part: its rows only, as Rich prints a table without a header
            drawn = drawn[next(i for i, line in enumerate(drawn) if line.startswith("─")) + 1:]
        return "".join(line + "\n" for line in drawn)

    def _cells(self) -> Iterable[list[str]]:
        cols = [c for c in self.listing.columns if c.table]
        for i, r in enumerate(self.records()):
            cells = [c.plain(r) if c.plain else c.cell(r).plain if c.cell else inert(c.value(r)) for c in cols]
            if self.number is not None:
                cells.insert(0, str(self.number + i))
            yield cells


def card(listing: Listing, record: Any, width: int, styled: bool, number: int | None = None) -> "RenderableType":
    """One record of a listing as a block of `label  value` lines, for a terminal too narrow
    for its table. The id has a line of its own, whole even where it is wider than the screen."""
    from rich.table import Table
    from rich.text import Text

    cols = [c for c in listing.columns if c.table]
    id_columns = sum(1 for c in cols if c.ids)
    labels = [c.header for c in cols] + ["#", "Id"] + [f"{c.header} id" for c in cols if c.ids and id_columns > 1]
    label_width = max(len(label) for label in labels)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold" if styled else "", no_wrap=True, width=label_width)
    grid.add_column(overflow="fold")
    if number is not None:
        grid.add_row("#", str(number))
    ids: list[tuple[str, str]] = []
    for c in cols:
        cell = c.cell(record) if c.cell else txt(c.value(record))
        rid = c.ids(record) if c.ids else ""
        if rid:
            ids.append(("Id" if id_columns == 1 else f"{c.header} id", rid))
            lines = cell.split("\n")
            if lines and lines[-1].plain == rid:  # the id line of a main cell: shown on its own
                cell = Text("\n").join(lines[:-1])
        if not styled:
            cell.style, cell.spans = "", []
        if cell.plain.strip():
            grid.add_row(c.header, cell)
    parts: list[RenderableType] = [grid]
    for label, rid in ids:
        if label_width + 2 + len(rid) <= width:
            grid.add_row(label, Text(inert(rid), no_wrap=True, overflow="ignore"))
        else:  # wider than the screen: on a line of its own, whole (the terminal wraps it, nothing cuts it)
            parts.append(Text(inert(rid), no_wrap=True, overflow="ignore"))
    parts.append(Text())
    return whole_lines(_group(*parts))


class IdTable:
    """A small table whose rows each name a record (`show`'s related records, the candidates
    for a name, the sources in `about`), with ids never wrapped: in a column of their own
    where the screen has room, else on a dim line under the record's name in a column as
    wide as the longest id; where the screen is too narrow even for that, each row becomes
    its cells on one wrapped line and its id on the next."""

    def __init__(self, title: str | None, headers: Sequence[str] | None, rows: Sequence[tuple[Sequence["Text"], str]],
                 no_wrap: Sequence[bool] = (), main: int = 1, labelled: bool = False) -> None:
        self.title, self.headers, self.rows = title, headers, rows
        self.no_wrap, self.main, self.labelled = no_wrap, main, labelled

    def __rich_console__(self, console: Any, options: Any) -> Iterable["RenderableType"]:
        width = options.max_width
        longest = max((len(rid) for _, rid in self.rows), default=2)
        n = len(self.rows[0][0]) if self.rows else 0
        fixed = sum(max([len(cells[i].plain) for cells, _ in self.rows] + [len(self._header(i))])
                    for i in range(n) if self._no_wrap(i) and i != self.main)
        flexible = n - sum(1 for i in range(n) if self._no_wrap(i) and i != self.main)
        if fixed + 24 * flexible + longest + 3 * n <= width:
            # room for the ids in a column of their own
            yield self._table(n, longest, separate=True)
        elif fixed + 10 * (flexible - 1) + max(longest, 10) + 3 * (n - 1) <= width:
            yield self._table(n, longest, separate=False)  # each id under its record's name
        else:
            yield from self._lines()

    def _table(self, n: int, longest: int, separate: bool) -> "Table":
        from rich.text import Text

        t = _table(title=self.title, show_header=self.headers is not None, expand=not separate)
        for i in range(n):
            if self._no_wrap(i) and i != self.main:
                t.add_column(self._header(i), no_wrap=True)
            elif separate:
                t.add_column(self._header(i), overflow="fold")
            else:
                # Rich shares the width among ratio columns from each one's `width`
                least = max(longest, 10) if i == self.main and not separate else None
                t.add_column(self._header(i), ratio=1, overflow="fold", min_width=least, width=least)
        if separate:
            t.add_column("Id" if self.headers else "", style="dim", no_wrap=True, width=longest)
        for cells, rid in self.rows:
            cells = list(cells)
            if separate:
                cells.append(Text(inert(rid)))
            else:
                cells[self.main] = cells[self.main].copy()
                cells[self.main].append("\n" + inert(rid), style="dim")
            t.add_row(*cells)
        return t

    def _lines(self) -> Iterable["RenderableType"]:
        from rich.text import Text

        if self.title:
            yield Text(self.title, style="bold")
        for cells, rid in self.rows:
            if self.headers and self.labelled:  # the cells after the first say what they are: 'Kind: news'
                named = zip(self.headers[1:], cells[1:], strict=False)
                cells = [cells[0], *(Text(f"{h}: ").append_text(c) for h, c in named if c.plain)]
            yield Text("  ").join(cells)
            yield Text(inert(rid), style="dim", no_wrap=True, overflow="ignore")

    def _header(self, i: int) -> str:
        return self.headers[i] if self.headers else ""

    def _no_wrap(self, i: int) -> bool:
        return i < len(self.no_wrap) and self.no_wrap[i]


def render_listing(listing: Listing, styled: bool = True) -> "RenderableType":
    return ListingView(listing, styled)


# ---------------------------------------------------------------- exports


def struct_fields(record: Any) -> dict[str, Any]:
    """A record's fields and their values, as the JSON object has them, without converting
    them: what a CSV or Markdown row is made of."""
    return {name: getattr(record, name) for name in record.__struct_fields__}


def citation_cell(c: Any) -> str:
    """One citation in a `sources` cell: the source's id, the article's section, the note."""
    if isinstance(c, dict):
        source, section, note = c.get("source"), c.get("section"), c.get("note")
    else:
        source, section, note = c.source, c.section, c.note
    text = str(source)
    if section:
        text += f", section {section}"
    if note:
        text += f": {note}"
    return text


def export_cell(kb: model.KnowledgeBase, name: str, value: Any) -> str:
    """A JSON value as the text of one CSV or Markdown cell: ISO dates as they are, lists
    joined with '; ', sources as 'id, section S: note', a person's roles in words, a side
    as readers see it ('KIO and allies'), null as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return side_label(value) if name == "side" else value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (tuple, list)):
        if all(type(v) is str for v in value):  # ids, aliases, notes: the common case, made fast
            return "; ".join(value)
        if name == "sources":
            return "; ".join(citation_cell(c) for c in value)
        if name == "roles" and value and isinstance(value[0], model.Role):
            return "; ".join(role_line(kb, r) for r in value)
        return "; ".join(export_cell(kb, "", v) for v in value)
    if isinstance(value, dict):
        items = value.items()
    elif hasattr(value, "__struct_fields__"):
        items = struct_fields(value).items()
    else:
        return str(value)
    return ", ".join(f"{k}: {export_cell(kb, k, v)}" for k, v in items if v not in (None, (), [], ""))


def _export_rows(kb: model.KnowledgeBase, listing: Listing) -> tuple[list[str], Iterable[list[str]]]:
    """The header and the rows of a CSV or Markdown export: the JSON object's fields, the
    union of them over the kinds of record listed (search lists several), in JSON order."""
    export_of = listing.export_of
    if export_of is None:
        cols = [c for c in listing.columns if c.export]
        return ([c.header.lower().replace(" ", "_") for c in cols],
                ([c.value(r) for c in cols] for r in listing.records))
    header: list[str] = []
    seen_types: set[type] = set()
    if export_of is struct_fields and len(set(map(type, listing.records))) == 1:
        # records of one kind: the first one's fields are every record's
        header = list(struct_fields(listing.records[0]))
        return header, _struct_rows(kb, listing.records, header)
    for r in listing.records:
        kind = type(getattr(r, "record", r))
        if kind not in seen_types:
            seen_types.add(kind)
            header.extend(k for k in export_of(r) if k not in header)

    def rows() -> Iterable[list[str]]:
        for r in listing.records:
            data = export_of(r)
            yield [export_cell(kb, k, data[k]) if k in data else "" for k in header]

    return header, rows()


def _struct_rows(kb: model.KnowledgeBase, records: Sequence[Any], header: list[str]) -> Iterable[list[str]]:
    """The rows of records of one kind, read straight from their fields, each field
    converted as its declared type asks (100,000 events in about a second): text as it is,
    optional text or null, lists of ids joined; anything else through export_cell."""
    from operator import attrgetter

    import msgspec.inspect as mi

    info = mi.type_info(type(records[0]))
    declared = {f.name: f.type for f in info.fields} if isinstance(info, mi.StructType) else {}

    def is_text(t: Any) -> bool:
        if isinstance(t, mi.Metadata):  # a type with a description or a pattern
            t = t.type
        return isinstance(t, (mi.StrType, mi.LiteralType))

    def converter(key: str) -> Callable[[Any], str] | None:
        t = declared.get(key)
        if key == "side" or t is None:
            return lambda value: export_cell(kb, key, value)
        if is_text(t):
            return None  # as it is
        if isinstance(t, mi.Metadata):
            t = t.type
        if isinstance(t, mi.UnionType) and all(is_text(u) or isinstance(u, mi.NoneType) for u in t.types):
            return lambda value: value or ""
        if isinstance(t, mi.VarTupleType) and is_text(t.item_type):
            return "; ".join
        return lambda value: export_cell(kb, key, value)

    get = attrgetter(*header)
    converted = [(i, f) for i, f in enumerate(map(converter, header)) if f is not None]
    for r in records:
        row: list[Any] = list(get(r)) if len(header) > 1 else [get(r)]
        for i, f in converted:
            row[i] = f(row[i])
        yield row


def listing_json_chunks(listing: Listing, pretty: bool = False) -> Iterable[str]:
    """The listing as a JSON array, in parts (one batch of records each), so that a large
    listing is never held whole in memory. Records are encoded by msgspec, straight from
    the structs where the JSON object is the record itself; every character outside ASCII
    is escaped, as to_json does."""
    records = listing.records
    if pretty:
        import json

        if not records:
            yield "[]"
            return
        for i, r in enumerate(records):
            text = json.dumps(listing.json_of(r), ensure_ascii=True, indent=2, default=str)
            yield ("[\n" if i == 0 else ",\n") + "  " + text.replace("\n", "\n  ")
        yield "\n]"
        return
    import msgspec

    encoder = msgspec.json.Encoder(enc_hook=str)
    direct = listing.json_of is _to_dict
    yield "["
    for start in range(0, len(records), 2000):
        batch = records[start:start + 2000]
        data = encoder.encode(list(batch) if direct else [listing.json_of(r) for r in batch])
        yield ("," if start else "") + _ascii_json(data[1:-1])
    yield "]"


def listing_json(listing: Listing, pretty: bool = False) -> str:
    return "".join(listing_json_chunks(listing, pretty))


def _ascii_json(data: bytes) -> str:
    """msgspec's UTF-8 JSON with DEL and every character outside ASCII written as a \\u escape
    (outside strings JSON has none): nothing raw reaches a terminal, and a reader gets the
    real values back."""
    text = data.decode("utf-8")
    if text.isascii() and "\x7f" not in text:
        return text
    import re

    return re.sub(r"[^\x00-\x7e]", _escape_char, text)  # DEL too, as json.dumps escapes it


def _escape_char(m: Any) -> str:
    c = ord(m.group())
    if c > 0xFFFF:
        c -= 0x10000
        return f"\\u{0xD800 + (c >> 10):04x}\\u{0xDC00 + (c & 0x3FF):04x}"
    return f"\\u{c:04x}"


def listing_csv_chunks(kb: model.KnowledgeBase, listing: Listing) -> Iterable[str]:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    header, rows = _export_rows(kb, listing)
    writer.writerow(header)
    batch: list[list[str]] = []
    for row in rows:
        # csv_cell only for a row that needs it: a character not printable, or a formula
        if not "".join(row).isprintable() or not FORMULA_STARTS_SET.isdisjoint([v[:1] for v in row]):
            row = [csv_cell(v) for v in row]
        batch.append(row)
        if len(batch) == 2000:
            writer.writerows(batch)
            batch = []
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    writer.writerows(batch)
    yield buf.getvalue()


def listing_csv(kb: model.KnowledgeBase, listing: Listing) -> str:
    return "".join(listing_csv_chunks(kb, listing))


def _md_cell(value: str) -> str:
    return one_line(value).replace("\\", "\\\\").replace("|", "\\|")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown (GFM) table: each cell on one line, `|` and `\\` escaped."""
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_md_cell(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def listing_markdown(kb: model.KnowledgeBase, listing: Listing) -> str:
    header, rows = _export_rows(kb, listing)
    return ("".join(f"{one_line(h)}\n\n" for h in listing.header) + markdown_table(header, rows)
            + "".join(f"\n{one_line(f)}\n" for f in listing.footer))


FORMULA_STARTS_SET = frozenset(FORMULA_STARTS)
DATE_COLUMN = Column("Date", date_span, style="cyan", min_width=7, max_width=12)


def main_plain(title: str, *lines: str, rid: str | None = None) -> str:
    """main_cell's text, with no styles: for a table drawn without colour."""
    return "\n".join([inert(title), *(inert(line) for line in lines if line), *([inert(rid)] if rid else [])])


def main_cell(title: str, *lines: str, rid: str | None = None) -> "Text":
    """The first cell of a row: the name in bold (the name only), its details, and the id
    on a dim line of its own, so ids are never cut and the text gets the width."""
    out = txt("")
    out.append(inert(title), style="bold")
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
        Column("Event", lambda e: e.title, cell=lambda e: main_cell(e.title, e.summary, rid=e.id), ratio=1,
               ids=lambda e: e.id),
    ], events, export_of=struct_fields)


def people_listing(kb: model.KnowledgeBase, people: Sequence[model.Person]) -> Listing:
    def name_cell(p: model.Person) -> "Text":
        aka = "also " + ", ".join(p.aliases) if p.aliases else ""
        return main_cell(p.name, aka, rid=p.id)

    return Listing("people", [
        Column("Name", lambda p: p.name, cell=name_cell, ratio=2, min_width=12, ids=lambda p: p.id),
        Column("Side", lambda p: side_label(p.side), no_wrap=True),
        Column("Roles", lambda p: "; ".join(role_line(kb, r) for r in p.roles),
               cell=lambda p: txt("\n".join(role_line(kb, r) for r in p.roles)), ratio=3, min_width=20),
    ], people, export_of=struct_fields)


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
               cell=lambda t: main_cell(t.name, f"({words(t.kind)})", _who(kb, t), rid=t.id),
               ratio=1, min_width=14, ids=lambda t: t.id),
        Column("Outcome", lambda t: t.outcome, cell=lambda t: main_cell(words(t.status), t.outcome),
               ratio=1, min_width=16),
    ], talks, export_of=struct_fields)


def figures_listing(kb: model.KnowledgeBase, figs: Sequence[model.Figure]) -> Listing:
    def claim(f: model.Figure) -> str:
        return f.claimed_by or "(the article)"

    def what(f: model.Figure) -> str:
        return f"{words(f.category)}\n({f.party})"

    return Listing("figures", [
        DATE_COLUMN,
        Column("Figure", figure_value, cell=lambda f: main_cell(figure_value(f), f.description, rid=f.id),
               ratio=3, min_width=16, ids=lambda f: f.id,
               plain=lambda f: main_plain(figure_value(f), f.description, rid=f.id)),
        Column("What", what, ratio=1, min_width=10, max_width=16, export=False),
        Column("Claimed by", lambda f: f.claimed_by or "", cell=lambda f: txt(claim(f)), ratio=1, min_width=10,
               max_width=18, plain=lambda f: inert(claim(f))),
    ], figs, export_of=struct_fields)


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

    def as_row(r: query.ClaimRow) -> dict[str, Any]:
        return {"event": r.event.id, "event_title": r.event.title, "event_date": r.event.date,
                "toll": {"category": r.figure.category, "party": r.figure.party, "reports": r.toll_size},
                "claimants": r.claimants, **struct_fields(r.figure)}

    return Listing("figures", [
        Column("Event", lambda r: r.event.id, cell=event_cell, ratio=3, min_width=16,
               ids=lambda r: r.event.id if r.first_of_event else ""),
        Column("Toll", toll, cell=toll_cell, ratio=1, min_width=11),
        Column("Figure", lambda r: figure_value(r.figure),
               cell=lambda r: main_cell(figure_value(r.figure), date_span(r.figure), rid=r.figure.id),
               ratio=2, min_width=12, ids=lambda r: r.figure.id),
        Column("Claimed by", lambda r: r.figure.claimed_by or "", cell=lambda r: txt(who(r.figure)), ratio=2,
               min_width=14),
    ], rows, json_of=as_json, export_of=as_row)


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
        lines.append("Reports of one event's toll count once: one claimant's at its largest, competing claimants'"
                     " at the smallest.")
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
            cells: list[Any] = [str(t.year), txt(value, "" if t.total is not None else "dim"), rule, bar]
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
               ratio=3, min_width=16, ids=lambda h: h.record.id),
        Column("Date", lambda h: date_span(h.record, kb.revised) if _dated(h.record) else "", style="cyan",
               max_width=12),
        Column("Match", how, ratio=1, min_width=8),
    ], hits, json_of=lambda h: {"record": h.record.KIND, "match": h.match, "matched": h.matched, **h.record.to_dict()},
        export_of=lambda h: {"record": h.record.KIND, "match": h.match, "matched": h.matched,
                             **struct_fields(h.record)})


def places_listing(kb: model.KnowledgeBase, places: Sequence[model.Place]) -> Listing:
    counts = query.events_at(kb)

    def where(p: model.Place) -> str:
        inside = kb.get(p.within) if p.within else None
        return ", ".join(v for v in (inside.label if inside is not None else "", p.state or "", p.country) if v)

    def coords(p: model.Place) -> str:
        if p.coordinates is None:
            return ""
        return f"{p.coordinates.lat}, {p.coordinates.lon}"

    return Listing("places", [
        Column("Place", lambda p: p.name, cell=lambda p: main_cell(p.name, rid=p.id), ratio=2, min_width=12,
               ids=lambda p: p.id),
        Column("Kind", lambda p: words(p.kind), no_wrap=True),
        Column("Where", where, ratio=2, min_width=10),
        Column("Coordinates", coords, no_wrap=True),
        Column("Events", lambda p: str(counts.get(p.id, 0)), no_wrap=True),
    ], places, json_of=lambda p: {**p.to_dict(), "events": counts.get(p.id, 0)},
        export_of=lambda p: {**struct_fields(p), "events": counts.get(p.id, 0)})


def _dated(r: model.Record) -> bool:
    return isinstance(r, (model.Event, model.Talk, model.Figure, model.Phase))


# ---------------------------------------------------------------- one record


_SKIP = {"id", "sources", "first", "last"}
# Fields whose values are a vocabulary, not text: `show` prints them as words ('unilateral
# ceasefire'), and some in a reader's own words; JSON keeps the values.
_VOCABULARY = {"type", "kind", "category", "status"}
_VALUE_WORDS: dict[str, dict[Any, str]] = {
    "qualifier": {"exactly": "exactly", "stated": "as stated (no qualifier)", "about": "about",
                  "at_least": "at least", "more_than": "more than", "as_little_as": "as little as",
                  "range": "a range", "vague": "vague (no number given)", "unknown": "unknown (no number given)"},
    "party": {"government": "the government side", "kachin": "the Kachin side (the KIO and its allies)",
              "civilians": "civilians", "mixed": "both sides", "unspecified": "not given"},
    "cumulative": {True: "a running total, from its date to the time of the report"},
}
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
    if name in _VALUE_WORDS:
        return _VALUE_WORDS[name].get(value, words(str(value)))
    if name in _VOCABULARY:
        return words(value)
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
    skip = _SKIP | _RELATIONS
    if isinstance(record, model.Figure):
        grid.add_row("Figure", txt(figure_value(record), "bold"))
        skip |= {"count", "low", "high", "unit"}  # all said by the line above
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
        rows = [([txt(date_span(r, kb.revised) if _dated(r) else r.KIND, "cyan"), txt(r.label)], r.id) for r in recs]
        parts.extend((Text(), IdTable(heading, None, rows, no_wrap=(True, False))))
    srcs = getattr(record, "sources", ())
    if srcs and isinstance(srcs[0], model.Citation):
        t = _table(title="Sources", show_header=False)
        t.add_column(overflow="fold")
        for c in srcs:
            t.add_row(txt(citation_line(kb, c)))
        parts.extend((Text(), t))
    return whole_lines(_group(*parts))


def record_json(kb: model.KnowledgeBase, record: model.Record, related: dict[str, list[model.Record]],
                pretty: bool = False) -> str:
    out = {"record": record.KIND, **record.to_dict(),
           "related": {k: [r.id for r in v] for k, v in related.items()}}
    return to_json(out, pretty)


def candidates_table(hits: Sequence[query.Hit]) -> "RenderableType":
    return whole_lines(IdTable(None, ("Kind", "Name"), [([txt(h.record.KIND), txt(h.record.label)], h.record.id)
                                                        for h in hits], no_wrap=(True, False)))


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
    cited: dict[str, int] = {}
    for r in kb.records():
        for c in {c.source for c in getattr(r, "sources", ()) if isinstance(c, model.Citation)}:
            cited[c] = cited.get(c, 0) + 1
    srcs = IdTable("Sources", ("Source", "Kind", "Covers", "Cited by"),
                   [([txt(s.name, "bold"), txt(words(s.kind)), txt(covers(s)), txt(str(cited.get(s.id, 0)))],
                     s.id) for s in kb.sources], no_wrap=(False, False, True, True), main=0,
                   labelled=True)
    parts: list[RenderableType] = [grid, _blank(), counts, srcs]
    if span:
        parts.append(txt(past_the_data(span[1])))
    return whole_lines(_group(*parts, txt(CREDIT, "italic")))


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


# An overview is read at a glance: past this many organisations or leaders on a side, it
# says how many more there are and where to see them (a large knowledge base of your own).
OVERVIEW_NAMES = 30


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
        leaders = [f"{p.name} ({years(*query.tenure(p), kb.revised) or 'years unknown'})" for p in ppl[:OVERVIEW_NAMES]]
        if len(orgs) > OVERVIEW_NAMES:
            orgs[OVERVIEW_NAMES:] = [f"and {len(orgs) - OVERVIEW_NAMES:,} more (kachin overview --format json lists "
                                     "them all)"]
        if len(ppl) > OVERVIEW_NAMES:
            leaders.append(f"and {len(ppl) - OVERVIEW_NAMES:,} more: kachin commanders --side {side}")
        sides.add_row(side_label(side), txt(", ".join(orgs)), txt("\n".join(leaders)))
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

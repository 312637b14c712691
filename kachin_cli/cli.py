"""The Typer app: one thin function per command (parse -> query -> render -> print).

`run()` is the one way a command line is executed: the `kachin` entry point calls it,
and so does the REPL for every line it reads, so both share one parser, one set of
messages and one set of exit statuses (0 ok, 1 data or not-found error, 2 usage error).
Every failure is reported in one line on stderr; there are no tracebacks for bad input.
Annotations here are real objects, not strings: Typer reads every parameter's type, and
string annotations would cost an eval() each on every run."""

import errno
import os
import sys
from collections.abc import MutableMapping
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple

import typer

# typer 0.28 vendors click (see pyproject.toml); its exceptions live here.
from typer._click import exceptions as click

from kachin_cli import __version__, model
from kachin_cli.dates import read_user_date
from kachin_cli.errors import KachinError, NotFoundError, OutputError, QueryError
from kachin_cli.output import Output, PipeClosed, make_safe_streams, quiet_broken_pipe, write_failure
from kachin_cli.safe import ECHO_LIMIT, inert, one_line, quoted, to_json

if TYPE_CHECKING:
    from kachin_cli.render import Listing


class State:
    """What lives for a whole process or REPL session: the knowledge base, loaded once,
    and (in the REPL) the last listing, for `show N` and `more`."""

    def __init__(self, data: str | None = None, kb: model.KnowledgeBase | None = None) -> None:
        self.data = data
        self.kb = kb
        self.in_repl = False
        self.no_pager = False
        self.last: Listing | None = None  # the last listing shown in the REPL
        self.last_shown = 0  # how many of its rows have been shown
        self.page_size: int | None = None  # its --limit
        self.output_failed = False  # standard output refused a write: nothing more can be shown

    def knowledge_base(self) -> model.KnowledgeBase:
        if self.kb is None:
            from kachin_cli import store

            self.kb = store.load(self.data)
        return self.kb


def state_of(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


app = typer.Typer(
    name="kachin",
    help="Explore the history of the Kachin conflict in Myanmar: events, commanders, ceasefire "
    "talks, casualties and the sources behind each fact.",
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


# ---------------------------------------------------------------- shared options


class Format:
    """The output formats."""

    table, json, csv, markdown = "table", "json", "csv", "markdown"


# Choices as Literal types, which Typer turns into click choices (cheaper than Enums).
FormatName = Literal["table", "json", "csv", "markdown"]
# Listings that can also be taken to another tool: the extra names are export modules.
TimelineFormatName = Literal["table", "json", "csv", "markdown", "timelinejs", "geojson"]
GeoFormatName = Literal["table", "json", "csv", "markdown", "geojson"]
CiteStyleName = Literal["text", "csl-json", "bibtex"]
SideName = Literal[model.SIDES]  # type: ignore[valid-type]
EventTypeName = Literal[model.EVENT_TYPES]  # type: ignore[valid-type]
CategoryName = Literal[model.FIGURE_CATEGORIES]  # type: ignore[valid-type]


class DateArg(NamedTuple):
    text: str
    first: date
    last: date
    period: bool = False  # a range of years (2011-2013): on its own, the whole period


def _read_date(value: str | None, option: str) -> DateArg | None:
    """A --from or --to value; `since` is a start. A range of years (2011-2013) is a period:
    see date_bounds."""
    if value is None:
        return None
    try:
        read = read_user_date(value)
    except ValueError as exc:
        raise typer.BadParameter(one_line(exc)) from None
    if read.form == "since" and option == "--to":
        raise typer.BadParameter(f"{quoted(value)} has no end: give it to --from")
    return DateArg(value, read.first, read.last, read.form == "range")


def _from_callback(value: str | None) -> DateArg | None:
    return _read_date(value, "--from")


def _to_callback(value: str | None) -> DateArg | None:
    return _read_date(value, "--to")


def _term_callback(value: str | None) -> str | None:
    """A term to look for must have a letter or digit: '???' or a zero-width space would
    otherwise match every record or none, without saying so."""
    if value is not None:
        from kachin_cli import query

        if not query.is_searchable(value):
            raise typer.BadParameter(f"{quoted(value)} has no letters or digits to look for")
    return value


def _terms_callback(values: list[str] | None) -> list[str] | None:
    """A repeatable term option (--place, --actor): each term as _term_callback checks it."""
    for value in values or ():
        _term_callback(value)
    return values or None


FormatOpt = Annotated[FormatName, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
# One record or one summary: a table to read or JSON for a program, as `gh ... view --json`.
# CSV and Markdown, one row per record, are for listings; they are not offered here.
ViewFormatName = Literal["table", "json"]
ViewFormatOpt = Annotated[ViewFormatName, typer.Option(
    "--format", "-f", case_sensitive=False,
    help="Output format: table, or json with every field (CSV and Markdown are for listings).")]
TimelineFormatOpt = Annotated[TimelineFormatName, typer.Option(
    "--format", "-f", case_sensitive=False,
    help="Output format; timelinejs (TimelineJS3 JSON) and geojson are for other tools.")]
GeoFormatOpt = Annotated[GeoFormatName, typer.Option(
    "--format", "-f", case_sensitive=False, help="Output format; geojson for a map tool.")]
PlaceOpt = Annotated[list[str] | None, typer.Option(
    "--place", metavar="TERM", callback=_terms_callback,
    help="Events at a place (and places within it); give it twice for either place.")]
AboutOpt = Annotated[str | None, typer.Option(
    "--about", metavar="TERM", callback=_term_callback,
    help="Events about TERM: involving it (a person or organisation), at it (a place, or within it), "
    "or naming it in their text.")]
ActorOpt = Annotated[list[str] | None, typer.Option(
    "--actor", metavar="TERM", callback=_terms_callback,
    help="Events involving a person or organisation; give it twice for either.")]
NoPagerOpt = Annotated[bool, typer.Option("--no-pager", help="Print straight to the terminal, without a pager.")]
FromOpt = Annotated[str | None, typer.Option(
    "--from", metavar="DATE", callback=_from_callback,
    help="From the first day of DATE: 2011, 2011-06, June 2011, 2011-06-09, 9 June 2011, "
         "early/mid/late 2012 or since 2011. A range of years (2011-2013) on its own is that period.")]
ToOpt = Annotated[str | None, typer.Option(
    "--to", metavar="DATE", callback=_to_callback, help="To the last day of DATE, inclusive.")]
def _whole_number(text: str) -> int | None:
    """The ASCII digits of a plain whole number (no sign, no underscores, no other scripts'
    digits), or None. Long strings are refused before int() sees them."""
    text = str(text).strip()
    return int(text) if 0 < len(text) <= 18 and text.isascii() and text.isdigit() else None


def _rows(value: str) -> int:
    n = _whole_number(value)
    if n is None or n < 1:
        raise typer.BadParameter(f"--limit takes a whole number of rows, 1 or more, not {quoted(value)}")
    return n


def _year(value: str) -> int:
    n = _whole_number(value)
    if n is None or not 1 <= n <= 9999:
        raise typer.BadParameter(f"--active-in takes a year such as 2013, not {quoted(value)}")
    return n


LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", metavar="N", parser=_rows,
                                              help="Show at most N rows.")]
SourceOpt = Annotated[str, typer.Option(
    "--source", "-s", metavar="NAME",
    help="narrative (the knowledge base's events), ucdp (UCDP's recorded events), all, or an imported layer.")]


def _output(ctx: typer.Context, no_pager: bool = False) -> Output:
    """Where a command prints: the pager is skipped for the command's --no-pager or the
    global one."""
    return Output(no_pager=no_pager or state_of(ctx).no_pager)


def _sides_callback(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    out = []
    for v in values:
        side = v.strip().lower()
        if side not in model.SIDES:
            raise typer.BadParameter(f"{quoted(v)} is not a side; choose one of: {', '.join(model.SIDES)}")
        out.append(side)
    return out


def _types_callback(values: list[str] | None) -> list[str] | None:
    """--type, repeatable, in any case (as --side)."""
    out = []
    for v in values or ():
        kind = v.strip().lower()
        if kind not in model.EVENT_TYPES:
            raise typer.BadParameter(f"{quoted(v)} is not an event type; choose one of: {', '.join(model.EVENT_TYPES)}")
        out.append(kind)
    return out or None


def date_bounds(start: DateArg | None, end: DateArg | None) -> tuple[date | None, date | None]:
    """The first and last day asked. A range of years given alone to --from or --to is the
    whole period (`--from 2011-2013`: 2011 to 2013, not 2011 to today); given with the other
    option, it gives its first day to --from and its last day to --to, as any date does."""
    if start and start.period and end is None:
        return start.first, start.last
    if end and end.period and start is None:
        return end.first, end.last
    first = start.first if start else None
    last = end.last if end else None
    if start and end and start.first > end.last:
        raise typer.BadParameter(f"{quoted(start.text)} is after --to {quoted(end.text)}", param_hint="'--from'")
    return first, last


def note_coverage(kb: model.KnowledgeBase, listing: "Listing", first: date | None, last: date | None) -> None:
    """A listing asked for a date range that runs past the knowledge base's events says so."""
    from kachin_cli import query, render

    end = query.events_end(kb)
    if end is not None and (first is not None or last is not None) and (last is None or last > end):
        listing.footer.append(render.past_the_data(end))


def emit(ctx: typer.Context, listing: "Listing", fmt: str, no_pager: bool, limit: int | None = None) -> None:
    """Print a listing in the asked format: the one output path of every listing command."""
    from kachin_cli import render

    if fmt in EXPORT_FORMATS:
        export(ctx, fmt, [getattr(r, "record", r) for r in listing.records][:limit])
        return
    state = state_of(ctx)
    shown = listing
    total = len(listing.records)
    if limit is not None and total > limit:
        hint = " (type `more` for the next page)." if state.in_repl else "; raise --limit to see more."
        shown = listing.replace(records=listing.records[:limit],
                                footer=[f"Showing {limit} of {total} {listing.noun}{hint}", *listing.footer])
    if state.in_repl:
        # the REPL keeps the whole listing, whatever its format, for `show N` and `more`
        if fmt == Format.table:
            shown = shown.replace(numbered_from=1)
        state.last, state.last_shown, state.page_size = listing, len(shown.records), limit
    out = _output(ctx, no_pager)
    if fmt == Format.json:
        out.write_all([*render.listing_json_chunks(shown, pretty=out.is_tty), "\n"])
    elif fmt == Format.csv:
        out.write_all(render.listing_csv_chunks(state.knowledge_base(), shown))
    elif not shown.records:
        out.write("\n".join([shown.empty_message, *map(one_line, shown.footer)]) + "\n")
    elif fmt == Format.markdown:
        out.write(render.listing_markdown(state.knowledge_base(), shown))
    else:
        out.show_listing(render.ListingView(shown, styled=out.color))


EXPORT_FORMATS = ("timelinejs", "geojson")


def export(ctx: typer.Context, fmt: str, records: list[Any]) -> None:
    """Records in a format another tool reads (the module of that name in `exports`);
    what the format cannot carry is said on stderr."""
    from kachin_cli import exports

    module = exports.module(fmt)
    kb = state_of(ctx).knowledge_base()
    message = module.note(kb, records)
    _output(ctx, no_pager=True).write(module.dumps(kb, records))
    if message:
        error(message)


def ascii_only(out: Output) -> bool:
    """Whether pictures must be drawn in ASCII: TERM=dumb, an output encoding that cannot
    carry block characters, or a locale that is not UTF-8."""
    if out.env.get("TERM") == "dumb":
        return True
    locale = out.env.get("LC_ALL") or out.env.get("LC_CTYPE") or out.env.get("LANG") or ""
    if locale and "utf" not in locale.lower().replace("-", ""):
        return True
    try:
        "\u2588\u2591\u25c6\u25cf\u2502".encode(getattr(out.stdout, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


# ---------------------------------------------------------------- root


def _version_callback(value: bool) -> None:
    if value:
        Output().write(f"kachin {__version__}\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    data: Annotated[str | None, typer.Option(
        "--data", envvar="KACHIN_DATA", metavar="PATH",
        help="Use this knowledge-base file instead of the bundled one.")] = None,
    no_pager: NoPagerOpt = False,
    version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Explore the history of the Kachin conflict in Myanmar.

    Run [bold]kachin[/bold] on its own in a terminal for the interactive explorer.

    Examples: kachin timeline --from 2011 · kachin commanders "zau tu" · kachin show laiza
    """
    state = state_of(ctx)
    if state.in_repl and data is not None:
        from typer._click.core import ParameterSource

        if ctx.get_parameter_source("data") == ParameterSource.COMMANDLINE:
            raise click.UsageError("--data applies to a whole session: leave and start `kachin --data FILE repl`",
                                   ctx=ctx)
    if data is not None and not state.in_repl:
        state.data, state.kb = data, None
    state.no_pager = state.no_pager or no_pager
    if ctx.invoked_subcommand is None and not state.in_repl:
        if _isatty(sys.stdin) and _isatty(sys.stdout):
            from kachin_cli import repl

            raise typer.Exit(repl.start(state))
        _output(ctx).write(ctx.get_help() + "\n")


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False  # a closed or missing stream is no terminal


# ---------------------------------------------------------------- knowledge-base commands


@app.command()
def validate(
    ctx: typer.Context,
    file: Annotated[str | None, typer.Argument(help="The file to check (default: the knowledge base in use).",
                                                   show_default=False)] = None,
) -> None:
    """Check a knowledge-base file and list every problem found.

    Exits 0 when the file is valid, 1 otherwise.

    Example: kachin validate my-kachin.json
    """
    from kachin_cli import render, store

    state = state_of(ctx)
    path = store.resolve_path(file or state.data)
    kb, problems = store.check(path)
    out = _output(ctx)
    if kb is None:
        out.write(render.problems_view(str(path), problems))
        raise typer.Exit(1)
    counts = ", ".join(f"{len(kb.collection(k))} {k}" for k in model.KINDS)
    out.write(f"{one_line(path)}: valid ({counts})\n")


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of a knowledge-base file, for editors and other tools.

    The same schema ships with kachin as kachin_cli/data/kachin.schema.json.

    Example: kachin schema > kachin.schema.json
    """
    from kachin_cli import store

    _output(ctx).write(store.schema_text())


@app.command()
def about(ctx: typer.Context, fmt: ViewFormatOpt = "table") -> None:
    """What the knowledge base holds, the period it covers, its sources and credits.

    Example: kachin about
    """
    from kachin_cli import render

    kb = state_of(ctx).knowledge_base()
    out = _output(ctx)
    from kachin_cli.render_recorded import UCDP_CREDIT

    if fmt == Format.json:
        import json

        about = json.loads(render.about_json(kb, __version__))
        about["layers"] = {"ucdp": {"source": "ucdp-ged", "credit": UCDP_CREDIT}}
        out.write(to_json(about, pretty=out.is_tty) + "\n")
    else:
        out.show(render.about_view(kb, __version__), render.txt(UCDP_CREDIT, "italic"))


# ---------------------------------------------------------------- explorer commands


@app.command()
def timeline(
    ctx: typer.Context,
    from_: FromOpt = None,
    to: ToOpt = None,
    phase: Annotated[str | None, typer.Option(
        "--phase", metavar="NAME",
        help="A phase: background, first-conflict, ceasefire, second-conflict, post-coup, or "
        "myanmar-conflict (all of them).")] = None,
    type_: Annotated[list[str] | None, typer.Option(
        "--type", metavar="TYPE", callback=_types_callback,
        help=f"Only events of this type ({', '.join(model.EVENT_TYPES)}); give it twice for either type.")] = None,
    place: PlaceOpt = None,
    actor: ActorOpt = None,
    search: Annotated[str | None, typer.Option(
        "--search", metavar="TERM", callback=_term_callback,
        help="Events holding every word of TERM, in any order, as `search` finds them.")] = None,
    about: AboutOpt = None,
    side: Annotated[list[str] | None, typer.Option(
        "--side", metavar="SIDE", callback=_sides_callback,
        help="Events involving a person or organisation of this side: government, kachin (the KIO and its "
        "allies) or other; give it twice for either side.")] = None,
    limit: LimitOpt = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    source: SourceOpt = "narrative",
    fmt: TimelineFormatOpt = "table",
    no_pager: NoPagerOpt = False,
) -> None:
    """Events in chronological order, all of them unless --limit is given.

    An event is shown when its own dates overlap the asked ones: an event dated
    March 2012 is in --from 2012-03-15. --source ucdp lists UCDP's recorded events
    instead, --source all both, interleaved; the filters mean the same for both.

    Examples: kachin timeline --from 2011 --to 2012 · kachin timeline --place laiza ·
    kachin timeline --actor "gun maw" --format json · kachin timeline --about china ·
    kachin timeline --from 2012 --source all ·
    kachin timeline --format timelinejs > t.json
    """
    from kachin_cli import query, render

    kb = state_of(ctx).knowledge_base()
    start, end = date_bounds(from_, to)  # type: ignore[arg-type]
    if source != "narrative":
        listing = _layered_timeline(kb, source, start, end, phase=phase, type_=type_, place=place, actor=actor,
                                    search=search, about=about, sides=side, reverse=reverse)
        note_coverage(kb, listing, start, end)
        _note_readings(kb, listing, fmt, place, actor)
        emit(ctx, listing, fmt, no_pager, limit)
        return
    events = query.timeline(kb, start=start, end=end, phase=phase, type=type_,
                            place=place, actor=actor, text=search, about=about, sides=side, reverse=reverse)
    listing = render.events_listing(kb, events)
    note_coverage(kb, listing, start, end)
    _note_readings(kb, listing, fmt, place, actor)
    if fmt in (Format.table, Format.markdown) and not type_ and not side:
        listing.footer.extend(_recorded_footer(kb, start, end, from_=from_, to=to, phase=phase,  # type: ignore[arg-type]
                                               place=place, actor=actor, search=search, about=about))
    emit(ctx, listing, fmt, no_pager, limit)


def _note_readings(kb: model.KnowledgeBase, listing: "Listing", fmt: str, place: list[str] | None,
                   actor: list[str] | None) -> None:
    """A misspelt --place or --actor read as a close name says so: under a table, or on
    standard error beside JSON or CSV (which a program reads)."""
    from kachin_cli import query

    notes = query.close_readings(kb, place, actor)
    if fmt in (Format.table, Format.markdown):
        listing.footer.extend(notes)
    else:
        for note in notes:
            sys.stderr.write(f"kachin: {note}\n")


@app.command()
def commanders(
    ctx: typer.Context,
    term: Annotated[str | None, typer.Argument(help="A name or part of one; spellings like Zau/Zaw both work.",
                                                  show_default=False, callback=_term_callback)] = None,
    side: Annotated[SideName | None, typer.Option(
        "--side", case_sensitive=False,
        help="Only this side (kachin: the KIO and its allies; tables call it 'KIO and allies').")] = None,
    active_in: Annotated[int | None, typer.Option("--active-in", metavar="YEAR", parser=_year,
                                                     help="Only those whose tenure overlaps YEAR.")] = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = "table",
    no_pager: NoPagerOpt = False,
) -> None:
    """The commanders and leaders of each side, with their roles and years.

    Examples: kachin commanders "zau tu" · kachin commanders --side kachin · kachin commanders --active-in 2013
    """
    from kachin_cli import query, render

    kb = state_of(ctx).knowledge_base()
    result = query.people(kb, term=term, side=side, active_in=active_in)
    listing = render.people_listing(kb, result.people)
    if active_in is not None and result.unknown_tenure:
        n = len(result.unknown_tenure)
        listing.footer.append(
            f"{n} {'person' if n == 1 else 'people'} left out because their tenure is unknown: "
            + ", ".join(p.name for p in result.unknown_tenure) + ".")
    if active_in is not None:
        listing.footer.extend(_tenure_gaps(kb, result.people, active_in, side))
    emit(ctx, listing, fmt, no_pager, limit)


def _tenure_gaps(kb: model.KnowledgeBase, found: list[model.Person], year: int, side: str | None) -> list[str]:
    """What the knowledge base does not know about who led in `year`."""
    from kachin_cli import query, render

    lines = []
    if not query.people(kb, active_in=year).people:  # of anyone, whatever the filters
        lines.append(f"No tenure in the data covers {year}.")
    for s in [side] if side else ["government", "kachin"]:
        if any(p.side == s for p in found):
            continue
        gaps = query.leader_gaps(kb, s)
        spans = [str(a) if a == b else f"{a}-{b}" for a, b in gaps]
        known = f"; the data has none for {_and(spans)}" if spans else ""
        lines.append(f"No leader of the side '{render.side_label(s)}' is known for {year}{known}.")
    as_of = query.revised_year(kb)
    if as_of is not None and year > as_of:
        lines.append(f"The knowledge base was last revised on {kb.revised}; it does not know who led in {year}.")
    return lines


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@app.command()
def ceasefire(
    ctx: typer.Context,
    from_: FromOpt = None,
    to: ToOpt = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = "table",
    no_pager: NoPagerOpt = False,
) -> None:
    """Ceasefire agreements, rounds of talks, unilateral ceasefires and peace-process statements.

    Examples: kachin ceasefire · kachin ceasefire --from 2013 --to 2013
    """
    from kachin_cli import query, render

    kb = state_of(ctx).knowledge_base()
    start, end = date_bounds(from_, to)  # type: ignore[arg-type]
    result = query.talks(kb, start=start, end=end)
    listing = render.talks_listing(kb, result.talks)
    if result.undated_left_out:
        listing.footer.append(f"{result.undated_left_out} undated talks and initiatives left out by the date range.")
    note_coverage(kb, listing, start, end)
    emit(ctx, listing, fmt, no_pager, limit)


@app.command()
def casualties(
    ctx: typer.Context,
    from_: FromOpt = None,
    to: ToOpt = None,
    category: Annotated[CategoryName | None, typer.Option(
        "--category", case_sensitive=False, help="Only figures of this category.")] = None,
    by: Annotated[Literal["year", "event"] | None, typer.Option(
        "--by", case_sensitive=False,
        help="year: a layer's recorded deaths (low, best, high) beside the narrative's claims, per year. "
             "event: every report of each event's tolls side by side, with who claimed it "
             "(the dates choose the events).")] = None,
    source: Annotated[str | None, typer.Option(
        "--source", "-s", metavar="NAME", help="With --by year: ucdp (default), all, or an imported layer.",
        show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", metavar="N", parser=_rows,
        help="Show at most N rows: N figures, and N years of each per-year chart.")] = None,
    fmt: FormatOpt = "table",
    no_pager: NoPagerOpt = False,
) -> None:
    """The cost of the war in numbers: killed, wounded, captured, displaced and more,
    each with its qualifier and who claimed it.

    In table format a chart per year follows: a lower bound, never a sum of reports that
    may count the same people. Its Rule column says how each number was found: single
    (the year's one figure), largest (the largest report; reports of one event's toll
    count once: one claimant's at its largest, competing claimants' at the smallest) or
    by side (the largest report of each side, government, Kachin and civilians, added, as
    they count different people). Running
    totals and figures spanning years are never added to a year. --limit N limits the
    chart to N years too. --by year puts, for every year UCDP covers, its low, best and
    high deaths for the Kachin conflict beside the narrative's claims; --by event puts
    every report of each event's tolls side by side, with who claimed it.

    Examples: kachin casualties · kachin casualties --category killed --from 2011 ·
    kachin casualties --by year · kachin casualties --by event --from 2022-10 --to 2022-10
    """
    from kachin_cli import query, render

    kb = state_of(ctx).knowledge_base()
    start, end = date_bounds(from_, to)  # type: ignore[arg-type]
    if by == "year":
        _casualties_by_year(ctx, kb, source or "ucdp", start, end, fmt, no_pager)
        return
    if source is not None:
        raise QueryError("--source chooses the layer for --by year: kachin casualties --by year --source NAME")
    if by == "event":
        rows = query.claims_by_event(kb, start=start, end=end, category=category)
        listing = render.claims_listing(kb, rows)
        events = {r.event.id: len(r.claimants) for r in rows}
        if events:
            several = sum(1 for n in events.values() if n > 1)
            noun = "event" if len(events) == 1 else "events"
            listing.footer.append(f"{len(events)} {noun} with figures: {several} with reports from more than one "
                                  f"claimant, {len(events) - several} with a single claimant. Reports are never "
                                  "merged or averaged.")
        note_coverage(kb, listing, start, end)
        emit(ctx, listing, fmt, no_pager, limit)
        return
    figs = query.figures(kb, start=start, end=end, category=category)
    listing = render.figures_listing(kb, figs)
    if fmt == Format.table and figs:
        _per_year_charts(listing, figs, category, limit, start, end)
    note_coverage(kb, listing, start, end)
    emit(ctx, listing, fmt, no_pager, limit)


def _per_year_charts(listing: "Listing", figs: list[model.Figure], category: str | None,
                     limit: int | None, start: date | None, end: date | None) -> None:
    """Under the figures, a chart per year of lower bounds: of the asked category if it has
    one, else of the killed and the displaced, over the asked years. --limit N shows N years
    of each, like N rows."""
    from kachin_cli import query, render

    charted = [category] if category in query.SUMMABLE else [] if category else ["killed", "displaced"]
    legend: list[str] = []
    for c in charted:
        what = c.replace("_", " ")
        totals, spanning = query.per_year(figs, c, start=start, end=end)
        if totals:
            shown = totals[:limit] if limit is not None else totals
            listing.extra.append(render.YearChart(shown, c))
            if len(shown) < len(totals):
                listing.footer.append(f"Showing {len(shown)} of {len(totals)} years in the {what} per year; "
                                      "raise --limit to see more.")
            legend += [line for line in render.per_year_legend(shown) if line not in legend]
        if spanning:
            listing.footer.append(f"Not in the {what} per year: {len(spanning)} figure(s) covering several years "
                                  "or a running total.")
    if legend:
        listing.footer += ["Per year: a lower bound, never a sum of reports that may overlap. Rules:", *legend]


SEARCH_TABLE_LIMIT = 100


@app.command()
def search(
    ctx: typer.Context,
    term: Annotated[str, typer.Argument(help="What to look for: a name, a place, a word.", callback=_term_callback)],
    limit: LimitOpt = None,
    all_: Annotated[bool, typer.Option("--all", help="List every match in a table, not the best 100.")] = False,
    fmt: GeoFormatOpt = "table",
    no_pager: NoPagerOpt = False,
) -> None:
    """Everything that matches TERM, best matches first: the whole term as a name (exact,
    prefix), contained in a name or the text, a name with a typo (fuzzy); then records
    holding all of its words in any order (in their text, the names of their places and
    actors, their type or year; typos forgiven); when none has them all, those holding some.

    A table shows the best 100 unless --limit or --all says otherwise; JSON and CSV list
    every match.

    Examples: kachin search laiza · kachin search "airstrikes laiza" · kachin search "Min Aung Hliang"
    """
    from kachin_cli import query, render

    kb = state_of(ctx).knowledge_base()
    hits = query.find(kb, term)
    listing = render.search_listing(kb, hits)
    if hits and all(h.rank == query.PARTIAL for h in hits) and fmt in (Format.table, Format.markdown):
        listing.header.append(f"No record matches all of {quoted(term)}; closest partial matches:")
    if limit is None and not all_ and fmt in (Format.table, Format.markdown) \
            and len(listing.records) > SEARCH_TABLE_LIMIT:
        limit = SEARCH_TABLE_LIMIT
        listing.footer.append("--all lists every match; --format json or csv lists them for a program.")
    emit(ctx, listing, fmt, no_pager, limit)


@app.command()
def show(
    ctx: typer.Context,
    id_or_name: Annotated[str, typer.Argument(metavar="ID_OR_NAME", help="A record id, or a name.")],
    fmt: ViewFormatOpt = "table",
    no_pager: NoPagerOpt = False,
) -> None:
    """One record in full: every field, its related records, and its sources.

    In the REPL, `show N` opens row N of the last listing.

    Examples: kachin show lashio-treasury-raid-1961 · kachin show laiza
    """
    from kachin_cli import query, render

    state = state_of(ctx)
    kb = state.knowledge_base()
    record = _row_of_last_listing(state, id_or_name)
    if record is None and _looks_recorded(id_or_name) and kb.get(id_or_name.strip()) is None:
        _show_recorded(ctx, kb, id_or_name.strip(), fmt, no_pager)
        return
    if record is not None and not isinstance(record, model.RECORD_TYPES):
        _show_recorded(ctx, kb, record.id, fmt, no_pager)
        return
    if record is None:
        record, candidates = query.resolve(kb, id_or_name)
        if record is None and not candidates:
            import difflib

            near = [h.record.id for h in query.find(kb, id_or_name)[:3]]
            near = near or difflib.get_close_matches(id_or_name, list(kb.ids()), n=3)
            hint = f"; closest: {', '.join(near)}" if near else ""
            raise NotFoundError(f"no record {quoted(id_or_name)}{hint}")
        if record is None:
            out = _output(ctx, no_pager)
            if fmt == Format.json:
                out.write(to_json([{"record": h.record.KIND, "id": h.record.id, "name": h.record.label}
                                   for h in candidates], pretty=out.is_tty) + "\n")
                return
            out.write(f"{len(candidates)} records match {quoted(id_or_name)}; show one by its id:\n")
            out.show(render.candidates_table(candidates))
            return
    rel = query.related(kb, record)
    out = _output(ctx, no_pager)
    if isinstance(record, model.Place):
        _show_place(out, kb, record, rel, fmt)
    elif fmt == Format.json:
        out.write(render.record_json(kb, record, rel, pretty=out.is_tty) + "\n")
    else:
        out.show(render.record_view(kb, record, rel))


def _row_of_last_listing(state: State, arg: str) -> model.Record | None:
    arg = arg.strip()
    if not (state.in_repl and arg.isascii() and arg.isdigit()):
        return None  # row numbers are ASCII digits: '²' is a name to look up, not row 2
    n = int(arg)
    if state.last is None:
        raise QueryError(f"there is no listing yet to take row {n} from")
    rows = state.last.records
    if not 1 <= n <= len(rows):
        raise QueryError(f"no row {n} in the last listing (it has {len(rows)})")
    row = rows[n - 1]
    return row.record if hasattr(row, "record") else row


@app.command()
def places(
    ctx: typer.Context,
    term: Annotated[str | None, typer.Argument(help="Only places matching TERM (and places within them).",
                                                  show_default=False, callback=_term_callback)] = None,
    limit: LimitOpt = None,
    fmt: GeoFormatOpt = "table",
    no_pager: NoPagerOpt = False,
) -> None:
    """The places of the war: kind, where they lie, coordinates and number of events.

    Examples: kachin places · kachin places "kachin state" · kachin places --format geojson > places.geojson
    """
    from kachin_cli import query, render

    kb = state_of(ctx).knowledge_base()
    found = query.places(kb, term=term)
    emit(ctx, render.places_listing(kb, found), fmt, no_pager, limit)


@app.command()
def cite(
    ctx: typer.Context,
    id_or_name: Annotated[str, typer.Argument(metavar="ID_OR_NAME", help="A record id, or a name.")],
    style: Annotated[CiteStyleName, typer.Option(
        "--style", case_sensitive=False, help="text to read, csl-json for a reference manager, bibtex for LaTeX.")
    ] = "text",
) -> None:
    """The sources of one record as a citation to paste: the article and its section,
    the original reporting it relays, published pages with outlet, title, address and date.

    Examples: kachin cite laiza-hq-attack-2014 · kachin cite laiza-hq-attack-2014 --style bibtex
    """
    from kachin_cli import query
    from kachin_cli.exports import csl

    kb = state_of(ctx).knowledge_base()
    if _looks_recorded(id_or_name) and kb.get(id_or_name.strip()) is None:
        _cite_recorded(ctx, id_or_name.strip(), style)
        return
    record, candidates = query.resolve(kb, id_or_name)
    if record is None:
        near = ", ".join(h.record.id for h in candidates[:5])
        raise NotFoundError(f"no record {one_line(id_or_name)!r}" + (f"; did you mean: {near}" if near else ""))
    text = csl.STYLES[style](kb, record)
    # CSL-JSON is escaped by the JSON encoder; text and BibTeX get control characters made visible
    _output(ctx, no_pager=True).write(text if style == "csl-json" else inert(text))


def _cite_recorded(ctx: typer.Context, rid: str, style: str) -> None:
    """A recorded event's citation: the dataset with the row's id and the reporting it was
    coded from, and the papers UCDP asks to be cited."""
    import json

    from kachin_cli.exports import csl
    from kachin_cli.layers import BUNDLED, storage

    rows, layer_of, _ = _layers_of("all")
    found = next((r for r in rows if r.id == rid), None)
    if found is None:
        raise NotFoundError(f"no recorded event {quoted(rid)} in the bundled UCDP layer or an imported one")
    if not found.source.startswith("ucdp"):
        raise QueryError(f"{quoted(rid)} is a row of {found.source}: kachin cites UCDP rows only; cite that "
                         "dataset as its terms of use ask")
    layer = layer_of[rid]
    kwargs = {}
    if layer != BUNDLED:
        kwargs["release"] = f"as imported from {storage.load(layer).meta.get('file') or 'a file'} as the layer {layer}"
    items = csl.recorded_items(rid, source_article=found.source_article or None,
                               source_office=found.source_office or None, source_date=found.source_date or None,
                               **kwargs)
    if style == "csl-json":
        text = json.dumps(items, ensure_ascii=True, indent=1) + "\n"
    elif style == "bibtex":
        text = csl.bibtex_of(rid, items)
    else:
        text = csl.text_of(rid, found.label, items)
    _output(ctx, no_pager=True).write(text if style == "csl-json" else inert(text))


@app.command()
def chart(
    ctx: typer.Context,
    from_: FromOpt = None,
    to: ToOpt = None,
    place: PlaceOpt = None,
    actor: ActorOpt = None,
    about: AboutOpt = None,
    source: SourceOpt = "narrative",
    no_pager: NoPagerOpt = False,
) -> None:
    """The war over time: events per year (per month for three years or less), the
    phases, the ceasefire shaded, agreements marked. --source ucdp draws UCDP's recorded
    deaths instead (best estimate, with the low-high spread), --source all both; the
    filters mean the same for both, as in timeline.

    Examples: kachin chart · kachin chart --from 2011 --to 2013 · kachin chart --source all
    """
    from kachin_cli import pictures, query, render
    from kachin_cli.layers import BUNDLED, NARRATIVE

    kb = state_of(ctx).knowledge_base()
    start, end = date_bounds(from_, to)  # type: ignore[arg-type]
    narrative = source in (NARRATIVE, "all")
    events = query.timeline(kb, start=start, end=end, place=place, actor=actor, about=about) if narrative else []
    rows, covers, rec_notes = _recorded_for_picture(kb, source, start, end, place, actor, about)
    out = _output(ctx, no_pager)
    if not events and not rows:
        what = "events" if source == NARRATIVE else "recorded events" if not narrative else "events or recorded events"
        out.write(f"No {what} match.\n")
        return
    data_end = query.events_end(kb) if narrative else None
    ends = [d for d in (data_end, covers[1] if covers else None) if d is not None]
    begins: list[date] = [e.first for e in events if e.first is not None] + [r.date_start for r in rows]
    first = start or min(begins)
    last = min(end, max(ends)) if end and ends else end or max(begins)
    periods = pictures.periods(first, max(last, first))
    counts, left_out = pictures.count_events(events, periods)
    notes = []
    if end and data_end and end > data_end:
        notes.append(render.past_the_data(data_end))
    if not narrative and covers and end and end > covers[1]:
        notes.append(f"The layer {quoted(source) if source != BUNDLED else 'of UCDP'} ends on {covers[1].isoformat()}.")
    recorded, rec_left_out = None, 0
    if source != NARRATIVE:
        placed = []
        for r in rows:
            i = pictures.period_of(periods, r.date_start)
            if i is None or pictures.period_of(periods, r.date_end) != i:
                rec_left_out += 1  # dated to a span not within one period: no period is sure
                continue
            placed.append((r.date_start, r.best or 0, r.low, r.high))
        recorded = pictures.sum_recorded(placed, periods)
    ascii = ascii_only(out)
    text = pictures.chart(
        periods, counts, width=out.width, ascii=ascii, left_out=left_out,
        spans=pictures.phase_spans(kb.phases, kb.revised),
        markers=pictures.talk_markers(kb.talks, pictures.monthly(periods)),
        recorded=recorded, recorded_left_out=rec_left_out, recorded_covers=covers, narrative=narrative,
        what="Narrative events" if narrative else "Recorded deaths",
        notes=rec_notes + notes)  # where the data end, last, as on a narrative chart
    out.page(pictures.coloured(text) if out.color and not ascii else text)


def _recorded_for_picture(kb: model.KnowledgeBase, source: str, start: date | None, end: date | None,
                          place: list[str] | None, actor: list[str] | None, about: str | None = None
                          ) -> tuple[list[Any], tuple[date, date] | None, list[str]]:
    """The recorded rows a picture draws for a --source (none for the narrative): those
    `timeline --source` lists with the same filters, but of UCDP's rows only the Kachin
    conflict's (what `casualties --by year` sums); the layers' first and last years; and
    notes saying what was left out and whose data it is."""
    from kachin_cli.layers import NARRATIVE

    if source == NARRATIVE:
        return [], None, []
    from kachin_cli import query
    from kachin_cli.layers import ucdp

    every, _layer_of, repeats = _layers_of(source)
    if not every:
        return [], None, []
    covers = (date(min(r.date_start for r in every).year, 1, 1), date(max(r.date_end for r in every).year, 12, 31))
    found = query.recorded(kb, every, start=start, end=end, place=place, actor=actor, about=about)
    others = [r for r in found if r.source.startswith("ucdp") and r.conflict_id != ucdp.KACHIN_CONFLICT]
    notes = []
    if others:
        left = {r.id for r in others}
        found = [r for r in found if r.id not in left]
        n = len(others)
        notes.append(f"Not drawn: {n} recorded event{'s' if n != 1 else ''} of other conflicts located in Kachin "
                     f"State ({sum(r.best or 0 for r in others):,} deaths, best estimate); kachin timeline "
                     f"--source {source} lists them.")
    twice = sum(1 for r in found if r.id in repeats)
    if twice:
        notes.append(f"{twice} recorded events in more than one layer are counted once.")
    if any(r.source.startswith("ucdp") for r in found):
        notes.append("Recorded events: UCDP GED, Uppsala University (kachin about for the citation).")
    return found, covers, notes


@app.command("map")
def map_(
    ctx: typer.Context,
    from_: FromOpt = None,
    to: ToOpt = None,
    place: PlaceOpt = None,
    actor: ActorOpt = None,
    about: AboutOpt = None,
    source: SourceOpt = "narrative",
    no_pager: NoPagerOpt = False,
) -> None:
    """Where the war happened: the places that have coordinates on a map of the region,
    each with its number of events. --source ucdp draws UCDP's recorded events located
    to a district or better, shaded by deaths; --source all both. Countries, states and
    regions are never drawn, nor a recorded event known only to its province or country.

    Examples: kachin map · kachin map --from 2011 · kachin map --source all --from 2012 --to 2013
    """
    from kachin_cli import outlines, pictures, query
    from kachin_cli.layers import NARRATIVE

    kb = state_of(ctx).knowledge_base()
    start, end = date_bounds(from_, to)  # type: ignore[arg-type]
    narrative = source in (NARRATIVE, "all")
    filtered = any(v is not None for v in (start, end, place, actor, about))
    events = query.timeline(kb, start=start, end=end, place=place, actor=actor, about=about) if narrative else []
    counts, unplaced = query.events_per_place(kb, events) if narrative else ([], 0)
    shown = [pictures.MapPlace(p.name, p.coordinates.lat, p.coordinates.lon, n)
             for p, n in counts if p.coordinates is not None and (n or not filtered)]
    rows, _covers, rec_notes = _recorded_for_picture(kb, source, start, end, place, actor, about)
    located = [r for r in rows if r.latitude is not None and r.longitude is not None and r.where_prec is not None]
    points = [(r.latitude, r.longitude, r.best or 0, r.where_prec) for r in located]
    drawn = [r for r in located if r.where_prec in pictures.DRAWN_WHERE_PREC]
    out = _output(ctx, no_pager)
    if not shown and not drawn:
        what = "events at a place" if narrative else "recorded events at a location"
        out.write(f"No {what} with coordinates match.\n" if source != "all" else
                  "No events or recorded events at a place with coordinates match.\n")
        return
    notes = [f"{unplaced} of {len(events)} events have no place with coordinates and are not on the map."
             ] if unplaced else []
    if len(rows) > len(located):
        n = len(rows) - len(located)
        notes.append(f"{n} recorded event{'s' if n != 1 else ''} without coordinates or their precision "
                     f"{'are' if n != 1 else 'is'} not drawn.")
    if drawn:
        notes.append(_most_deaths(drawn))
    elif source != NARRATIVE and not rows:
        notes.append("No recorded events match.")
    ascii = ascii_only(out)
    text = pictures.region_map(
        shown, width=out.width, ascii=ascii,
        outlines=outlines.lines(), country_labels=outlines.COUNTRY_LABELS, outline_credit=outlines.CREDIT,
        recorded_points=points if source != NARRATIVE else None,
        notes=notes + rec_notes)
    out.page(pictures.coloured(text) if out.color and not ascii else text)


def _most_deaths(rows: list[Any], n: int = 3) -> str:
    """The recorded locations with the most deaths: what the heaviest shades on a map are."""
    at: dict[tuple[str, float, float], list[int]] = {}
    for r in rows:
        s = at.setdefault((r.place or "unnamed", round(r.latitude, 2), round(r.longitude, 2)), [0, 0])
        s[0] += r.best or 0
        s[1] += 1
    top = sorted(at.items(), key=lambda kv: (-kv[1][0], kv[0]))[:n]
    return "Most recorded deaths: " + "; ".join(
        f"{one_line(name)} ({lat:.2f}N, {lon:.2f}E) {deaths:,} in {k} event{'s' if k != 1 else ''}"
        for (name, lat, lon), (deaths, k) in top) + "."


@app.command()
def overview(ctx: typer.Context, fmt: ViewFormatOpt = "table", no_pager: NoPagerOpt = False) -> None:
    """The conflict at a glance: phases, belligerents, commanders by side, strengths and
    headline figures.

    Example: kachin overview
    """
    from kachin_cli import render

    state = state_of(ctx)
    kb = state.knowledge_base()
    out = _output(ctx, no_pager)
    if fmt == Format.json:
        out.write(render.overview_json(kb, pretty=out.is_tty) + "\n")
    else:
        out.show(render.overview_view(kb))


@app.command()
def repl(ctx: typer.Context) -> None:
    """Interactive explorer with completion and history (also: plain `kachin` in a terminal).

    Example: kachin --data my-kachin.json repl
    """
    state = state_of(ctx)
    if state.in_repl:
        raise QueryError("already in the REPL; type a command such as `timeline --from 2011`, or `exit`")
    from kachin_cli import repl as repl_module

    raise typer.Exit(repl_module.start(state))


@app.command(hidden=True)
def more(ctx: typer.Context, no_pager: NoPagerOpt = False) -> None:
    """Show the next page of the last listing that --limit cut short (in the REPL)."""
    from kachin_cli import render

    state = state_of(ctx)
    if not state.in_repl:
        raise QueryError("`more` works in the REPL (kachin repl), after a listing cut short by --limit")
    listing, size = state.last, state.page_size
    if listing is None or not size or state.last_shown >= len(listing.records):
        _output(ctx).write("Nothing more to show.\n")
        return
    first = state.last_shown
    page = listing.records[first:first + size]
    state.last_shown = first + len(page)
    total = len(listing.records)
    rows = f"{first + 1}" if len(page) == 1 else f"{first + 1}-{state.last_shown}"
    footer = [f"Showing {rows} of {total} {listing.noun}"
              + (" (type `more` for the next page)." if state.last_shown < total else ".")]
    shown = listing.replace(records=page, numbered_from=first + 1, footer=footer, extra=[])
    out = _output(ctx, no_pager)
    out.show(render.render_listing(shown, styled=out.color))


@app.command("help", hidden=True)
def help_(ctx: typer.Context, name: Annotated[str | None, typer.Argument(metavar="COMMAND")] = None) -> None:
    """List the commands with one line each, or show the help of one.

    Example: kachin help timeline
    """
    group: Any = ctx.find_root().command
    out = _output(ctx)
    if name is None:
        commands = [(n, c) for n, c in group.commands.items() if not c.hidden]
        width = max(len(n) for n, _ in commands) + 2
        lines = [f"  {n.ljust(width)}{c.get_short_help_str(80 - width)}" for n, c in commands]
        if state_of(ctx).in_repl:
            lines += [f"  {'more'.ljust(width)}Show the next page of a listing cut short by --limit.",
                      f"  {'exit'.ljust(width)}Leave (also quit, or Ctrl-D)."]
        out.write("Commands:\n" + "\n".join(lines) + "\n\nType `help COMMAND` or `COMMAND --help` for its options.\n")
        return
    sub = group.commands.get(name)
    if sub is None or (sub.hidden and name != "help"):
        raise click.UsageError(f"No such command {quoted(name)}.", ctx=ctx)
    with sub.make_context(name, [], parent=ctx.find_root(), resilient_parsing=True) as sub_ctx:
        text = sub.get_help(sub_ctx)  # Typer prints Rich help itself and returns ""
    if text:
        out.write(text + "\n")


# ---------------------------------------------------------------- recorded events (layers)


def _layers_of(source: str, first: date | None = None, last: date | None = None,
               summaries: bool = False) -> tuple[list[Any], dict[str, str], set[str]]:
    """The rows a --source selects (those overlapping [first, last]; or every row's summary
    for yearly sums), each id once (the first layer that has it keeps it), the layer of each
    row, and the ids that more than one layer has."""
    from kachin_cli.layers import storage

    storage.check_source(source)
    rows: list[Any] = []
    layer_of: dict[str, str] = {}
    repeats: set[str] = set()
    for name, layer_rows in storage.rows_between(source, first, last, summaries):
        for r in layer_rows:
            if r.id in layer_of:
                repeats.add(r.id)
                continue
            layer_of[r.id] = name
            rows.append(r)
    return rows, layer_of, repeats


def _layered_timeline(kb: model.KnowledgeBase, source: str, start: date | None, end: date | None, *,
                      phase: str | None, type_: list[str] | None, place: list[str] | None,
                      actor: list[str] | None,
                      search: str | None, about: str | None, sides: list[str] | None, reverse: bool) -> "Listing":
    from kachin_cli import query, render_recorded

    if type_:
        raise QueryError("--type chooses among the narrative's events; recorded events have no such types "
                         "(use it with --source narrative)")
    rows, layer_of, repeats = _layers_of(source, start, end)
    found = query.recorded(kb, rows, start=start, end=end, phase=phase, place=place, actor=actor, text=search,
                           about=about, sides=sides, reverse=reverse)
    if source == "all":
        events = query.timeline(kb, start=start, end=end, phase=phase, place=place, actor=actor, text=search,
                                about=about, sides=sides, reverse=reverse, actors_may_be_sides=True)
        listing = render_recorded.mixed_listing(kb, query.interleave(events, found, reverse), layer_of)
    else:
        listing = render_recorded.recorded_listing(kb, found, layer_of)
    shown_once = sum(1 for r in found if r.id in repeats)
    if shown_once:
        listing.footer.append(f"{shown_once} of these rows are in more than one layer; each is shown once.")
    if any(r.source.startswith("ucdp") for r in found):
        listing.footer.append("Recorded events: UCDP GED, Uppsala University (kachin about for the citation).")
    return listing


def _recorded_footer(kb: model.KnowledgeBase, start: date | None, end: date | None, *, from_: DateArg | None,
                     to: DateArg | None, phase: str | None, place: list[str] | None, actor: list[str] | None,
                     search: str | None, about: str | None = None) -> list[str]:
    """What UCDP records in the range of a narrative listing, and the command that shows it;
    nothing for a range wholly outside the years UCDP covers (it would say nothing)."""
    import shlex

    from kachin_cli import render_recorded
    from kachin_cli.layers import storage

    starts, ends, bests = storage.bundled_index()
    covers = (date(date.fromordinal(min(starts)).year, 1, 1), date(date.fromordinal(max(ends)).year, 12, 31))
    if (end is not None and end < covers[0]) or (start is not None and start > covers[1]):
        return []
    if phase or place or actor or search or about:
        from kachin_cli import query

        rows = query.recorded(kb, storage.load("ucdp").rows, start=start, end=end, phase=phase, place=place,
                              actor=actor, text=search, about=about)
        count, best = len(rows), sum(r.best or 0 for r in rows)
    else:
        lo = start.toordinal() if start else 0
        hi = end.toordinal() if end else 10**9
        hits = [i for i in range(len(starts)) if ends[i] >= lo and starts[i] <= hi]
        count, best = len(hits), sum(bests[i] for i in hits)
    partly = (start is None or start < covers[0]) or (end is None or end > covers[1])
    span = f" (its data cover {covers[0].year}-{covers[1].year})" if partly else ""
    if not count:
        return [f"UCDP records no fatal events in this range{span}."]
    args = ["kachin", "timeline"]
    for flag, value in (("--from", from_.text if from_ else None), ("--to", to.text if to else None),
                        ("--phase", phase), ("--place", place), ("--actor", actor), ("--search", search),
                        ("--about", about)):
        for each in [value] if isinstance(value, str) else value or ():
            args += [flag, each]
    return render_recorded.recorded_footer("ucdp", count, best, shlex.join([*args, "--source", "ucdp"]), span)


def _casualties_by_year(ctx: typer.Context, kb: model.KnowledgeBase, source: str, start: date | None,
                        end: date | None, fmt: FormatName, no_pager: bool) -> None:
    from kachin_cli import query, render_recorded
    from kachin_cli.layers import ucdp

    if source == "narrative":
        raise QueryError("--by year sets a layer's recorded deaths beside the narrative's claims: "
                         "choose --source ucdp, all or an imported layer")
    rows, _layer_of, repeats = _layers_of(source, summaries=True)
    years = [r.year if r.year is not None else r.date_start.year for r in rows]
    if not years:
        raise QueryError(f"the layer {quoted(source)} has no rows")
    first, last = min(years), max(years)
    if start is not None:
        first = max(first, start.year)
    if end is not None:
        last = min(last, end.year)
    if first > last:
        raise QueryError(f"the layer {quoted(source)} covers {min(years)}-{max(years)}; the asked years are outside it")
    ged = all(r.source.startswith("ucdp") for r in rows)
    conflict = ucdp.KACHIN_CONFLICT if ged else None
    table = query.by_year(kb, rows, first, last, conflict)
    sources = sorted({r.source for r in rows})
    out = _output(ctx, no_pager)
    if fmt == Format.json:
        out.write(render_recorded.by_year_json(table, source, ", ".join(sources), conflict, pretty=out.is_tty) + "\n")
        return
    if fmt in (Format.csv, Format.markdown):
        text = render_recorded.by_year_csv(table, source)
        if fmt == Format.markdown:
            import csv

            from kachin_cli import render

            header, *rows = csv.reader(text.splitlines())
            text = render.markdown_table(header, rows)
        out.write(text)
        return
    # what the sums add: the layer's rows, one per event, which do not overlap
    notes = ["Low, best and high add up the layer's rows of each year, one row per event, so no death is "
             "counted twice."]
    if conflict is not None:
        others = [r for r in rows if r.conflict_id != conflict and first <= (r.year or 0) <= last]
        if others:
            notes.append(f"Not in these sums: {len(others)} rows of other conflicts located in Kachin State "
                         f"({sum(r.best or 0 for r in others):,} deaths, best estimate): one-sided violence and "
                         "the war after the 2021 coup.")
    else:
        notes.append("Rows without low and high estimates (ACLED gives one number) leave those columns empty.")
    if repeats:
        notes.append(f"{len(repeats)} rows present in more than one layer are counted once.")
    claims_out = [f for f in query.figures(kb, category="killed")
                  if f.first is not None and f.last is not None and f.first.year == f.last.year
                  and not first <= f.first.year <= last]
    if claims_out:
        notes.append(f"{len(claims_out)} of the narrative's killed figures fall outside {first}-{last}: "
                     "kachin casualties --category killed")
    notes.append("UCDP's figures count deaths in events it could verify; the narrative's claims are single "
                 "reports by one side or one outlet. Neither is added to the other.")
    from kachin_cli import render

    out.show(render_recorded.by_year_table(table, source, conflict),
             *(render.txt(n, "dim" if out.color else "") for n in notes))


def _looks_recorded(arg: str) -> bool:
    import re

    return re.fullmatch(r"(ucdp|acled)-[A-Za-z0-9-]+", arg.strip()) is not None


def _show_recorded(ctx: typer.Context, kb: model.KnowledgeBase, rid: str, fmt: FormatName, no_pager: bool) -> None:
    from kachin_cli import query, render_recorded

    rows, layer_of, _ = _layers_of("all")
    found = next((r for r in rows if r.id == rid), None)
    if found is None:
        raise NotFoundError(f"no recorded event {quoted(rid)} in the bundled UCDP layer or an imported one")
    out = _output(ctx, no_pager)
    if fmt == Format.json:
        out.write(render_recorded.recorded_json(kb, found, layer_of[rid], pretty=out.is_tty) + "\n")
    else:
        out.show(render_recorded.recorded_view(kb, found, layer_of[rid], query.place_links(kb, found)))


def _show_place(out: Output, kb: model.KnowledgeBase, place: model.Place, rel: dict[str, list[Any]],
                fmt: FormatName) -> None:
    """A place, with the recorded events linked to it (and to places within it)."""
    from kachin_cli import query, render, render_recorded
    from kachin_cli.errors import DataError

    try:
        rows, layer_of, _ = _layers_of("all")
        unread = None
    except DataError as exc:  # a damaged imported layer must not hide the place itself
        rows, layer_of, unread = [], {}, f"Recorded events not shown: {exc}"
    at = query.recorded_at(kb, place, rows)
    if fmt == Format.json:
        import json

        data = json.loads(render.record_json(kb, place, rel))
        data["recorded"] = [{"id": e.id, "layer": layer_of[e.id], "how": how} for e, how in at]
        out.write(to_json(data, pretty=out.is_tty) + "\n")
        if unread:
            error(unread)
        return
    parts: list[Any] = [render.record_view(kb, place, rel)]
    if at:
        parts += [render.txt(""), render_recorded.place_recorded_table(at, layer_of)]
    if unread:
        parts += [render.txt(""), render.txt(unread)]
    out.show(*parts)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="A CSV file: UCDP GED, UCDP candidate events, or an ACLED export.")],
    name: Annotated[str | None, typer.Option(
        "--name", metavar="NAME", help="The layer's name (default: from the file's name).")] = None,
    all_rows: Annotated[bool, typer.Option(
        "--all-rows", help="Keep every row, not only the Kachin conflict's.")] = False,
    where: Annotated[list[str] | None, typer.Option(
        "--where", metavar="COLUMN=VALUE", help="Keep only rows whose COLUMN is VALUE (repeatable).")] = None,
) -> None:
    """Import an event file as a layer: recognised by its header, the Kachin conflict's
    rows kept (UCDP conflict 231 or Kachin State; for ACLED, the KIA/KIO or Kachin State).

    The layer is written to $XDG_DATA_HOME/kachin/layers/NAME; importing again replaces it.

    Example: kachin import ged241.csv --name ged241
    """
    from kachin_cli.layers import storage, table

    done = storage.import_file(file, name=name, all_rows=all_rows, where=table.parse_where(where or []))
    r = done.report

    def rows(n: int) -> str:
        return f"{n:,} row" if n == 1 else f"{n:,} rows"

    lines = [f"Read {rows(r.read)} of {done.module.NAME} from {one_line(os.path.basename(file))}: "
             f"kept {r.kept:,}, skipped {r.skipped:,}."]
    if r.outside:
        lines.append(f"{rows(r.outside)} outside the Kachin conflict left out (--all-rows keeps them).")
    if r.filtered:
        lines.append(f"{rows(r.filtered)} left out by --where.")
    if r.duplicates:
        lines.append(f"{rows(r.duplicates)} repeating an event id already read: kept once.")
    for line, why in r.problems:
        lines.append(f"  skipped line {line}: {one_line(why)}")
    if r.skipped > len(r.problems):
        lines.append(f"  and {rows(r.skipped - len(r.problems))} more skipped.")
    lines.append(f"Layer {quoted(done.name)}: {r.kept:,} events, {r.first} to {r.last}; see them with "
                 f"kachin timeline --source {done.name}")
    _output(ctx).write("\n".join(lines) + "\n")


@app.command()
def layers(
    ctx: typer.Context,
    action: Annotated[Literal["list", "remove", "path"], typer.Argument(
        help="list (default), remove NAME, or path NAME (the layer's file).")] = "list",
    name: Annotated[str | None, typer.Argument(help="The layer to remove or locate.", show_default=False)] = None,
    fmt: ViewFormatOpt = "table",
) -> None:
    """The imported layers, with source, rows, period and import date; `layers remove NAME`
    deletes one; `layers path NAME` prints where its file is. The bundled UCDP layer is
    always there as `ucdp`.

    Examples: kachin layers · kachin layers remove ged241 · kachin layers path ucdp
    """
    from kachin_cli.layers import storage

    out = _output(ctx)
    if action in ("remove", "path"):
        if not name:
            raise QueryError(f"name the layer: kachin layers {action} NAME")
        if action == "remove":
            storage.remove(name)
            out.write(f"Removed layer {quoted(name)}.\n")
            return
        storage.check_source(name)
        if name in ("narrative", "all"):
            raise QueryError(f"{quoted(name)} is not a layer with a file of its own")
        out.write(storage.bundled_csv() if name == "ucdp" else storage.layer_path(name))
        out.write("\n")
        return
    if name:
        raise QueryError(f"unexpected {quoted(name)}: kachin layers, or kachin layers remove NAME")
    found = [storage.describe(n) for n in storage.names()]
    if fmt == Format.json:
        out.write(to_json([{k: v for k, v in d.items() if k != "kachin_layer"} for d in found],
                          pretty=out.is_tty) + "\n")
        return
    from kachin_cli import render_recorded

    if not found:
        out.write("No imported layers; kachin import FILE adds one. The bundled UCDP layer is --source ucdp.\n")
        return
    out.show(render_recorded.layers_table(found))


# ---------------------------------------------------------------- running a command line


class _LazyCommands(MutableMapping):
    """The root group's subcommands, each built from its Typer definition the first time
    it is looked up. Typer builds every command on every run (about 6 ms for this app);
    a command line needs one. Names are all known up front, so help, suggestions and
    REPL completion see every command."""

    def __init__(self, infos: dict[str, Any], build: Any) -> None:
        self._infos = infos
        self._build = build
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._build(self._infos[name])  # KeyError: no such command
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._infos.setdefault(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._infos[name]
        self._built.pop(name, None)

    def __iter__(self) -> Any:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)


_command: Any = None


def command() -> Any:
    """The click command tree of the Typer app (built once per process, lazily)."""
    global _command
    if _command is None:
        # typer.main's own building blocks, as in typer.main.get_group_from_info (typer is pinned)
        from typer.main import get_command_from_info, get_command_name

        infos = {info.name or get_command_name(getattr(info.callback, "__name__", "")): info
                 for info in app.registered_commands}
        infos = dict(sorted(infos.items(), key=lambda kv: _command_rank(kv[0])))
        registered, app.registered_commands = app.registered_commands, []
        try:
            group: Any = typer.main.get_command(app)  # the root group with its options, no commands yet
        finally:
            app.registered_commands = registered
        group.commands = _LazyCommands(infos, lambda info: _tidy_help(get_command_from_info(
            info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode)))
        group.resolve_command = _resolve_command(group)
        _command = group
    return _command


def no_such_command(word: str, extra: list[str] | None = None, listed: list[str] | None = None) -> str | None:
    """What to say about a first word that is no command, or None for a command (or an
    option, which the command tree answers). A suggestion only when it is close: a prefix
    of one command or a slip of a letter or two (`timelin`, `serch`); otherwise the list of
    commands (`extra` words are suggested too; `listed` ones end the list)."""
    if word.startswith("-"):
        return None
    commands = command().commands
    if word in commands:
        return None
    import difflib

    names = sorted((name for name, cmd in commands.items() if not cmd.hidden), key=_command_rank)
    every = [*commands, *(extra or [])]
    low = word.lower()
    near = [name for name in every if len(low) >= 2 and name.startswith(low)]
    if len(near) != 1:
        near = difflib.get_close_matches(low, every, n=1, cutoff=0.75)
    if near:
        return f"No such command {quoted(word)}. Did you mean {quoted(near[0])}?"
    every_name = [*names, *(listed if listed is not None else ["help"])]
    return f"No such command {quoted(word)}. The commands are {', '.join(every_name[:-1])} and {every_name[-1]}"


def _resolve_command(group: Any) -> Any:
    """The root group's resolve_command, answering an unknown command as the REPL does
    (no_such_command) instead of Typer's nearest name, however far."""
    resolve = group.resolve_command

    def resolve_command(ctx: Any, args: list[str]) -> Any:
        if args and not ctx.resilient_parsing:
            message = no_such_command(args[0])
            if message:
                raise click.UsageError(message, ctx=ctx)
        return resolve(ctx, args)

    return resolve_command


# `kachin --help` lists the commands in the order a reader reaches for them: exploring first,
# then exporting and citing, the knowledge base's own upkeep last. Commands not named here
# come after these, in the order they are declared.
COMMAND_ORDER = ("timeline", "search", "show", "commanders", "ceasefire", "casualties", "places", "overview",
                 "chart", "map", "cite", "about", "repl", "import", "layers", "schema", "validate")


def _command_rank(name: str) -> tuple[int, int]:
    return (0, COMMAND_ORDER.index(name)) if name in COMMAND_ORDER else (1, 0)


def _tidy_help(cmd: Any) -> Any:
    """Help that reads well at any width. Docstrings are wrapped for the source file, so
    their line breaks are joined and Rich wraps each paragraph to the terminal; examples
    (`Examples: a · b`) get a line each, never broken inside one. A list of choices is
    said in the option's help (`One of: table, json...`), which wraps between words, and
    the option shows a name such as FORMAT instead of `<table|json|...>` broken mid-word.
    Arguments are spelled one way: upper case, in the usage line and in the list."""
    import re

    from typer._click import types
    from typer._types import TyperChoice

    named_choice, named_text = _named_types()
    if cmd.help:
        paragraphs = []
        for para in re.split(r"\n\s*\n", cmd.help.strip()):
            text = " ".join(line.strip() for line in para.splitlines())
            found = re.match(r"(Examples?): (.*)", text)
            if found:
                text = found.group(1) + ":\n" + "\n".join("  " + e.strip() for e in found.group(2).split(" · "))
            paragraphs.append(text)
        cmd.help = "\n\n".join(paragraphs)
    for param in cmd.params:
        if param.param_type_name == "argument":
            if param.metavar is None:
                param.metavar = (param.name or "").upper()
            param.type = named_text if param.type is types.STRING else param.type
        if isinstance(param.type, TyperChoice):
            choices = ", ".join(str(c) for c in param.type.choices)
            if param.param_type_name == "option" and param.metavar is None:
                param.metavar = max(param.opts, key=len).lstrip("-").upper()
            param.help = ((param.help or "").rstrip() + f" One of: {choices}.").strip()
            param.type = named_choice(param.type)
    return cmd


def _named_types() -> tuple[Any, Any]:
    from typer._click import types
    from typer._types import TyperChoice

    class NamedChoice(TyperChoice):
        """A choice whose help shows the option's name (FORMAT), the choices being listed
        in its help text."""

        def __init__(self, choice: Any) -> None:
            super().__init__(choice.choices, choice.case_sensitive)

        def get_metavar(self, param: Any, ctx: Any = None) -> str | None:
            return param.metavar

    class NamedText(types.StringParamType):
        """Text whose name in help is the argument's own, with no `<str>` beside it."""

        def get_metavar(self, param: Any, ctx: Any = None) -> str | None:
            return ""

    return NamedChoice, NamedText()


def error(message: str, prefix: str = "kachin") -> None:
    """The one line a failure gets on stderr (said nowhere when stderr is closed: the exit
    status still tells)."""
    try:
        sys.stderr.write(f"{prefix}: {_shorten_quoted(one_line(message))}\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass


def _shorten_quoted(message: str) -> str:
    """Values a message repeats (Click's own messages included) are quoted: cut any that
    would fill the screen, as safe.quoted does for kachin's own."""
    if len(message) <= 2 * ECHO_LIMIT:
        return message
    import re

    return re.sub(f"'([^']{{{ECHO_LIMIT + 1},}})'", lambda m: quoted(m.group(1)), message)


def _usage_message(exc: "click.UsageError") -> tuple[str, str]:
    prefix = exc.ctx.command_path if exc.ctx is not None else "kachin"
    message = exc.format_message()
    return prefix, message


def run(args: list[str] | None = None, *, state: State | None = None) -> int:
    """Run one command line and return its exit status; print errors in one line."""
    try:
        rv = command().main(args=args, prog_name="kachin", standalone_mode=False, obj=state)
    except click.UsageError as exc:
        prefix, message = _usage_message(exc)
        error(message, prefix)
        return 2
    except click.ClickException as exc:
        error(exc.format_message())
        return exc.exit_code
    except typer.Abort:
        return 130
    except OutputError as exc:
        error(str(exc))
        if state is not None:
            state.output_failed = True
        return exc.exit_code
    except KachinError as exc:
        error(str(exc))
        return exc.exit_code
    except PipeClosed:
        quiet_broken_pipe()
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        # Click and Rich print help and usage straight to sys.stdout: a failed write there
        if exc.errno == errno.EPIPE:
            quiet_broken_pipe()
            return 0
        error(write_failure(exc))
        if state is not None:
            state.output_failed = True
        return 1
    return rv if isinstance(rv, int) else 0


def main() -> None:
    """The `kachin` console script."""
    make_safe_streams()
    code = run(sys.argv[1:])
    # What Click or Python printed through the streams themselves (help, --version) is
    # flushed here; a failure to write it is a failure, not a success.
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        pass  # a reader that went away: nothing more to say to it
    except (OSError, ValueError) as exc:
        error(write_failure(exc) if isinstance(exc, OSError) else "cannot write output")
        code = code or 1
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        pass
    # Leave without tearing down every module and object: that teardown took 8 ms of a
    # 69 ms run (measured). Output is flushed above, every file kachin writes is closed
    # by its `with` block, the pager has been waited for, and nothing is left for atexit.
    os._exit(code)

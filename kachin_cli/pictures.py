"""Pictures as text at a given width: the war over time (`chart`) and where it happened
(`region_map`). Pure functions: data in, lines of text out; nothing here reads files,
imports Rich or prints, so each picture is tested by its text at a fixed width. Names
from the data are drawn through `safe.one_line`: no control character reaches the terminal.

Both take the narrative (the knowledge base's events) and, through one parameter each,
the recorded layer (UCDP GED) when it is there: `chart(..., recorded=...)` takes deaths
per period as (best, low, high); `region_map(..., recorded_points=...)` takes
(lat, lon, deaths, where_prec) rows. In ASCII mode only printable ASCII is drawn."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from kachin_cli.safe import one_line

MIN_WIDTH = 40


class Glyphs(NamedTuple):
    bar: str  # narrative events
    shade: str  # a ceasefire's span, behind the bars
    best: str  # recorded deaths up to the low estimate
    spread_low: str  # from the low to the best estimate
    spread_high: str  # from the best to the high estimate
    agreement: str
    unilateral: str
    vline: str
    hline: str
    corner: str
    tick: str
    place: str
    dots: str  # recorded deaths per map cell, light to heavy
    frame: str  # top-left, top-right, bottom-left, bottom-right, horizontal, vertical
    border: str  # a border or coast on the map


UNICODE = Glyphs("\u2588", "\u2591", "\u2588", "\u2593", "\u2500", "\u25c6", "\u25c7", "\u2502", "\u2500",
                 "\u2514", "\u2534", "\u25cf", "\u00b7\u2218\u25cb\u25c9", "\u250c\u2510\u2514\u2518\u2500\u2502",
                 "\u2219")
ASCII = Glyphs("#", ".", "#", "=", "-", "*", "+", "|", "-", "+", "+", "@", ".:oO", "++++-|", "'")


def glyphs(ascii: bool) -> Glyphs:
    return ASCII if ascii else UNICODE


# Colours for a terminal that takes them (never with NO_COLOR, TERM=dumb or in a pipe; the
# caller decides): each run of a glyph gets one SGR code and a reset.
_COLOURS = {UNICODE.bar: "36", UNICODE.shade: "2", UNICODE.spread_low: "33", UNICODE.spread_high: "33",
            UNICODE.agreement: "33", UNICODE.unilateral: "33", UNICODE.place: "1;31", UNICODE.border: "2",
            **{d: "31" for d in UNICODE.dots}}


def coloured(text: str) -> str:
    """A Unicode picture with its bars, shades, markers and borders coloured."""
    import re

    pattern = re.compile("(" + "|".join(re.escape(ch) + "+" for ch in _COLOURS) + ")")
    return pattern.sub(lambda m: f"\x1b[{_COLOURS[m.group(0)[0]]}m{m.group(0)}\x1b[0m", text)


# ---------------------------------------------------------------- periods


class Period(NamedTuple):
    label: str
    first: date
    last: date


def periods(first: date, last: date) -> list[Period]:
    """Whole years from `first` to `last`; whole months when they lie within three
    calendar years or less."""
    if last.year - first.year + 1 <= 3:
        out = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            out.append(Period(f"{y}-{m:02d}", date(y, m, 1), date.fromordinal(nxt.toordinal() - 1)))
            y, m = nxt.year, nxt.month
        return out
    return [Period(str(y), date(y, 1, 1), date(y, 12, 31)) for y in range(first.year, last.year + 1)]


def monthly(ps: Sequence[Period]) -> bool:
    return bool(ps) and len(ps[0].label) == 7


def _index(ps: Sequence[Period], day: date) -> int | None:
    for i, p in enumerate(ps):
        if p.first <= day <= p.last:
            return i
    return None


def count_events(events: Iterable[Any], ps: Sequence[Period]) -> tuple[list[int], int]:
    """Events per period, each counted once, in the period where it begins. Returns
    (counts, left out): an event dated only to a year is left out of a monthly chart (and
    counted), never put in a month it may not belong to. Reads `date` and `first`."""
    counts = [0] * len(ps)
    left_out = 0
    by_month = monthly(ps)
    for e in events:
        if e.first is None:
            continue
        i = _index(ps, e.first)
        if i is None:
            continue
        if by_month and len(e.date) < 7:
            left_out += 1
            continue
        counts[i] += 1
    return counts, left_out


def sum_recorded(rows: Iterable[tuple[date, int, int, int]], ps: Sequence[Period]
                 ) -> list[tuple[int, int, int] | None]:
    """(start day, best, low, high) rows -> per-period (best, low, high) sums, None for a
    period with no row: the shape `chart(recorded=...)` takes. A row counts in the period
    of its first day."""
    out: list[tuple[int, int, int] | None] = [None] * len(ps)
    for day, best, low, high in rows:
        i = _index(ps, day)
        if i is None:
            continue
        b, lo, hi = out[i] or (0, 0, 0)
        out[i] = (b + best, lo + low, hi + high)
    return out


class Span(NamedTuple):
    """A phase: its name, days, and whether it is a ceasefire (shaded)."""

    name: str
    first: date
    last: date
    shaded: bool
    label: str  # its dates as the reader sees them


class Marker(NamedTuple):
    """An agreement or a unilateral ceasefire, drawn in the row of its date."""

    label: str
    day: date
    date_text: str
    unilateral: bool = False
    precise: bool = True  # known to the period's precision (a year-only date is not, by month)


# ---------------------------------------------------------------- the chart


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(0, width - 1)] + ("~" if width else "")


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False) or [""]


def _scale(top: int, room: int) -> tuple[int, int]:
    """(chars per unit, units per char): one of them is 1."""
    if top <= 0:
        return 1, 1
    if top <= room:
        return max(1, min(room // top, 3)), 1
    return 1, math.ceil(top / room)


def _bar_len(n: int, scale: tuple[int, int]) -> int:
    per, unit = scale
    return n * per if unit == 1 else math.ceil(n / unit)


def _axis(label_w: int, room: int, top: int, scale: tuple[int, int], unit: str, g: Glyphs) -> list[str]:
    """A labelled axis under the bars: ticks at round numbers, the unit at the end."""
    per, each = scale
    length = max(_bar_len(top, scale), 1)
    step = 1
    for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000):
        step = s
        if _bar_len(s, scale) >= 6:
            break
    line = [g.hline] * min(room, length + 1)
    labels = [" "] * (room + 12)
    v = 0
    while True:
        pos = _bar_len(v, scale)
        if pos >= len(line) or pos + len(str(v)) > room:
            break
        line[pos] = g.tick
        for j, ch in enumerate(str(v)):
            labels[pos + j] = ch
        v += step
    pad = " " * label_w
    tail = "".join(labels).rstrip()
    out = [pad + g.corner + "".join(line)]
    if len(tail) + 1 + len(unit) <= room:
        return out + [pad + " " + tail + " " + unit]
    return out + [pad + " " + tail, pad + " " + unit]


def chart(ps: Sequence[Period], counts: Sequence[int], *, width: int, ascii: bool = False,
          spans: Sequence[Span] = (), markers: Sequence[Marker] = (), left_out: int = 0,
          recorded: Sequence[tuple[int, int, int] | None] | None = None, what: str = "Narrative events",
          notes: Sequence[str] = ()) -> str:
    """The war over time, one row per period (a year, or a month for short ranges): the
    narrative's events as a bar with its count; ceasefire phases shaded behind the bars;
    the start of each phase as a line of its own; agreements as markers, listed below.
    With `recorded` (per period: best, low, high deaths, or None), a second line per
    period draws the best estimate as a bar and the low-high spread beside it."""
    g = glyphs(ascii)
    width = max(width, MIN_WIDTH)
    # text from the data is drawn with its control characters made visible
    spans = [s._replace(name=one_line(s.name), label=one_line(s.label)) for s in spans]
    markers = [m._replace(label=one_line(m.label), date_text=one_line(m.date_text)) for m in markers]
    unit_word = "month" if monthly(ps) else "year"
    label_w = max(len(p.label) for p in ps) + 1
    top = max(counts, default=0)
    count_w = max(len(str(top)), 1)
    marks_w = 2
    room = width - label_w - 1 - 1 - count_w - 1 - marks_w  # label, bar line, bars, space, count, space, marks
    scale = _scale(top, room)
    # the track is as long as the longest bar (or 20 columns), so counts sit by their bars
    full_room, room = room, min(room, max(_bar_len(top, scale) + 3, 20))
    lines = _wrap(f"{what} per {unit_word}, {ps[0].label} to {ps[-1].label}", width)
    per, each = scale
    key = (f"{g.bar} = {each} events (rounded up)" if each > 1 else
           f"{g.bar * per} = 1 event")
    shaded = [s for s in spans if s.shaded and s.first <= ps[-1].last and s.last >= ps[0].first]
    key_line = key + (f"; {g.shade} {', '.join(s.name for s in shaded)}" if shaded else "")
    lines += _wrap(key_line, width)
    rec_scale = None
    if recorded is not None:
        highs = [r[2] for r in recorded if r]
        rec_top = max(highs, default=0)
        rec_room = full_room + count_w + 1 + marks_w - 2 - len(f"{rec_top:,} ({rec_top:,}-{rec_top:,})")
        rec_scale = _scale(rec_top, max(rec_room, 4))
        rp, re_ = rec_scale
        rec_key = (f"{g.best} = {re_} deaths" if re_ > 1 else f"{g.best * rp} = 1 death")
        lines += _wrap(f"Recorded deaths (second line): {rec_key}, best estimate; {g.spread_low} low to best, "
                       f"{g.spread_high} best to high; numbers: best (low-high)", width)
    marks_by_row: dict[int, list[Marker]] = {}
    unplaced: list[Marker] = []
    for m in markers:
        i = _index(ps, m.day)
        if i is None:
            continue
        if m.precise:
            marks_by_row.setdefault(i, []).append(m)
        else:
            unplaced.append(m)
    starts: dict[int, list[Span]] = {}
    for s in spans:
        # a phase begun before the first period is named at the top
        i = 0 if s.first < ps[0].first <= s.last else _index(ps, s.first)
        if i is not None:
            starts.setdefault(i, []).append(s)
    lines.append("")
    lines.append(("Year" if unit_word == "year" else "Month").ljust(label_w) + g.vline)
    for i, p in enumerate(ps):
        for s in starts.get(i, []):
            lines += [" " * label_w + g.vline + " " + line
                      for line in _wrap(f"{s.name}: {s.label}", width - label_w - 2, "  ")]
        shade = any(s.first <= p.last and s.last >= p.first for s in shaded)
        n = counts[i]
        bar = g.bar * _bar_len(n, scale)
        track = bar + (g.shade if shade else " ") * (room - len(bar))
        count = (str(n) if n else "").rjust(count_w)
        marks = "".join(g.unilateral if m.unilateral else g.agreement for m in marks_by_row.get(i, []))[:marks_w]
        lines.append((p.label.ljust(label_w) + g.vline + track + " " + count + " " + marks).rstrip())
        if recorded is not None and rec_scale is not None:
            lines.append(_recorded_line(recorded[i], label_w, width, rec_scale, g, shade))
    lines += _axis(label_w, room, top, scale, f"events per {unit_word}", g)
    if marks_by_row or unplaced:
        lines.append("")
        for m in [m for i in sorted(marks_by_row) for m in marks_by_row[i]]:
            sym = g.unilateral if m.unilateral else g.agreement
            lines += _wrap(f"{sym} {m.date_text} {m.label}", width, "  ")
        for m in unplaced:
            lines += _wrap(f"  {m.date_text} {m.label} (dated to the year only: no marker)", width, "  ")
    if left_out:
        lines += _wrap(f"{left_out} event{'s' if left_out != 1 else ''} dated only to a year "
                       f"{'are' if left_out != 1 else 'is'} not in any month's bar.", width)
    lines += _wrap(f"Events count in the {unit_word} they begin; an empty row had none in the knowledge base.",
                   width)
    for note in notes:
        lines += _wrap(note, width)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _recorded_line(value: tuple[int, int, int] | None, label_w: int, width: int, scale: tuple[int, int],
                   g: Glyphs, shade: bool) -> str:
    pad = " " * label_w + g.vline
    if value is None:
        return pad.rstrip() if not shade else pad
    best, low, high = value
    lo_len, best_len, hi_len = (_bar_len(v, scale) for v in (min(low, best), best, max(high, best)))
    bar = g.best * lo_len + g.spread_low * (best_len - lo_len) + g.spread_high * (hi_len - best_len)
    text = f"{best:,} ({low:,}-{high:,})"
    return _fit(pad + bar + " " + text, width)


# ---------------------------------------------------------------- the map


class MapPlace(NamedTuple):
    name: str
    lat: float
    lon: float
    events: int


# UCDP GED's where_prec: 1 exact place, 2 within 25 km, 3 a district, 4 a province,
# 5 a larger area, 6 the country, 7 waters. Only 1-3 are drawn: a row known only to its
# province or country would be drawn at a centroid where nothing may have happened.
DRAWN_WHERE_PREC = (1, 2, 3)
MAX_ROWS = 24  # a map taller than this shows more longitudes instead
DEATH_STEPS = (1, 10, 50, 250)  # the lower bound of each shade of recorded deaths


def region_map(places: Sequence[MapPlace], *, width: int, ascii: bool = False, height: int | None = None,
               recorded_points: Sequence[tuple[float, float, int, int]] | None = None,
               outlines: Sequence[Sequence[tuple[float, float]]] = (),
               country_labels: Sequence[tuple[str, float, float]] = (), outline_credit: str = "",
               notes: Sequence[str] = ()) -> str:
    """Places on a character map of the region, each marked and labelled with its
    number of events, framed by latitude and longitude; a key lists every place. With
    `recorded_points` ((lat, lon, deaths, where_prec) rows), recorded events located
    precisely enough are drawn too, each cell shaded by the deaths recorded in it.
    `outlines` are borders as (lon, lat) lines, drawn faintly beneath everything else;
    `country_labels` name what lies beyond them, where there is room."""
    g = glyphs(ascii)
    width = max(width, MIN_WIDTH)
    places = [p._replace(name=one_line(p.name)) for p in places]
    drawn_rec = [r for r in recorded_points or () if r[3] in DRAWN_WHERE_PREC]
    lats = [p.lat for p in places] + [r[0] for r in drawn_rec]
    lons = [p.lon for p in places] + [r[1] for r in drawn_rec]
    # a margin, and at least a degree each way, so that one place is not a whole map
    lat0, lat1 = min(lats) - 0.3, max(lats) + 0.3
    lon0, lon1 = min(lons) - 0.3, max(lons) + 0.3
    if lat1 - lat0 < 1:
        mid = (lat0 + lat1) / 2
        lat0, lat1 = mid - 0.5, mid + 0.5
    if lon1 - lon0 < 1:
        mid = (lon0 + lon1) / 2
        lon0, lon1 = mid - 0.5, mid + 0.5
    lat_label = 7  # "27.5N "
    cols = width - lat_label - 2
    # A character is about twice as tall as it is wide, and a degree of longitude is
    # cos(latitude) of a degree of latitude: keep the map's proportions, widening the
    # longitudes shown (never cutting any) when the map is taller than the rows allow.
    squash = math.cos(math.radians((lat0 + lat1) / 2))
    x_per_col = (lon1 - lon0) * squash / cols
    rows = height or round((lat1 - lat0) / (2 * x_per_col))
    rows = max(10, min(MAX_ROWS, rows))
    x_per_col = max(x_per_col, (lat1 - lat0) / (2 * rows))
    extra = (x_per_col * cols / squash - (lon1 - lon0)) / 2
    lon0, lon1 = lon0 - extra, lon1 + extra
    lat_extra = (2 * x_per_col * rows - (lat1 - lat0)) / 2
    if lat_extra > 0:
        lat0, lat1 = lat0 - lat_extra, lat1 + lat_extra

    def cell(lat: float, lon: float) -> tuple[int, int]:
        r = round((lat1 - lat) / (lat1 - lat0) * (rows - 1))
        c = round((lon - lon0) / (lon1 - lon0) * (cols - 1))
        return min(max(r, 0), rows - 1), min(max(c, 0), cols - 1)

    grid = [[" "] * cols for _ in range(rows)]

    def inside(lat: float, lon: float) -> bool:
        return lat0 <= lat <= lat1 and lon0 <= lon <= lon1

    for line in outlines:
        for (ax, ay), (bx, by) in zip(line, line[1:], strict=False):
            # sample the segment at least twice per cell it crosses
            r0, c0 = (lat1 - ay) / (lat1 - lat0) * (rows - 1), (ax - lon0) / (lon1 - lon0) * (cols - 1)
            r1, c1 = (lat1 - by) / (lat1 - lat0) * (rows - 1), (bx - lon0) / (lon1 - lon0) * (cols - 1)
            steps = max(1, math.ceil(2 * max(abs(r1 - r0), abs(c1 - c0))))
            for k in range(steps + 1):
                r, c = round(r0 + (r1 - r0) * k / steps), round(c0 + (c1 - c0) * k / steps)
                if 0 <= r < rows and 0 <= c < cols:
                    grid[r][c] = g.border
    deaths: dict[tuple[int, int], int] = {}
    for lat, lon, n, _prec in drawn_rec:
        key = cell(lat, lon)
        deaths[key] = deaths.get(key, 0) + n
    taken = [[False] * cols for _ in range(rows)]
    for (r, c), n in deaths.items():
        shade = sum(1 for step in DEATH_STEPS if n >= step) - 1
        grid[r][c] = g.dots[max(shade, 0)]
        taken[r][c] = True  # no label hides a recorded event
    order = sorted(places, key=lambda p: (-p.events, p.name))
    for p in order:
        r, c = cell(p.lat, p.lon)
        grid[r][c] = g.place
        taken[r][c] = True
    for name, lat, lon in country_labels:
        if not inside(lat, lon):
            continue
        r, c = cell(lat, lon)
        c = min(max(c - len(name) // 2, 0), cols - len(name))
        if c >= 0 and not any(taken[r][j] for j in range(max(c - 1, 0), min(c + len(name) + 1, cols))):
            for j, ch in enumerate(name):
                grid[r][c + j] = ch
                taken[r][c + j] = True
    unlabelled = []
    for p in order:
        r, c = cell(p.lat, p.lon)
        label = f"{p.name} {p.events}"
        right = range(c + 2, c + 2 + len(label))
        left = range(c - 1 - len(label), c - 1)
        for cells in (right, left):
            if cells.start >= 0 and cells.stop <= cols and not any(taken[r][j] for j in
                                                                    range(max(cells.start - 1, 0),
                                                                          min(cells.stop + 1, cols))):
                for j, ch in zip(cells, label, strict=True):
                    grid[r][j] = ch
                    taken[r][j] = True
                break
        else:
            unlabelled.append(p.name)
    tl, tr, bl, br, h, v = tuple(g.frame)
    lines = _wrap(f"Places with coordinates, with their number of events ({g.place})", width)
    lines.append(" " * lat_label + tl + h * cols + tr)
    for r in range(rows):
        lat = lat1 - r * (lat1 - lat0) / (rows - 1)
        label = f"{lat:5.1f}N " if r in (0, rows - 1) or r == rows // 2 else ""
        lines.append(label.rjust(lat_label) + v + "".join(grid[r]) + v)
    lines.append(" " * lat_label + bl + h * cols + br)
    west, east = f"{lon0:.1f}E", f"{lon1:.1f}E"
    lines.append(" " * (lat_label + 1) + west + " " * max(1, cols - len(west) - len(east)) + east)
    lines.append("")
    for p in sorted(places, key=lambda p: -p.lat):
        lines += _wrap(f"{g.place} {p.name} ({p.lat:.2f}N, {p.lon:.2f}E): {p.events} "
                       f"event{'s' if p.events != 1 else ''}", width, "  ")
    if unlabelled:
        lines += _wrap(f"No room for the label of: {', '.join(unlabelled)} (see the list above).", width)
    if recorded_points is not None:
        not_drawn = len(recorded_points) - len(drawn_rec)
        shades = ", ".join(f"{g.dots[i]} {low}+" for i, low in enumerate(DEATH_STEPS))
        lines += _wrap(f"Recorded events: deaths per cell (best estimate): {shades}.", width)
        if not_drawn:
            lines += _wrap(f"{not_drawn} recorded event{'s' if not_drawn != 1 else ''} located only to a province, a "
                           "larger area or the country are not drawn.", width)
    lines += _wrap("Coordinates are approximate town centres; countries, states and regions are never drawn.",
                   width)
    if outlines:
        lines += _wrap(f"{g.border} Myanmar's borders and coast. {outline_credit}".rstrip(), width)
    for note in notes:
        lines += _wrap(note, width)
    return "\n".join(line.rstrip() for line in lines) + "\n"


# ---------------------------------------------------------------- from records


def phase_spans(phases: Iterable[Any], revised: str | None) -> list[Span]:
    """The phases as spans, but not one that only holds others (the whole Myanmar
    conflict); a phase whose id or name says ceasefire is shaded."""
    phases = list(phases)
    parents = {p.part_of for p in phases if p.part_of}
    out = []
    for p in phases:
        if (p.part_of is None and p.id in parents) or p.first is None:
            continue
        label = f"{p.start} to {p.end}" if p.end else f"since {p.start}" + (
            f" (ongoing as of {revised})" if revised else " (ongoing)")
        out.append(Span(p.name, p.first, p.last, "ceasefire" in f"{p.id} {p.name}".lower(), label))
    return sorted(out, key=lambda s: s.first)


MARKED_TALKS = ("agreement", "unilateral_ceasefire")


def talk_markers(talks: Iterable[Any], by_month: bool) -> list[Marker]:
    """Agreements and unilateral ceasefires that have a date, as markers."""
    out = []
    for t in talks:
        if t.kind not in MARKED_TALKS or not t.date or t.first is None:
            continue
        out.append(Marker(t.name, t.first, t.date, t.kind == "unilateral_ceasefire",
                          precise=not by_month or len(t.date) >= 7))
    return sorted(out, key=lambda m: m.day)

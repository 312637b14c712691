"""A listing's table drawn without colour, as lines of text: the same text Rich prints for
the same table in the house style (SIMPLE_HEAD box, no edge, one space of padding, cells
aligned to the top), without Rich rendering every cell into segments. At 100,000 events
that rendering took 17 s of `casualties`; this takes well under a second.

Rich still works out the column widths (from the columns alone: listings give every
column a width, so no cell is measured). Each cell is wrapped here as Rich's `Text.wrap`
wraps it, with Rich's own `divide_line`; a line this module cannot vouch for (a tab, a
character that is not one cell wide) is wrapped by Rich itself. An ASCII-only terminal,
which gets Rich's ASCII box, is drawn by Rich."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.table import Table

_TRAILING_SPACE = re.compile(r"\s+$")
# What ASCII text may hold for this module to lay it out: newlines, and no other control
# character (a tab expands to a tab stop, the others Rich's Text drops).
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def can_draw(table: Table, options: ConsoleOptions) -> bool:
    """Whether `lines` draws this table as Rich would: the house style on a terminal that
    takes box characters."""
    from rich import box

    return (table.box is box.SIMPLE_HEAD and not table.show_edge and not table.pad_edge
            and table.padding == (0, 1, 0, 1) and not table.collapse_padding and table.show_header
            and not table.show_footer and not table.show_lines and not table.leading and not table.title
            and not table.caption and table.width is None and not options.ascii_only
            and all(c.vertical == "top" and c.justify in ("left", "right") and c.overflow == "fold"
                    for c in table.columns))


def lines(table: Table, rows: Iterable[Sequence[str]], console: Console,
          options: ConsoleOptions) -> list[str] | None:
    """The table with `rows` (the plain text of each cell) as Rich would print it at
    `options.max_width`, one string per line; None when the columns do not fit that width
    (Rich squeezes some to nothing then: let it draw them). Check `can_draw` first."""
    max_width = options.max_width
    widths = table._calculate_column_widths(console, options.update_width(max_width - table._extra_width))
    last = len(widths) - 1
    # (width of the text, left padding, right padding, no_wrap, right-justified) per column
    shapes = [(w - (i > 0) - (i < last), i > 0, i < last, c.no_wrap, c.justify == "right")
              for i, (w, c) in enumerate(zip(widths, table.columns, strict=True))]
    if sum(widths) + last > max_width or any(shape[0] < 1 for shape in shapes):
        return None
    sizes = [shape[0] for shape in shapes]
    no_wraps = [shape[3] for shape in shapes]
    rights = [shape[4] for shape in shapes]
    consoles = [console] * len(shapes)
    # a cell's padding, the divider and the next cell's padding: three spaces between texts
    join = "   ".join
    out: list[str] = []
    header = list(map(_cell, [str(c.header) for c in table.columns], sizes, no_wraps, rights, consoles))
    out.extend(_row(header, sizes, bottom=True))
    out.append("─" * (sum(widths) + last))
    for row in rows:
        cells = list(map(_cell, row, sizes, no_wraps, rights, consoles))
        height = max(map(len, cells))
        if height == 1:
            out.append(join([cell[0] for cell in cells]))
        else:
            out.extend(_row(cells, sizes, height=height))
    return out


def _row(cells: list[list[str]], sizes: list[int], bottom: bool = False, height: int = 0) -> list[str]:
    """A row's lines: each cell filled to the row's height with blank lines (below it, or
    above it for a header, which Rich aligns to the bottom), the cells side by side."""
    height = height or max(map(len, cells))
    filled = []
    for cell, size in zip(cells, sizes, strict=True):
        if len(cell) < height:
            blank = [" " * size] * (height - len(cell))
            cell = blank + cell if bottom else cell + blank
        filled.append(cell)
    return list(map("   ".join, zip(*filled, strict=True)))


def _cell(text: str, width: int, no_wrap: bool, right_justify: bool, console: Console) -> list[str]:
    """A cell's lines, each padded to `width`, as Rich's Text.wrap and the column's
    justification make them. ASCII text with no control character but newlines is laid out
    here; anything else by Rich."""
    if not text.isascii() or _CONTROL.search(text) is not None:
        return [piece for line in text.split("\n")
                for piece in _rich_wrap(line, width, no_wrap, right_justify, console)]
    out = []
    if right_justify:
        # Lines.justify("right"): trailing space goes, then the line is cut and padded on the left
        for line in text.split("\n"):
            if no_wrap or len(line) <= width:
                out.append(line.rstrip()[:width].rjust(width))
            else:
                out.extend(_rich_wrap(line, width, no_wrap, right_justify, console))
        return out
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line.ljust(width))
        elif no_wrap:
            out.append(line[:width])
        else:
            out.extend(_fold(line, width))
    return out


def _fold(line: str, width: int) -> list[str]:
    """An ASCII line longer than `width`, wrapped at words as Rich's Text.wrap wraps it
    (a word longer than the width is folded), each piece padded to `width`."""
    from rich._wrap import divide_line

    pieces = []
    start = 0
    for end in [*divide_line(line, width, fold=True), len(line)]:
        piece = line[start:end]
        start = end
        if len(piece) > width:
            # Text.rstrip_end: trailing whitespace beyond the width goes
            space = _TRAILING_SPACE.search(piece)
            if space is not None:
                piece = piece[:len(piece) - min(len(space.group(0)), len(piece) - width)]
        pieces.append(piece[:width].ljust(width))
    return pieces


def _rich_wrap(line: str, width: int, no_wrap: bool, right_justify: bool, console: Console) -> list[str]:
    from rich.cells import set_cell_size
    from rich.text import Text

    wrapped = Text(line).wrap(console, width, justify="right" if right_justify else "left", overflow="fold",
                              no_wrap=no_wrap)
    return [set_cell_size(piece.plain, width) for piece in wrapped]

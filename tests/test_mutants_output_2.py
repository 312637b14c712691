"""What the mutation run (issue 16) found the suite did not notice in kachin_cli.output.Output:
the console's settings (no highlighting, markup or emoji in data; wrapping and cropping at the
width the Output chose; colour on a terminal whatever the process's own NO_COLOR), the plain
text path, trailing-space trimming, writing to streams that name no encoding or errors, writing
to file descriptor 0, the chunking of write_all and the rest of a listing when no pager is found.
Real streams (a pseudo-terminal, a pipe), driven in-process; each test fails if its behaviour
breaks."""

from __future__ import annotations

import os

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from kachin_cli.output import Output


class Recorder:
    """An in-memory stream that keeps each write apart and names no encoding or errors."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)

    def flush(self) -> None:
        pass


# -- the console's settings ---------------------------------------------------------------------

def test_text_from_data_on_a_terminal_is_shown_literally_without_highlighting(tty):
    """Numbers, quotes, True and URLs in a record are not coloured by Rich's highlighter, and
    `[b]` or `:smile:` are not markup or emoji."""
    out = Output(stdout=tty, env={"TERM": "xterm"})
    text = "At least 42 'killed' True https://example.org [b]x[/b] :smile:"
    assert out.render(text) == text + "\n"


def test_styled_text_on_a_terminal_is_coloured_even_if_the_process_has_no_color(tty, monkeypatch):
    """The Output's own environment decides (the REPL and tests give one); Rich must not read
    NO_COLOR from the process behind its back, nor be told there is no colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    out = Output(stdout=tty, env={"TERM": "xterm"})
    assert out.color is True
    assert out.render(Text("war", style="red")) == "\x1b[31mwar\x1b[0m\n"


def test_piped_text_wraps_at_the_width_from_the_outputs_own_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    out = Output(stdout=Recorder(), env={"COLUMNS": "20"})  # type: ignore[arg-type]
    assert out.render("alpha beta gamma delta epsilon") == "alpha beta gamma\ndelta epsilon\n"


def test_a_rounded_table_keeps_its_rounded_corners():
    """Rich's legacy-Windows mode would swap rounded and heavy boxes for square ones."""
    out = Output(stdout=Recorder(), env={"COLUMNS": "40"})  # type: ignore[arg-type]
    t = Table("Name", box=box.ROUNDED)
    t.add_row("Laiza")
    assert out.render(t) == (
        "╭───────╮\n"
        "│ Name  │\n"
        "├───────┤\n"
        "│ Laiza │\n"
        "╰───────╯\n"
    )


def test_a_stream_without_an_encoding_attribute_still_renders():
    out = Output(stdout=Recorder(), env={})  # type: ignore[arg-type]
    assert out.render("Myitkyina") == "Myitkyina\n"


# -- plain text, cropping, trimming --------------------------------------------------------------

class PlainOrRich:
    """A part that can draw itself as plain text (as render.TablePart does)."""

    def plain_text(self, console):
        return "plain\n"

    def __rich__(self):
        return Text("rich", style="red")


def test_a_part_draws_itself_as_plain_text_only_without_colour(tty):
    assert Output(stdout=Recorder(), env={}).render(PlainOrRich()) == "plain\n"  # type: ignore[arg-type]
    assert Output(stdout=tty, env={"TERM": "xterm"}).render(PlainOrRich()) == "\x1b[31mrich\x1b[0m\n"


def test_a_line_wider_than_the_screen_is_cut_unless_marked_whole():
    out = Output(stdout=Recorder(), env={"COLUMNS": "20"})  # type: ignore[arg-type]
    long_id = "x" * 30
    cut = Group(Text(long_id, no_wrap=True, overflow="ignore"))
    assert out.render(cut) == "x" * 20 + "\n"
    whole = Group(Text(long_id, no_wrap=True, overflow="ignore"))
    whole.whole_lines = True  # what render.whole_lines marks
    assert out.render(whole) == long_id + "\n"


def test_only_trailing_plain_spaces_are_trimmed_without_colour():
    out = Output(stdout=Recorder(), env={"COLUMNS": "40"})  # type: ignore[arg-type]
    assert out.render("BOX X") == "BOX X\n"
    assert out.render("Hpakant\xa0") == "Hpakant\xa0\n"
    t = Table("Name", "Value", box=None)
    t.add_row("a", "")
    assert out.render(t) == " Name  Value\n a\n"


# -- write ----------------------------------------------------------------------------------------

class FdStream:
    """A stream on a real file descriptor that names neither an encoding nor its errors."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def fileno(self) -> int:
        return self._fd

    def write(self, text: str) -> int:  # pragma: no cover - write() must use os.write
        raise AssertionError("the text must go out through os.write")

    def flush(self) -> None:
        pass


def test_writing_to_a_descriptor_without_encoding_or_errors_sends_utf8():
    r, w = os.pipe()
    try:
        Output(stdout=FdStream(w), env={}).write("Bhamo – Banmaw\n")  # type: ignore[arg-type]
        os.close(w)
        w = -1
        assert os.read(r, 1000).decode("utf-8") == "Bhamo – Banmaw\n"
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)


def test_descriptor_zero_is_a_real_descriptor_and_unencodable_text_is_escaped():
    """A stream on fd 0 (stdout redirected onto it) goes through os.write with escapes, not
    through the stream's own strict ASCII writer."""
    r, w = os.pipe()
    saved = os.dup(0)
    try:
        os.dup2(w, 0)
        stream = open(0, "w", encoding="ascii", closefd=False)  # noqa: SIM115
        Output(stdout=stream, env={}).write("Lai\u017ea\n")
        os.dup2(saved, 0)
        os.close(w)
        w = -1
        assert os.read(r, 1000) == b"Lai\\u017ea\n"
    finally:
        os.dup2(saved, 0)
        os.close(saved)
        os.close(r)
        if w >= 0:
            os.close(w)


# -- write_all and page_parts --------------------------------------------------------------------

def test_write_all_writes_about_size_characters_at_a_time():
    rec = Recorder()
    out = Output(stdout=rec, env={})  # type: ignore[arg-type]
    out.write_all(["ab", "c", "d", "ef", "g", "h", "i"], size=4)
    assert rec.writes == ["abcd", "efgh", "i"]


def test_write_all_with_nothing_more_writes_once():
    rec = Recorder()
    Output(stdout=rec, env={}).write_all(["ab", "c"], size=4)  # type: ignore[arg-type]
    assert rec.writes == ["abc"]


def test_without_a_pager_a_tall_listing_reaches_the_terminal_whole(tty, monkeypatch):
    monkeypatch.setenv("LINES", "2")
    monkeypatch.setenv("COLUMNS", "80")
    out = Output(stdout=tty, env={"TERM": "xterm", "KACHIN_PAGER": "cat"})
    out.page_parts(iter(["a\n", "b\n", "c\n", "d\n"]))
    assert tty.read_terminal() == "a\nb\nc\nd\n"

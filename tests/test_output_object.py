"""The one object that decides where output goes (kachin_cli.output.Output), driven in-process
with real streams: a pseudo-terminal for "a terminal", a real pipe or file for "piped", and a
real pager process. The installed-command tests (test_terminal.py, test_hostile.py) show the
same behaviour end to end; these pin each decision on its own, so that a change to one of
them fails here with a message that names it."""

from __future__ import annotations

import errno
import io
import os
import resource
import signal
import sys
from pathlib import Path

import pytest

from kachin_cli.errors import OutputError
from kachin_cli.output import Output, PipeClosed, make_safe_streams, write_failure


def table(*rows: tuple[str, str]):
    from rich.table import Table

    t = Table("Name", "Value", box=None)
    for r in rows:
        t.add_row(*r)
    return t


# -- the colour decision -----------------------------------------------------------------------

def test_a_terminal_gets_colour(tty):
    assert Output(stdout=tty, env={"TERM": "xterm"}).color is True


def test_a_pipe_or_file_gets_no_colour(tmp_path):
    with open(tmp_path / "out", "w") as f:
        assert Output(stdout=f, env={"TERM": "xterm"}).color is False
    assert Output(stdout=io.StringIO(), env={}).color is False


@pytest.mark.parametrize("env", [{"TERM": "xterm", "NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_color_and_a_dumb_terminal_turn_colour_off_even_on_a_terminal(tty, env):
    assert Output(stdout=tty, env=env).color is False


def test_force_color_asks_for_colour_in_a_pipe_but_no_color_wins(tmp_path):
    with open(tmp_path / "out", "w") as f:
        assert Output(stdout=f, env={"FORCE_COLOR": "1"}).color is True
        assert Output(stdout=f, env={"FORCE_COLOR": ""}).color is False
        assert Output(stdout=f, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).color is False
        assert Output(stdout=f, env={"FORCE_COLOR": "1", "TERM": "dumb"}).color is False


def test_a_stream_that_cannot_say_whether_it_is_a_terminal_is_not_one(tmp_path):
    closed = open(tmp_path / "x", "w")  # noqa: SIM115
    closed.close()  # isatty() raises ValueError on a closed file
    assert Output(stdout=closed, env={"TERM": "xterm"}).is_tty is False

    class NoIsatty:
        encoding = "utf-8"

    assert Output(stdout=NoIsatty(), env={"TERM": "xterm"}).is_tty is False  # type: ignore[arg-type]


def test_the_environment_is_read_from_the_process_unless_given(monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert Output(stdout=io.StringIO()).color is True
    assert Output(stdout=io.StringIO(), env={}).color is False


def test_standard_output_is_the_default_stream():
    assert Output().stdout is sys.stdout


# -- width ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("columns", "width"), [("100", 100), ("60", 60), ("7", 20), ("wide", 80), ("", 80)])
def test_piped_width_comes_from_columns_with_a_floor_of_20(columns, width):
    assert Output(stdout=io.StringIO(), env={"COLUMNS": columns}).width == width


def test_piped_width_without_columns_is_80():
    assert Output(stdout=io.StringIO(), env={}).width == 80


def test_a_terminals_width_is_the_terminals_with_a_floor_of_20(tty, monkeypatch):
    monkeypatch.setenv("COLUMNS", "132")
    assert Output(stdout=tty, env={"COLUMNS": "50"}).width == 132
    monkeypatch.setenv("COLUMNS", "5")
    assert Output(stdout=tty, env={}).width == 20


# -- rendering --------------------------------------------------------------------------------

def test_rendered_text_is_literal_no_markup_no_emoji_no_highlighting():
    out = Output(stdout=io.StringIO(), env={"FORCE_COLOR": "1", "COLUMNS": "80"})
    text = out.render(table(("[bold]x[/bold] :smile:", "12 2011-06-09 http://a.example")))
    assert "[bold]x[/bold] :smile:" in text
    assert "\N{GRINNING FACE}" not in text and "\U0001f604" not in text
    # numbers, dates and URLs are not coloured: the only escapes are the header's style
    row = next(line for line in text.splitlines() if "12 2011" in line)
    assert "\x1b" not in row


def test_piped_tables_have_no_trailing_spaces_but_coloured_ones_keep_rich_padding():
    plain = Output(stdout=io.StringIO(), env={"COLUMNS": "80"}).render(table(("a", "b"), ("longer name", "c")))
    assert plain.splitlines() == [" Name         Value", " a            b", " longer name  c"]
    assert "\x1b" not in plain
    coloured = Output(stdout=io.StringIO(), env={"COLUMNS": "80", "FORCE_COLOR": "1"}).render(table(("a", "b")))
    assert "\x1b[" in coloured


def test_an_ascii_stream_gets_ascii_box_characters():
    from rich.table import Table

    t = Table("Name")
    t.add_row("Laiza")
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    text = Output(stdout=ascii_out, env={"COLUMNS": "40"}).render(t)
    assert text.isascii() and "Laiza" in text and "-" in text
    utf = Output(stdout=io.StringIO(), env={"COLUMNS": "40"}).render(t)
    assert "\u2500" in utf or "\u2501" in utf


def test_show_prints_every_renderable_in_order():
    stream = io.StringIO()
    Output(stdout=stream, env={"COLUMNS": "80"}).show("first", "second")
    assert stream.getvalue() == "first\nsecond\n"


# -- the pager --------------------------------------------------------------------------------

def pager_into(path: Path) -> str:
    """A pager command line that saves what it is given and its LESS/LV settings."""
    return f"sh -c 'printf \"%s|%s\\n\" \"$LESS\" \"$LV\" > {path}; cat >> {path}'"


def test_a_listing_taller_than_the_terminal_goes_through_the_pager(tty, tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "5")
    saved = tmp_path / "paged"
    out = Output(stdout=tty, env={"KACHIN_PAGER": pager_into(saved), "TERM": "xterm"})
    out.page("1\n2\n3\n4\n5\n")
    assert saved.read_text() == "FRX|-c\n1\n2\n3\n4\n5\n"
    assert tty.read_terminal() == ""  # nothing written around the pager


def test_a_listing_that_fits_is_written_directly(tty, tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "5")
    saved = tmp_path / "paged"
    Output(stdout=tty, env={"KACHIN_PAGER": pager_into(saved)}).page("1\n2\n3\n4\n")
    assert not saved.exists()
    assert tty.read_terminal() == "1\n2\n3\n4\n"


def test_no_pager_and_a_pipe_never_page(tty, tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "3")
    saved = tmp_path / "paged"
    env = {"KACHIN_PAGER": pager_into(saved)}
    Output(stdout=tty, env=env, no_pager=True).page("a\nb\nc\nd\n")
    assert tty.read_terminal() == "a\nb\nc\nd\n"
    with open(tmp_path / "piped", "w") as f:
        Output(stdout=f, env=env).page("a\nb\nc\nd\n")
    assert (tmp_path / "piped").read_text() == "a\nb\nc\nd\n"
    assert not saved.exists()


def test_the_users_less_and_lv_settings_are_kept(tty, tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "2")
    saved = tmp_path / "paged"
    Output(stdout=tty, env={"KACHIN_PAGER": pager_into(saved), "LESS": "R", "LV": "-z"}).page("a\nb\nc\n")
    assert saved.read_text() == "R|-z\na\nb\nc\n"


def test_kachin_pager_wins_over_pager(tty, tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "2")
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    Output(stdout=tty, env={"KACHIN_PAGER": pager_into(ours), "PAGER": pager_into(theirs)}).page("a\nb\nc\n")
    assert ours.exists() and not theirs.exists()
    Output(stdout=tty, env={"PAGER": pager_into(theirs)}).page("a\nb\nc\n")
    assert theirs.read_text().endswith("a\nb\nc\n")


@pytest.mark.parametrize("spec", ["cat", "cat -n", "", "'unclosed", "no-such-pager-anywhere --x"])
def test_a_pager_that_is_cat_empty_unparsable_or_missing_means_no_pager(tty, monkeypatch, spec):
    monkeypatch.setenv("LINES", "2")
    Output(stdout=tty, env={"KACHIN_PAGER": spec}).page("a\nb\nc\n")
    assert tty.read_terminal() == "a\nb\nc\n"


def test_the_default_pager_is_less(tty, tmp_path, monkeypatch):
    fake_less = tmp_path / "less"
    fake_less.write_text(f"#!/bin/sh\ncat > {tmp_path / 'paged'}\n")
    fake_less.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setenv("LINES", "2")
    Output(stdout=tty, env={"PATH": os.environ["PATH"]}).page("a\nb\nc\n")
    assert (tmp_path / "paged").read_text() == "a\nb\nc\n"


def test_a_pager_that_quits_before_reading_everything_is_fine(tty, monkeypatch):
    monkeypatch.setenv("LINES", "2")
    Output(stdout=tty, env={"KACHIN_PAGER": "true"}).page("line\n" * 100_000)
    assert tty.read_terminal() == ""


def test_ctrl_c_belongs_to_the_pager_while_it_runs_and_is_kachins_again_after(tty, tmp_path, monkeypatch):
    """What git does: the pager gets Ctrl-C (less stops a search with it); kachin ignores it and
    waits for the pager, then takes its own handler back."""
    monkeypatch.setenv("LINES", "2")
    before = signal.getsignal(signal.SIGINT)
    saved = tmp_path / "paged"
    # the pager reads everything (kachin writes only once it ignores Ctrl-C), then sends
    # SIGINT to kachin, its parent, and lingers: kachin must still be waiting for it
    pager = f"sh -c 'cat > {saved}; kill -INT $PPID; sleep 0.2'"
    Output(stdout=tty, env={"KACHIN_PAGER": pager}).page("a\nb\nc\n")
    assert saved.read_text() == "a\nb\nc\n"
    assert signal.getsignal(signal.SIGINT) is before


def test_a_handler_python_did_not_install_is_restored_as_the_default(tty, monkeypatch):
    from kachin_cli.output import _ignore_sigint

    previous = signal.getsignal(signal.SIGINT)
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        restore = _ignore_sigint()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        restore()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGINT, previous)


def test_outside_the_main_thread_sigint_is_left_alone():
    import threading

    from kachin_cli.output import _ignore_sigint

    before = signal.getsignal(signal.SIGINT)
    seen = []
    t = threading.Thread(target=lambda: seen.append((_ignore_sigint()(), signal.getsignal(signal.SIGINT))))
    t.start()
    t.join()
    assert seen == [(None, before)]


def test_a_pager_that_cannot_start_means_the_text_is_written(tty, tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "2")
    # which() accepts it (an executable file) but exec refuses it (no such interpreter)
    bad = tmp_path / "badpager"
    bad.write_text("#!/nonexistent/interpreter\n")
    bad.chmod(0o755)
    Output(stdout=tty, env={"KACHIN_PAGER": str(bad)}).page("a\nb\nc\n")
    assert tty.read_terminal() == "a\nb\nc\n"


def test_paged_text_the_terminal_cannot_encode_is_escaped_not_lost(tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "2")
    master, slave = os.openpty()
    try:
        with open(slave, "w", encoding="ascii", closefd=True) as stream:
            saved = tmp_path / "paged"
            Output(stdout=stream, env={"KACHIN_PAGER": f"sh -c 'cat > {saved}'"}).page("Myitkyin\u0101\nb\nc\n")
        assert saved.read_bytes() == b"Myitkyin\\u0101\nb\nc\n"
    finally:
        os.close(master)


# -- writing ----------------------------------------------------------------------------------

def test_everything_reaches_a_real_file_with_what_was_printed_before_in_order(tmp_path):
    path = tmp_path / "out"
    with open(path, "w", encoding="utf-8") as f:
        f.write("before|")  # buffered in Python's stream, not yet in the file
        Output(stdout=f, env={}).write("x" * 1_000_000 + "\u1000")
    assert path.read_text(encoding="utf-8") == "before|" + "x" * 1_000_000 + "\u1000"


def test_a_stream_that_cannot_encode_a_character_gets_an_escape(tmp_path):
    path = tmp_path / "out"
    with open(path, "w", encoding="ascii") as f:
        Output(stdout=f, env={}).write("Myitkyin\u0101")
    assert path.read_bytes() == b"Myitkyin\\u0101"
    with open(path, "w", encoding="ascii", errors="replace") as f:
        Output(stdout=f, env={}).write("Myitkyin\u0101")
    assert path.read_bytes() == b"Myitkyin?"


def test_an_in_memory_stream_gets_the_text():
    stream = io.StringIO()
    Output(stdout=stream, env={}).write("hello\n")
    assert stream.getvalue() == "hello\n"


def test_no_standard_output_is_a_failure_in_words():
    out = Output(stdout=io.StringIO(), env={})
    out.stdout = None  # type: ignore[assignment]  # what sys.stdout is when fd 1 was closed
    with pytest.raises(OutputError) as caught:
        out.write("x")
    assert str(caught.value) == "cannot write output: standard output is closed"


def test_a_closed_pipe_is_a_quiet_stop_not_an_error():
    read_end, write_end = os.pipe()
    os.close(read_end)
    with open(write_end, "w") as stream, pytest.raises(PipeClosed):
        Output(stdout=stream, env={}).write("x\n")


def test_a_write_the_system_takes_only_in_part_is_a_failure_not_a_silent_loss(tmp_path):
    """ulimit -f: the first writes land, then the file-size limit stops the rest. Python's own
    stdout reports success after a partial write; kachin must say it failed."""
    path = tmp_path / "out"
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        with open(path, "w", encoding="utf-8") as f:
            resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, hard))
            try:
                with pytest.raises(OutputError) as caught:
                    Output(stdout=f, env={}).write("y" * 50_000)
            finally:
                resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    finally:
        signal.signal(signal.SIGXFSZ, old)
    assert str(caught.value) == "cannot write output: File too large"
    assert path.stat().st_size == 10_000


def test_write_failures_are_worded():
    assert write_failure(OSError(errno.ENOSPC, "No space left on device")) == \
        "cannot write output: No space left on device"
    assert write_failure(OSError(errno.EBADF, "Bad file descriptor")) == \
        "cannot write output: standard output is closed"
    assert write_failure(OSError("odd")) == "cannot write output: odd"


def test_safe_streams_escape_what_the_encoding_cannot_carry(monkeypatch):
    raw_out, raw_err = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(raw_out, encoding="ascii")
    err = io.TextIOWrapper(raw_err, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    make_safe_streams()
    out.write("Myitkyin\u0101 \udcff\n")
    err.write("\u1000\n")
    out.flush()
    err.flush()
    assert raw_out.getvalue() == b"Myitkyin\\u0101 \\udcff\n"
    assert raw_err.getvalue() == b"\\u1000\n"


def test_safe_streams_survive_missing_or_unconfigurable_streams(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # no reconfigure()
    make_safe_streams()  # no exception


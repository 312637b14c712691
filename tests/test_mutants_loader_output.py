"""What the mutation run (issue 16) found the suite did not notice in the output, the loader's
report and the cache: Ctrl-C's handler after the pager, paging to a terminal stream that names
no encoding, a layer read with the cache off, a value built from an edited file, and where an
unknown top-level list stands in `kachin validate`'s report. Real streams, a real pager, the
in-process command; each test fails if its behaviour breaks."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from conftest import derived

from kachin_cli import cache
from kachin_cli.output import Output, _ignore_sigint

# -- Ctrl-C after the pager ---------------------------------------------------------------------


@pytest.fixture
def python_sigint():
    """SIGINT as every Python program starts with it (KeyboardInterrupt), whatever handler the
    process running the tests was given (a background job or a test runner may ignore it or
    leave the system's default), and the process's own handler back afterwards."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.fixture
def terminal():
    """A real pseudo-terminal's slave side, as a binary file the tests wrap as they need."""
    master, slave = os.openpty()
    yield slave
    os.close(master)


def test_after_the_pager_ctrl_c_raises_keyboardinterrupt_again(python_sigint, terminal, tmp_path, monkeypatch):
    """While the pager runs kachin ignores Ctrl-C; once it has quit, Ctrl-C must interrupt kachin
    (and the REPL's command) as before, not kill it outright with the system's default."""
    monkeypatch.setenv("LINES", "2")
    saved = tmp_path / "paged"
    with open(terminal, "w", encoding="utf-8", closefd=False) as tty:
        Output(stdout=tty, env={"KACHIN_PAGER": f"sh -c 'cat > {saved}'"}).page("a\nb\nc\n")
    assert saved.read_text() == "a\nb\nc\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_handler_installed_outside_python_is_put_back_as_the_systems_default(python_sigint, monkeypatch):
    """signal.signal answers None for a handler that C code installed (a program embedding
    Python): nothing can put that one back, so the system's default is the restoring, and
    restoring never fails."""
    real = signal.signal
    answers = iter([None])

    def signal_from_an_embedding_program(signum, handler):
        before = real(signum, handler)
        return next(answers, before)

    monkeypatch.setattr(signal, "signal", signal_from_an_embedding_program)
    restore = _ignore_sigint()
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    restore()
    assert signal.getsignal(signal.SIGINT) is signal.SIG_DFL


# -- paging to a terminal stream that names no encoding -------------------------------------------


class TerminalWithoutEncoding:
    """A terminal stream as some wrappers give one: it writes text and is a terminal, but has
    no `encoding` attribute (or has one that is None)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def fileno(self) -> int:
        return self._fd

    def write(self, text: str) -> int:
        os.write(self._fd, text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        pass


class TerminalWithEncodingNone(TerminalWithoutEncoding):
    encoding = None


@pytest.mark.parametrize("stream", [TerminalWithoutEncoding, TerminalWithEncodingNone])
def test_a_terminal_that_names_no_encoding_is_paged_in_utf8(stream, terminal, tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "2")
    saved = tmp_path / "paged"
    Output(stdout=stream(terminal), env={"KACHIN_PAGER": f"sh -c 'cat > {saved}'"}).page("Myitkyin\u0101\nBhamo\nLaiza\n")
    assert saved.read_bytes() == "Myitkyin\u0101\nBhamo\nLaiza\n".encode()


# -- the cache ----------------------------------------------------------------------------------


def test_with_the_cache_off_the_timeline_and_its_recorded_events_footer_are_the_same(kachin, tmp_path, monkeypatch):
    """KACHIN_NO_CACHE=1: the UCDP layer's index under the narrative's listing is built afresh,
    with the same answer, and nothing is written."""
    cached = kachin("timeline", "--from", "2012", "--to", "2012")
    assert cached.code == 0, cached.err
    assert "UCDP" in cached.out
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    monkeypatch.setenv("KACHIN_NO_CACHE", "1")
    res = kachin("timeline", "--from", "2012", "--to", "2012")
    assert (res.code, res.out, res.err) == (0, cached.out, cached.err)
    assert not (tmp_path / "cache-home").exists()


@pytest.fixture
def layer_file(tmp_path):
    """A file a caller indexes itself (as the layers do), and the cache folder, empty."""
    path = tmp_path / "layer.csv"
    path.write_text("Kachin State\n")
    folder = Path(cache.cache_dir())
    for entry in folder.glob(f"{cache._name(str(path), '.index')}*"):
        entry.unlink()
    return path, folder


def entries(folder: Path, path: Path) -> list[str]:
    return sorted(e.name for e in folder.glob(f"{cache._name(str(path), '.index')}*"))


def test_a_write_that_no_miss_asked_for_writes_nothing_and_is_not_an_error(layer_file):
    path, folder = layer_file
    cache.write_cached(str(path), ("Kachin State",), ".index")
    assert entries(folder, path) == []
    assert cache.read_cached(str(path), ".index") is None


def test_a_value_built_from_an_edited_file_never_answers_for_the_content_the_miss_saw(layer_file):
    """The miss saw one content; the index was built from the file as edited meanwhile. If the
    edit is undone, the first content must not come back with the edited file's index."""
    path, folder = layer_file
    assert cache.read_cached(str(path), ".index") is None  # the miss: "Kachin State"
    path.write_text("Shan State\n")
    cache.write_cached(str(path), ("Shan State",), ".index")  # built from the edited file
    path.write_text("Kachin State\n")  # the edit undone
    assert entries(folder, path) == []
    assert cache.read_cached(str(path), ".index") is None
    cache.write_cached(str(path), ("Kachin State",), ".index")
    assert cache.read_cached(str(path), ".index") == ("Kachin State",)


# -- where an unknown top-level list stands in the report ----------------------------------------


def test_an_unknown_top_level_list_is_reported_first_whatever_its_name(kachin, tmp_path):
    """Top-level problems come first, then each list's in file order: an unknown list named
    like a kind (`events:draft`, `places[new`) is still a top-level problem."""

    def change(raw):
        raw["events"][0]["date"] = "2011-13-01"
        raw["places"][0]["name"] = ""
        raw["events:draft"] = []
        raw["places[new"] = []
        raw["drafts"] = []

    res = kachin("validate", str(derived(tmp_path, change)))
    lines = res.out.splitlines()
    assert res.code == 1
    assert lines[:3] == ["events:draft: unknown top-level list 'events:draft'",
                         "places[new: unknown top-level list 'places[new'",
                         "drafts: unknown top-level list 'drafts'"]
    assert lines[3:] == ["events[0].date: '2011-13-01' is not a valid date",
                         "places[0].name: must not be empty",
                         f"{tmp_path / 'kb.json'}: 5 problems"]

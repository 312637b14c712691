"""The REPL: completion, history, keys, errors and `show N`, through prompt-toolkit's
own pipe input; piped mode through the installed entry point; and a real terminal."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from conftest import MINI, installed_kachin, run_installed
from prompt_toolkit.application import create_app_session
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from kachin_cli import cli, repl, store
from kachin_cli.completer import KachinCompleter

KB = store.load()
UP, CTRL_C, CTRL_D = "\x1b[A", "\x03", "\x04"


def completions(text: str, kb=KB) -> list[tuple[str, str]]:
    completer = KachinCompleter(cli.command(), lambda: kb)
    found = completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
    return [(c.text, c.display_meta_text) for c in found]


def texts(text: str) -> list[str]:
    return [t for t, _ in completions(text)]


# ---------------------------------------------------------------- completion


def test_completes_command_names_with_descriptions():
    assert texts("time") == ["timeline"]
    found = dict(completions("c"))
    assert set(found) == {"casualties", "ceasefire", "chart", "cite", "commanders"}
    assert found["timeline" if "timeline" in found else "ceasefire"].startswith("Ceasefire agreements")
    assert "exit" in texts("") and "more" in texts("") and "help" in texts("")


def test_completes_option_names_and_values():
    assert texts("timeline --fr") == ["--from"]
    assert texts("timeline --format ") == ["table", "json", "csv", "markdown", "timelinejs", "geojson"]
    assert texts("commanders --side ") == ["government", "kachin", "other"]
    assert "airstrike" in texts("timeline --type a")
    assert texts("casualties --category dis") == ["displaced"]
    assert texts("timeline --phase ") == ["background", "first-conflict", "ceasefire", "second-conflict", "post-coup",
                                          "myanmar-conflict", "kia-offensive-2024", "junta-counteroffensive-2025"]


def test_completes_layers_after_source(tmp_path):
    assert texts("timeline --source ") == ["narrative", "ucdp", "all"]
    layers = tmp_path / "xdg-data" / "kachin" / "layers"
    layers.mkdir(parents=True)
    (layers / "ged241").write_text("", encoding="utf-8")
    assert completions("casualties --by year -s g") == [("ged241", "imported layer")]


def test_completes_names_fuzzily_with_descriptions():
    found = dict(completions("commanders zau"))
    assert list(found) == ['"Zaw Dan"', '"Zaw Min Tun"', '"Zaw Seng"', '"Zaw Tu"']
    assert found['"Zaw Tu"'] == "person, KIO and allies: Kachin-side commander (no title given)"
    assert texts("timeline --place lai")[0] == "Laiza"
    assert texts('timeline --actor "min aung')[0] == '"Min Aung Hlaing"'
    assert texts("search hliang")[0] == '"Min Aung Hlaing"'


def test_completes_ids_after_show():
    assert texts("show zaw-t")[0] == "zaw-tu"
    assert texts("show lashio")[:2] == ["lashio", "lashio-treasury-raid-1961"]
    assert texts("show zaw-tu ") == []  # the argument is given


# ---------------------------------------------------------------- sessions


def session(keys: str, *, state=None, history=None, capsys=None):
    """Run a REPL session on typed keys; return (status, stdout, stderr)."""
    state = state or cli.State()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        code = repl.run_interactive(state, input=pipe, output=DummyOutput(), history=history or InMemoryHistory())
    out = capsys.readouterr() if capsys else None
    return code, (out.out if out else ""), (out.err if out else "")


def test_runs_commands_numbers_rows_and_opens_row_n(capsys):
    code, out, err = session("timeline --from 2014 --limit 2\rmore\rshow 3\r" + CTRL_D, capsys=capsys)
    assert code == 0, err
    # row 1 is the allegations the lead says both sides make, 2011-06-09 to 2021-05-30
    assert re.search(r"^1\s+2011-06-09\s+Both sides allege", out, re.M)
    assert re.search(r"^2\s+2014-04\s+Army attacks KIA positions", out, re.M)
    assert "Showing 2 of 95 events (type `more` for the next page)." in out
    assert re.search(r"^4\s+2014-04\s+Gun Maw asks the US to engage", out, re.M)
    assert "Showing 3-4 of 95 events" in out
    assert "Nationwide ceasefire drafting begins without the KIA  event nca-negotiations-begin-2014" in out  # show 3


def test_errors_never_end_the_session(capsys):
    code, out, err = session("bogus\rtimeline --from 2011-13\rshow 99\rrepl\rabout\r" + CTRL_D, capsys=capsys)
    assert code == 0
    assert "kachin: No such command 'bogus'." in err
    assert "kachin timeline: Invalid value for '--from': '2011-13' is not a valid date" in err
    assert "kachin: there is no listing yet to take row 99 from" in err
    assert "already in the REPL" in err
    assert "Period covered" in out  # the session went on to `about`


def test_show_n_beyond_the_listing(capsys):
    code, out, err = session("commanders zau\rshow 7\rshow 3\r" + CTRL_D, capsys=capsys)
    assert "kachin: no row 7 in the last listing (it has 4)" in err
    assert "Zaw Seng  person zaw-seng" in out


def test_ctrl_c_clears_the_line_and_exit_words_leave(capsys):
    code, out, err = session("bogus" + CTRL_C + "exit\r" + "about\r", capsys=capsys)
    assert code == 0
    assert "bogus" not in err and "Period covered" not in out
    assert session("quit\r", capsys=capsys)[0] == 0


def test_help_lists_commands_and_shows_one(capsys):
    code, out, err = session("help\rhelp ceasefire\r" + CTRL_D, capsys=capsys)
    assert re.search(r"^  timeline\s+Events in chronological order", out, re.M)
    assert re.search(r"^  more\s+Show the next page", out, re.M)
    assert "Usage: kachin ceasefire" in out


def test_history_is_saved_and_recalled_in_the_next_session(tmp_path, capsys):
    path = tmp_path / "history"
    session("commanders zau\r" + CTRL_D, history=FileHistory(str(path)), capsys=capsys)
    assert "commanders zau" in path.read_text()
    code, out, err = session(UP + "\r" + CTRL_D, history=FileHistory(str(path)), capsys=capsys)
    assert code == 0 and "Zaw Seng" in out


def test_data_applies_to_the_whole_session(capsys):
    state = cli.State(data=MINI)
    code, out, err = session("timeline --limit 1\rabout\r" + CTRL_D, state=state, capsys=capsys)
    assert "Treasury raid" in out and "fixtures/mini.json" in out


def test_unwritable_history_is_said_once(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "state"
    blocker.write_text("a file where a folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    messages: list[str] = []
    history = repl.make_history(repl.history_path(), messages.append)
    assert len(messages) == 1 and "cannot save history to" in messages[0] and "going on without saving" in messages[0]
    code, out, err = session("about\r" + CTRL_D, history=history, capsys=capsys)
    assert code == 0 and "Period covered" in out


def test_history_path_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert repl.history_path() == tmp_path / "kachin" / "history"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert repl.history_path() == Path.home() / ".local" / "state" / "kachin" / "history"
    for ignored in ("relative/dir", "", "."):  # the XDG spec: a relative path is ignored
        monkeypatch.setenv("XDG_STATE_HOME", ignored)
        assert repl.history_path() == Path.home() / ".local" / "state" / "kachin" / "history"


def test_history_file_is_private(tmp_path):
    path = tmp_path / "state" / "kachin" / "history"
    repl.make_history(path, lambda message: None).store_string("show laiza")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


# ---------------------------------------------------------------- piped mode (installed)


def test_piped_lines_run_in_turn_without_prompt_or_escapes():
    r = run_installed("repl", input="timeline --from 2021-05-30\nexit\ntimeline\n")
    assert r.returncode == 0, r.stderr
    assert "katha-joint-attack-2021" in r.stdout
    assert "kachin>" not in r.stdout + r.stderr and "\x1b" not in r.stdout + r.stderr
    assert "Ceasefire collapses" not in r.stdout  # nothing after `exit`


def test_piped_errors_go_to_stderr_and_set_status_1():
    r = run_installed("repl", input="timelin\nshow laiza\ntimeline --from 2011-13\n")
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        "kachin: No such command 'timelin'. Did you mean 'timeline'?",
        "kachin timeline: Invalid value for '--from': '2011-13' is not a valid date",
    ]
    assert "Laiza  place laiza" in r.stdout


def test_plain_kachin_piped_prints_help():
    r = run_installed(input="")
    assert r.returncode == 0 and "Usage: kachin" in r.stdout


def test_repl_data_option_applies_to_the_piped_session():
    r = run_installed("--data", str(MINI), "repl", input="timeline --limit 1\n")
    assert r.returncode == 0 and "Treasury raid" in r.stdout


# ---------------------------------------------------------------- a real terminal


@pytest.mark.slow
def test_real_terminal_session(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("KACHIN_DATA",)}
    # pexpect does not answer cursor-position requests the way a terminal emulator does
    env.update({"XDG_STATE_HOME": str(tmp_path), "PAGER": "cat", "TERM": "xterm", "COLUMNS": "100", "LINES": "40",
                "PROMPT_TOOLKIT_NO_CPR": "1"})
    env.pop("NO_COLOR", None)

    def spawn():
        child = pexpect.spawn(installed_kachin(), [], env=env, encoding="utf-8", timeout=20,
                              dimensions=(40, 100))
        child.expect("kachin>")
        return child

    child = spawn()
    child.send("time")
    child.expect("Events in chronological order")  # the completion menu, as you type
    child.send("\t")  # Tab completes the command name...
    child.send(" --from 2021-05-30\r")  # ...or this line would be an unknown command
    child.expect("katha-joint-attack-2021")
    child.expect("kachin>")
    child.send(UP)  # Up recalls the last command...
    child.send("\r")
    child.expect("katha-joint-attack-2021")  # ...which runs again
    child.expect("kachin>")
    child.send("nonsense" + CTRL_C)  # Ctrl-C keeps the session
    child.send("commanders zaw\r")
    child.expect("zaw-seng")  # the id line of the table, never shown by the completion menu
    child.expect("kachin>")
    child.send(CTRL_D)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    # a new session recalls the last session's commands
    child = spawn()
    child.send(UP + "\r")
    child.expect("zaw-seng")  # the id line of the table, never shown by the completion menu
    child.send(CTRL_D)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "commanders zaw" in (tmp_path / "kachin" / "history").read_text()


def test_ctrl_r_searches_history(tmp_path, capsys):
    history = InMemoryHistory()
    for line in ("commanders zau", "about", "overview"):
        history.append_string(line)
    code, out, err = session("\x12zau\r\r" + CTRL_D, history=history, capsys=capsys)
    assert code == 0, err
    assert "Zaw Seng" in out and "Period covered" not in out


@pytest.mark.slow
def test_pager_on_a_terminal_and_the_global_no_pager(tmp_path):
    """Taller than the screen: through $PAGER; `kachin --no-pager CMD` straight out."""
    pexpect = pytest.importorskip("pexpect")
    pager = tmp_path / "pager.sh"
    pager.write_text("#!/bin/sh\ncat > /dev/null\necho PAGED-BY-TEST\n")
    pager.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "KACHIN_DATA"}
    env.update({"PAGER": str(pager), "TERM": "xterm", "NO_COLOR": "1"})
    for args, expected in ((["about"], "PAGED-BY-TEST"), (["--no-pager", "about"], "Period covered")):
        child = pexpect.spawn(installed_kachin(), args, env=env, encoding="utf-8", timeout=20, dimensions=(10, 80))
        child.expect(expected)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0


def _pty_session(tmp_path, env_extra=None, history_lines=(), answer_cpr=False):
    """kachin repl in a real pseudo-terminal. With answer_cpr, the test answers the cursor
    position request as a terminal emulator does: only then does prompt-toolkit know the
    rows below the prompt and draw the bottom toolbar."""
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("KACHIN_DATA", "KACHIN_PAGER", "PAGER")}
    env.update({"XDG_STATE_HOME": str(tmp_path), "TERM": "xterm", "COLUMNS": "100", "LINES": "40",
                "NO_COLOR": "1", **(env_extra or {})})
    if not answer_cpr:
        env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    if history_lines:
        path = tmp_path / "kachin" / "history"
        path.parent.mkdir(parents=True, exist_ok=True)
        hist = FileHistory(str(path))
        for line in history_lines:
            hist.store_string(line)
    child = pexpect.spawn(installed_kachin(), ["repl"], env=env, encoding="utf-8", timeout=20, dimensions=(40, 100))
    if answer_cpr:
        child.expect_exact("\x1b[6n")
        child.send("\x1b[2;1R")  # row 2, column 1
    child.expect("kachin>")
    return pexpect, child


@pytest.mark.slow
def test_toolbar_names_the_data_and_the_keys(tmp_path):
    pexpect, child = _pty_session(tmp_path, answer_cpr=True)
    kb = store.load()
    # the bottom toolbar: which file, how much is in it, and the keys that matter
    child.expect(re.escape(f"kachin.json: {len(kb.events)} events, {len(kb.people)} people"))
    child.expect(re.escape("Tab complete · Up/Ctrl-R history · help · Ctrl-D quit"))
    child.send(CTRL_D)
    child.expect(pexpect.EOF)


@pytest.mark.slow
def test_right_accepts_a_suggestion_from_history(tmp_path):
    pexpect, child = _pty_session(tmp_path, history_lines=["commanders zaw", "about"])
    child.send("comm")
    child.expect("anders zaw")  # the grey suggestion from history, after what was typed
    child.send("\x1b[C")  # Right accepts it
    child.send("\r")
    child.expect("zaw-seng")  # the id line of the table, never shown by the completion menu
    child.expect("kachin>")
    child.send(CTRL_D)
    child.expect(pexpect.EOF)


@pytest.mark.slow
def test_ctrl_c_interrupts_a_running_command_and_the_session_goes_on(tmp_path):
    """A command still running (here: output held by a pager that never ends) is stopped by
    Ctrl-C, and the prompt comes back at once, ready for the next command."""
    pager = tmp_path / "slow-pager.sh"
    pager.write_text("#!/bin/sh\necho PAGER-STARTED\nsleep 60\n")
    pager.chmod(0o755)
    pexpect, child = _pty_session(tmp_path, {"KACHIN_PAGER": str(pager)})
    child.send("timeline\r")
    child.expect("PAGER-STARTED")
    # the pager is running: the command has not finished, no prompt yet
    assert child.expect(["kachin>", pexpect.TIMEOUT], timeout=1.5) == 1
    started = time.monotonic()
    child.send(CTRL_C)
    child.expect("kachin>", timeout=10)
    assert time.monotonic() - started < 10
    child.send("commanders zaw --no-pager\r")
    child.expect("zaw-seng")  # the id line of the table, never shown by the completion menu
    child.expect("kachin>")
    child.send(CTRL_D)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

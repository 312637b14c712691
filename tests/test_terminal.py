"""The terminal as a reader uses it (issue 10), in a real pseudo-terminal: Ctrl-C while the
pager is open belongs to the pager, and kachin waits for it, as git does; completion
never submits a half-typed word."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from conftest import installed_kachin

pexpect = pytest.importorskip("pexpect")
CTRL_C, CTRL_D = "\x03", "\x04"

# A pager that behaves as less does: it reads all of its input, takes Ctrl-C itself (less
# stops a search with it) and leaves only when the reader types q.
PAGER = f"""#!{sys.executable}
import signal, sys
signal.signal(signal.SIGINT, lambda *_: print("PAGER-GOT-CTRL-C", flush=True))
sys.stdin.read()
print("PAGER-READY", flush=True)
with open("/dev/tty") as tty:
    while tty.readline().strip() != "q":
        pass
print("PAGER-QUIT", flush=True)
"""


def _pager(tmp_path: Path) -> str:
    path = tmp_path / "pager.py"
    path.write_text(PAGER)
    path.chmod(0o755)
    return str(path)


def _spawn(tmp_path: Path, args: list[str]):
    env = {k: v for k, v in os.environ.items() if k not in ("KACHIN_DATA", "PAGER")}
    env.update({"KACHIN_PAGER": _pager(tmp_path), "TERM": "xterm", "NO_COLOR": "1", "XDG_STATE_HOME": str(tmp_path),
                "PROMPT_TOOLKIT_NO_CPR": "1"})
    return pexpect.spawn(installed_kachin(), args, env=env, encoding="utf-8", timeout=20, dimensions=(24, 100))


def _zombies(pid: int) -> list[str]:
    """The children of `pid` that have exited and were never waited for."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == pid:
            found.append(stat.parent.name)
    return found


@pytest.mark.slow
def test_ctrl_c_in_the_pager_is_the_pagers_and_kachin_waits_for_it(tmp_path):
    child = _spawn(tmp_path, ["timeline"])
    child.expect("PAGER-READY")
    child.send(CTRL_C)
    child.expect("PAGER-GOT-CTRL-C")
    time.sleep(0.5)
    assert child.isalive()  # kachin did not exit under the pager
    child.send("q\r")
    child.expect("PAGER-QUIT")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


@pytest.mark.slow
def test_ctrl_c_in_the_pager_in_the_repl_leaves_no_zombie_and_one_prompt(tmp_path):
    child = _spawn(tmp_path, ["repl"])
    child.expect("kachin>")
    child.send("timeline\r")
    child.expect("PAGER-READY")
    child.send(CTRL_C)
    child.expect("PAGER-GOT-CTRL-C")
    # the pager still has the screen: no prompt, no "Interrupted." drawn over it
    assert child.expect(["kachin>", "Interrupted", pexpect.TIMEOUT], timeout=1.0) == 2
    child.send("q\r")
    child.expect("PAGER-QUIT")
    child.expect("kachin>")
    assert "Interrupted" not in child.before
    assert _zombies(child.pid) == []
    child.send("commanders zaw --no-pager\r")  # the session goes on
    child.expect("zaw-seng")  # the id line of the table, never shown by the completion menu
    child.expect("kachin>")
    child.send(CTRL_D)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


# ---------------------------------------------------------------- completion


def _completions(text: str) -> list[str]:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from kachin_cli import cli, store
    from kachin_cli.completer import KachinCompleter

    kb = store.load()
    completer = KachinCompleter(cli.command(), lambda: kb)
    return [c.text for c in completer.get_completions(Document(text), CompleteEvent(completion_requested=True))]


@pytest.mark.parametrize("typed, first, absent", [
    ("show lai", "laiza", "min-aung-hlaing"),
    ("search lai", "Laiza", '"Min Aung Hlaing"'),
    ("timeline --place lai", "Laiza", '"Min Aung Hlaing"'),
    ("show phak", "hpakant", None),  # Phakant, an alias and a variant of Hpakant
    ("timeline --place phak", "Hpakant", None),
    ("show banm", "bhamo", None),  # Banmaw, a variant of Bhamo
    ("timeline --place banm", "Bhamo", None),
])
def test_completion_offers_names_that_begin_with_what_was_typed_first(typed, first, absent):
    found = _completions(typed)
    assert found[0] == first, found[:5]
    assert absent not in found


def test_completion_still_forgives_a_typo_when_no_name_begins_so():
    assert _completions("search hliang")[0] == '"Min Aung Hlaing"'


@pytest.mark.slow
def test_tab_just_before_enter_never_runs_a_half_typed_word(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("KACHIN_DATA", "PAGER")}
    env.update({"KACHIN_PAGER": "cat", "TERM": "xterm", "NO_COLOR": "1", "XDG_STATE_HOME": str(tmp_path),
                "PROMPT_TOOLKIT_NO_CPR": "1"})
    child = pexpect.spawn(installed_kachin(), ["repl"], env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))
    child.expect("kachin>")
    child.send("show lai\t\r")  # typed fast, as one burst: Tab then Enter at once
    # Enter took the chosen completion into the line and ran nothing
    assert child.expect(["Coordinates", "No record", pexpect.TIMEOUT], timeout=1.5) == 2
    child.send("\r")  # the next Enter runs the completed line
    child.expect("Coordinates  24.77, 97.56")
    child.expect("kachin>")
    child.send("tim\t --limit 1\r")  # one candidate: Tab completes it at once
    child.expect("Showing 1 of")
    child.expect("kachin>")
    child.send(CTRL_D)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    history = (tmp_path / "kachin" / "history").read_text()
    assert "+show laiza\n" in history and "+show lai\n" not in history


# ---------------------------------------------------------------- unknown commands


def test_unknown_commands_get_a_suggestion_only_when_close():
    from conftest import run_installed

    r = run_installed("repl", input="echo\nbogus\nabut\nserch kia\ntim\n")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    for line, word in zip(lines[:2], ("echo", "bogus")):  # far from every command: the list, no guess
        assert line.startswith(f"kachin: No such command '{word}'. The commands are ")
        assert "Did you mean" not in line and all(c in line for c in ("timeline", "search", "show", "exit"))
    assert lines[2:] == [
        "kachin: No such command 'abut'. Did you mean 'about'?",
        "kachin: No such command 'serch'. Did you mean 'search'?",
        "kachin: No such command 'tim'. Did you mean 'timeline'?",
    ]

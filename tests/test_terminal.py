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

"""Shared helpers: run a kachin command line the way the entry point does and capture
what a user would see (stdout, stderr, exit status), at a pinned width, colour off."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from kachin_cli import cli

# Property tests explore new examples on every local run. CI selects the "ci" profile
# (HYPOTHESIS_PROFILE=ci in .ci/run): the same examples every run, and no example database,
# so a landing never depends on luck or on failures replayed from an earlier run.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# A shell starts background jobs (`pytest ... &`, nohup, some CI runners) with Ctrl-C ignored,
# and an ignored signal stays ignored across exec: the pseudo-terminal tests' kachin and pager
# would then never see the Ctrl-C a terminal user sends. A user's shell never does that, so the
# suite puts Python's own handler back (children start with the default disposition).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini.json"
REPO = HERE.parent


def derived(tmp_path: Path, change, name: str = "kb.json") -> Path:
    """The small fixture knowledge base after `change(raw)` (a function that edits the decoded
    JSON in place), written to a file for --data or validate."""
    import copy

    raw = copy.deepcopy(json.loads(MINI.read_text(encoding="utf-8")))
    change(raw)
    path = tmp_path / name
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def without_waiting(fifo: Path, call) -> list:
    """[call()], run in a thread that must be done within 5 s: opening a FIFO no one writes to,
    to read it, would wait for ever. If it hangs, a writer opens and closes the FIFO to let it
    go, and the test fails."""
    import threading

    said: list = []
    reader = threading.Thread(target=lambda: said.append(call()), daemon=True)
    reader.start()
    reader.join(5)
    hung = reader.is_alive()
    if hung:
        os.close(os.open(fifo, os.O_WRONLY))
        reader.join(5)
    assert not hung, f"waited for a writer on {fifo}"
    return said


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch):
    """Same output on every machine: 100 columns, no colour, no pager, no user data."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("KACHIN_DATA", raising=False)
    monkeypatch.delenv("PAGER", raising=False)


@pytest.fixture
def kachin(capsys):
    """kachin(*args) -> Result, run in-process through cli.run (the entry point's code)."""

    def run(*args: str) -> Result:
        code = cli.run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def mini(kachin):
    """kachin on the small fixture knowledge base."""

    def run(*args: str) -> Result:
        return kachin("--data", str(MINI), *args)

    return run


def installed_kachin() -> str:
    """The installed console script of the environment running the tests."""
    exe = Path(sys.executable).with_name("kachin")
    if exe.exists():
        return str(exe)
    found = shutil.which("kachin")
    if not found:
        pytest.fail("the kachin console script is not installed in this environment")
    return found


def run_installed(*args: str, env: dict[str, str] | None = None, input: str | None = None,
                  cwd: str | os.PathLike[str] = "/", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("KACHIN_DATA", "PAGER")}
    full_env.update({"NO_COLOR": "1", "COLUMNS": "100"})
    if env:
        full_env.update(env)
    return subprocess.run([installed_kachin(), *args], capture_output=True, text=True, env=full_env,
                          input=input, cwd=cwd, timeout=timeout)


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch, tmp_path_factory, tmp_path):
    """Tests never read or write the user's own cache, nor the user's imported layers
    (each test starts with none)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def tty():
    """The slave side of a real pseudo-terminal, as a text stream (what a terminal user's
    stdout is), and a reader of what reached the terminal."""
    master, slave = os.openpty()
    stream = open(slave, "w", encoding="utf-8", closefd=True)  # noqa: SIM115

    def read() -> str:
        stream.flush()
        chunks = []
        os.set_blocking(master, False)
        while True:
            try:
                chunk = os.read(master, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")

    stream.read_terminal = read  # type: ignore[attr-defined]
    yield stream
    stream.close()
    os.close(master)

"""The scan for repeated keys and blank text runs in a child process beside the rest of the check (issue 13):
whichever way it runs, and whatever becomes of the child, a repeated key is found, a file that
is not UTF-8 is refused in one line, and no child outlives the check."""

from __future__ import annotations

import os
import threading

import pytest
from conftest import MINI

from kachin_cli import store
from kachin_cli.errors import DataError

REPEATED = "people[0].name: duplicate key 'name' (values 'Zaw Tu' and 'Zau Tu'; a key is given once)"


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("KACHIN_NO_CACHE", "1")  # every check a first one


def repeated(tmp_path):
    path = tmp_path / "repeated.json"
    text = MINI.read_text(encoding="utf-8")
    assert text.count('"name": "Zaw Tu"') == 1
    path.write_text(text.replace('"name": "Zaw Tu"', '"name": "Zaw Tu", "name": "Zau Tu"'), encoding="utf-8")
    return str(path)


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def forks(monkeypatch) -> list[int]:
    """The pids of the scan's children, as they are forked."""
    seen: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            seen.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    return seen


@pytest.mark.skipif(os.uname().sysname != "Linux", reason="the scan forks on Linux only")
def test_a_repeated_key_is_found_by_the_child_and_the_child_is_gone(tmp_path, monkeypatch):
    children = forks(monkeypatch)
    assert store.check(repeated(tmp_path)) == (None, [REPEATED])
    assert len(children) == 1 and no_children_left()
    kb, problems = store.check(str(MINI))  # and a sound file passes, with its child gone too
    assert problems == [] and len(kb.people) > 0
    assert len(children) == 2 and no_children_left()


@pytest.mark.skipif(os.uname().sysname != "Linux", reason="the scan forks on Linux only")
def test_a_child_that_dies_without_answering_leaves_the_scan_to_the_parent(tmp_path, monkeypatch):
    parent = os.getpid()
    scan = store._scan

    def dies_in_the_child(data: bytes) -> bytes:
        if os.getpid() != parent:
            os._exit(1)  # as if killed (out of memory)
        return scan(data)

    monkeypatch.setattr(store, "_scan", dies_in_the_child)
    children = forks(monkeypatch)
    assert store.check(repeated(tmp_path)) == (None, [REPEATED])
    assert store.check(str(MINI))[1] == []
    assert len(children) == 2 and no_children_left()


def test_with_another_thread_running_the_scan_runs_here_and_still_finds_the_key(tmp_path, monkeypatch):
    """A process with threads is not forked (a lock another thread holds would stay held in the child)."""
    children = forks(monkeypatch)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert store.check(repeated(tmp_path)) == (None, [REPEATED])
    finally:
        stop.set()
        other.join()
    assert children == []


def test_a_file_that_is_not_utf8_is_refused_in_one_line_and_no_child_is_left(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(MINI.read_bytes().replace(b'"Zaw Tu"', '"Zaw Tû"'.encode("latin-1"), 1))
    with pytest.raises(DataError, match="not UTF-8 text$"):
        store.check(str(path))
    assert no_children_left()


def test_a_record_that_fails_to_decode_stops_the_child_without_waiting_for_it(tmp_path, monkeypatch):
    """The full report parses the file again: the child's answer is not needed, and the child
    is stopped and reaped."""
    path = tmp_path / "bad.json"
    path.write_text(MINI.read_text(encoding="utf-8").replace('"name": "Zaw Tu"', '"name": 7', 1), encoding="utf-8")
    kb, problems = store.check(str(path))
    assert kb is None and problems == ["people[0].name: expected a string, got a number 7"]
    assert no_children_left()


def test_the_child_is_gone_before_the_full_report_parses_the_file_again(tmp_path, monkeypatch):
    path = tmp_path / "bad.json"
    path.write_text(MINI.read_text(encoding="utf-8").replace('"name": "Zaw Tu"', '"name": 7', 1), encoding="utf-8")
    alone = []
    validate = store.validate

    def noting(raw):
        alone.append(no_children_left())
        return validate(raw)

    monkeypatch.setattr(store, "validate", noting)
    assert store.check(str(path))[0] is None
    assert alone == [True]


def test_with_sigchld_ignored_a_first_run_works_and_finds_a_repeated_key(tmp_path):
    """A parent that ignores SIGCHLD hands that on: the kernel would reap the child before
    kachin could. The scan then runs in kachin's own process."""
    import shutil
    import signal
    import subprocess

    from conftest import REPO, installed_kachin

    copy = tmp_path / "kachin.json"
    shutil.copyfile(REPO / "data" / "kachin.json", copy)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "KACHIN_NO_CACHE": ""}

    def run(path: str) -> subprocess.CompletedProcess:
        return subprocess.run([installed_kachin(), "--data", path, "--no-pager", "timeline", "--limit", "1"],
                              capture_output=True, text=True, env=env, timeout=60,
                              preexec_fn=lambda: signal.signal(signal.SIGCHLD, signal.SIG_IGN))

    first = run(str(copy))
    assert (first.returncode, first.stderr) == (0, "") and "Burma becomes independent" in first.stdout
    bad = run(repeated(tmp_path))
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "duplicate key 'name'" in bad.stderr, bad.stderr


def test_with_no_thread_or_process_to_be_had_the_file_is_still_hashed_and_scanned_here(tmp_path, monkeypatch):
    """At a limit on processes (`ulimit -u`) neither the hashing thread nor the child can start:
    both run in kachin's own process, and the answers are the same. (Root is exempt from the
    limit, so the failures are made here.)"""
    from kachin_cli import cache

    def no_thread(self):
        raise RuntimeError("can't start new thread")

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setenv("KACHIN_NO_CACHE", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(threading.Thread, "start", no_thread)
    monkeypatch.setattr(os, "fork", no_fork)
    assert store.check(repeated(tmp_path)) == (None, [REPEATED])
    kb, problems = store.check(str(MINI))
    assert problems == [] and kb.cache["file-key"] == cache.key(MINI.read_bytes(), ".kb")
    assert no_children_left()


@pytest.mark.slow
@pytest.mark.skipif(os.uname().sysname != "Linux", reason="the scan forks on Linux only")
def test_a_child_does_not_outlive_a_kachin_that_is_killed(tmp_path):
    """`kill -9` of kachin during a first run takes its scan with it (the child does not go on
    scanning alone): the child is seen, the parent killed, and the child gone soon after."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import REPO, installed_kachin

    big = tmp_path / "big.json"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "scale.py"), "--generate", "60000", str(big)], check=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "KACHIN_NO_CACHE": ""}

    def kachins() -> list[int]:  # the processes running kachin on this file (the child has the same command)
        out = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if str(big).encode() in f.read():
                        out.append(int(pid))
            except OSError:
                pass
        return out

    for _attempt in range(3):  # the child lives about half a second: look for it often
        proc = subprocess.Popen([installed_kachin(), "--data", str(big), "validate"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while proc.poll() is None and len(kachins()) < 2 and time.monotonic() < deadline:
            time.sleep(0.005)
        if proc.poll() is None and len(kachins()) == 2:
            break
        proc.wait()
    else:
        pytest.fail("never saw kachin's scan running")
    child = next(pid for pid in kachins() if pid != proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # its scan had about half a second to go: gone at once, not when that is done
    deadline = time.monotonic() + 0.2
    while child in kachins() and time.monotonic() < deadline:
        time.sleep(0.005)
    assert child not in kachins()


@pytest.mark.parametrize("where", ["child", "here"])
@pytest.mark.parametrize("old, new, problem", [
    ('"name": "Zaw Tu"', '"name": " \\t"', "people[0].name: must not be empty"),
    ('"aliases": ["Zau Tu"]', '"aliases": ["Zau Tu", "\\u00a0"]', "people[0].aliases[1]: must not be empty"),
])
def test_blank_text_is_found_by_the_same_scan_wherever_it_runs(tmp_path, monkeypatch, where, old, new, problem):
    """The scan for repeated keys also finds text that is only blanks, a value or an item of a
    list, in the child or (no process to be had) here."""
    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    children = forks(monkeypatch)
    if where == "here":
        monkeypatch.setattr(os, "fork", no_fork)
    path = tmp_path / "blank.json"
    text = MINI.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert store.check(str(path)) == (None, [problem])
    assert len(children) == (where == "child" and os.uname().sysname == "Linux") and no_children_left()

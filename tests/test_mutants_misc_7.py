"""What no in-process test reached before (issue 16's mutants with "no tests"): the stdout that
kachin points at /dev/null after its reader went away, and the interval of a record built by
hand rather than read from a file."""

from __future__ import annotations

import datetime as dt
import os
import sys

from kachin_cli import model, output, store  # noqa: F401  (store teaches model.SPANS to read dates)


class _Stdout:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def fileno(self) -> int:
        return self.fd


def test_after_the_reader_goes_away_stdout_writes_into_dev_null(monkeypatch):
    read, write = os.pipe()
    os.close(read)  # the reader went away: a write now fails with EPIPE
    monkeypatch.setattr(sys, "stdout", _Stdout(write))
    try:
        output.quiet_broken_pipe()
        assert os.write(write, b"the rest of a listing") == 21  # taken by /dev/null
        assert os.path.samestat(os.fstat(write), os.stat(os.devnull))
    finally:
        os.close(write)


def test_quiet_broken_pipe_leaves_a_stdout_without_a_descriptor_alone(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    output.quiet_broken_pipe()  # no AttributeError
    monkeypatch.setattr(sys, "stdout", _Stdout(-1))
    output.quiet_broken_pipe()  # no OSError


def test_a_record_built_by_hand_gets_the_interval_of_its_dates():
    for key in (("1903-02", "1903-03-05", False), ("1904-06-09", None, True), (None, None, False)):
        model.SPANS.pop(key, None)  # as in a new process, where no file has given these dates yet
    cite = (model.Citation(source="article"),)
    event = model.Event(id="e", date="1903-02", end_date="1903-03-05", title="T", summary="S", type="talks",
                        phase="p", sources=cite)
    assert (event.first, event.last) == (dt.date(1903, 2, 1), dt.date(1903, 3, 5))
    assert model.SPANS[("1903-02", "1903-03-05", False)] == (dt.date(1903, 2, 1), dt.date(1903, 3, 5))
    phase = model.Phase(id="p", name="P", start="1904-06-09", summary="S", sources=cite)
    assert (phase.first, phase.last) == (dt.date(1904, 6, 9), model.OPEN_END)  # still going on
    undated = model.Talk(id="t", name="T", kind="talks", summary="S", outcome="O", status="s", sources=cite)
    assert (undated.first, undated.last) == (None, None)

"""What the mutation run (issue 16) found the suite did not notice in the loader's dates and the
cache's reads: a bad end date reported (not taken for a good one), a record ending on the day it
starts, the first day of a month-precise date, which records run on with no last day (a phase or
a running total without an end), a FIFO planted where a layer's file was, and a layer's value
built while the cache was off. In-process, with exact rows and messages."""

from __future__ import annotations

import os

import pytest
from conftest import MINI, derived, without_waiting

from kachin_cli import cache, model


@pytest.fixture
def fresh(monkeypatch):
    """Every record's interval worked out anew from its dates (nothing remembered from another
    test or an earlier load, nothing from a cache)."""
    monkeypatch.setenv("KACHIN_NO_CACHE", "1")
    saved = dict(model.SPANS)
    model.SPANS.clear()
    yield
    model.SPANS.clear()
    model.SPANS.update(saved)


def ids(result) -> list[str]:
    assert result.code == 0, result.err
    return [r["id"] for r in result.json]


# -- a bad end date, and an end on the first day -------------------------------------------------


def test_an_end_date_that_is_no_date_is_reported_where_it_is(kachin, tmp_path, fresh):
    path = derived(tmp_path, lambda raw: raw["events"][1].update(end_date="2012-13"))
    res = kachin("validate", str(path))
    assert (res.code, res.out, res.err) == (1, "events[1].end_date: '2012-13' is not a valid date\n"
                                               f"{path}: 1 problem\n", "")
    res = kachin("--data", str(path), "timeline")
    assert (res.code, res.out) == (1, "")
    assert res.err == (f"kachin: {path}: not a valid knowledge base (1 problem; first: "
                       "events[1].end_date: '2012-13' is not a valid date)\n")


def test_a_record_that_ends_on_the_day_it_starts_is_valid_and_listed(kachin, tmp_path, fresh):
    path = derived(tmp_path, lambda raw: raw["events"][2].update(date="2012-12-20", end_date="2012-12-20"))
    res = kachin("validate", str(path))
    assert (res.code, res.err) == (0, "")
    assert res.out.startswith(f"{path}: valid (6 events,")
    day = kachin("--data", str(path), "timeline", "--from", "2012-12-20", "--to", "2012-12-20", "--format", "json")
    assert ids(day) == ["women-report-2012", "air-campaign-2012"]


# -- where a record's interval begins and ends ---------------------------------------------------


def test_a_month_precise_event_covers_the_month_from_its_first_day(kachin, fresh):
    """'2012-03' runs from 1 to 31 March: mid-March finds it; so does a day of the year-precise
    report, and nothing else (no record runs on past its dates)."""
    res = kachin("--data", str(MINI), "timeline", "--from", "2012-03-15", "--to", "2012-03-20", "--format", "json")
    assert ids(res) == ["women-report-2012", "road-battles-2012"]
    res = kachin("--data", str(MINI), "timeline", "--from", "2012-02-01", "--to", "2012-02-29", "--format", "json")
    assert ids(res) == ["women-report-2012"]


def test_only_a_running_total_without_an_end_runs_on_to_today(kachin, fresh):
    """In 2020 the running total of civilians killed since 2011 is counting; the figures of the
    first war (1961 to 1994) and of single days in 2014 and 2018 are not."""
    res = kachin("--data", str(MINI), "casualties", "--from", "2020", "--to", "2020", "--format", "json")
    assert ids(res) == ["civilians-killed"]
    res = kachin("--data", str(MINI), "casualties", "--from", "1995", "--to", "2010", "--format", "json")
    assert ids(res) == []


def test_each_way_of_giving_dates_has_its_interval():
    """What a record built by hand (not read from a file) gets as its first and last day."""
    from datetime import date

    parse = model.SPANS.parse
    assert parse("2012-03", None, False) == (date(2012, 3, 1), date(2012, 3, 31))
    assert parse("2012-03", "2012-05", False) == (date(2012, 3, 1), date(2012, 5, 31))
    assert parse("2012-03", None, True) == (date(2012, 3, 1), model.OPEN_END)  # still going on
    assert parse("2012-03", "2012-05", True) == (date(2012, 3, 1), date(2012, 5, 31))  # it ended
    assert parse("2012-03-01", "2012-03-01", False) == (date(2012, 3, 1), date(2012, 3, 1))
    assert parse(None, None, False) == ()


def test_a_phase_with_an_end_is_over_and_one_without_is_still_going_on(fresh):
    from kachin_cli import store

    kb = store.load(str(MINI))
    spans = {p.id: (p.first.isoformat(), p.last.isoformat()) for p in kb.phases}
    assert spans == {"early": ("1961-01-01", "1994-02-24"), "late": ("2011-06-09", "9999-12-31"),
                     "coup-era": ("2021-02-01", "9999-12-31")}


# -- the cache's reads ---------------------------------------------------------------------------


@pytest.fixture
def cache_on(tmp_path, monkeypatch):
    monkeypatch.delenv("KACHIN_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    cache._MISSES.clear()
    yield tmp_path / "xdg-cache" / "kachin"
    cache._MISSES.clear()


def test_a_fifo_where_a_layer_file_was_is_a_miss_at_once_not_a_hang(tmp_path, cache_on):
    """No one writes to the FIFO: opening it to read would wait for a writer for ever."""
    fifo = tmp_path / "layer.csv"
    os.mkfifo(fifo)
    assert without_waiting(fifo, lambda: cache.read_cached(str(fifo), ".index")) == [None]


def test_a_value_built_while_the_cache_was_off_is_not_written_once_it_is_on(tmp_path, cache_on, monkeypatch):
    """With KACHIN_NO_CACHE=1 a read is no miss: a write after it, the cache on again, writes
    nothing, and the next read is a miss."""
    path = tmp_path / "layer.csv"
    path.write_text("Kachin State\n")
    monkeypatch.setenv("KACHIN_NO_CACHE", "1")
    assert cache.read_cached(str(path), ".index") is None
    monkeypatch.delenv("KACHIN_NO_CACHE")
    cache.write_cached(str(path), ("Kachin State",), ".index")
    assert not cache_on.exists() or list(cache_on.iterdir()) == []
    assert cache.read_cached(str(path), ".index") is None
    cache.write_cached(str(path), ("Kachin State",), ".index")  # after a miss: written
    assert cache.read_cached(str(path), ".index") == ("Kachin State",)

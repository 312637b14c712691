"""Loading and validating knowledge-base files: every problem, with its JSON path."""

from __future__ import annotations

import copy
import json
import os
from datetime import date

import pytest
from conftest import MINI

from kachin_cli import cache, store
from kachin_cli.errors import DataError

RAW = json.loads(MINI.read_text(encoding="utf-8"))


def problems_of(mutate) -> list[str]:
    raw = copy.deepcopy(RAW)
    mutate(raw)
    kb, problems = store.validate(raw)
    assert kb is None
    return problems


def test_fixture_loads_with_intervals():
    kb = store.load(MINI)
    assert [e.id for e in kb.events][:2] == ["raid-1961", "road-battles-2012"]
    span = kb.get("air-campaign-2012")
    assert (span.first, span.last) == (date(2012, 12, 1), date(2013, 1, 31))
    assert kb.get("road-battles-2012").last == date(2012, 3, 31)
    assert kb.get("late").last == date.max  # a phase still going on
    assert kb.get("civilians-killed").last == date.max  # a running total
    assert kb.get("initiative").first is None


def _without_defaults(value):
    """Drop null, empty and false values: to_dict() spells out every optional field."""
    if isinstance(value, dict):
        return {k: _without_defaults(v) for k, v in value.items() if v not in (None, [], (), False)}
    if isinstance(value, (list, tuple)):
        return [_without_defaults(v) for v in value]
    return value


def test_records_round_trip_to_the_file_format():
    kb = store.load(MINI)
    for kind in RAW:
        assert len(RAW[kind]) == len(kb.collection(kind))
        for raw, rec in zip(RAW[kind], kb.collection(kind)):
            assert _without_defaults(rec.to_dict()) == _without_defaults(raw), (kind, raw["id"])


@pytest.mark.parametrize("mutate, expected", [
    (lambda r: r["events"][0].update(date="2013-02-30"), "events[0].date: '2013-02-30' is not a valid date"),
    (lambda r: r["events"][1].update(end_date="2011"), "events[1].end_date: '2011' is before date '2012-03'"),
    (lambda r: r["events"][0].update(colour="red"), "events[0].colour: unknown field 'colour'"),
    (lambda r: r["events"][0].pop("title"), "events[0]: missing required field 'title'"),
    (lambda r: r["events"][0].update(people="zaw-tu"), "events[0].people: expected a list, got a string 'zaw-tu'"),
    (lambda r: r["events"][0].update(places=["atlantis"]), "events[0].places[0]: 'atlantis' does not match any record"),
    (lambda r: r["events"][0].update(places=["kia"]), "events[0].places[0]: 'kia' is a record of 'organisations'; expected one of places"),
    (lambda r: r["events"][1].update(id="raid-1961"), "events[1].id: duplicate id 'raid-1961' (first used at events[0])"),
    (lambda r: r["places"][1].update(id="kia"), "places[1].id: duplicate id 'kia' (first used at organisations[0])"),
    (lambda r: r["events"][0].update(type="picnic"), "events[0].type: 'picnic' is not one of:"),
    (lambda r: r["events"][0].update(sources=[]), "events[0].sources: must not be empty"),
    (lambda r: r["events"][0]["sources"][0].update(section="Nowhere"), "events[0].sources[0].section: 'Nowhere' is not a section of the article"),
    (lambda r: r["people"][0]["roles"][0].update(start="1961"), "people[0].roles[0].start: expected a whole number, got a string '1961'"),
    (lambda r: r["people"][0]["roles"][0].update(end=1950), "people[0].roles[0].end: 1950 is before start 1961"),
    (lambda r: r["figures"][0].pop("count"), "figures[0]: a 'at_least' figure needs 'count'"),
    (lambda r: r["figures"][0].update(count=True), "figures[0].count: expected a whole number, got a boolean True"),
    (lambda r: r["places"][0]["coordinates"].update(lat="north"), "places[0].coordinates.lat: expected a number"),
    (lambda r: r.pop("talks"), "$: missing required list 'talks'"),
    (lambda r: r.update(battles=[]), "battles: unknown top-level list 'battles'"),
    (lambda r: r["events"][0].update(id="Raid 1961"), "events[0].id: 'Raid 1961' is not a valid id"),
])
def test_each_kind_of_problem_is_named_with_its_path(mutate, expected):
    problems = problems_of(mutate)
    assert any(p.startswith(expected) for p in problems), problems


def test_all_problems_are_reported_at_once():
    def many(r):
        r["events"][0]["date"] = "2013-02-30"
        r["events"][1]["colour"] = "red"
        r["people"][0]["side"] = "neutral"
        r["talks"][0]["parties"] = ["nobody"]
    problems = problems_of(many)
    assert len(problems) == 4, problems
    assert [p.split(":")[0] for p in problems] == [
        "events[0].date", "events[1].colour", "people[0].side", "talks[0].parties[0]"]


def test_top_level_must_be_an_object():
    assert store.validate([1, 2])[1] == [
        "$: expected an object with the lists events, people, organisations, places, talks, figures, "
        "phases, sources, got a list"]


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b'{"events": [', "not valid JSON: Expecting value at line 1 column 13"),
    (b'{\n  "events": [}\n', "not valid JSON: Expecting value at line 2 column 14"),
    (b"\xff\xfe\x00garbage", "not UTF-8 text"),
])
def test_unreadable_content_gets_one_line(tmp_path, content, message):
    path = tmp_path / "kb.json"
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        store.load(path)
    assert str(info.value) == f"{path}: {message}"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(DataError, match=r"nope\.json: no such file$"):
        store.load(tmp_path / "nope.json")
    with pytest.raises(DataError, match=r": is a directory, not a knowledge-base file$"):
        store.load(tmp_path)


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_file_that_fails_to_read():
    with pytest.raises(DataError, match=r"^/proc/self/mem: cannot read \("):
        store.load("/proc/self/mem")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "kb.json"
    path.write_text("{}")
    path.chmod(0)
    with pytest.raises(DataError, match="permission denied"):
        store.load(path)


def test_invalid_file_raises_with_every_problem(tmp_path):
    raw = copy.deepcopy(RAW)
    raw["events"][0]["date"] = "1961-02-30"
    raw["events"][1]["date"] = "soon"
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(raw))
    with pytest.raises(DataError) as info:
        store.load(path)
    assert len(info.value.problems) == 2
    assert "not a valid knowledge base (2 problems; first: events[0].date:" in str(info.value)


def test_bundled_path_and_environment(monkeypatch, tmp_path):
    assert os.path.isfile(store.bundled_path())
    monkeypatch.setenv("KACHIN_DATA", str(MINI))
    assert store.resolve_path(None) == str(MINI)
    assert store.resolve_path(tmp_path / "x.json") == str(tmp_path / "x.json")


def test_an_edit_that_keeps_size_and_mtime_is_loaded_afresh(tmp_path, monkeypatch):
    """The cache of a knowledge base is keyed by its content, never by size and time."""
    folder = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    path = tmp_path / "kb.json"
    path.write_text(MINI.read_text())
    assert store.load(path).events[0].title != "A changed title"
    assert [p.name.split("-", 1)[1] for p in (folder / "kachin").iterdir()] == ["kb.json.kb"]
    assert store.load(path).events[0].title != "A changed title"  # from the cache
    raw = copy.deepcopy(RAW)
    raw["events"][0]["title"] = "A changed title"
    stat = path.stat()
    path.write_text(json.dumps(raw)[: stat.st_size].ljust(stat.st_size))  # same size...
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # ...and the same mtime
    assert store.load(path).events[0].title == "A changed title"


# ---------------------------------------------------------------- the cache of derived indexes (layers)


@pytest.fixture
def cached_file(tmp_path, monkeypatch):
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("KACHIN_NO_CACHE", raising=False)
    path = tmp_path / "layer.jsonl"
    path.write_text("Kachin State\n")
    assert cache.read_cached(str(path), ".index") is None  # a miss, then the value built from the file
    cache.write_cached(str(path), ("Kachin State",), ".index")
    assert cache.read_cached(str(path), ".index") == ("Kachin State",)
    return path, home / "kachin"


def test_an_edit_while_an_index_is_built_is_not_cached_under_the_old_content(cached_file):
    path, _ = cached_file
    path.write_text("Shan State\n")
    assert cache.read_cached(str(path), ".index") is None
    path.write_text("Kachin State, edited while the index was built\n")
    cache.write_cached(str(path), ("Shan State",), ".index")  # built from bytes that are no longer there
    assert cache.read_cached(str(path), ".index") is None


def test_an_edit_that_keeps_size_and_mtime_is_seen(cached_file):
    path, _ = cached_file
    stat = path.stat()
    path.write_text("Shan   State\n")  # as many bytes
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert cache.read_cached(str(path), ".index") is None


def test_a_cache_folder_others_can_write_or_a_planted_symlink_is_not_used(cached_file, tmp_path):
    path, folder = cached_file
    entry = next(folder.iterdir())
    victim = tmp_path / "victim"
    victim.write_text("mine")
    entry.unlink()
    entry.symlink_to(victim)  # planted where the entry goes
    assert cache.read_cached(str(path), ".index") is None
    cache.write_cached(str(path), ("x",), ".index")
    assert victim.read_text() == "mine"  # written through a new file, never through the link
    for p in folder.iterdir():
        p.unlink()
    folder.chmod(0o777)  # others could plant or swap entries here: it is not used at all
    assert cache.read_cached(str(path), ".index") is None
    cache.write_cached(str(path), ("x",), ".index")
    assert list(folder.iterdir()) == []


def test_a_fifo_at_the_cache_path_is_not_waited_for(cached_file):
    path, folder = cached_file
    entry = next(folder.iterdir())
    entry.unlink()
    os.mkfifo(entry)
    assert cache.read_cached(str(path), ".index") is None  # returns at once (the test has a timeout)


def test_every_flipped_bit_of_a_cache_entry_is_caught(cached_file):
    path, folder = cached_file
    entry = next(folder.iterdir())
    good = entry.read_bytes()
    for i in range(len(good) * 8):
        flipped = bytearray(good)
        flipped[i // 8] ^= 1 << (i % 8)
        entry.write_bytes(bytes(flipped))
        assert cache.read_cached(str(path), ".index") is None, i


def test_a_relative_cache_home_is_ignored_and_no_cache_0_keeps_the_cache(cached_file, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == str(tmp_path / "home" / ".cache" / "kachin")
    monkeypatch.setenv("KACHIN_NO_CACHE", "0")
    path, _ = cached_file
    assert cache.read_cached(str(path), ".index") is None  # a new folder: a miss, and then
    cache.write_cached(str(path), ("Kachin State",), ".index")
    assert cache.read_cached(str(path), ".index") == ("Kachin State",)
    monkeypatch.setenv("KACHIN_NO_CACHE", "1")
    assert cache.read_cached(str(path), ".index") is None


def test_the_installed_bundled_file_is_trusted_and_a_checkout_is_not(tmp_path, monkeypatch):
    """load() skips the rules across records only for the copy installed with the package
    (the suite checks data/kachin.json in full); a trusted load gives the same records and
    intervals, and still refuses a date that is not one."""
    full, _ = store.check(store.bundled_path())
    trusted, problems = store.check(store.bundled_path(), trusted=True)
    assert problems == [] and trusted is not None and full is not None
    assert [(r.id, r.first, r.last) for r in trusted.records()] == [(r.id, r.first, r.last) for r in full.records()]
    raw = copy.deepcopy(RAW)
    raw["events"][0]["phase"] = "no-such-phase"
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "kachin.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert store.check(str(path), trusted=True)[1] == []  # the reference is not checked
    assert store.check(str(path))[1] == ["events[0].phase: 'no-such-phase' does not match any record"]
    good_date, raw["events"][0]["date"] = raw["events"][0]["date"], "2012-02-30"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert store.check(str(path), trusted=True)[0] is None  # dates are still read
    raw["events"][0]["date"] = good_date
    path.write_text(json.dumps(raw), encoding="utf-8")
    # which copy load() trusts: the packaged one, never a checkout's data/kachin.json
    monkeypatch.setattr(store, "__file__", str(tmp_path / "kachin_cli" / "store.py"))
    assert store.bundled_path() == str(path)
    with pytest.raises(DataError, match="'no-such-phase' does not match any record"):
        store.load(str(path))

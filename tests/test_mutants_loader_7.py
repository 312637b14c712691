"""Which copy of the knowledge base `load()` trusts (issue 16's survivors of store._packaged and
store.load): the one installed inside the package, `kachin_cli/data/kachin.json`, whose rules
across records the test suite has checked before it shipped, and never a checkout's
`data/kachin.json`. Run in-process with the package's location moved to a folder of the test's
own, laid out as an installed wheel is."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import MINI

from kachin_cli import store
from kachin_cli.errors import DataError

RAW = json.loads(MINI.read_text(encoding="utf-8"))


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """A package folder holding data/kachin.json, as a wheel installs it, whose first event names
    a phase that does not exist: only a check of the references across records refuses it."""
    raw = copy.deepcopy(RAW)
    raw["events"][0]["phase"] = "no-such-phase"
    package = tmp_path / "site-packages" / "kachin_cli"
    (package / "data").mkdir(parents=True)
    path = package / "data" / "kachin.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setattr(store, "__file__", str(package / "store.py"))
    monkeypatch.delenv("KACHIN_DATA", raising=False)
    return path


def test_the_copy_installed_in_the_package_is_the_bundled_one(installed):
    assert store.bundled_path() == str(installed)
    assert store.resolve_path(None) == str(installed)


def test_the_installed_copy_is_loaded_without_the_checks_across_records(installed):
    kb = store.load()
    assert kb.path == str(installed)
    assert kb.events[0].phase == "no-such-phase"  # trusted: the reference is not checked
    assert store.load(str(installed)).events[0].phase == "no-such-phase"


def test_any_other_copy_of_the_same_file_is_checked_in_full(installed, tmp_path):
    other = tmp_path / "kachin.json"
    other.write_bytes(installed.read_bytes())
    with pytest.raises(DataError, match="events\\[0\\].phase: 'no-such-phase' does not match any record"):
        store.load(str(other))


def test_a_later_load_takes_the_verdict_and_intervals_from_the_cache(tmp_path, monkeypatch):
    """store.check reads a file's entry when its bytes passed every check before: a planted
    entry that passes every check of the cache (see test_cache.poisoned) moves an event's
    interval, which shows the entry is what a later load uses."""
    import datetime as dt
    import shutil

    from conftest import REPO
    from test_cache import EVENT, entry, poisoned

    from kachin_cli import model

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("KACHIN_NO_CACHE", raising=False)
    path = tmp_path / "kachin.json"
    shutil.copyfile(REPO / "data" / "kachin.json", path)
    spans = dict(model.SPANS)
    try:
        assert store.load(path).get(EVENT).first == dt.date(2014, 11, 19)
        folder = tmp_path / "xdg" / "kachin"
        entry(path, folder).write_bytes(poisoned(entry(path, folder).read_bytes()))
        kb = store.load(path)
        assert kb.get(EVENT).first == dt.date(2012, 11, 19)
        at = kb.events.ids().index(EVENT)
        assert list(kb.events.intervals()[2 * at:2 * at + 2]) == [dt.date(2012, 11, 19).toordinal()] * 2
    finally:  # the planted interval must not reach other tests
        model.SPANS.clear()
        model.SPANS.update(spans)

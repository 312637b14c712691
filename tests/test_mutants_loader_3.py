"""What the mutation run (issue 16) found the suite did not notice in the loader's rules for
figures, chains of places and references, and in the cache's writes: each rule of a figure's
qualifier named where it is broken, a chain of exactly the longest depth accepted and one record
deeper refused wherever the chain sits in the file, a cycle reported once (not also as an endless
chain), a link broken in every field found, and a failed cache write that neither raises nor
leaves litter. In-process, with exact messages."""

from __future__ import annotations

import json
import os

import pytest
from conftest import MINI, derived

from kachin_cli import cache, store


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    """Every file is checked in full (never trusted from a cache entry of an earlier test)."""
    monkeypatch.setenv("KACHIN_NO_CACHE", "1")


def validate(kachin, path):
    """(exit status, the lines `kachin validate` prints before its summary, the summary)."""
    res = kachin("validate", str(path))
    assert res.err == ""
    *lines, summary = res.out.splitlines()
    return res.code, lines, summary.removeprefix(f"{path}: ")


def refused(kachin, tmp_path, change, *problems):
    path = derived(tmp_path, change)
    n = len(problems)
    assert validate(kachin, path) == (1, list(problems), f"{n} problem{'s' if n != 1 else ''}")
    res = kachin("--data", str(path), "timeline")
    assert (res.code, res.out) == (1, "")
    assert res.err == (f"kachin: {path}: not a valid knowledge base ({n} problem{'s' if n != 1 else ''}; "
                       f"first: {problems[0]})\n")


def accepted(kachin, tmp_path, change):
    path = derived(tmp_path, change)
    code, lines, summary = validate(kachin, path)
    assert (code, lines) == (0, [])
    assert summary.startswith("valid (6 events,"), summary
    return path


def figure(i, **fields):
    """A change to figures[i]: set these fields, drop those given as None."""
    def change(raw):
        f = raw["figures"][i]
        for k, v in fields.items():
            f.pop(k, None) if v is None else f.update({k: v})
    return change


# -- figures: what each qualifier needs ----------------------------------------------------------

# figures[2] is an 'exactly' figure (count 6); figures[4] a 'vague' one ("thousands")


@pytest.mark.parametrize("fields", [{"low": 5}, {"high": 9}, {"low": 5, "high": 9, "count": 6}],
                         ids=["no high", "no low", "a count too"])
def test_a_range_without_both_ends_or_with_a_count_is_refused(kachin, tmp_path, fields):
    change = figure(2, qualifier="range", count=None, **fields) if "count" not in fields else \
        figure(2, qualifier="range", **fields)
    refused(kachin, tmp_path, change, "figures[2]: a 'range' figure needs 'low' and 'high' and no 'count'")


def test_a_range_whose_ends_meet_is_valid_and_one_whose_high_is_below_its_low_is_not(kachin, tmp_path):
    path = accepted(kachin, tmp_path, figure(2, qualifier="range", count=None, low=6, high=6))
    res = kachin("--data", str(path), "casualties", "--format", "json")
    assert res.code == 0, res.err
    [row] = [r for r in res.json if r["id"] == "soldiers-killed-2014"]
    assert (row["qualifier"], row["count"], row["low"], row["high"]) == ("range", None, 6, 6)
    refused(kachin, tmp_path, figure(2, qualifier="range", count=None, low=8, high=6),
            "figures[2].high: 6 is below low 8")


@pytest.mark.parametrize("qualifier", ["vague", "unknown"])
@pytest.mark.parametrize("fields", [{"count": 1000}, {"low": 1000}, {"high": 1000}])
def test_a_vague_or_unknown_figure_with_a_number_is_refused(kachin, tmp_path, qualifier, fields):
    refused(kachin, tmp_path, figure(4, qualifier=qualifier, **fields),
            f"figures[4]: a {qualifier!r} figure has no number; keep the source's words in 'text'")


@pytest.mark.parametrize("qualifier", ["vague", "unknown"])
def test_a_vague_or_unknown_figure_without_the_sources_words_is_refused(kachin, tmp_path, qualifier):
    refused(kachin, tmp_path, figure(4, qualifier=qualifier, text=None),
            f"figures[4]: a {qualifier!r} figure needs 'text' with the source's words")


def test_an_unknown_figure_with_the_sources_words_is_valid(kachin, tmp_path):
    accepted(kachin, tmp_path, figure(4, qualifier="unknown"))


@pytest.mark.parametrize("fields", [{"count": None}, {"low": 5}, {"high": 9}], ids=["no count", "low", "high"])
def test_a_counted_figure_needs_its_count_and_no_ends(kachin, tmp_path, fields):
    refused(kachin, tmp_path, figure(2, **fields), "figures[2]: a 'exactly' figure needs 'count' (and no 'low'/'high')")


# -- chains of places ----------------------------------------------------------------------------


def chain(raw, depth, *, reverse=False, top=None):
    """`depth` places level-0 ... level-(depth-1), each within the one before (level-0 within
    `top`), appended deepest first when `reverse`."""
    base = {k: v for k, v in raw["places"][0].items() if k != "coordinates"}
    levels = [{**base, "id": f"level-{i}", "name": f"Level {i}", "aliases": [],
               **({"within": f"level-{i - 1}"} if i else {"within": top} if top else {})} for i in range(depth)]
    raw["places"] += levels[::-1] if reverse else levels


def test_a_chain_of_exactly_the_longest_depth_is_valid_and_found_by_its_top(kachin, tmp_path):
    def change(raw):
        chain(raw, store.MAX_DEPTH)
        raw["events"][0]["places"] = [f"level-{store.MAX_DEPTH - 1}"]

    path = accepted(kachin, tmp_path, change)
    res = kachin("--data", str(path), "timeline", "--place", "Level 0", "--format", "json")
    assert res.code == 0, res.err
    assert [e["id"] for e in res.json] == ["raid-1961"]


@pytest.mark.parametrize("reverse", [False, True], ids=["top first", "deepest first"])
def test_a_chain_one_record_too_deep_is_refused_at_that_record_wherever_it_is_listed(kachin, tmp_path, reverse):
    depth = store.MAX_DEPTH + 5
    at = 3 + (depth - 1 - store.MAX_DEPTH if reverse else store.MAX_DEPTH)  # after the fixture's 3 places
    refused(kachin, tmp_path, lambda raw: chain(raw, depth, reverse=reverse),
            f"places[{at}].within: the chain of 'within' above 'level-{store.MAX_DEPTH}' is more than "
            f"{store.MAX_DEPTH} records long")


def test_a_cycle_listed_after_a_top_place_is_refused(kachin, tmp_path):
    def change(raw):  # places[0] (laiza) tops its tree; the cycle comes after it
        raw["places"][2]["within"] = "lashio"
        raw["places"][1]["within"] = "hpakant"

    refused(kachin, tmp_path, change, "places[1].within: 'lashio' is part of a cycle (lashio -> hpakant -> lashio)")


def test_a_long_chain_below_a_cycle_is_reported_as_the_cycle_alone(kachin, tmp_path):
    def change(raw):
        raw["places"][1]["within"] = "hpakant"
        raw["places"][2]["within"] = "lashio"
        chain(raw, store.MAX_DEPTH, top="lashio")

    refused(kachin, tmp_path, change, "places[1].within: 'lashio' is part of a cycle (lashio -> hpakant -> lashio)")


# -- references ----------------------------------------------------------------------------------

# Every field that names other records: (kind, field, holds a list)
LINKS = [("events", "phase", False), ("events", "people", True), ("events", "organisations", True),
         ("events", "places", True), ("events", "figures", True), ("events", "talks", True),
         ("organisations", "parent", False), ("places", "within", False), ("talks", "venue", False),
         ("talks", "parties", True), ("talks", "mediators", True), ("talks", "observers", True),
         ("talks", "people", True), ("talks", "events", True), ("figures", "organisations", True),
         ("figures", "event", False), ("phases", "part_of", False), ("sources", "organisation", False),
         ("sources", "people", True)]


def test_a_file_with_a_broken_link_in_every_field_names_each_of_them(kachin, tmp_path):
    def change(raw):
        for kind, field, many in LINKS:
            raw[kind][0][field] = ["nobody"] if many else "nobody"

    refused(kachin, tmp_path, change, *[f"{kind}[0].{field}{'[0]' if many else ''}: 'nobody' does not match any record"
                                        for kind in ("events", "organisations", "places", "talks", "figures",
                                                     "phases", "sources")
                                        for k, field, many in LINKS if k == kind])


def test_a_talks_venue_may_be_a_place_or_an_organisation_and_nothing_else(kachin, tmp_path):
    accepted(kachin, tmp_path, lambda raw: raw["talks"][1].update(venue="kia"))
    refused(kachin, tmp_path, lambda raw: raw["talks"][1].update(venue="nowhere"),
            "talks[1].venue: 'nowhere' does not match any record")
    refused(kachin, tmp_path, lambda raw: raw["talks"][1].update(venue="zaw-tu"),
            "talks[1].venue: 'zaw-tu' is a record of 'people'; expected one of places, organisations")


def test_an_article_that_lists_no_sections_leaves_the_sections_cited_unchecked(kachin, tmp_path):
    path = accepted(kachin, tmp_path, lambda raw: raw["sources"][0].pop("sections"))
    res = kachin("--data", str(path), "show", "soldiers-killed-2014", "--format", "json")
    assert res.code == 0, res.err
    assert res.json["sources"] == [{"source": "article", "section": "2014", "note": None}]


def test_every_section_cited_that_the_article_lacks_is_named(kachin, tmp_path):
    def change(raw):
        raw["sources"][0]["sections"] = ["Aftermath"]  # a section no record cites
        return raw

    raw = change(json.loads(MINI.read_text(encoding="utf-8")))
    expected = [f"{kind}[{i}]{where}.sources[{j}].section: {c['section']!r} is not a section of the article"
                for kind in ("events", "people", "organisations", "places", "talks", "figures", "phases", "sources")
                for i, r in enumerate(raw[kind])
                for where, cites in [("", r.get("sources", []) if kind != "sources" else [])]
                + [(f".{f}[{k}]", x.get("sources", [])) for f in ("roles", "variants") for k, x in enumerate(r.get(f, []))]
                for j, c in enumerate(cites) if c["source"] == "article" and c.get("section")]
    assert len(expected) > 10
    refused(kachin, tmp_path, change, *expected)


# -- the cache's writes --------------------------------------------------------------------------


@pytest.fixture
def folder(monkeypatch, tmp_path):
    """A cache folder of the test's own, the cache on."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("KACHIN_NO_CACHE")
    return tmp_path / "xdg-cache" / "kachin"


def test_an_entry_that_cannot_be_created_is_no_error_and_no_entry(folder, tmp_path):
    kb = tmp_path / "kb.json"
    kb.write_text("{}")
    tag = "." + "x" * 300  # a name longer than a file system allows
    content = cache.key(b"{}", tag)
    assert cache.put(str(kb), tag, content, [1, 2]) is None
    assert cache.get(str(kb), tag, content) is None
    assert os.listdir(folder) == []


def test_an_entry_that_cannot_be_renamed_into_place_leaves_no_temporary_file(folder, tmp_path):
    kb = tmp_path / "kb.json"
    kb.write_text("{}")
    content = cache.key(b"{}", ".kb")
    folder.mkdir(parents=True, mode=0o700)
    blocked = folder / cache._name(str(kb), ".kb")
    blocked.mkdir()  # a directory where the entry goes: the rename fails
    assert cache.put(str(kb), ".kb", content, [1, 2]) is None
    assert os.listdir(folder) == [blocked.name]
    assert cache.get(str(kb), ".kb", content) is None
    blocked.rmdir()
    cache.put(str(kb), ".kb", content, [1, 2])
    assert cache.get(str(kb), ".kb", content) == [1, 2]
    assert os.listdir(folder) == [blocked.name]


def test_a_place_that_only_leads_into_a_cycle_is_not_said_to_be_part_of_it(kachin, tmp_path):
    def change(raw):  # laiza, listed first, lies within lashio; lashio and hpakant lie within each other
        raw["places"][0]["within"] = "lashio"
        raw["places"][1]["within"] = "hpakant"
        raw["places"][2]["within"] = "lashio"

    refused(kachin, tmp_path, change, "places[1].within: 'lashio' is part of a cycle (lashio -> hpakant -> lashio)")

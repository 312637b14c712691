"""What the mutation run (issue 16) found the suite did not notice in a record list's intervals
built by hand, in normalising text with its marks and without spelling variants, and in the
loader's check of chains of `within` (how deep a chain is, counted from its top, from a record
above it already counted, from a missing top, and below a cycle). In-process, exact values and
exact problems."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from conftest import MINI, derived

from kachin_cli import model, query, store

RAW = json.loads(MINI.read_text(encoding="utf-8"))
MAX = store.MAX_DEPTH


def day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


# -- Records.intervals() of records built by hand (not by the loader) ----------------------------


def test_intervals_of_records_built_by_hand_are_their_first_and_last_days():
    kb, problems = store.check(str(MINI))
    assert problems == []
    # the loader sets each list's intervals itself; a knowledge base built from the same records
    # works them out from the records' dates, and must agree
    by_hand = model.KnowledgeBase("", events=list(kb.events), talks=list(kb.talks))
    talks = by_hand.talks.intervals()
    assert [r.id for r in by_hand.talks] == ["truce-1994", "ruili-2013", "initiative"]
    # an undated record (the initiative) is -1, -1
    assert list(talks) == [day("1994-02-24"), day("1994-02-24"), day("2013-02-04"), day("2013-02-04"), -1, -1]
    assert talks.typecode == "q"
    assert by_hand.talks.intervals() is talks  # worked out once
    events = by_hand.events.intervals()
    assert list(events) == list(kb.events.intervals())
    # air-campaign-2012: from December 2012 to January 2013, first day to last day
    i = [r.id for r in by_hand.events].index("air-campaign-2012")
    assert list(events[2 * i:2 * i + 2]) == [day("2012-12-01"), day("2013-01-31")]
    # and a date filter over them finds what overlaps, and no undated record
    assert [r.id for r in by_hand.events.overlapping(dt.date(2013, 1, 15), dt.date(2013, 6, 1))] == \
        ["air-campaign-2012"]
    assert [r.id for r in by_hand.talks.overlapping(None, dt.date(2000, 1, 1))] == ["truce-1994"]


# -- normalize: marks belong to their word; variants=False keeps the spelling as written ---------


def test_a_burmese_name_keeps_its_vowel_signs_in_one_word():
    # ြ (U+103C) and ီ (U+102E) are spacing/non-spacing vowel signs: part of the word, not gaps
    assert query.normalize("မြစ်ကြီးနား") == "မြစကြီးနား"
    assert query.normalize("မြစ်ကြီးနား ဘားမော်") == query.normalize("မြစ်ကြီးနား") + " " + query.normalize("ဘားမော်")
    assert len(query.normalize("မြစ်ကြီးနား").split()) == 1


@pytest.mark.parametrize(("text", "as_written", "as_matched"), [("Zau Tu", "zau tu", "zaw tu"),
                                                                 ("Zau Tú of Bhamo", "zau tu of bhamo", "zaw tu of bhamo")])
def test_without_variants_a_spelling_stays_as_written(text, as_written, as_matched):
    assert query.normalize(text, variants=False) == as_written
    assert query.normalize(text) == as_matched


# -- chains of `within` --------------------------------------------------------------------------


def chain(raw: dict, length: int, prefix: str = "level", top: str | None = None, order=None) -> list[str]:
    """Add `length` places, each within the one before; the first within `top`. Returns ids."""
    base = raw["places"][0]
    ids = [f"{prefix}-{i}" for i in range(length)]
    places = []
    for i, pid in enumerate(ids):
        place = {**copy.deepcopy(base), "id": pid, "name": f"{prefix} {i}", "aliases": []}
        place.pop("coordinates", None)
        place.pop("within", None)
        up = ids[i - 1] if i else top
        if up is not None:
            place["within"] = up
        places.append(place)
    raw["places"] += places if order is None else [places[k] for k in order(length)]
    return ids


def problems_of(tmp_path, change) -> list[str]:
    kb, problems = store.check(str(derived(tmp_path, change)))
    assert (kb is None) == bool(problems)
    return problems


N0 = len(RAW["places"])


def too_long(index: int, pid: str) -> str:
    return f"places[{index}].within: the chain of 'within' above {pid!r} is more than {MAX} records long"


def test_a_chain_exactly_as_deep_as_allowed_passes_top_down_and_bottom_up(tmp_path):
    assert problems_of(tmp_path, lambda raw: chain(raw, MAX)) == []
    assert problems_of(tmp_path, lambda raw: chain(raw, MAX, order=lambda n: range(n - 1, -1, -1))) == []


@pytest.mark.parametrize("order", [None, lambda n: range(n - 1, -1, -1)], ids=["top-down", "bottom-up"])
def test_one_record_more_is_reported_once_at_the_first_record_past_the_limit(tmp_path, order):
    # top-down, each record's walk stops at the one above it, already counted
    problems = problems_of(tmp_path, lambda raw: chain(raw, MAX + 5, order=order))
    index = N0 + MAX if order is None else N0 + 4
    assert problems == [too_long(index, f"level-{MAX}")]


def test_a_chain_counted_in_two_walks_adds_up(tmp_path):
    # the lower half listed first (walked up to the top), then the upper half: the lower half's
    # depths must count from the upper half's
    def change(raw):
        chain(raw, MAX + 1, order=lambda n: [*range(n // 2, n), *range(n // 2)])
    # level-MAX is the 51st record of the lower half, listed first
    assert problems_of(tmp_path, change) == [too_long(N0 + MAX - (MAX + 1) // 2, f"level-{MAX}")]


def test_a_chain_whose_top_is_missing_counts_from_the_first_record_it_has(tmp_path):
    ok = problems_of(tmp_path, lambda raw: chain(raw, MAX, top="atlantis"))
    assert [p for p in ok if "more than" in p] == []
    assert len(ok) == 1 and "atlantis" in ok[0]
    long = problems_of(tmp_path, lambda raw: chain(raw, MAX + 1, top="atlantis"))
    assert too_long(N0 + MAX, f"level-{MAX}") in long
    assert len(long) == 2


def test_records_below_a_cycle_are_not_counted_as_a_long_chain(tmp_path):
    def change(raw):
        raw["places"][0]["within"] = "lashio"
        raw["places"][1]["within"] = "laiza"
        chain(raw, MAX + 5, top="laiza")
    assert problems_of(tmp_path, change) == ["places[0].within: 'laiza' is part of a cycle (laiza -> lashio -> laiza)"]

"""A year searched for is a record's first or last year, and an open end has no year (found by
reading issue 16's survivors of store._checked, 5 December 2026): `kachin search 9999` listed
every phase still going on and every running total, as if 9999, the year of the day that stands
for "no end yet", were theirs."""

from __future__ import annotations

from conftest import MINI

from kachin_cli import query, store


def found(term: str) -> list[tuple[str, str]]:
    kb = store.load(MINI)
    return [(h.record.id, h.matched) for h in query.find(kb, term)]


def test_an_open_end_is_not_a_year(mini):
    kb = store.load(MINI)
    going_on = [p for p in kb.phases if p.end is None] + [f for f in kb.figures if f.cumulative]
    assert going_on, "the fixture has a phase going on or a running total"
    assert found("9999") == []
    r = mini("search", "9999")
    assert (r.code, r.out.strip()) == (0, "No records match.")


def test_a_record_going_on_is_found_by_the_year_it_began():
    kb = store.load(MINI)
    for record in [p for p in kb.phases if p.end is None] + [f for f in kb.figures if f.cumulative]:
        year = record.first.year
        assert record.id in [rid for rid, _how in found(str(year))], record.id

"""What a filter says of a close spelling, what an unknown name is told it may have meant, and
which report of an event's toll is counted (issue 16's surviving mutants of query.close_readings,
query._did_you_mean and query.one_report_per_toll).

close_readings is what `kachin events` puts under its table (or on standard error) when a
--place or --actor term was read as a close name: each term of each option, among the records
that option looks at (places; people and organisations), by name only, with at most three
names and "and others". _did_you_mean is tested through matched_places and matched_actors,
whose errors carry it: a short name (KIA) or a short term is close only when close as a whole.
one_report_per_toll is tested directly and through per_year: of competing claimants' equal
reports, the first in the file is the one counted.

Each test pins the exact notes, message or figures on the small fixture knowledge base, or on a
copy of it with a few records added."""

from __future__ import annotations

import pytest
from conftest import MINI, derived

from kachin_cli import query, store
from kachin_cli.errors import NotFoundError

ARTICLE = [{"source": "article", "section": "2013"}]


@pytest.fixture(scope="module")
def kb():
    return store.load(MINI)


def _village(name: str, summary: str = "A village.") -> dict:
    return {"id": name.lower(), "name": name, "kind": "village", "country": "Myanmar", "summary": summary,
            "sources": ARTICLE}


@pytest.fixture(scope="module")
def villages(tmp_path_factory):
    """The fixture with villages of close names (four 'Mans-', two more one letter from
    'Mansi'), a town whose summary names another town, and the TNLA."""
    def change(raw: dict) -> None:
        raw["places"] += [_village(n) for n in ("Mansi", "Mansa", "Manse", "Mansu", "Mawsi", "Namsi")]
        raw["places"].append(_village("Namti", "A railway town, not Namtu in Shan State."))
        raw["organisations"].append({"id": "tnla", "name": "Ta'ang National Liberation Army",
                                     "abbreviations": ["TNLA"], "side": "other", "kind": "armed_group",
                                     "summary": "An ally in the north.", "sources": ARTICLE})
    return store.load(derived(tmp_path_factory.mktemp("villages"), change))


# ---------------------------------------------------------------- close readings


def test_a_misspelt_place_and_actor_are_each_noted_with_the_name_they_were_read_as(kb):
    # a term spelt as a name is read as it, silently; each misspelt term gets its own note
    assert query.close_readings(kb, ["lashoi", "laiza"], ["Gun Maw", "tatmadw"]) == [
        "--place 'lashoi' read as 'Lashio' (a close spelling).",
        "--actor 'tatmadw' read as 'Tatmadaw' (a close spelling).",
    ]


def test_a_single_term_given_as_a_string_is_noted_too(kb):
    assert query.close_readings(kb, place="lashoi") == ["--place 'lashoi' read as 'Lashio' (a close spelling)."]
    assert query.close_readings(kb, actor="gun maww") == ["--actor 'gun maww' read as 'Gun Maw' (a close spelling)."]
    assert query.close_readings(kb) == []


def test_a_term_is_read_only_among_the_records_its_option_looks_at(kb):
    # 'tatmadw' is close to an organisation, not a place; 'lashoi' to a place, not an actor:
    # the filter matches nothing there (an error of its own), and nothing was read as a close name
    assert query.close_readings(kb, place="tatmadw") == []
    assert query.close_readings(kb, actor="lashoi") == []
    assert query.close_readings(kb, place="tatmadw", actor="lashoi") == []


def test_a_term_is_read_by_the_names_only_not_by_a_text_that_holds_it(villages):
    # 'Namtu' is in Namti's summary, but --place reads names: it was read as Namti, and says so
    assert query.close_readings(villages, place="Namtu") == ["--place 'Namtu' read as 'Namti' (a close spelling)."]
    assert query.place_ids(villages, "Namtu") == {"namti"}


def test_two_close_names_are_both_said(villages):
    assert query.close_readings(villages, place="nawsi") == [
        "--place 'nawsi' read as 'Mawsi' or 'Namsi' (a close spelling)."]


def test_three_close_names_are_all_said_without_others(villages):
    assert query.close_readings(villages, place="mamsi") == [
        "--place 'mamsi' read as 'Mansi' or 'Mawsi' or 'Namsi' (a close spelling)."]


def test_four_close_names_are_said_as_three_and_others(villages):
    assert query.close_readings(villages, place="manso") == [
        "--place 'manso' read as 'Mansa' or 'Manse' or 'Mansi' and others (a close spelling)."]
    assert query.place_ids(villages, "manso") == {"mansa", "manse", "mansi", "mansu"}


# ---------------------------------------------------------------- did you mean


def _actor_error(kb, term: str) -> str:
    with pytest.raises(NotFoundError) as err:
        query.matched_actors(kb, term)
    return str(err.value)


def test_a_term_holding_a_three_letter_name_and_more_is_not_told_of_it(kb):
    # 'KIA/KIO' holds 'KIA' but is not close to it as a whole (ratio 60)
    assert _actor_error(kb, "KIA/KIO") == "no person or organisation matches 'KIA/KIO'"


def test_a_term_close_to_a_three_letter_name_as_a_whole_is_told_of_it(kb):
    # 'KIA 3' is too far from 'KIA' for the filter (75, below 80), close enough to suggest
    assert _actor_error(kb, "KIA 3") == ("no person or organisation matches 'KIA 3'; "
                                         "did you mean 'Kachin Independence Army'?")


def test_a_term_holding_a_four_letter_name_is_told_of_it(villages):
    # names and terms of four letters or more are close by WRatio alone ('TNLA' in 'TNLA/MNDAA')
    assert _actor_error(villages, "TNLA/MNDAA") == ("no person or organisation matches 'TNLA/MNDAA'; "
                                                    "did you mean 'Ta'ang National Liberation Army'?")


# ---------------------------------------------------------------- one report per toll


def _toll(fid: str, claimant: str, qualifier: str, count: int) -> dict:
    return {"id": fid, "category": "killed", "description": f"Soldiers killed at Hpakant, by {claimant}",
            "qualifier": qualifier, "count": count, "party": "government", "claimed_by": claimant,
            "date": "2021-03-25", "event": "base-taken-2021", "sources": ARTICLE}


@pytest.fixture(scope="module")
def claims(tmp_path_factory):
    """Three claimants' reports of the soldiers killed when the Hpakant base was taken: the
    KIA's 'about 30' first, then the army's 'exactly 30', then a larger report."""
    def change(raw: dict) -> None:
        raw["figures"] += [_toll("kia-says-30", "KIA", "about", 30), _toll("army-says-30", "Tatmadaw", "exactly", 30),
                           _toll("media-say-45", "local media", "exactly", 45)]
    return store.load(derived(tmp_path_factory.mktemp("claims"), change))


def test_of_competing_claimants_equal_reports_the_first_in_the_file_is_counted(claims):
    figs = [f for f in claims.figures if f.event == "base-taken-2021"]
    assert [f.id for f in query.one_report_per_toll(figs)] == ["kia-says-30"]
    totals, _spanning = query.per_year(claims.figures, "killed", start=None, end=None)
    year = next(t for t in totals if t.year == 2021)
    assert (year.total, [f.id for f in year.counted], year.approximate, year.lower_bound, year.left_out) == (
        30, ["kia-says-30"], True, True, 2)

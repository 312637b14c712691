"""What a user sees of words searched in any order and of dates typed with `since` (issue 16's
surviving mutants): the closest partial matches when no record holds every word, records
found through a link when others hold the term as text, a plural found as its singular
rather than as a near name, a word held by the last records of the data, and exact
readings and refusals of `since`.

Run in-process (the `mini` and `kachin` fixtures, or the pure functions), so that a change
to kachin_cli is seen; each test pins the exact records, how they matched, their order, or
the exact message."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import MINI, derived

from kachin_cli import query, store
from kachin_cli.dates import OPEN_END, read_user_date

TRY = "try 2011, 2011-06, June 2011, 2011-06-09, 9 June 2011, mid-2012 or since 2011"


@pytest.fixture(scope="module")
def kb():
    return store.load(MINI)


def seen(hits) -> list[tuple[str, str, str, float]]:
    """What find returns: each record's id, how it matched, what it matched, its score."""
    return [(h.record.id, h.match, h.matched, round(h.score, 2)) for h in hits]


def found(result) -> list[tuple[str, str, str, str]]:
    """What `search --format json` shows: kind, id, match and matched, in its order."""
    assert (result.code, result.err) == (0, "")
    return [(d["record"], d["id"], d["match"], d["matched"]) for d in result.json]


# ---------------------------------------------------------------- closest partial matches


def test_a_record_holding_two_of_three_words_comes_first_among_partial_matches(mini):
    # no record holds 'zebra': the air campaign holds the two others (laiza in its text,
    # airstrikes as its type) and comes before the records holding laiza alone, each said
    # with every word it holds, its own words included
    assert found(mini("search", "laiza airstrikes zebra", "--format", "json")) == [
        ("event", "air-campaign-2012", "some words", "laiza, airstrikes (type airstrike)"),
        ("place", "laiza", "some words", "laiza"),
        ("event", "laiza-attack-2014", "some words", "laiza"),
        ("figure", "laiza-killed-2014", "some words", "laiza"),
        ("talk", "ruili-2013", "some words", "laiza (place Laiza)"),
    ]


def test_partial_matches_are_scored_by_the_share_of_words_held_less_how_they_were_found(kb):
    # 100 * words held / words typed, less 0 for a name, 1 for the text, 4 for a type or a
    # link: 2/3 less 1 and 4; 1/3 less 0 (name), 1 (text) or 4 (place)
    assert seen(query.find(kb, "laiza airstrikes zebra")) == [
        ("air-campaign-2012", "some words", "laiza, airstrikes (type airstrike)", 61.67),
        ("laiza", "some words", "laiza", 33.33),
        ("laiza-attack-2014", "some words", "laiza", 33.33),
        ("laiza-killed-2014", "some words", "laiza", 33.33),
        ("ruili-2013", "some words", "laiza (place Laiza)", 29.33),
    ]
    assert seen(query.find(kb, "laiza zebra")) == [
        ("laiza", "some words", "laiza", 50.0),
        ("laiza-attack-2014", "some words", "laiza", 50.0),
        ("laiza-killed-2014", "some words", "laiza", 50.0),
        ("air-campaign-2012", "some words", "laiza", 49.0),
        ("ruili-2013", "some words", "laiza (place Laiza)", 46.0),
    ]


def test_two_words_of_which_one_is_found_nowhere_show_the_partial_matches(mini):
    r = mini("search", "laiza zebra")
    assert r.out.splitlines()[0] == "No record matches all of 'laiza zebra'; closest partial matches:"
    assert found(mini("search", "laiza zebra", "--format", "json")) == [
        ("place", "laiza", "some words", "laiza"),
        ("event", "laiza-attack-2014", "some words", "laiza"),
        ("figure", "laiza-killed-2014", "some words", "laiza"),
        ("event", "air-campaign-2012", "some words", "laiza"),
        ("talk", "ruili-2013", "some words", "laiza (place Laiza)"),
    ]


# ---------------------------------------------------------------- words found through a link


def test_every_record_linked_to_the_term_is_found_whatever_holds_it_as_text(mini):
    # 'burma' is in the Tatmadaw's text (found as such); the five events and talks naming
    # the Tatmadaw are found through it, the last of them (truce-1994) included
    assert found(mini("search", "burma", "--format", "json")) == [
        ("organisation", "tatmadaw", "prefix", "Myanmar Army"),
        ("event", "road-battles-2012", "all words", "burma (organisation Tatmadaw)"),
        ("event", "air-campaign-2012", "all words", "burma (organisation Tatmadaw)"),
        ("event", "laiza-attack-2014", "all words", "burma (organisation Tatmadaw)"),
        ("talk", "truce-1994", "all words", "burma (organisation Tatmadaw)"),
        ("talk", "ruili-2013", "all words", "burma (organisation Tatmadaw)"),
    ]


# ---------------------------------------------------------------- a plural and a near name


def test_a_plural_held_as_its_singular_is_found_as_such_not_as_a_near_name(mini):
    # 'articles' is close to the name 'Test article' too; the record holds 'article' as
    # written, so it is said to be found by its words, not as a spelling close to its name
    r = mini("search", "articles", "--format", "json")
    assert found(r) == [("source", "article", "all words", "articles (as article)")]
    assert found(mini("search", "armys", "--format", "json")) == [
        ("person", "min-aung-hlaing", "all words", "armys (as army)"),
        ("organisation", "kia", "all words", "armys (as army)"),
        ("organisation", "tatmadaw", "all words", "armys (as army)"),
    ]


# ---------------------------------------------------------------- the last records of the data


def _encyclopedia_in_both_sources(raw: dict) -> None:
    # the two source records are the last two entries of the search index
    raw["sources"][0]["description"] = "The test source, an encyclopedia."
    raw["sources"][1]["description"] = "Widely known facts, as found in any encyclopedia."


def test_a_word_in_the_last_two_records_finds_both(kachin, tmp_path):
    data = str(derived(tmp_path, _encyclopedia_in_both_sources))
    assert found(kachin("--data", data, "search", "encyclopedias", "--format", "json")) == [
        ("source", "general-reference", "all words", "encyclopedias (as encyclopedia)"),
        ("source", "article", "all words", "encyclopedias (as encyclopedia)"),
    ]
    assert found(kachin("--data", data, "search", "encyclopdia", "--format", "json")) == [
        ("source", "general-reference", "all words", "encyclopdia (typo for encyclopedia)"),
        ("source", "article", "all words", "encyclopdia (typo for encyclopedia)"),
    ]


# ---------------------------------------------------------------- dates: plain and since


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2011", date(2011, 1, 1), date(2011, 12, 31)),
    (" 2011-06 ", date(2011, 6, 1), date(2011, 6, 30)),
    ("2011-06-09", date(2011, 6, 9), date(2011, 6, 9)),
])
def test_an_iso_date_is_read_as_a_plain_date(text, first, last):
    read = read_user_date(text)
    assert (read.first, read.last, read.form) == (first, last, "date")


@pytest.mark.parametrize("text", ["Since 2011", "SINCE 2011", "sInCe  2011"])
def test_since_is_read_whatever_its_case(text):
    read = read_user_date(text)
    assert (read.first, read.last, read.form) == (date(2011, 1, 1), OPEN_END, "since")


def test_since_in_capitals_given_to_to_is_refused_as_a_start(mini):
    r = mini("timeline", "--to", "SINCE 2011")
    assert (r.code, r.out) == (2, "")
    assert r.err == "kachin timeline: Invalid value for '--to': 'SINCE 2011' has no end: give it to --from\n"


def test_since_a_range_of_years_is_refused_naming_the_whole_text(mini):
    with pytest.raises(ValueError) as info:
        read_user_date("since 2011-2013")
    assert str(info.value) == "'since 2011-2013' is not a date: since takes one date, such as since 2011"
    r = mini("timeline", "--from", "since 2011-2013")
    assert (r.code, r.out) == (2, "")
    assert r.err == ("kachin timeline: Invalid value for '--from': 'since 2011-2013' is not a date: "
                     "since takes one date, such as since 2011\n")


def test_since_an_unreadable_date_names_the_whole_text():
    with pytest.raises(ValueError) as info:
        read_user_date("since banana")
    assert str(info.value) == f"'since banana' is not a date ({TRY})"


def test_a_word_that_only_looks_like_since_is_not_read_as_since():
    # a long s (U+017F) folds to 's' in a case-insensitive pattern, but 'ſince' is not the
    # word since: it is refused as an unknown word, never read as an open-ended start
    with pytest.raises(ValueError) as info:
        read_user_date("\u017fince 2011")
    assert str(info.value) == f"'\u017fince 2011' is not a date: '\u017fince' is not a month ({TRY})"

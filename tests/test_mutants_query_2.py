"""What `search` says about how each word was found, and what `casualties`' per-year chart
holds: the years asked for, empty years, a year of figures without a number, ties and sums
between sides, and a toll of no one. Each test was written against a small deliberate change
in kachin_cli/query.py (a surviving mutant) that left the rest of the suite green, and fails
when it comes back."""

from __future__ import annotations

from datetime import date

from conftest import derived

from kachin_cli import query, store

ART = [{"source": "article", "section": "2014"}]


def matches(result) -> list[tuple[str, str, str]]:
    assert result.code == 0, result.err
    return [(h["id"], h["match"], h["matched"]) for h in result.json]


# ---------------------------------------------------------------- search: how each word was found


def test_search_names_how_each_word_was_found_and_says_text_for_the_records_own_words(mini):
    # 'kia' and '2014' are in the figure's own words (its claimant, its title): "text"; the
    # event and the Laiza toll hold 'kia' through an organisation and '2014' as their year
    assert matches(mini("search", "kia 2014", "--format", "json")) == [
        ("soldiers-killed-2014", "all words", "text"),
        ("laiza-attack-2014", "all words", "kia (organisation Kachin Independence Army), 2014 (its year)"),
        ("laiza-killed-2014", "all words", "kia (organisation Kachin Independence Army), 2014 (its year)"),
    ]


def test_search_says_a_plural_was_found_as_its_singular(mini):
    assert matches(mini("search", "attacks laiza", "--format", "json")) == [
        ("laiza-attack-2014", "all words", "attacks (as attack)")]


def test_search_forgives_a_typo_in_a_word_found_only_in_the_text(mini):
    # 'headquarters' is in the summaries of Laiza and of the attack, in no name
    assert matches(mini("search", "headquaters", "--format", "json")) == [
        ("laiza", "all words", "headquaters (typo for headquarters)"),
        ("laiza-attack-2014", "all words", "headquaters (typo for headquarters)"),
    ]


def test_a_term_of_two_words_is_never_a_typo_for_one_word_of_a_name(mini):
    # 'hlaing x' is not 'Min Aung Hlaing' misspelt: only its word 'hlaing' is found there (the
    # term is compared with runs of two words of the name, never with 'hlaing' alone)
    assert matches(mini("search", "hlaing x", "--format", "json")) == [
        ("min-aung-hlaing", "some words", "hlaing")]


# ---------------------------------------------------------------- casualties: the per-year chart


def _killed(*figures: dict):
    """The fixture with its figures replaced by killed figures: each a dict of the fields that
    differ from an exact count of 1 Kachin fighter on 2014-11-19, with no event."""
    def change(raw: dict) -> None:
        for event in raw["events"]:
            event.pop("figures", None)
        raw["figures"] = [{"category": "killed", "description": f["id"], "qualifier": "exactly", "count": 1,
                           "party": "kachin", "date": "2014-11-19", "sources": ART, **f} for f in figures]
    return change


GAPS = (  # 2012: one number; 2013: no figure; 2014: a figure with no number
    {"id": "army-2012", "count": 5, "party": "government", "date": "2012-03-01"},
    {"id": "dozens-2014", "qualifier": "vague", "count": None, "text": "dozens", "party": "civilians"},
)


def _year(t: query.YearTotal) -> tuple:
    return (t.year, t.category, t.total, t.rule, [f.id for f in t.counted], t.lower_bound, t.approximate,
            t.unquantified, [f.id for f in t.records], t.left_out)


def test_a_year_with_no_figure_and_a_year_with_no_number_are_empty_years_of_the_category(tmp_path):
    kb = store.load(derived(tmp_path, _killed(*GAPS)))
    totals, spanning = query.per_year(kb.figures, "killed")
    assert [_year(t) for t in totals] == [
        (2012, "killed", 5, "single", ["army-2012"], False, False, 0, ["army-2012"], 0),
        (2013, "killed", None, None, [], False, False, 0, [], 0),
        (2014, "killed", None, None, [], False, False, 1, ["dozens-2014"], 0),
    ]
    assert spanning == []


def test_the_chart_shows_the_years_asked_for_with_no_figure_and_no_number(tmp_path, kachin):
    path = derived(tmp_path, _killed(*GAPS))
    r = kachin("--data", str(path), "casualties", "--category", "killed", "--from", "2010", "--to", "2016")
    assert r.code == 0, r.err
    lines = [line.rstrip() for line in r.out.splitlines()]
    start = lines.index("Killed per year")
    assert lines[start + 3:start + 10] == [
        "2010     no figure",
        "2011     no figure",
        "2012             5   single   " + "#" * 50 + "         1",
        "2013     no figure",
        "2014     no number" + " " * 71 + "1",
        "2015     no figure",
        "2016     no figure",
    ]
    # the same years, asked of the query directly
    kb = store.load(path)
    totals, _ = query.per_year(kb.figures, "killed", start=date(2010, 1, 1), end=date(2016, 12, 31))
    assert [t.year for t in totals] == list(range(2010, 2017))


def _totals(tmp_path, *figures: dict) -> list[tuple]:
    kb = store.load(derived(tmp_path, _killed(*figures)))
    totals, _ = query.per_year(kb.figures, "killed")
    return [(t.total, t.rule, [f.id for f in t.counted], t.lower_bound, t.approximate) for t in totals]


def test_of_two_equal_reports_of_a_side_the_first_is_counted(tmp_path):
    assert _totals(tmp_path, {"id": "army-a", "count": 10, "party": "government"},
                   {"id": "army-b", "count": 10, "party": "government"},
                   {"id": "fighters", "count": 5}) == [(15, "by side", ["army-a", "fighters"], True, False)]


def test_of_an_about_and_an_exact_report_of_the_same_number_the_exact_one_is_counted(tmp_path):
    # the largest report: "about 10" first, "10" second; the year says "at least 10", not "about"
    assert _totals(tmp_path, {"id": "about", "qualifier": "about", "count": 10, "party": "mixed"},
                   {"id": "exact", "count": 10, "party": "mixed"}) == [(10, "largest", ["exact"], True, False)]
    # the largest of a side, in the same order
    assert _totals(tmp_path, {"id": "about", "qualifier": "about", "count": 10, "party": "government"},
                   {"id": "exact", "count": 10, "party": "government"},
                   {"id": "fighters", "count": 5}) == [(15, "by side", ["exact", "fighters"], True, False)]


def test_sides_are_added_only_when_their_sum_is_more_than_the_largest_report(tmp_path):
    # 10 soldiers and 5 fighters make 15, no more than the 15 of a report of both sides: the
    # year's number is that report's, by the rule "largest"
    assert _totals(tmp_path, {"id": "army", "count": 10, "party": "government"}, {"id": "fighters", "count": 5},
                   {"id": "both", "count": 15, "party": "mixed"}) == [(15, "largest", ["both"], True, False)]


def test_a_year_whose_only_report_is_no_one_killed_is_zero(tmp_path, kachin):
    none = {"id": "no-one", "qualifier": "stated", "count": 0, "party": "civilians", "date": "2015-02-01"}
    assert _totals(tmp_path, none) == [(0, "single", ["no-one"], False, False)]
    r = kachin("--data", str(derived(tmp_path, _killed(none))), "casualties", "--category", "killed")
    assert r.code == 0, r.err
    assert "2015             0   single" + " " * 62 + "1" in [line.rstrip() for line in r.out.splitlines()]

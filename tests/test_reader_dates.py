"""Dates a reader may type (issue 10): each has one reading a reader would agree on, or is
refused in one line, exit 2, saying why and what to write instead."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import run_installed

from kachin_cli.dates import OPEN_END, read_user_date

HINT = "write 2011-06-09 or 9 June 2011"


@pytest.mark.parametrize("text, why", [
    # the two readings of the reader's own numbers, or the one there is
    ("09/06/2011", "a day and month written in numbers can be read two ways (9 June 2011 or 6 September 2011); "
                   "write 2011-06-09 or 2011-09-06"),
    ("13/06/2011", "day and month in numbers are written in a different order from country to country; "
                   "write 2011-06-13 or 13 June 2011"),
    ("31/02/2011", "31 and 02 are no day and month of 2011 in either order; write a date as 2011-06-09 or 9 June 2011"),
    ("1 2 3", "a day and month written in numbers can be read two ways; " + HINT),
    ("1-2-3", "a day and month written in numbers can be read two ways; " + HINT),
    ("June 99", "it needs a four-digit year, such as June 2011 or 9 June 2011 (two-digit years are not read)"),
    ("9 June 11", "it needs a four-digit year, such as June 2011 or 9 June 2011 (two-digit years are not read)"),
    ("201106", "201106 is neither a day nor a four-digit year; write a date as 2011-06-09 or 9 June 2011"),
    ("9 June 2011 2012", "it has two years (2011 and 2012); for a span write --from 2011 --to 2012"),
    ("summer", "seasons differ from place to place; give months (--from 2012-06 --to 2012-08) or early, mid "
               "or late 2012"),
    ("summer 2012", "seasons differ from place to place; give months (--from 2012-06 --to 2012-08) or early, "
                    "mid or late 2012"),
])
def test_a_date_with_more_than_one_reading_is_refused_saying_why(text, why):
    r = run_installed("timeline", "--from", text)
    assert r.returncode == 2 and r.stdout == ""
    verb = "is refused:" if "numbers" in why or "either order" in why else "is not a date:"
    assert r.stderr == f"kachin timeline: Invalid value for '--from': '{text}' {verb} {why}\n"


@pytest.mark.parametrize("text, first, last", [
    ("2011-2013", date(2011, 1, 1), date(2013, 12, 31)),
    ("2011 \u2013 2013", date(2011, 1, 1), date(2013, 12, 31)),
    ("since 2011", date(2011, 1, 1), OPEN_END),
    ("since June 2011", date(2011, 6, 1), OPEN_END),
    ("early 2013", date(2013, 1, 1), date(2013, 4, 30)),
    ("mid-2012", date(2012, 5, 1), date(2012, 8, 31)),
    ("Mid 2012", date(2012, 5, 1), date(2012, 8, 31)),
    ("late 2013", date(2013, 9, 1), date(2013, 12, 31)),
    ("9th of June 2011", date(2011, 6, 9), date(2011, 6, 9)),
    ("9-Jun-2011", date(2011, 6, 9), date(2011, 6, 9)),
])
def test_unambiguous_common_forms_have_documented_bounds(text, first, last):
    read = read_user_date(text)
    assert (read.first, read.last) == (first, last)


@pytest.mark.parametrize("asked, same_as", [
    (["--from", "mid-2012", "--to", "mid-2012"], ["--from", "2012-05", "--to", "2012-08"]),
    (["--from", "early 2013", "--to", "late 2013"], ["--from", "2013", "--to", "2013"]),
    (["--from", "since 2011"], ["--from", "2011"]),
])
def test_parts_of_a_year_and_since_select_what_their_months_select(kachin, asked, same_as):
    got = kachin("timeline", *asked, "--format", "json")
    want = kachin("timeline", *same_as, "--format", "json")
    assert got.code == want.code == 0, got.err
    assert got.json == want.json and got.json


@pytest.mark.parametrize("asked, same_as", [
    (["--from", "2011-2013"], ["--from", "2011", "--to", "2013"]),
    (["--to", "2011-2013"], ["--from", "2011", "--to", "2013"]),
    (["--from", "2012\u20132013"], ["--from", "2012", "--to", "2013"]),  # an en dash, as in print
    (["--from", "2011-2012", "--to", "2013"], ["--from", "2011", "--to", "2013"]),
    (["--from", "2012", "--to", "2011-2013"], ["--from", "2012", "--to", "2013"]),
])
def test_a_range_of_years_alone_is_the_period(kachin, asked, same_as):
    for command in ("timeline", "casualties"):
        got = kachin(command, *asked, "--format", "json")
        want = kachin(command, *same_as, "--format", "json")
        assert got.code == want.code == 0, got.err
        assert got.json == want.json and got.json
    # not from 2011 to today: the 2021 coup is outside 2011-2013
    ids = {e["id"] for e in kachin("timeline", "--from", "2011-2013", "--format", "json").json}
    assert "ceasefire-broken-2011" in ids and not any(i.endswith(("2014", "2021")) for i in ids)


@pytest.mark.parametrize("args, message", [
    (["--to", "since 2011"], "Invalid value for '--to': 'since 2011' has no end: give it to --from"),
    (["--from", "2013-2011"], "Invalid value for '--from': '2013-2011' is not a range of years: the first year must come first"),
])
def test_since_is_only_a_start_and_a_range_runs_forward(kachin, args, message):
    r = kachin("timeline", *args)
    assert (r.code, r.out, r.err) == (2, "", f"kachin timeline: {message}\n")


@pytest.mark.parametrize("typed", ["13/06/0999", "09/06/0999"])
def test_every_form_a_refusal_suggests_for_a_year_below_1000_is_read(typed):
    """The suggestions keep the year's four digits: "13 June 999" would be refused in turn."""
    r = run_installed("timeline", "--from", typed)
    assert r.returncode == 2
    suggested = r.stderr.rstrip("\n").rsplit("write ", 1)[1].split(" or ")
    assert len(suggested) == 2 and all("0999" in s for s in suggested), r.stderr
    for form in suggested:
        read = read_user_date(form)
        assert read.first.year == 999 and read.first.month in (6, 9), form

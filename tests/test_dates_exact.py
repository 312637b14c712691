"""Exact readings and exact refusals of dates typed by a user (README, Dates).

Each accepted form is pinned to its first day, last day and form (the CLI tells a range and
a start from a plain date by the form), and each refusal to its whole one-line message: a
refusal that names the wrong token or the wrong reason misleads as much as a wrong date."""

from datetime import date

import pytest

from kachin_cli import dates
from kachin_cli.dates import read_user_date

TRY = "try 2011, 2011-06, June 2011, 2011-06-09, 9 June 2011, mid-2012 or since 2011"

ACCEPTED = {
    # a month, by name, with the year before or after, with or without a separator
    "June 2011": (date(2011, 6, 1), date(2011, 6, 30), "date"),
    "Sept. 2011": (date(2011, 9, 1), date(2011, 9, 30), "date"),
    "2011 June": (date(2011, 6, 1), date(2011, 6, 30), "date"),
    "June 0001": (date(1, 6, 1), date(1, 6, 30), "date"),
    "June-2011": (date(2011, 6, 1), date(2011, 6, 30), "date"),
    "June/2011": (date(2011, 6, 1), date(2011, 6, 30), "date"),
    "2011/June": (date(2011, 6, 1), date(2011, 6, 30), "date"),
    "Feb-2012": (date(2012, 2, 1), date(2012, 2, 29), "date"),
    # a day
    "9 June 2011": (date(2011, 6, 9), date(2011, 6, 9), "date"),
    "9-Jun-2011": (date(2011, 6, 9), date(2011, 6, 9), "date"),
    "1st June 2011": (date(2011, 6, 1), date(2011, 6, 1), "date"),
    "2nd June 2011": (date(2011, 6, 2), date(2011, 6, 2), "date"),
    "3rd June 2011": (date(2011, 6, 3), date(2011, 6, 3), "date"),
    "12th June 2011": (date(2011, 6, 12), date(2011, 6, 12), "date"),
    "21st of June 2011": (date(2011, 6, 21), date(2011, 6, 21), "date"),
    # a range of years (the CLI refuses it by its form, naming --from and --to)
    "2011-2013": (date(2011, 1, 1), date(2013, 12, 31), "range"),
    "2011-2011": (date(2011, 1, 1), date(2011, 12, 31), "range"),
    "0001-0002": (date(1, 1, 1), date(2, 12, 31), "range"),
    # parts of a year
    "early 0001": (date(1, 1, 1), date(1, 4, 30), "part"),
    "Early 2013": (date(2013, 1, 1), date(2013, 4, 30), "part"),
    "MID-2012": (date(2012, 5, 1), date(2012, 8, 31), "part"),
    "late 2013": (date(2013, 9, 1), date(2013, 12, 31), "part"),
    # a start
    "since June 2011": (date(2011, 6, 1), dates.OPEN_END, "since"),
}


def reading(text):
    read = read_user_date(text)
    return read.first, read.last, read.form


@pytest.mark.parametrize("text", list(ACCEPTED))
def test_an_accepted_date_has_its_documented_bounds_and_form(text):
    assert reading(text) == ACCEPTED[text]


@pytest.mark.parametrize("text", ["June 2011", "June 0001", "Sept. 2011", "2011 June", "Foo 2011"])
def test_a_month_and_year_read_the_same_in_a_fresh_process(monkeypatch, text):
    # The month-and-year pattern is compiled on first use: the first date of a session must
    # be read as every later one is.
    monkeypatch.setattr(dates, "_MONTH_YEAR", None)
    if text == "Foo 2011":
        with pytest.raises(ValueError) as info:
            read_user_date(text)
        assert str(info.value) == f"'Foo 2011' is not a date: 'Foo' is not a month ({TRY})"
    else:
        assert reading(text) == ACCEPTED[text]


@pytest.mark.parametrize("today", ["2026-01-01", "2026-02-02", "2031-07-15"])
@pytest.mark.parametrize("text", ["June/2011", "June-2011", "2011/June", "9-Jun-2011"])
def test_a_month_or_day_in_free_text_does_not_depend_on_today(today, text):
    # The day of a month written without one must never come from the clock (the 1st and
    # the 2nd are the days most easily mistaken for a default).
    freezegun = pytest.importorskip("freezegun")
    with freezegun.freeze_time(today):
        assert reading(text) == ACCEPTED[text]


REFUSED = {
    # a number where a day, month or year should be
    "1 2": "'1 2' is refused: a day and month written in numbers can be read two ways; "
           "write 2011-06-09 or 9 June 2011",
    "9 2011": "'9 2011' is refused: a day and month written in numbers can be read two ways; "
              "write 2011-06-09 or 9 June 2011",
    "June 123 2011": "'June 123 2011' is not a date: 123 is neither a day nor a four-digit year; "
                     "write a date as 2011-06-09 or 9 June 2011",
    "2 2 June 2011": "'2 2 June 2011' is not a date: it has two days (2 and 2); write a date as 9 June 2011",
    "June 9 2011 10": "'June 9 2011 10' is not a date: it has two days (9 and 10); write a date as 9 June 2011",
    "12 13 14 June 2011": "'12 13 14 June 2011' is not a date: it has two days (12 and 13); "
                          "write a date as 9 June 2011",
    # two years, two months
    "2011 2012": "'2011 2012' is not a date: it has two years (2011 and 2012); "
                 "for a span write --from 2011 --to 2012",
    "June 2011 2012": "'June 2011 2012' is not a date: it has two years (2011 and 2012); "
                      "for a span write --from 2011 --to 2012",
    "June July 2011": "'June July 2011' is not a date: it names two months (June and July)",
    "June July Aug 2011": "'June July Aug 2011' is not a date: it names two months (June and July)",
    # a year out of order or out of range
    "2011-2010": "'2011-2010' is not a range of years: the first year must come first",
    "0000-0002": "'0000-0002' is not a range of years: the first year must come first",
    "early 0000": "'early 0000' is not a valid date",
    "June 0000": "'June 0000' is not a valid date",
    # dateutil would read a year below 100 in a day form as 19xx or 20xx, and loses this year
    "9 June 0050": "'9 June 0050' is not a date: its year is not read as typed in this form; "
                   "write a date as 2011-06-09 or 9 June 2011",
    "9 June 0099": "'9 June 0099' is not a date: its year is not read as typed in this form; "
                   "write a date as 2011-06-09 or 9 June 2011",
    "Sept 24,1200": "'Sept 24,1200' is not a date: its year is not read as typed in this form; "
                    "write a date as 2011-06-09 or 9 June 2011",
    "Sept 24,0002": "'Sept 24,0002' is not a date: its year is not read as typed in this form; "
                    "write a date as 2011-06-09 or 9 June 2011",
    # a time of day
    "June 2011 12:00": "'June 2011 12:00' is not a date: give a day, a month or a year, not a time",
    # words and signs that are not part of a date
    "June 2011 x": f"'June 2011 x' is not a date: 'x' is not a month ({TRY})",
    "the 9th of June 2011": f"'the 9th of June 2011' is not a date: 'the' is not a month ({TRY})",
    "9 foo June 2011": f"'9 foo June 2011' is not a date: 'foo' is not a month ({TRY})",
    "st June 2011": f"'st June 2011' is not a date: 'st' is not a month ({TRY})",
    "June st 2011": f"'June st 2011' is not a date: 'st' is not a month ({TRY})",
    "June 2011!": f"'June 2011!' is not a date: '!' has no place in a date ({TRY})",
    # no digit at all: a month alone, a season, anything else
    "June": "'June' is not a date: it needs a four-digit year, such as June 2011",
    "summer": "'summer' is not a date: seasons differ from place to place; give months "
              "(--from 2012-06 --to 2012-08) or early, mid or late 2012",
    "Monsoon": "'Monsoon' is not a date: seasons differ from place to place; give months "
               "(--from 2012-06 --to 2012-08) or early, mid or late 2012",
    "blah": f"'blah' is not a date ({TRY})",
    "June July": f"'June July' is not a date ({TRY})",
    "x" * 40: f"'{'x' * 40}' is not a date ({TRY})",
    "x" * 41: f"'{'x' * 41}' is not a date: too long to be one",
}


@pytest.mark.parametrize("text", list(REFUSED))
def test_a_refused_date_says_exactly_why(text):
    with pytest.raises(ValueError) as info:
        read_user_date(text)
    assert str(info.value) == REFUSED[text]

"""A day and month written in numbers (issue 16's surviving mutants of dates._numeric_day_month):
03/04/2012 has two readings, so kachin refuses it and says what to write instead. For a day,
month and year in that order, the message names the reader's own numbers: both readings when
both are dates, the one reading when only one is (a month past 12, a day past the month's last),
or that neither order is a day and month of that year. Any other shape of numbers (no year, the
year not last, three small numbers, year 0000) gets the general refusal.

Each test pins the exact message of the ValueError read_user_date raises (what `--from` and
`--to` show after "Invalid value"), and one runs `kachin timeline --from 03/04/2012` in-process."""

from __future__ import annotations

import pytest

from kachin_cli.dates import read_user_date

TWO = "a day and month written in numbers can be read two ways"
ORDER = "day and month in numbers are written in a different order from country to country"
GENERAL = f"{TWO}; write 2011-06-09 or 9 June 2011"


def refusal(text: str) -> str:
    with pytest.raises(ValueError) as info:
        read_user_date(text)
    return str(info.value)


@pytest.mark.parametrize("text, why", [
    ("09/06/2011", f"{TWO} (9 June 2011 or 6 September 2011); write 2011-06-09 or 2011-09-06"),
    ("9.6.2011", f"{TWO} (9 June 2011 or 6 September 2011); write 2011-06-09 or 2011-09-06"),
    ("9-6-2011", f"{TWO} (9 June 2011 or 6 September 2011); write 2011-06-09 or 2011-09-06"),
    # a full stop or comma after the year (copied from a sentence) still leaves the year last
    ("09/06/2011.", f"{TWO} (9 June 2011 or 6 September 2011); write 2011-06-09 or 2011-09-06"),
    ("09/06/2011,", f"{TWO} (9 June 2011 or 6 September 2011); write 2011-06-09 or 2011-09-06"),
    # an ordinal suffix or "of" between the numbers
    ("3rd 4 2012", f"{TWO} (3 April 2012 or 4 March 2012); write 2012-04-03 or 2012-03-04"),
    ("3 of 4 2012", f"{TWO} (3 April 2012 or 4 March 2012); write 2012-04-03 or 2012-03-04"),
    # the first and last month, the first day
    ("05/01/2011", f"{TWO} (5 January 2011 or 1 May 2011); write 2011-01-05 or 2011-05-01"),
    ("05/12/2011", f"{TWO} (5 December 2011 or 12 May 2011); write 2011-12-05 or 2011-05-12"),
    ("01/06/2011", f"{TWO} (1 June 2011 or 6 January 2011); write 2011-06-01 or 2011-01-06"),
    ("12/1/2011", f"{TWO} (12 January 2011 or 1 December 2011); write 2011-01-12 or 2011-12-01"),
    ("11/12/2013", f"{TWO} (11 December 2013 or 12 November 2013); write 2013-12-11 or 2013-11-12"),
])
def test_a_day_and_month_that_fit_both_ways_are_refused_with_both_readings(text, why):
    assert refusal(text) == f"'{text}' is refused: {why}"


def test_since_a_day_and_month_in_numbers_is_refused_the_same_way():
    assert refusal("since 03/04/2012") == (
        f"'since 03/04/2012' is refused: {TWO} (3 April 2012 or 4 March 2012); write 2012-04-03 or 2012-03-04")


@pytest.mark.parametrize("text, why", [
    # a month past 12 in one order
    ("13/06/2011", f"{ORDER}; write 2011-06-13 or 13 June 2011"),
    ("06/13/2011", f"{ORDER}; write 2011-06-13 or 13 June 2011"),
    ("12/13/2011", f"{ORDER}; write 2011-12-13 or 13 December 2011"),
    ("13/1/2011", f"{ORDER}; write 2011-01-13 or 13 January 2011"),
    # the last day of a month, in either order
    ("30/06/2011", f"{ORDER}; write 2011-06-30 or 30 June 2011"),
    ("06/30/2011", f"{ORDER}; write 2011-06-30 or 30 June 2011"),
    ("31/12/2011", f"{ORDER}; write 2011-12-31 or 31 December 2011"),
    ("12/31/2011", f"{ORDER}; write 2011-12-31 or 31 December 2011"),
    ("31/01/2011", f"{ORDER}; write 2011-01-31 or 31 January 2011"),
    # 29 February only in a leap year
    ("29/02/2012", f"{ORDER}; write 2012-02-29 or 29 February 2012"),
    ("02/29/2012", f"{ORDER}; write 2012-02-29 or 29 February 2012"),
    # the same number twice is one reading
    ("7/7/2011", f"{ORDER}; write 2011-07-07 or 7 July 2011"),
    ("01/01/2011", f"{ORDER}; write 2011-01-01 or 1 January 2011"),
    ("12/12/2011", f"{ORDER}; write 2011-12-12 or 12 December 2011"),
])
def test_a_day_and_month_that_fit_one_way_only_are_refused_with_that_reading(text, why):
    assert refusal(text) == f"'{text}' is refused: {why}"


@pytest.mark.parametrize("text, why", [
    ("31/02/2011", "31 and 02 are no day and month of 2011 in either order"),
    ("02/31/2011", "02 and 31 are no day and month of 2011 in either order"),
    ("29/02/2011", "29 and 02 are no day and month of 2011 in either order"),
    ("13/13/2011", "13 and 13 are no day and month of 2011 in either order"),
    ("0/5/2011", "0 and 5 are no day and month of 2011 in either order"),
    ("32/1/2011", "32 and 1 are no day and month of 2011 in either order"),
])
def test_numbers_that_are_no_day_and_month_of_the_year_are_refused_as_such(text, why):
    assert refusal(text) == f"'{text}' is refused: {why}; write a date as 2011-06-09 or 9 June 2011"


@pytest.mark.parametrize("text", [
    "1 2",           # no year
    "9 2011",        # one number besides the year
    "1 2 3",         # three small numbers
    "1-2-3",
    "1 2 3 2011",    # three small numbers and a year
    "2011 09 06",    # the year first
    "2011/9/6",
    "09 2011 06",    # the year between
    "09/06/2011/3",  # a number after the year
    "09/06/0000",    # a year that is no year
])
def test_other_numbers_alone_get_the_general_refusal(text):
    assert refusal(text) == f"'{text}' is refused: {GENERAL}"


def test_year_one_is_a_year_for_the_readings():
    # 0001 is a year (0001-06-09 is accepted), so its readings are named; 0000 is not (above).
    # (The words form drops the year's leading zeros, "9 June 1", which the parser then refuses:
    # reported with issue 16's survivors, so only the ISO readings are pinned here.)
    why = refusal("09/06/0001")
    assert why.startswith(f"'09/06/0001' is refused: {TWO} (9 June ")
    assert why.endswith("; write 0001-06-09 or 0001-09-06")
    assert refusal("13/06/0001").startswith(f"'13/06/0001' is refused: {ORDER}; write 0001-06-13 or 13 June ")
    assert read_user_date("0001-06-09").first.isoformat() == "0001-06-09"


def test_timeline_from_a_day_and_month_in_numbers_says_both_readings(kachin):
    r = kachin("timeline", "--from", "03/04/2012")
    assert (r.code, r.out) == (2, "")
    assert r.err == ("kachin timeline: Invalid value for '--from': '03/04/2012' is refused: "
                     f"{TWO} (3 April 2012 or 4 March 2012); write 2012-04-03 or 2012-03-04\n")

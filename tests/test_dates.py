"""Dates typed by users and dates in the data become inclusive day intervals."""

from datetime import date

import pytest

from kachin_cli.dates import parse_iso, parse_user_date

CASES = {
    "2011": (date(2011, 1, 1), date(2011, 12, 31)),
    "2011-06": (date(2011, 6, 1), date(2011, 6, 30)),
    "2012-02": (date(2012, 2, 1), date(2012, 2, 29)),
    "2011-06-09": (date(2011, 6, 9), date(2011, 6, 9)),
    "June 2011": (date(2011, 6, 1), date(2011, 6, 30)),
    "Jun 2011": (date(2011, 6, 1), date(2011, 6, 30)),
    "jun. 2011": (date(2011, 6, 1), date(2011, 6, 30)),
    "2011 June": (date(2011, 6, 1), date(2011, 6, 30)),
    "9 June 2011": (date(2011, 6, 9), date(2011, 6, 9)),
    "June 9, 2011": (date(2011, 6, 9), date(2011, 6, 9)),
    " 2014 ": (date(2014, 1, 1), date(2014, 12, 31)),
}


@pytest.mark.parametrize("text", sorted(CASES))
def test_user_dates(text):
    assert parse_user_date(text) == CASES[text]


@pytest.mark.parametrize("today", ["2026-11-24", "1999-03-15", "2011-06-09"])
def test_user_dates_do_not_depend_on_today(today):
    # dateutil.parser.parse("2011") would fill in today's month and day; ours must not.
    freezegun = pytest.importorskip("freezegun")
    with freezegun.freeze_time(today):
        for text, expected in CASES.items():
            assert parse_user_date(text) == expected, (text, today)


@pytest.mark.parametrize("text", [
    "2011-13", "2013-02-30", "2011-00", "0000", "June", "9 June", "tomorrow", "", "   ", "1e10",
    "9999999999", "2011-06-09T10:00", "Foo 2011", "12", "32 June 2011", "x" * 200,
])
def test_bad_user_dates_name_the_value(text):
    with pytest.raises(ValueError) as info:
        parse_user_date(text)
    message = str(info.value)
    if not text.strip():
        assert message == "an empty date"
    elif len(text) > 80:  # a long value is cut: the message stays one readable line
        assert "'" + text[:79] + "\u2026'" in message and len(message) < 160
    else:
        assert repr(text) in message


def test_iso_is_strict():
    assert parse_iso("1960") == (date(1960, 1, 1), date(1960, 12, 31))
    for bad in ("June 2011", "2011-6", "2011/06", "2013-02-30", "96"):
        with pytest.raises(ValueError):
            parse_iso(bad)

"""The only place dates are parsed: text -> inclusive interval [first day, last day].

Data dates are strict ISO 8601 at the precision known (`1960`, `2012-03`, `2011-06-09`).
User dates also accept month names (`June 2011`, `Jun 2011`, `9 June 2011`). Year and
year-month forms are parsed here directly: they are the common case, and
`dateutil.parser.parse("2011")` would fill the missing month and day from today's date.
dateutil is imported only for free-text day forms, and this module never reads the clock."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from kachin_cli.safe import quoted

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)})
_MONTHS["sept"] = 9
_MONTH_YEAR: re.Pattern[str] | None = None  # compiled on first use: most dates are ISO

Interval = tuple[date, date]


def month_last_day(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def parse_iso(text: str) -> Interval:
    """Parse a strict ISO 8601 date of year, month or day precision.

    >>> parse_iso("2012-03")
    (datetime.date(2012, 3, 1), datetime.date(2012, 3, 31))
    """
    parts = _iso_parts(text)
    if parts is None:
        raise ValueError(f"{quoted(text)} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = parts[0]
    if year < 1:
        raise ValueError(f"{quoted(text)} is not a valid date")
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    month = parts[1]
    if not 1 <= month <= 12:
        raise ValueError(f"{quoted(text)} is not a valid date")
    if len(parts) == 2:
        return date(year, month, 1), month_last_day(year, month)
    try:
        day = date(year, month, parts[2])
    except ValueError:
        raise ValueError(f"{quoted(text)} is not a valid date") from None
    return day, day


def _iso_parts(text: str) -> list[int] | None:
    """[year] / [year, month] / [year, month, day] for YYYY, YYYY-MM, YYYY-MM-DD; else None."""
    pieces = text.split("-")
    if not 1 <= len(pieces) <= 3 or [len(p) for p in pieces] != [4, 2, 2][:len(pieces)]:
        return None
    if not all(p.isascii() and p.isdigit() for p in pieces):
        return None
    return [int(p) for p in pieces]


def parse_user_date(text: str) -> Interval:
    """Parse a date typed by a user; raise ValueError with a message naming it."""
    s = text.strip()
    if not s:
        raise ValueError("an empty date")
    if _iso_parts(s) is not None:
        return parse_iso(s)
    global _MONTH_YEAR
    if _MONTH_YEAR is None:
        _MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})|(\d{4})\s+([A-Za-z]+)\.?")
    m = _MONTH_YEAR.fullmatch(s)
    if m:
        name, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month = _MONTHS.get(name.lower())
        if month is None:
            raise ValueError(f"{quoted(text)} is not a date: unknown month {quoted(name)}")
        y = int(year)
        if y < 1:
            raise ValueError(f"{quoted(text)} is not a valid date")
        return date(y, month, 1), month_last_day(y, month)
    if len(s) > 40 or not re.search(r"\d", s):
        raise ValueError(f"{quoted(text)} is not a date (try 2011, 2011-06, June 2011 or 9 June 2011)")
    return _parse_free_text(text, s)


def _parse_free_text(text: str, s: str) -> Interval:
    from dateutil import parser  # 35-45 ms to import: only for the free-text day forms

    # Parse twice with two different defaults: any field that changes with the default
    # was not in the text. That tells the precision without dateutil's private API.
    a_default, b_default = datetime(1, 1, 1), datetime(2, 2, 2)
    try:
        a = parser.parse(s, default=a_default)
        b = parser.parse(s, default=b_default)
    except Exception:  # dateutil raises ValueError, OverflowError, TypeError...: all mean "not a date"
        raise ValueError(f"{quoted(text)} is not a date (try 2011, 2011-06, June 2011 or 9 June 2011)") from None
    has_year, has_month, has_day = a.year == b.year, a.month == b.month, a.day == b.day
    if a.time() != a_default.time() or a.tzinfo is not None:
        raise ValueError(f"{quoted(text)} is not a date: give a day, a month or a year, not a time")
    if not has_year:
        raise ValueError(f"{quoted(text)} is not a date: it needs a four-digit year")
    if has_day and has_month:
        return a.date(), a.date()
    if has_month and not has_day:
        return date(a.year, a.month, 1), month_last_day(a.year, a.month)
    raise ValueError(f"{quoted(text)} is not a date (try 2011, 2011-06, June 2011 or 9 June 2011)")


def interval_of(start: str | None, end: str | None) -> Interval | None:
    """The interval a record covers: from the first day of `start` to the last day of
    `end` (or of `start` when there is no end). Raises ValueError for a bad date."""
    if start is None:
        return None
    first, last = parse_iso(start)
    if end is not None:
        last = parse_iso(end)[1]
    return first, last

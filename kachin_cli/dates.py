"""The only place dates are parsed: text -> inclusive interval [first day, last day].

Data dates are strict ISO 8601 at the precision known (`1960`, `2012-03`, `2011-06-09`).
User dates also accept month names (`June 2011`, `Jun 2011`, `9 June 2011`), a range of
years (`2011-2013`), a part of a year (`early 2013` January-April, `mid-2012` May-August,
`late 2013` September-December) and `since 2011`. A date either has one reading a reader
would agree on or is refused with a message that says why: numbers alone for day and month
(`09/06/2011`, `1-2-3`), two-digit years (`June 99`), digits run together (`201106`), two
years (`9 June 2011 2012`) and seasons (`summer`) are refused.

Year, year-month, range and part forms are parsed here directly: they are the common case,
and `dateutil.parser.parse("2011")` would fill the missing month and day from today's date.
dateutil is imported only for free-text day forms, after _screen has made sure they have one
reading, and this module never reads the clock."""

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

# "since 2011" runs to the end of what a date can say: for --from only.
OPEN_END = date(9999, 12, 31)
# early, mid and late in a year: four months each, so that together they cover it once.
PARTS_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
SEASONS = ("spring", "summer", "autumn", "fall", "winter", "monsoon")
TRY = "try 2011, 2011-06, June 2011, 2011-06-09, 9 June 2011, mid-2012 or since 2011"


class UserDate:
    """A date a user typed: its first and last day, and its form: "date" (a year, month or
    day), "range" (2011-2013), "part" (early, mid or late in a year) or "since" (open-ended).
    (A plain class: a NamedTuple class costs a fraction of a millisecond at start-up.)"""

    __slots__ = ("first", "last", "form")

    def __init__(self, first: date, last: date, form: str) -> None:
        self.first, self.last, self.form = first, last, form

    def __repr__(self) -> str:
        return f"UserDate({self.first!r}, {self.last!r}, {self.form!r})"


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
    """Parse a date typed by a user into [first day, last day]; raise ValueError with a
    message naming it. `since X` runs to the end of time (OPEN_END)."""
    read = read_user_date(text)
    return read.first, read.last


def read_user_date(text: str) -> UserDate:
    """Parse a date typed by a user, keeping which form it was (see UserDate)."""
    s = text.strip()
    if not s:
        raise ValueError("an empty date")
    if _iso_parts(s) is not None:  # the common case, without compiling a pattern
        return UserDate(*parse_iso(s), "date")
    m = re.fullmatch(r"since\s+(.*)", s, re.IGNORECASE) if s[:5].lower() == "since" else None
    if m:
        start = _read_bounded(text, m.group(1).strip())
        if start.form == "range":
            raise ValueError(f"{quoted(text)} is not a date: since takes one date, such as since 2011")
        return UserDate(start.first, OPEN_END, "since")
    return _read_bounded(text, s)


def _read_bounded(text: str, s: str) -> UserDate:
    if _iso_parts(s) is not None:
        return UserDate(*parse_iso(s), "date")
    m = re.fullmatch(r"([0-9]{4})\s*[-\u2013\u2014]\s*([0-9]{4})", s)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a < 1 or b < a:
            raise ValueError(f"{quoted(text)} is not a range of years: the first year must come first")
        return UserDate(date(a, 1, 1), date(b, 12, 31), "range")
    m = re.fullmatch(r"(early|mid|late)(?:\s*-\s*|\s+)([0-9]{4})", s, re.IGNORECASE)
    if m:
        year = int(m.group(2))
        if year < 1:
            raise ValueError(f"{quoted(text)} is not a valid date")
        first_month, last_month = PARTS_OF_YEAR[m.group(1).lower()]
        return UserDate(date(year, first_month, 1), month_last_day(year, last_month), "part")
    global _MONTH_YEAR
    if _MONTH_YEAR is None:
        _MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?,?\s+([0-9]{4})|([0-9]{4})\s+([A-Za-z]+)\.?")
    m = _MONTH_YEAR.fullmatch(s)
    if m:
        name, digits = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month = _MONTHS.get(name.lower())
        if month is None:
            raise ValueError(_unknown_word(text, name))
        y = int(digits)
        if y < 1:
            raise ValueError(f"{quoted(text)} is not a valid date")
        return UserDate(date(y, month, 1), month_last_day(y, month), "date")
    if len(s) > 40:
        raise ValueError(f"{quoted(text)} is not a date: too long to be one")
    if not re.search(r"[0-9]", s):
        words = re.findall(r"[^\W\d_]+", s)
        if len(words) == 1 and (words[0].lower() in _MONTHS or words[0].lower() in SEASONS):
            raise ValueError(_unknown_word(text, words[0]))
        raise ValueError(f"{quoted(text)} is not a date ({TRY})")
    _screen(text, s)
    return _year_as_typed(text, s, _parse_day(text, s))


def _unknown_word(text: str, word: str) -> str:
    low = word.lower()
    if low in _MONTHS:
        return f"{quoted(text)} is not a date: it needs a four-digit year, such as {word} 2011"
    if low in SEASONS:
        return (f"{quoted(text)} is not a date: seasons differ from place to place; give months "
                f"(--from 2012-06 --to 2012-08) or early, mid or late 2012")
    return f"{quoted(text)} is not a date: {quoted(word)} is not a month ({TRY})"


def _numeric_day_month(small: list[str], years: list[str], tokens: list[str]) -> str:
    """Why a day and month in numbers are refused, with what to write instead: for a day,
    month and year in that order (09/06/2011), the readings of the reader's own numbers."""
    generic = "a day and month written in numbers can be read two ways; write 2011-06-09 or 9 June 2011"
    numbers = [t for t in tokens if t.isascii() and t.isdigit()]
    if len(small) != 2 or len(years) != 1 or numbers[-1] != years[0]:
        return generic
    a, b, y = int(small[0]), int(small[1]), years[0]

    def iso(day: int, month: int) -> str:
        return f"{y}-{month:02d}-{day:02d}"

    def words(day: int, month: int) -> str:  # the year as typed: four digits ("0999"), as read back
        return f"{day} {_MONTH_NAMES[month - 1].capitalize()} {y}"

    if int(y) < 1:
        return generic
    readings = [(d, m) for d, m in dict.fromkeys(((a, b), (b, a)))
                if 1 <= m <= 12 and 1 <= d <= month_last_day(int(y), m).day]
    if len(readings) == 2:
        (d1, m1), (d2, m2) = readings
        return (f"a day and month written in numbers can be read two ways ({words(d1, m1)} or {words(d2, m2)}); "
                f"write {iso(d1, m1)} or {iso(d2, m2)}")
    if len(readings) == 1:
        d, m = readings[0]
        return (f"day and month in numbers are written in a different order from country to country; "
                f"write {iso(d, m)} or {words(d, m)}")
    return (f"{small[0]} and {small[1]} are no day and month of {int(y)} in either order; "
            f"write a date as 2011-06-09 or 9 June 2011")


def _screen(text: str, s: str) -> None:
    """Refuse what dateutil would read in a way a reader might not: numbers alone for day
    and month, two-digit years, digits run together, two years, two months."""
    if ":" in s:
        raise ValueError(f"{quoted(text)} is not a date: give a day, a month or a year, not a time")
    tokens = re.findall(r"[0-9]+|[^\W\d_]+|\S", s)
    months: list[str] = []
    years: list[str] = []
    small: list[str] = []
    previous = ""
    for token in tokens:
        if token.isascii() and token.isdigit():
            if len(token) == 4:
                years.append(token)
            elif len(token) <= 2:
                small.append(token)
            else:
                raise ValueError(f"{quoted(text)} is not a date: {token} is neither a day nor a four-digit year; "
                                 f"write a date as 2011-06-09 or 9 June 2011")
        elif token[0].isalpha():
            low = token.lower()
            if low in _MONTHS:
                months.append(token)
            elif low in ("st", "nd", "rd", "th") and previous.isdigit() and len(previous) <= 2:
                pass
            elif low != "of":
                raise ValueError(_unknown_word(text, token))
        elif token not in ",.-/":
            raise ValueError(f"{quoted(text)} is not a date: {quoted(token)} has no place in a date ({TRY})")
        previous = token
    if not months:
        if len(years) > 1:
            raise ValueError(_two_years(text, years))
        if len(small) + len(years) >= 2:
            raise ValueError(f"{quoted(text)} is refused: " + _numeric_day_month(small, years, tokens))
        raise ValueError(f"{quoted(text)} is not a date ({TRY})")
    if len(months) > 1:
        raise ValueError(f"{quoted(text)} is not a date: it names two months ({months[0]} and {months[1]})")
    if len(years) > 1:
        raise ValueError(_two_years(text, years))
    if not years:
        raise ValueError(f"{quoted(text)} is not a date: it needs a four-digit year, such as {months[0]} 2011 "
                         f"or 9 {months[0]} 2011 (two-digit years are not read)")
    if len(small) > 1:
        raise ValueError(f"{quoted(text)} is not a date: it has two days ({small[0]} and {small[1]}); "
                         f"write a date as 9 June 2011")


def _two_years(text: str, years: list[str]) -> str:
    return (f"{quoted(text)} is not a date: it has two years ({years[0]} and {years[1]}); "
            f"for a span write --from {years[0]} --to {years[1]}")


def _parse_day(text: str, s: str) -> UserDate:
    from dateutil import parser  # 35-45 ms to import: only for the free-text day forms

    # _screen has made sure the text holds one month name, one four-digit year and at most
    # one day number, so dateutil has one reading to find. Parse twice with two different
    # defaults: any field that changes with the default was not in the text.
    a_default, b_default = datetime(1, 1, 1), datetime(2, 2, 2)
    try:
        a = parser.parse(s, default=a_default)
        b = parser.parse(s, default=b_default)
    except Exception:  # dateutil raises ValueError, OverflowError, TypeError...: all mean "not a date"
        raise ValueError(f"{quoted(text)} is not a date ({TRY})") from None
    has_year, has_month, has_day = a.year == b.year, a.month == b.month, a.day == b.day
    if a.time() != a_default.time() or a.tzinfo is not None:
        raise ValueError(f"{quoted(text)} is not a date: give a day, a month or a year, not a time")
    if not has_year:
        raise ValueError(f"{quoted(text)} is not a date: its year is not read as typed in this form; "
                         f"write a date as 2011-06-09 or 9 June 2011")
    if has_day and has_month:
        return UserDate(a.date(), a.date(), "date")
    if has_month and not has_day:
        return UserDate(date(a.year, a.month, 1), month_last_day(a.year, a.month), "date")
    raise ValueError(f"{quoted(text)} is not a date ({TRY})")


def _year_as_typed(text: str, s: str, read: UserDate) -> UserDate:
    """dateutil reads a year 0001-0099 as 19xx or 20xx (9 June 0050 as 2050): the year read
    must be the four-digit year typed, which _screen made sure is the only one."""
    typed = re.search(r"[0-9]{4}", s)
    if typed is None or read.first.year != int(typed.group()):
        raise ValueError(f"{quoted(text)} is not a date: its year is not read as typed in this form; "
                         f"write a date as 2011-06-09 or 9 June 2011")
    return read


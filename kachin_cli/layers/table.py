"""Reading an outside CSV file safely: one row at a time, by header name, with every
broken file reported in one line (DataError) and every bad value in a row reported as a
reason to skip that row (Skip). Shared by the format modules."""

from __future__ import annotations

import datetime as _dt
import os
import stat
from collections.abc import Iterator

from kachin_cli.errors import DataError
from kachin_cli.safe import one_line, quoted

# How many skipped rows an import names with their line number and reason.
SHOWN_PROBLEMS = 5
MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}


class Skip(Exception):
    """A row that cannot be kept, and why (a bad date, a count that is not a number...)."""


class Report:
    """What reading a file found: rows read, kept, and left out, with the first few reasons."""

    def __init__(self) -> None:
        self.read = 0
        self.kept = 0
        self.outside = 0  # not rows of the Kachin conflict
        self.filtered = 0  # left out by --where
        self.duplicates = 0  # an id already read
        self.skipped = 0
        self.problems: list[tuple[int, str]] = []  # (line, reason) of the first few skipped
        self.first: _dt.date | None = None
        self.last: _dt.date | None = None

    def skip(self, line: int, reason: str) -> None:
        self.skipped += 1
        if len(self.problems) < SHOWN_PROBLEMS:
            self.problems.append((line, reason))

    def keep(self, start: _dt.date, end: _dt.date) -> None:
        self.kept += 1
        if self.first is None or start < self.first:
            self.first = start
        if self.last is None or end > self.last:
            self.last = end


def check_file(path: str) -> None:
    """A regular, readable, non-empty file, or one DataError saying what it is instead.
    Checked before opening: opening a FIFO would wait for a writer."""
    shown = one_line(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DataError(f"{shown}: no such file") from None
    except OSError as exc:
        raise DataError(f"{shown}: cannot read it ({one_line(exc.strerror or exc)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise DataError(f"{shown} is a directory, not a CSV file")
    if not stat.S_ISREG(st.st_mode):
        raise DataError(f"{shown} is not a regular file (a FIFO, socket or device); give a CSV file")
    if st.st_size == 0:
        raise DataError(f"{shown} is empty")


class CsvFile:
    """A CSV file read row by row: `header`, then `rows()` yields (line number, fields).
    UTF-8 only (a UTF-8 byte-order mark is allowed and dropped); fields of at most
    131,072 characters (Python's csv limit); every row as many fields as the header."""

    def __init__(self, path: str) -> None:
        import csv

        check_file(path)
        self.path = path
        self.shown = one_line(path)
        try:
            with open(path, "rb") as raw:
                head = raw.read(4)
                raw.seek(-1, os.SEEK_END)
                self.ends_with_newline = raw.read(1) in (b"\n", b"\r")
        except OSError as exc:
            raise DataError(f"{self.shown}: cannot read it ({one_line(exc.strerror or exc)})") from None
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise DataError(f"{self.shown} is UTF-16 text; save it as UTF-8 CSV")
        self._file = open(path, encoding="utf-8-sig", newline="", errors="strict")  # noqa: SIM115
        self._reader = csv.reader(self._file, strict=True)
        self._csv_error = csv.Error
        self._line = 0
        first = self._next()
        if first is None:
            self.close()
            raise DataError(f"{self.shown} has no header line")
        self.header = [h.strip() for h in first[1]]
        if len(self.header) == 1:
            for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
                if sep in self.header[0]:
                    self.close()
                    raise DataError(f"{self.shown} is separated by {name}, not commas; save it as comma-separated CSV")

    def close(self) -> None:
        self._file.close()

    def _next(self) -> tuple[int, list[str]] | None:
        start = self._line + 1
        try:
            row = next(self._reader)
        except StopIteration:
            return None
        except UnicodeDecodeError as exc:
            byte = exc.object[exc.start:exc.start + 1].hex() if isinstance(exc.object, bytes) else "?"
            raise DataError(f"{self.shown}, line {self._bad_line()}: byte 0x{byte} is not UTF-8 (Latin-1 or "
                            "another encoding?); save the file as UTF-8") from None
        except self._csv_error as exc:
            text = str(exc)
            if "field larger than field limit" in text:
                text = "a field longer than 131,072 characters (a quote left open?)"
            elif "unexpected end of data" in text or "EOF" in text:
                text = "a quoted field is never closed"
            raise DataError(f"{self.shown}, line {start}: {one_line(text)}") from None
        self._line = self._reader.line_num
        return start, row

    def _bad_line(self) -> int:
        """The first line that is not UTF-8 (the decoder reads ahead, so its position says
        nothing about lines): found again, only when there is one."""
        with open(self.path, "rb") as f:
            for n, line in enumerate(f, start=1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    return n
        return self._line + 1

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        width = len(self.header)
        try:
            while True:
                got = self._next()
                if got is None:
                    return
                line, row = got
                if len(row) != width:
                    if not row:  # a blank line
                        continue
                    at_end = self._next() is None
                    if at_end and len(row) < width and not self.ends_with_newline:
                        raise DataError(f"{self.shown} ends in the middle of a row (line {line} has {len(row)} of "
                                        f"{width} fields): the file looks truncated")
                    raise DataError(f"{self.shown}, line {line}: {len(row)} fields where the header has {width}")
                yield line, row
        finally:
            self.close()

    def missing(self, required: tuple[str, ...]) -> list[str]:
        have = set(self.header)
        return [c for c in required if c not in have]


# ---------------------------------------------------------------- values


def date_of(value: str, column: str) -> _dt.date:
    """'2012-01-31', '2012-01-31 00:00:00.000' or '31 January 2012'."""
    text = value.strip()
    try:
        if len(text) >= 10 and text[4] == "-" and text[7] == "-":
            rest = text[10:]
            if rest and not (rest[0] in " T" and rest[1:3].isdigit()):
                raise ValueError
            return _dt.date.fromisoformat(text[:10])
        parts = text.split()
        if len(parts) == 3 and parts[1].lower() in MONTHS:
            return _dt.date(int(parts[2]), MONTHS[parts[1].lower()], int(parts[0]))
    except ValueError:
        pass
    raise Skip(f"{column} {shown(value)} is not a date")


def int_of(value: str, column: str, *, empty: bool = True, low: int | None = 0) -> int | None:
    if value.isdigit() and value.isascii():  # nearly every count: no sign, no space, no decimals
        return int(value)
    text = value.strip()
    if not text:
        if empty:
            return None
        raise Skip(f"{column} is empty")
    try:
        n = int(text)
    except ValueError:
        try:  # "5.0" as some exports write whole numbers
            f = float(text)
        except ValueError:
            raise Skip(f"{column} {shown(value)} is not a whole number") from None
        if not f.is_integer():
            raise Skip(f"{column} {shown(value)} is not a whole number") from None
        n = int(f)
    if low is not None and n < low:
        raise Skip(f"{column} {shown(value)} is below {low}")
    return n


def code_of(value: str, column: str, codes: range) -> int | None:
    n = int_of(value, column, low=None)
    if n is not None and n not in codes:
        raise Skip(f"{column} {shown(value)} is not one of {codes.start}-{codes.stop - 1}")
    return n


def coordinate_of(value: str, column: str, limit: float) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        x = float(text)
    except ValueError:
        raise Skip(f"{column} {shown(value)} is not a number") from None
    if not -limit <= x <= limit:  # also false for nan
        raise Skip(f"{column} {shown(value)} is outside -{limit:g}..{limit:g}")
    return x


def shown(value: str, width: int = 40) -> str:
    """A value from the file as a message repeats it: quoted, on one line, cut short."""
    return quoted(value, width)


def parse_where(items: list[str]) -> list[tuple[str, str]]:
    """`--where COLUMN=VALUE` options -> [(column, value)]."""
    out = []
    for item in items:
        column, sep, value = item.partition("=")
        if not sep or not column.strip():
            raise DataError(f"--where {shown(item)}: write it as COLUMN=VALUE")
        out.append((column.strip(), value.strip()))
    return out


def where_filter(header: list[str], where: list[tuple[str, str]], path: str) -> list[tuple[int, str]]:
    """The --where conditions as (column index, lower-cased value)."""
    index = {name: i for i, name in enumerate(header)}
    out = []
    for column, value in where:
        if column not in index:
            raise DataError(f"--where {shown(column)}: {one_line(path)} has no such column")
        out.append((index[column], value.casefold()))
    return out

"""kachin_cli.safe: what text from data or from the user looks like once it is made safe to
show. The hostile-input suite checks the same through the installed command; these pin each
rule, so a loosened rule fails with its own name."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kachin_cli.safe import ECHO_LIMIT, csv_cell, inert, one_line, quoted, to_json


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x00", "\\x00"), ("\x08", "\\x08"), ("\x0b", "\\x0b"), ("\x1b[31m", "\\x1b[31m"), ("\x1f", "\\x1f"),
    ("\x7f", "\\x7f"), ("\x85", "\\x85"), ("\x9b", "\\x9b"), ("\x9f", "\\x9f"),
    ("\u061c", "\\u061c"), ("\u200b", "\\u200b"), ("\u200f", "\\u200f"), ("\u202a", "\\u202a"),
    ("\u202e", "\\u202e"), ("\u2066", "\\u2066"), ("\u2069", "\\u2069"), ("\ufeff", "\\ufeff"),
])
def test_every_control_bidi_and_zero_width_mark_is_made_visible(raw, shown):
    assert inert(f"a{raw}b") == f"a{shown}b"


@pytest.mark.parametrize("kept", ["\t", "\n", " ", "\xa0", "\u2010", "\u202f", "\u206a", "\u1000\u103b", "\u4e2d", "é"])
def test_tabs_newlines_and_printable_text_in_any_script_are_kept(kept):
    assert inert(f"a{kept}b") == f"a{kept}b"


def test_none_is_empty_and_other_values_are_their_text():
    assert inert(None) == ""
    assert inert(0) == "0"
    assert inert(12.5) == "12.5"


def test_one_line_folds_newlines_and_tabs_to_spaces_and_keeps_escapes():
    assert one_line("Laiza\nHQ\tattack\x1b") == "Laiza HQ attack\\x1b"


def test_quoted_repeats_a_value_in_quotes_on_one_line():
    assert quoted("zau tu") == "'zau tu'"
    assert quoted("a\nb\x1b") == "'a b\\x1b'"
    assert quoted("back\\slash") == "'back\\slash'"  # not doubled, unlike repr()
    assert quoted(None) == "''"


def test_quoted_cuts_at_the_echo_limit_with_an_ellipsis():
    assert ECHO_LIMIT == 80
    exact = "x" * 80
    assert quoted(exact) == f"'{exact}'"
    assert quoted(exact + "y") == "'" + "x" * 79 + "\u2026'"
    assert quoted("abcdef", limit=4) == "'abc\u2026'"
    assert quoted("abcd", limit=4) == "'abcd'"


def test_json_escapes_everything_outside_ascii_and_round_trips():
    value = {"title": "Myitkyin\u0101 \u202e\x1b", "n": 3, "when": __import__("datetime").date(2011, 6, 9)}
    text = to_json(value)
    assert text.isascii() and "\x1b" not in text and "\n" not in text
    assert json.loads(text) == {"title": "Myitkyin\u0101 \u202e\x1b", "n": 3, "when": "2011-06-09"}
    assert to_json({"a": 1}) == '{"a": 1}'
    assert to_json({"a": 1}, pretty=True) == '{\n  "a": 1\n}'


@pytest.mark.parametrize(("raw", "cell"), [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"), ("+1+1", "'+1+1"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "\\x0dx"), ("-1", "-1"), ("+5", "+5"), ("-2.5", "-2.5"), ("1994", "1994"),
    ("a=b", "a=b"), ("", ""), ("\x1bx", "\\x1bx"),
])
def test_csv_cells_a_spreadsheet_would_run_are_made_literal(raw, cell):
    assert csv_cell(raw) == cell
    buf = io.StringIO()
    csv.writer(buf).writerow([csv_cell(raw)])
    assert next(csv.reader(io.StringIO(buf.getvalue()))) == [cell]

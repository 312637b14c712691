"""Choices and numbers as a reader types them (issue 10): every choice is case-insensitive,
and a bad number is explained in words."""

from __future__ import annotations

import pytest
from conftest import run_installed


@pytest.mark.parametrize("typed, lower", [
    (["timeline", "--type", "Battle"], ["timeline", "--type", "battle"]),
    (["timeline", "--type", "AIRSTRIKE"], ["timeline", "--type", "airstrike"]),
    (["commanders", "--side", "Kachin"], ["commanders", "--side", "kachin"]),
    (["casualties", "--category", "Killed"], ["casualties", "--category", "killed"]),
    (["timeline", "--phase", "Ceasefire"], ["timeline", "--phase", "ceasefire"]),
])
def test_choices_are_case_insensitive(kachin, typed, lower):
    got, want = kachin(*typed, "--format", "JSON"), kachin(*lower, "--format", "json")
    assert got.code == want.code == 0, got.err
    assert got.json == want.json and want.json


@pytest.mark.parametrize("args, message", [
    (["timeline", "--limit", "abc"],
     "Invalid value for '--limit' / '-n': --limit takes a whole number of rows, 1 or more, not 'abc'"),
    (["timeline", "-n", "0"],
     "Invalid value for '--limit' / '-n': --limit takes a whole number of rows, 1 or more, not '0'"),
    (["search", "kia", "--limit", "-1"],
     "Invalid value for '--limit' / '-n': --limit takes a whole number of rows, 1 or more, not '-1'"),
    (["timeline", "-n", "9" * 5000],
     "Invalid value for '--limit' / '-n': --limit takes a whole number of rows, 1 or more, not '"
     + "9" * 79 + "\u2026'"),
    (["commanders", "--active-in", "2013-05"],
     "Invalid value for '--active-in': --active-in takes a year such as 2013, not '2013-05'"),
    (["commanders", "--active-in", "twenty"],
     "Invalid value for '--active-in': --active-in takes a year such as 2013, not 'twenty'"),
])
def test_a_bad_number_is_explained_in_words(kachin, args, message):
    r = kachin(*args)
    assert (r.code, r.out, r.err) == (2, "", f"kachin {args[0]}: {message}\n")


def test_the_installed_help_says_what_limit_takes_without_click_jargon():
    r = run_installed("timeline", "--help", env={"COLUMNS": "100"})
    assert r.returncode == 0
    assert "int range" not in r.stdout and "x>=1" not in r.stdout
    assert "--limit" in r.stdout and "Show at most N rows." in r.stdout
    r = run_installed("timeline", "--limit", "abc")
    assert (r.returncode, r.stderr) == (
        2, "kachin timeline: Invalid value for '--limit' / '-n': --limit takes a whole number of rows, 1 or more, "
           "not 'abc'\n")


def test_commanders_active_in_a_year_still_works(kachin):
    r = kachin("commanders", "--active-in", "2013", "--side", "KACHIN", "--format", "json")
    assert r.code == 0 and r.json

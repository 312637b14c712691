"""Terms to look for (issue 10): a term with no letters or digits is a usage error, never
"everything" or "nothing"; names in Burmese or Arabic script are matched as text."""

from __future__ import annotations

import json

import pytest
from conftest import MINI, run_installed

EMPTY_TERMS = ["???", ".", "*", "\u200b", ""]


@pytest.mark.parametrize("term", EMPTY_TERMS)
@pytest.mark.parametrize("args, name", [
    (["timeline", "--search"], "'--search'"),
    (["timeline", "--place"], "'--place'"),
    (["timeline", "--actor"], "'--actor'"),
    (["timeline", "--about"], "'--about'"),
    (["search"], "'TERM'"),
    (["commanders"], "'TERM'"),
])
def test_a_term_with_nothing_to_look_for_is_a_usage_error(kachin, args, name, term):
    r = kachin(*args, term)
    shown = repr(term)  # how messages quote a value: escapes made visible
    assert (r.code, r.out) == (2, ""), r.out
    assert r.err == f"kachin {args[0]}: Invalid value for {name}: {shown} has no letters or digits to look for\n"


def test_the_installed_kachin_refuses_an_empty_search():
    r = run_installed("timeline", "--search", "???")
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == "kachin timeline: Invalid value for '--search': '???' has no letters or digits to look for\n"


BURMESE_LAIZA = "\u101c\u102d\u102f\u1004\u103a\u1007\u102c"  # Laiza in Burmese script
ARABIC = "\u0644\u0627\u064a\u0632\u0627"


@pytest.fixture
def with_scripts(tmp_path, kachin):
    """The mini knowledge base with Laiza also known by its Burmese and an Arabic name."""
    data = json.loads(MINI.read_text(encoding="utf-8"))
    laiza = next(p for p in data["places"] if p["id"] == "laiza")
    laiza["aliases"] = [BURMESE_LAIZA, ARABIC]
    path = tmp_path / "scripts.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return lambda *args: kachin("--data", str(path), *args)


@pytest.mark.parametrize("term", [BURMESE_LAIZA, ARABIC, BURMESE_LAIZA[:4]])
def test_a_name_in_another_script_is_found_by_that_name(with_scripts, term):
    r = with_scripts("search", term, "--format", "json")
    assert r.code == 0, r.err
    assert [(h["record"], h["id"]) for h in r.json][:1] == [("place", "laiza")]


def test_a_place_in_another_script_filters_like_its_english_name(with_scripts):
    burmese = with_scripts("timeline", "--place", BURMESE_LAIZA, "--format", "json")
    english = with_scripts("timeline", "--place", "laiza", "--format", "json")
    assert burmese.code == english.code == 0
    assert burmese.json == english.json and english.json


def test_text_in_another_script_finds_what_that_name_finds(with_scripts):
    # Laiza's Burmese name: the events at Laiza (as --search laiza finds them), not every event
    r = with_scripts("timeline", "--search", BURMESE_LAIZA, "--format", "json")
    english = with_scripts("timeline", "--search", "laiza", "--format", "json")
    assert r.code == 0 and [e["id"] for e in r.json] == [e["id"] for e in english.json]
    r = with_scripts("timeline", "--search", "ဗမာ", "--format", "json")  # nowhere in the data
    assert (r.code, r.json) == (0, [])

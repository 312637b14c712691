"""The bundled knowledge base: valid, consistent, sourced, in our own words, complete."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from conftest import REPO

from kachin_cli import model, store

KB = store.load()


def test_bundled_file_is_valid_and_found_inside_the_package():
    kb, problems = store.check(store.bundled_path())
    assert problems == []
    assert len(kb.events) >= 70 and len(kb.people) >= 25 and len(kb.figures) >= 30


def test_every_record_cites_a_source_that_exists():
    for r in KB.records():
        if isinstance(r, model.Source):
            continue
        assert r.sources, r.id
        for c in r.sources:
            assert isinstance(KB.get(c.source), model.Source), (r.id, c.source)
            if c.source == "article":
                assert c.section, r.id
            if c.source == "general-reference":
                assert c.note, f"{r.id}: say what was taken from general reference"


def test_links_are_kept_in_both_directions():
    for e in KB.events:
        for f in e.figures:
            assert KB.get(f).event == e.id, (e.id, f)
        for t in e.talks:
            assert e.id in KB.get(t).events, (e.id, t)
    for f in KB.figures:
        if f.event:
            assert f.id in KB.get(f.event).figures, f.id
    for t in KB.talks:
        for e in t.events:
            assert t.id in KB.get(e).talks, (t.id, e)


def test_ids_are_unique_across_kinds():
    ids = [r.id for r in KB.records()]
    assert len(ids) == len(set(ids))


@pytest.mark.skipif(not (REPO.parent / "shared" / "tools" / "verbatim.py").exists(), reason="needs ../shared")
def test_no_sentence_is_copied_from_the_source():
    tool = REPO.parent / "shared" / "tools" / "verbatim.py"
    result = subprocess.run([sys.executable, str(tool), str(store.bundled_path())], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "no copied text found"


INFOBOX_PEOPLE = [
    "Min Aung Hlaing", "Soe Win", "Mya Tun Oo", "Win Myint", "Aung San Suu Kyi", "Htin Kyaw", "Sein Win",
    "Thein Sein", "Wai Lwin", "Than Shwe", "Saw Maung", "San Yu", "Ne Win", "Win Maung",
    "N'Ban La", "Htang Gam Shawng", "Twan Mrat Naing", "Zaw Seng", "Zaw Tu", "Zaw Dan",
]
NAMED_IN_TEXT = ["Naw Seng", "U Nu", "Gun Maw", "Bertil Lintner", "Ban Ki-moon", "Vijay Nambiar",
                 "Radhika Coomaraswamy", "Samantha Power"]


def test_every_person_of_the_source_is_there():
    names = {p.name for p in KB.people}
    assert set(INFOBOX_PEOPLE + NAMED_IN_TEXT) <= names


def test_source_quirks_are_recorded():
    assert "Zau Tu" in KB.get("zaw-tu").aliases
    zaw_dan = KB.get("zaw-dan")
    # "Zaw DanKIA" is the infobox's killed-in-action mark run into the name: a note, not an alias
    assert "Zaw DanKIA" not in zaw_dan.aliases and "killed in action" in " ".join(zaw_dan.notes)
    assert KB.get("naw-seng").id != KB.get("zaw-seng").id
    assert "Naw Seng" in " ".join(KB.get("zaw-seng").notes)
    first = KB.get("first-conflict")
    assert first.start == "1961-02-05"
    assert [v.value for v in first.variants] == ["1961-03-07"]


@pytest.mark.parametrize("rid, date_text", [
    ("pawng-yawng-ndf-formed-1949", "1949-11-15"), ("naw-seng-flees-to-china-1950", "1950-04"),
    ("kio-founded-1960", "1960"), ("china-border-agreement-1960", "1960-01"),
    ("lashio-treasury-raid-1961", "1961-03-07"), ("nda-k-split-1989", "1989"),
    ("ceasefire-signed-1994", "1994-02-24"), ("ceasefire-broken-2011", "2011-06-09"),
    ("suu-kyi-declines-mediation-2012", "2012-01-06"), ("coomaraswamy-meets-government-2012", "2012-07-05"),
    ("lintner-report-2012", "2012-12-18"), ("bangkok-post-child-soldiers-2012", "2012-12-23"),
    ("airstrikes-authorised-2012", "2012-12-26"), ("government-confirms-airstrikes-2013", "2013-01-02"),
    ("airstrikes-sixth-day-2013", "2013-01-03"), ("unilateral-ceasefire-announced-2013", "2013-01-18"),
    ("laiza-assault-2013", "2013-01-20"), ("ruili-meeting-feb-2013", "2013-02-04"),
    ("kio-postpones-meeting-2013", "2013-02-26"), ("ruili-meeting-mar-2013", "2013-03-11"),
    ("preliminary-ceasefire-2013", "2013-05-30"), ("hydropower-hostages-2014", "2014-06-14"),
    ("laiza-hq-attack-2014", "2014-11-19"), ("battalion-86-raid-2018", "2018-04-06"),
    ("locals-casualty-count-2018", "2018-04-10"), ("un-displacement-2018", "2018-04-28"),
    ("alaw-bum-captured-2021", "2021-03-25"), ("alaw-bum-counterattack-2021", "2021-04-11"),
    ("helicopter-shot-down-2021", "2021-05-03"), ("momauk-friendly-fire-2021", "2021-05-07"),
    ("kutkai-convoy-ambush-2021", "2021-05-18"), ("namtsit-bum-attack-2021", "2021-05-22"),
    ("momauk-fighting-2021", "2021-05-25"), ("katha-joint-attack-2021", "2021-05-30"),
])
def test_dated_facts_of_the_source(rid, date_text):
    assert KB.get(rid).date == date_text


@pytest.mark.parametrize("rid, qualifier, count, claimed_by", [
    ("killed-first-conflict", "at_least", 5000, None),
    ("myauk-phyu-killed-2012", "stated", 140, "KIA"),
    ("child-soldiers-released-2012", "exactly", 42, None),
    ("kwat-villages-2013", "exactly", 364, "KWAT"),
    ("kwat-refugees-2013", "more_than", 100000, "KWAT"),
    ("laiza-hq-killed-2014", "at_least", 22, None),
    ("battalion-86-captured-2018", "exactly", 13, None),
    ("locals-tatmadaw-killed-2018", "stated", 18, "locals"),
    ("un-displaced-2018", "more_than", 4000, "UN"),
    ("katha-killed-2021", "exactly", 8, None),
])
def test_figures_keep_qualifier_and_claimant(rid, qualifier, count, claimed_by):
    f = KB.get(rid)
    assert (f.qualifier, f.count, f.claimed_by) == (qualifier, count, claimed_by)


def test_unknown_numbers_stay_unknown():
    f = KB.get("killed-since-2011")
    assert f.qualifier == "unknown" and f.count is None and f.cumulative
    assert KB.get("kia-strength-2013").low == 10000 and KB.get("kia-strength-2013").high == 12000


def test_phases_cover_the_history():
    ids = [p.id for p in KB.phases]
    assert ids == ["background", "first-conflict", "ceasefire", "second-conflict", "post-coup", "myanmar-conflict",
                   "kia-offensive-2024", "junta-counteroffensive-2025"]
    assert KB.get("ceasefire").first == date(1994, 2, 24)
    assert KB.get("second-conflict").last == model.OPEN_END
    assert KB.get("post-coup").part_of == "second-conflict"

"""Questions a reader asks, answered from the bundled knowledge base."""

from __future__ import annotations

from datetime import date

import pytest

from kachin_cli import store

KB = store.load()


def ids(result) -> list[str]:
    assert result.code == 0, result.err
    return [r["id"] for r in result.json]


@pytest.mark.parametrize("year", [1949, 1961, 2012, 2013, 2014, 2018, 2021])
def test_timeline_for_a_year_holds_exactly_that_years_events(kachin, year):
    expected = [e.id for e in sorted(KB.events, key=lambda e: (e.first, e.last))
                if e.first <= date(year, 12, 31) and e.last >= date(year, 1, 1)]
    assert ids(kachin("timeline", "--from", str(year), "--to", str(year), "-f", "json")) == expected
    assert expected


def test_timeline_2014_by_hand(kachin):
    assert ids(kachin("timeline", "--from", "2014", "--to", "2014", "-f", "json")) == [
        "abuse-allegations-both-sides", "mansi-offensive-2014", "nca-negotiations-begin-2014", "gun-maw-appeal-2014",
        "kia-requests-myitkyina-meeting-2014", "hydropower-hostages-2014", "laiza-hq-attack-2014"]


def test_date_forms_agree(kachin):
    a = ids(kachin("timeline", "--from", "June 2011", "--to", "Jun 2011", "-f", "json"))
    b = ids(kachin("timeline", "--from", "2011-06", "--to", "2011-06-30", "-f", "json"))
    c = ids(kachin("timeline", "--from", "9 June 2011", "--to", "2011-06", "-f", "json"))
    # the news reports dated only "2011" and the lead's allegations "since 2011" overlap June 2011 too
    assert a == b == c == ["fighting-cause-reported-2011", "ceasefire-broken-2011", "abuse-allegations-both-sides"]


@pytest.mark.parametrize("args, included, excluded", [
    (["--phase", "ceasefire"], "ceasefire-signed-1994", "ceasefire-broken-2011"),
    (["--phase", "second-conflict"], "katha-joint-attack-2021", "ceasefire-signed-1994"),
    (["--phase", "background"], "pawng-yawng-ndf-formed-1949", "lashio-treasury-raid-1961"),
    (["--type", "airstrike"], "tanai-airstrikes-2018", "laiza-assault-2013"),
    (["--place", "laiza"], "alaw-bum-captured-2021", "tanai-airstrikes-2018"),
    (["--place", "Hpakant Township"], "battalion-86-raid-2018", "laiza-hq-attack-2014"),
    (["--actor", "KWAT"], "kwat-report-2013", "idp-crisis-2018"),
    (["--actor", "Thein Sein"], "unilateral-ceasefire-announced-2013", "myanmar-coup-2021"),
    (["--actor", "pdf"], "katha-joint-attack-2021", "alaw-bum-captured-2021"),
    (["--search", "banana"], "idp-crisis-2018", "un-displacement-2018"),
])
def test_timeline_filters_on_the_bundled_data(kachin, args, included, excluded):
    found = ids(kachin("timeline", *args, "-f", "json"))
    assert included in found and excluded not in found


def test_commanders(kachin):
    kachin_side = ids(kachin("commanders", "--side", "kachin", "-f", "json"))
    assert {"nban-la", "zaw-tu", "zaw-seng", "zaw-dan", "gun-maw", "naw-seng"} <= set(kachin_side)
    assert ids(kachin("commanders", "zau", "-f", "json")) == ["zaw-min-tun", "zaw-dan", "zaw-seng", "zaw-tu"]
    in_2017 = ids(kachin("commanders", "--active-in", "2017", "-f", "json"))
    assert {"htin-kyaw", "aung-san-suu-kyi", "sein-win", "min-aung-hlaing"} <= set(in_2017)
    assert "thein-sein" not in in_2017


def test_ceasefire(kachin):
    found = ids(kachin("ceasefire", "-f", "json"))
    assert found[0] == "china-border-agreement-1960-talk"
    # undated talks come last: the article dates Naw Seng's flight, not his talks
    assert "naw-seng-loyalist-talks-1950" in found[-6:]
    assert {"kia-slorc-ceasefire-1994", "unilateral-ceasefire-2013", "preliminary-agreement-2013",
            "nca-negotiations-2014"} <= set(found)
    may = kachin("ceasefire", "--from", "2013-05-30", "--to", "2013-05-30", "-f", "json").json
    agreement = next(t for t in may if t["id"] == "preliminary-agreement-2013")
    assert agreement["observers"] == ["united-nations", "government-of-china"]


def test_casualties(kachin):
    found = {r["id"]: r for r in kachin("casualties", "--category", "displaced", "-f", "json").json}
    assert found["un-displaced-2018"]["claimed_by"] == "UN" and found["idps-2018"]["count"] == 6000
    table = kachin("casualties", "--category", "killed").out
    assert "at least 5,000" in table and "unknown" in table and "thousands (no number given)" in table


@pytest.mark.parametrize("term, first", [
    ("Nban La", "nban-la"), ("Min Aung Hliang", "min-aung-hlaing"), ("laiza", "laiza"), ("Phakant", "hpakant"),
    ("Zaw DanKIA", "zaw-dan"), ("white monkey", "myauk-phyu-jade-mine"), ("Toungoo", "taungoo"),
    ("tatmadw", "tatmadaw"), ("KIO", "kio"), ("Sumlut Gun Maw", "gun-maw"),
])
def test_search(kachin, term, first):
    assert ids(kachin("search", term, "-f", "json"))[0] == first


def test_show_laiza(kachin):
    data = kachin("show", "laiza", "-f", "json").json
    assert data["record"] == "place" and data["coordinates"]["lat"] == pytest.approx(24.77)
    assert "laiza-hq-attack-2014" in data["related"]["Events"]

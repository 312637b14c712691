"""Knowledge you can stand behind (issue 9): one test per class of error a careful reader
found in the bundled knowledge base, so none can come back, the corrections themselves, and
how kachin says where its knowledge stops."""

from __future__ import annotations

import json
import re

import pytest
from conftest import REPO

from kachin_cli import model, query, store
from kachin_cli.dates import parse_iso

KB = store.load()


def phase_of(rid: str) -> model.Phase:
    return KB.get(KB.get(rid).phase)


# ---------------------------------------------------------------- classes of error


def test_no_record_is_dated_before_the_phase_it_belongs_to_starts():
    """The latest day a record's start can fall on is not before its phase's first day
    ('1960' cannot belong to a phase that starts in February 1961). Figures and talks
    belong to the phases of their events."""
    late = []
    for e in KB.events:
        if parse_iso(e.date)[1] < phase_of(e.id).first:
            late.append(e.id)
    # (A figure may measure a period before the event that reports it: rare-earth exports of
    # 2014 in a 2022 report. Its own date is checked against the data, not against the phase.)
    for t in KB.talks:
        if t.date and t.events and parse_iso(t.date)[1] < min(phase_of(e).first for e in t.events):
            late.append(t.id)
    assert late == []


def test_every_event_starts_within_its_phase():
    """An event's start (at the precision it is known) overlaps its phase's dates."""
    outside = []
    for e in KB.events:
        first, last = parse_iso(e.date)
        phase = phase_of(e.id)
        if last < phase.first or first > phase.last:
            outside.append((e.id, e.date, phase.id))
    assert outside == []


def test_no_open_ended_role_in_an_organisation_that_has_ended():
    """A role with a start and no end runs on; it cannot run on in a body that has ended."""
    bad = []
    for p in KB.people:
        for r in p.roles:
            org = KB.get(r.organisation) if r.organisation else None
            if r.start is not None and r.end is None and org is not None and org.end is not None:
                bad.append((p.id, r.title, org.id))
            if r.end is not None and org is not None and org.end is not None and r.end > org.end:
                bad.append((p.id, r.title, org.id))
    assert bad == []


ABBREVIATIONS = {a for o in KB.organisations for a in o.abbreviations}
# An infobox mark run into a name by text extraction: killed in action, missing, prisoner.
MARK = re.compile(r"[a-z](KIA|MIA|POW)$")


@pytest.mark.parametrize("kind", ["people", "organisations", "places"])
def test_every_alias_is_a_name(kind):
    """An alias is a name someone uses, not an extraction artefact ('Zaw DanKIA') and not an
    organisation's abbreviation given to a person or to another organisation."""
    bad = []
    for r in KB.collection(kind):
        own = set(getattr(r, "abbreviations", ()))
        for alias in r.aliases:
            if MARK.search(alias) or (alias in ABBREVIATIONS and alias not in own) or alias == r.name:
                bad.append((r.id, alias))
    assert bad == []


# ---------------------------------------------------------------- the corrections


def test_u_nu_1960_to_1962_is_his_third_term():
    terms = [(r.start, r.end) for r in KB.get("u-nu").roles if r.title == "Prime Minister of Burma"]
    assert terms == [(1948, 1956), (1957, 1958), (1960, 1962)]
    assert "third term" in KB.get("u-nu").roles[2].note


def test_mya_tun_oo_left_the_defence_ministry_in_2023():
    (role,) = KB.get("mya-tun-oo").roles
    assert (role.title, role.start, role.end) == ("Minister of Defence", 2021, 2023)


def test_the_mid_1960s_is_not_stored_as_1960(kachin):
    e = KB.get("kia-autonomous-zone-1960s")
    assert (e.date, e.end_date) == ("1964", "1994") and "mid-1960s" in e.date_note
    in_1960 = [r["id"] for r in kachin("timeline", "--from", "1960", "--to", "1960", "-f", "json").json]
    assert in_1960 == ["china-border-agreement-1960", "kio-founded-1960"]


def test_infobox_years_and_real_tenure_are_both_kept():
    than_shwe = KB.get("than-shwe")
    assert [(r.organisation, r.start, r.end) for r in than_shwe.roles] == [("slorc", 1992, 1997), ("spdc", 1997, 2011)]
    assert "1992–1994" in than_shwe.roles[0].note
    ne_win = KB.get("ne-win")
    assert [(r.title, r.start, r.end) for r in ne_win.roles][1:] == [
        ("Chairman of the Revolutionary Council", 1962, 1974), ("President of Burma", 1974, 1981),
        ("Chairman of the Burma Socialist Programme Party", 1962, 1988)]
    assert "1962–1988" in ne_win.roles[3].note
    assert query.tenure(KB.get("win-maung")) == (1957, 1962) and "1961–1962" in KB.get("win-maung").roles[0].note


@pytest.mark.parametrize("pid", ["zaw-seng", "zaw-tu", "zaw-dan"])
def test_the_infobox_gives_the_zaws_years_but_no_titles(pid):
    role = KB.get(pid).roles[0]
    assert (role.organisation, role.start, role.end) == (None, 1961, 1975)
    assert "no title" in role.title and "no title or organisation" in role.note
    assert not any("KIA leader" in r.title or "KIO leader" in r.title for r in KB.get(pid).roles)


def test_killed_since_2011_says_the_number_was_lost_in_extraction():
    assert "lost when the infobox was extracted" in " ".join(KB.get("killed-since-2011").notes)


def test_parliament_resolution_keeps_who_was_under_pressure():
    t = KB.get("parliament-resolution-2013")
    assert t.status == "unknown"
    assert t.summary.startswith("Thein Sein's government was reported to be facing pressure")


@pytest.mark.parametrize("rid, field, absent", [
    ("kia", "summary", "outside the towns"), ("kia", "summary", "through the 1960s"),
    ("nda-k-split-1989", "summary", "Communist Party of Burma"), ("idp-crisis-2018", "title", "camps"),
    ("naw-seng-flees-to-china-1950", "summary", "ending"), ("pawng-yawng-ndf", "summary", "collapsed"),
    ("laiza", "summary", "with the KIA's headquarters"), ("ruili-talks-mar-2013", "outcome", "continued"),
    ("mansi-offensive-2014", "summary", "saying"), ("airstrikes-sixth-day-2013", "summary", "chemical"),
])
def test_summaries_say_no_more_than_the_source(rid, field, absent):
    assert absent not in getattr(KB.get(rid), field)


def test_vague_sources_keep_their_vagueness():
    assert KB.get("naw-seng-loyalist-talks-1950").date is None
    assert KB.get("hrw-report").date is None and KB.get("mizzima-news").date is None
    assert [KB.get(f).date for f in ("kwat-refugees-2013", "kwat-villages-2013")] == ["2011", "2011"]
    assert KB.get("laiza-air-campaign-2012").places == ()
    assert "than-shwe" not in KB.get("ceasefire-signed-1994").people
    assert "reportedly" in KB.get("ruili-talks-feb-2013").outcome
    assert "reportedly" in KB.get("laiza-assault-troops-2013").description
    chemical = KB.get("chemical-weapons-allegation-2013")
    assert chemical.claimed_by == "unattributed allegations reported in the article"


@pytest.mark.parametrize("rid, what", [
    ("kachin-state", "northernmost"), ("yunnan", "borders"), ("taping-river", "Dapein"), ("hpimaw", "Pianma"),
    ("gun-maw", "Sumlut"),
])
def test_general_knowledge_is_cited_as_general_reference(rid, what):
    notes = [c.note or "" for c in KB.get(rid).sources if c.source == "general-reference"]
    assert any(what in n for n in notes), notes


def test_general_reference_is_not_stretched_past_what_it_says():
    """Luchang's place is unknown (the article only puts Pangwa near it); Hpimaw, Pianma in
    Chinese, was itself ceded to China in 1960; the state's name dates from October 2010;
    Shan State lies south of Kachin State."""
    luchang = KB.get("luchang")
    assert (luchang.within, luchang.state, luchang.country) == (None, None, "unknown")
    assert all(c.source == "article" for c in luchang.sources)
    hpimaw = KB.get("hpimaw")
    assert (hpimaw.state, hpimaw.country) == ("Yunnan", "China") and "Gawlum" in " ".join(hpimaw.notes)
    assert KB.get("republic-of-the-union-of-myanmar").start == 2010
    assert "south-east" not in KB.get("shan-state").summary
    assert "sends" not in KB.get("battle-of-insein-1949").summary
    assert KB.get("abuse-allegations-both-sides").summary.startswith("Both sides have made allegations")


@pytest.mark.parametrize("rid, kind", [
    ("myanmar-conflict", "phase"), ("republic-of-the-union-of-myanmar", "organisation"),
    ("abuse-allegations-both-sides", "event"), ("kachin-people", "organisation"),
    ("battle-of-insein-1949", "event"), ("kia-communist-clashes", "event"), ("ceasefire-talks-since-2011", "talk"),
    ("alaw-bum-military-casualties-2021", "figure"), ("momauk-friendly-fire-casualties-2021", "figure"),
    ("china-border-agreement-1960-talk", "talk"), ("child-soldier-action-plan-2012", "talk"),
    ("battalion-86", "organisation"),
])
def test_what_was_missing_is_there(rid, kind):
    assert kind == KB.get(rid).KIND


def test_missing_items_are_recorded_as_the_article_gives_them():
    assert {KB.get(t).kind for t in ("china-border-agreement-1960-talk", "child-soldier-action-plan-2012")} == {"agreement"}
    assert [(KB.get(f).qualifier, KB.get(f).count) for f in
            ("alaw-bum-military-casualties-2021", "momauk-friendly-fire-casualties-2021")] == [("vague", None),
                                                                                              ("unknown", None)]
    assert "battalion-86" in KB.get("battalion-86-raid-2018").organisations
    assert "Jingpo" in KB.get("kachin-people").aliases
    assert {p.part_of for p in KB.phases if p.id != "myanmar-conflict"} == {"myanmar-conflict", "second-conflict",
                                                                           "post-coup"}


# ---------------------------------------------------------------- honest coverage


def test_the_data_records_its_coverage():
    assert KB.revised == "2026-11-25"
    article = KB.get("article")
    assert (article.covers_from, article.covers_to) == ("1948", "2021-05-30")


def _last_event_day() -> str:
    """The last day any event reaches, worked out from the file itself."""
    raw = json.loads((REPO / "data" / "kachin.json").read_text(encoding="utf-8"))
    return max(parse_iso(e.get("end_date") or e["date"])[1] for e in raw["events"]).isoformat()


LAST_DAY = _last_event_day()
END = f"The knowledge base's events end on {LAST_DAY}."


def test_a_range_past_the_data_says_where_the_events_end(kachin):
    after = str(int(LAST_DAY[:4]) + 1)
    r = kachin("timeline", "--from", after)
    assert (r.code, r.out) == (0, f"No events match.\n{END}\n")  # UCDP's data end in 2023: no line of theirs
    assert query.events_end(KB).isoformat() == LAST_DAY
    assert kachin("timeline", "--from", "2021-05").out.split("\nUCDP records ")[0].endswith(END)
    assert kachin("casualties", "--from", "2030").out.endswith(f"{END}\n")
    assert kachin("ceasefire", "--to", "2099").out.rstrip("\n").endswith(END)


def test_a_range_within_the_data_has_no_such_footer(kachin):
    assert "events end on" not in kachin("timeline", "--from", "2014", "--to", "2014").out
    assert "events end on" not in kachin("timeline").out


def test_about_json_gives_the_coverage(kachin):
    about = kachin("about", "-f", "json").json
    assert (about["events_end"], about["revised"]) == (LAST_DAY, "2026-11-25")
    article = next(s for s in about["sources"] if s["id"] == "article")
    assert article["covers_to"] == "2021-05-30"
    assert "Last revised" in kachin("about").out


def test_ongoing_is_as_of_the_revision_never_present(kachin):
    overview = kachin("overview").out
    assert "present" not in overview
    assert "ongoing, as of" in overview and "2026-11-25)" in overview
    shown = kachin("show", "second-conflict").out
    assert "When     since 2011-06-09 (ongoing, as of 2026-11-25)" in shown
    roles = kachin("commanders", "twan mrat naing", "-f", "markdown").out
    assert "Commander-in-chief of the Arakan Army, since 2009, ongoing, as of 2026-11-25 |" in roles


def test_commanders_say_which_years_have_no_known_leader(kachin):
    r = kachin("commanders", "--active-in", "1990", "--side", "kachin")
    assert r.out.splitlines()[0] == "No people match."
    assert "No tenure in the data covers" not in r.out  # Saw Maung led the government in 1990
    assert ("No leader of the side 'KIO and allies' is known for 1990; the data has none for 1951-1960 and "
            "1976-2008.") in r.out
    assert query.leader_gaps(KB, "kachin") == [(1951, 1960), (1976, 2008)]
    assert query.leader_gaps(KB, "government") == []


def test_commanders_do_not_run_on_past_the_revision(kachin):
    out = " ".join(kachin("commanders", "--active-in", "2030").out.split())
    assert "No tenure in the data covers 2030." in out
    assert "last revised on 2026-11-25; it does not know who led in 2030." in out


def test_sides_are_shown_as_belligerent_sides_and_kept_in_json(kachin):
    table = kachin("commanders", "twan mrat naing").out
    assert "KIO and allies" in table and " kachin " not in table
    assert kachin("commanders", "twan mrat naing", "-f", "json").json[0]["side"] == "kachin"
    assert "Government" in kachin("commanders", "thein sein").out
    assert re.search(r"^Side +KIO and allies$", kachin("show", "arakan-army").out, re.M)


def test_revised_is_checked_and_loaded(tmp_path):
    raw = store.read_json(store.bundled_path())
    kb, problems = store.validate({**raw, "revised": "2026-13-01"})
    assert kb is None and problems == ["revised: '2026-13-01' is not a valid date"]
    path = tmp_path / "kb.json"
    with open(store.bundled_path(), encoding="utf-8") as f:
        path.write_text(f.read(), encoding="utf-8")
    fresh, cached = store.load(path), store.load(path)  # (there is no cache: both read the file)
    assert fresh.revised == cached.revised == "2026-11-25"
    assert cached.get("article").covers_to == "2021-05-30"

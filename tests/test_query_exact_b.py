"""What `show`, `search`, `ceasefire`, `overview` and `casualties` show, row by row: the
records related to each kind of record, a record found by its id or by its name, the talks
a date range leaves out, tenures, and the search index's edges (the first and the last
records, text, typos). Each test was written against a small deliberate change in
kachin_cli/query.py that left the rest of the suite green, and fails when it comes back."""

from __future__ import annotations

import json

import pytest
from conftest import MINI, derived

from kachin_cli import query, store
from kachin_cli.errors import QueryError

RAW = json.loads(MINI.read_text(encoding="utf-8"))
ART = [{"source": "article", "section": "2013"}]



def rec(raw: dict, kind: str, rid: str) -> dict:
    return next(r for r in raw[kind] if r["id"] == rid)


def link_everything(raw: dict) -> None:
    """Every kind of link `show` follows, at least once: a parent organisation and a mediator,
    a state that a town lies within, talks with a venue, mediators, people and events, an
    event that led to talks, and a source by an organisation and a person that a record cites."""
    raw["organisations"].insert(0, {
        "id": "kio", "name": "Kachin Independence Organisation", "abbreviations": ["KIO"], "side": "kachin",
        "kind": "political_organisation", "start": 1961, "summary": "The political wing.", "sources": ART})
    raw["organisations"].append({"id": "china", "name": "Government of China", "side": "other",
                                 "kind": "government", "summary": "A mediator.", "sources": ART})
    rec(raw, "organisations", "kia")["parent"] = "kio"
    raw["places"].insert(0, {"id": "kachin-state", "name": "Kachin State", "kind": "state", "country": "Myanmar",
                             "summary": "The state.", "sources": ART})
    rec(raw, "places", "laiza")["within"] = "kachin-state"
    rec(raw, "talks", "ruili-2013").update(
        mediators=["china"], people=["gun-maw"], events=["air-campaign-2012"],
        sources=[{"source": "article", "section": "2013"}, {"source": "kio-statement"}])
    rec(raw, "events", "air-campaign-2012")["talks"] = ["ruili-2013"]
    rec(raw, "events", "laiza-attack-2014")["people"] = ["gun-maw"]
    rec(raw, "events", "raid-1961")["organisations"] = ["kia", "kia"]  # a slip: listed twice, shown once
    raw["sources"].append({"id": "kio-statement", "name": "KIO statement on the Ruili talks", "kind": "statement",
                           "description": "The KIO's account of the talks.", "organisation": "kio",
                           "people": ["gun-maw"]})


@pytest.fixture
def linked(tmp_path, kachin):
    path = derived(tmp_path, link_everything)

    def run(*args: str):
        return kachin("--data", str(path), *args)

    return run


# ---------------------------------------------------------------- show: related records


RELATED = {
    # an event: what it lists, under its headings (a record listed twice shows once)
    "raid-1961": {"Phase": ["early"], "People": ["zaw-tu"], "Organisations": ["kia"], "Places": ["lashio"]},
    "air-campaign-2012": {"Phase": ["late"], "Organisations": ["tatmadaw"], "Places": ["laiza"],
                          "Talks": ["ruili-2013"]},
    "laiza-attack-2014": {"Phase": ["late"], "People": ["gun-maw"], "Organisations": ["tatmadaw", "kia"],
                          "Places": ["laiza"], "Figures": ["laiza-killed-2014"]},
    # a person: the organisations of their roles, and the events and talks that name them
    "gun-maw": {"Organisations": ["kia"], "Events": ["laiza-attack-2014"], "Talks": ["ruili-2013"]},
    "min-aung-hlaing": {"Organisations": ["tatmadaw"]},
    # an organisation: its parent, its units, its people, events, talks (party, mediator or
    # observer) and figures
    "kio": {"Units and branches": ["kia"],
            "Events of its units": ["raid-1961", "road-battles-2012", "laiza-attack-2014", "women-report-2012",
                                    "base-taken-2021"]},
    "kia": {"Part of": ["kio"], "People": ["zaw-tu", "gun-maw", "nban-la"],
            "Events": ["raid-1961", "road-battles-2012", "laiza-attack-2014", "women-report-2012", "base-taken-2021"],
            "Talks": ["truce-1994", "ruili-2013"], "Figures": ["laiza-killed-2014"]},
    "tatmadaw": {"People": ["min-aung-hlaing"], "Events": ["road-battles-2012", "air-campaign-2012", "laiza-attack-2014"],
                 "Talks": ["truce-1994", "ruili-2013"]},
    "china": {"Talks": ["ruili-2013"]},
    # a place: what it lies within, the places within it, and what happened there or within it
    "kachin-state": {"Places within": ["laiza"], "Events": ["air-campaign-2012", "laiza-attack-2014"],
                     "Talks": ["ruili-2013"]},
    "laiza": {"Within": ["kachin-state"], "Events": ["air-campaign-2012", "laiza-attack-2014"],
              "Talks": ["ruili-2013"]},
    "hpakant": {"Events": ["base-taken-2021"]},
    # talks: venue, parties, mediators, observers, people and events, each under its own heading
    "ruili-2013": {"Venue": ["laiza"], "Parties": ["kia"], "Mediators": ["china"], "Observers": ["tatmadaw"],
                   "People": ["gun-maw"], "Events": ["air-campaign-2012"]},
    "truce-1994": {"Parties": ["kia", "tatmadaw"]},
    "initiative": {},
    # a figure: its event and organisations
    "laiza-killed-2014": {"Event": ["laiza-attack-2014"], "Organisations": ["kia"]},
    "first-war-killed": {},
    # a phase: what it is part of, the periods within it, and its events and theirs
    "late": {"Periods within": ["coup-era"],
             "Events": ["road-battles-2012", "air-campaign-2012", "laiza-attack-2014", "women-report-2012",
                        "base-taken-2021"]},
    "coup-era": {"Part of": ["late"], "Events": ["base-taken-2021"]},
    "early": {"Events": ["raid-1961"]},
    # a source: whose it is, and the records that cite it
    "kio-statement": {"Organisation": ["kio"], "People": ["gun-maw"], "Cited by": ["ruili-2013"]},
    "general-reference": {"Cited by": ["min-aung-hlaing", "laiza", "coup-era"]},
}


@pytest.mark.parametrize("rid", list(RELATED))
def test_show_json_lists_the_related_records_of_each_kind(linked, rid):
    r = linked("show", rid, "--format", "json")
    assert r.code == 0, r.err
    assert r.json["id"] == rid
    assert r.json["related"] == RELATED[rid]


def test_show_table_gives_each_group_of_related_records_its_heading(linked):
    r = linked("show", "ruili-2013")
    assert r.code == 0, r.err
    lines = [line.rstrip() for line in r.out.splitlines()]
    related = lines[lines.index("Venue"):lines.index("Sources")]
    assert [line for line in related if line] == [
        "Venue",
        "place   Laiza   laiza",
        "Parties",
        "organisation   Kachin Independence Army   kia",
        "Mediators",
        "organisation   Government of China   china",
        "Observers",
        "organisation   Tatmadaw   tatmadaw",
        "People",
        "person   Gun Maw   gun-maw",
        "Events",
        "2012-12 to 2013-01   Air campaign   air-campaign-2012",
    ]


# ---------------------------------------------------------------- show: by id or by name


def test_show_finds_a_record_by_the_start_of_its_name(mini):
    r = mini("show", "treas")
    assert r.code == 0, r.err
    assert r.out.splitlines()[0].rstrip() == "Treasury raid  event raid-1961"


def test_show_looks_up_names_not_text(mini):
    # 'ceasefire' is only in the 1994 truce's summary: show names no record, and points to it
    r = mini("show", "ceasefire")
    assert (r.code, r.out) == (1, "")
    assert r.err.strip() == "kachin: no record 'ceasefire'; closest: truce-1994"


def _talks_named_laiza(raw: dict) -> None:
    raw["talks"].append({"id": "laiza-talks", "name": "Laiza", "kind": "talks", "date": "2013-03-11",
                         "venue": "laiza", "parties": ["kia"], "summary": "Talks named after the town.",
                         "outcome": "Agreed to meet again.", "status": "partial", "sources": ART})


def test_show_by_id_wins_over_a_name_that_reads_the_same(tmp_path, kachin):
    path = str(derived(tmp_path, _talks_named_laiza))
    r = kachin("--data", path, "show", "laiza", "--format", "json")
    assert r.code == 0, r.err
    assert (r.json["record"], r.json["id"]) == ("place", "laiza")
    # typed as a name, it is ambiguous: both records named Laiza are offered
    r = kachin("--data", path, "show", "Laiza", "--format", "json")
    assert r.code == 0, r.err
    assert r.json == [{"record": "place", "id": "laiza", "name": "Laiza"},
                      {"record": "talk", "id": "laiza-talks", "name": "Laiza"}]


# ---------------------------------------------------------------- ceasefire: undated talks


def test_ceasefire_without_a_range_lists_the_undated_last_and_leaves_none_out(mini):
    r = mini("ceasefire", "--format", "json")
    assert r.code == 0, r.err
    assert [t["id"] for t in r.json] == ["truce-1994", "ruili-2013", "initiative"]
    r = mini("ceasefire")
    assert r.code == 0, r.err
    assert "left out" not in r.out
    assert r.out.rstrip().splitlines()[-1].split() == ["initiative"]


@pytest.mark.parametrize("args, expected", [
    (["--from", "2013"], ["ruili-2013"]),
    (["--to", "2000"], ["truce-1994"]),
])
def test_ceasefire_with_one_end_of_a_range_leaves_the_undated_out_and_counts_them(mini, args, expected):
    r = mini("ceasefire", *args, "--format", "json")
    assert r.code == 0, r.err
    assert [t["id"] for t in r.json] == expected
    r = mini("ceasefire", *args)
    assert r.code == 0, r.err
    assert "1 undated talks and initiatives left out by the date range." in r.out.splitlines()


# ---------------------------------------------------------------- overview: tenures


def _second_role(raw: dict) -> None:
    rec(raw, "people", "min-aung-hlaing")["roles"].insert(0, {
        "title": "Joint chief of staff", "organisation": "tatmadaw", "start": 2010, "end": 2011})


def test_overview_gives_each_leaders_years(tmp_path, kachin, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one leader a line
    r = kachin("--data", str(derived(tmp_path, _second_role)), "overview")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    at = next(line for line in lines if "Commanders and leaders" in line).index("Commanders and leaders")
    table = lines[lines.index(next(line for line in lines if line.startswith("Belligerents"))):]
    leaders = [line[at:].rstrip() for line in table[3:table.index(next(x for x in table if x.startswith("Strengths")))]]
    assert leaders == [
        # a role still running keeps the tenure open, though an earlier role ended
        "Min Aung Hlaing (since 2010, ongoing; the file gives no revision date)",
        "Zaw Tu (1961-1975)",
        "Gun Maw (2014)",  # seen in one year only: not 'since 2014, ongoing'
        "N'Ban La (years unknown)",
    ]


def _many_on_the_government_side(raw: dict) -> None:
    for i in range(35):
        raw["organisations"].append({"id": f"unit-{i}", "name": f"Light Infantry Unit {i}", "side": "government",
                                     "kind": "armed_group", "summary": "A unit.", "sources": ART})
        raw["people"].append({"id": f"officer-{i}", "name": f"Officer {i}", "side": "government",
                              "roles": [{"title": "Commander", "organisation": f"unit-{i}", "start": 2000 + i % 20,
                                         "end": 2001 + i % 20}], "summary": "An officer.", "sources": ART})


def test_overview_names_at_most_thirty_a_side_and_says_how_many_more(tmp_path, kachin, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    path = str(derived(tmp_path, _many_on_the_government_side))
    r = kachin("--data", path, "overview")
    assert r.code == 0, r.err
    # 36 government organisations (Tatmadaw and 35 units), 36 leaders: 30 of each are named
    assert "and 6 more (kachin overview --format json lists them all)" in r.out
    assert "and 6 more: kachin commanders --side government" in r.out
    lines = r.out.splitlines()
    head = next(line for line in lines if "Commanders and leaders" in line)
    orgs_at, leaders_at = head.index("Organisations"), head.index("Commanders and leaders")
    table = lines[lines.index(head) + 2:lines.index(next(x for x in lines if x.startswith("Strengths")))]
    government = table[:next(i for i, x in enumerate(table) if x.startswith("KIO and allies"))]
    orgs = " ".join(" ".join(x[orgs_at:leaders_at] for x in government).split())
    leaders = [x[leaders_at:].strip() for x in government]
    assert orgs.startswith("Tatmadaw, Light Infantry Unit 0, Light Infantry Unit 1,")
    assert orgs.endswith("Light Infantry Unit 28, and 6 more (kachin overview --format json lists them all)")
    assert len(leaders) == 31 and all(x.startswith(("Officer ", "Min Aung Hlaing (")) for x in leaders[:30])
    assert leaders[30] == "and 6 more: kachin commanders --side government"
    assert "more" not in " ".join(table[len(government):])  # the Kachin side names its 3 in full
    data = kachin("--data", path, "overview", "-f", "json").json
    assert len(data["belligerents"]["government"]) == 36 and len(data["commanders"]["government"]) == 36
    assert len(kachin("--data", path, "commanders", "--side", "government", "--format", "json").json) == 36


# ---------------------------------------------------------------- casualties: tolls and sums


def _competing_and_vague(raw: dict) -> None:
    src = [{"source": "article", "section": "2014"}]
    raw["figures"] += [
        {"id": "laiza-killed-2014-army", "category": "killed", "description": "Insurgents killed near Laiza, "
         "by the army's count", "qualifier": "exactly", "count": 40, "party": "kachin", "claimed_by": "Tatmadaw",
         "date": "2014-11-20", "event": "laiza-attack-2014", "sources": src},
        {"id": "villagers-killed-2014", "category": "killed", "description": "Villagers killed in 2014",
         "qualifier": "vague", "text": "several", "party": "civilians", "claimed_by": None, "date": "2014-08",
         "event": None, "sources": src}]


def test_casualties_by_event_names_a_toll_once_above_its_reports(tmp_path, kachin):
    r = kachin("--data", str(derived(tmp_path, _competing_and_vague)), "casualties", "--by", "event")
    assert r.code == 0, r.err
    assert [line.rstrip() for line in r.out.splitlines()][2:9] == [
        "Attack near Laiza                      killed        at least 22              (the article)",
        "2014-11-19                             (Kachin       2014-11-19",
        "claims by: Tatmadaw, the article       side)         laiza-killed-2014",
        "laiza-attack-2014                      2 reports",
        "                                                     40                       Tatmadaw",
        "                                                     2014-11-20",
        "                                                     laiza-killed-2014-army",
    ]


def test_casualties_per_year_counts_the_unquantified_figures_without_adding_them(tmp_path, kachin):
    # 2014: Laiza's toll at its smallest (22 of 22 and 40) is the Kachin side's, the 6 soldiers
    # the government side's: 28 by side; "several" villagers add nothing but count as a figure
    r = kachin("--data", str(derived(tmp_path, _competing_and_vague)), "casualties", "--category", "killed",
               "--from", "2014", "--to", "2014")
    assert r.code == 0, r.err
    lines = [line.rstrip() for line in r.out.splitlines()]
    assert "2014   at least 28   by side   " + "#" * 50 + "         4" in lines


# ---------------------------------------------------------------- search: the index's edges


def search_rows(result) -> list[tuple[str, str, str]]:
    assert result.code == 0, result.err
    return [(h["record"], h["id"], h["match"]) for h in result.json]


def test_search_shows_how_each_record_matched(mini):
    r = mini("search", "treasury")
    assert r.code == 0, r.err
    assert [line.rstrip() for line in r.out.splitlines()][2:4] == [
        "event   Treasury raid                                                1961-03-07   prefix",
        "        raid-1961",
    ]


def test_search_finds_the_very_first_record_by_its_name(mini):
    # the first event's title starts the index: a match at its first letter counts
    r = mini("search", "treasury raid", "--format", "json")
    assert search_rows(r) == [("event", "raid-1961", "exact")]


def test_search_finds_words_in_the_text(mini):
    r = mini("search", "ceasefire", "--format", "json")
    assert search_rows(r) == [("talk", "truce-1994", "contains")]


def test_search_forgives_a_typo_in_a_name_followed_by_an_alias(mini):
    # 'Tatmadaw' has an alias: its last word is still a word to compare a typo with
    r = mini("search", "tatmadow", "--format", "json")
    assert search_rows(r) == [("organisation", "tatmadaw", "fuzzy")]


def test_search_matches_the_last_records_names_exactly(mini):
    # the sources are the last records searched
    assert search_rows(mini("search", "test article", "--format", "json")) == [("source", "article", "exact")]
    assert search_rows(mini("search", "general reference", "--format", "json")) == [
        ("source", "general-reference", "exact")]


def _two_statements(raw: dict) -> None:
    raw["sources"] += [
        {"id": "kio-statement-2013", "name": "KIO statement on the Ruili talks", "kind": "statement",
         "description": "The KIO's account of the talks."},
        {"id": "kio-statement-2014", "name": "KIO statement on the Laiza attack", "kind": "statement",
         "description": "The KIO's account of the attack."}]


def test_search_finds_a_term_in_both_of_the_last_two_records(tmp_path, kachin):
    r = kachin("--data", str(derived(tmp_path, _two_statements)), "search", "kio statement", "--format", "json")
    assert search_rows(r) == [("source", "kio-statement-2014", "prefix"), ("source", "kio-statement-2013", "prefix")]


# ---------------------------------------------------------------- the query API's refusals


def test_a_term_with_nothing_to_look_for_is_refused_by_name():
    kb = store.load(str(MINI))
    with pytest.raises(QueryError) as err:
        query.timeline(kb, text="???")
    assert str(err.value) == "the search term '???' has no letters or digits to look for"
    with pytest.raises(QueryError) as err:
        query.About(kb, "?!")
    assert str(err.value) == "the term '?!' has no letters or digits to look for"

"""What a user or a caller sees of the text search reads, short and one-word searches, the
--place and --actor filters' refusals, links written on one side only, places within a state,
and the period the knowledge base covers (issue 16's surviving mutants of query.text_of, find,
matched_places, matched_actors, timeline, related, contained_places, period and events_end).

Run in-process (the `mini` and `kachin` fixtures, or the functions themselves), so that a
change to kachin_cli is seen; each test pins exact records, messages or dates."""

from __future__ import annotations

import copy

import pytest
from conftest import MINI, derived

from kachin_cli import query, store
from kachin_cli.errors import NotFoundError, QueryError


@pytest.fixture(scope="module")
def kb():
    return store.load(MINI)


def seen(hits) -> list[tuple[str, str, str]]:
    """What find returns: each record's id, how it matched and what it matched, in order."""
    return [(h.record.id, h.match, h.matched) for h in hits]


def ids(records) -> list[str]:
    return [r.id for r in records]


# ---------------------------------------------------------------- what search reads of a record


def _noted(raw):
    report = next(e for e in raw["events"] if e["id"] == "women-report-2012")
    report["date_note"] = "Month not given."
    report["notes"] = ["Seen in one issue only."]


def test_the_text_of_a_record_is_each_of_its_own_words_once_in_order(kb, tmp_path):
    # a talk: summary then outcome; a figure: its description; an event: summary, date note,
    # who claimed it, then its notes; no field a record lacks adds anything
    assert query.text_of(kb.get("truce-1994")) == "A ceasefire. Held until 2011."
    assert query.text_of(kb.get("first-war-killed")) == "Killed in the first war"
    assert query.text_of(kb.get("displaced-2018")) == "Displaced in 2018 UN"
    assert query.text_of(kb.get("article")) == "The test source."
    noted = store.load(derived(tmp_path, _noted))
    assert query.text_of(noted.get("women-report-2012")) == (
        "A magazine reports on women in the KIA. Month not given. a magazine Seen in one issue only.")


def test_search_finds_words_of_a_talks_outcome_an_events_date_note_and_its_notes(kachin, tmp_path):
    data = str(derived(tmp_path, _noted))

    def found(term):
        result = kachin("--data", data, "search", term, "--format", "json")
        assert (result.code, result.err) == (0, "")
        return [(d["id"], d["match"], d["matched"]) for d in result.json]

    assert found("held until") == [("truce-1994", "contains", "text")]
    assert found("month not given") == [("women-report-2012", "contains", "text")]
    assert found("one issue only") == [("women-report-2012", "contains", "text")]


def test_a_word_in_no_record_finds_nothing(mini):
    # (a field a record lacks is no text of it)
    assert (mini("search", "xxxx").code, mini("search", "xxxx").out) == (0, "No records match.\n")


# ---------------------------------------------------------------- short and one-word searches


def test_a_term_of_two_letters_finds_only_what_holds_it_never_a_near_name(kb):
    # 'mn' is close to no name held as written; a near name ('Min', 'Gun Maw', 'Early war')
    # would be a guess at two letters
    assert seen(query.find(kb, "mn")) == []
    assert seen(query.find(kb, "wr")) == []
    assert seen(query.find(kb, "gn")) == [("air-campaign-2012", "contains", "Air campaign")]


def _liaza(raw):
    # a village spelt close to Laiza, and a meeting at Laiza named after that village
    lashio = next(p for p in raw["places"] if p["id"] == "lashio")
    raw["places"].append(dict(copy.deepcopy(lashio), id="liaza", name="Liaza", summary="A village."))
    ruili = next(t for t in raw["talks"] if t["id"] == "ruili-2013")
    raw["talks"].append(dict(copy.deepcopy(ruili), id="liaza-meeting", name="Liaza meeting", summary="A meeting."))


def test_a_one_word_search_lists_near_names_beside_records_holding_the_word_through_a_link(tmp_path):
    # the talks held at Laiza hold the word as written (their venue); the village Liaza is a
    # near name, listed as such; the meeting named after Liaza holds 'laiza' as written, so it
    # is listed for that and not as a near name
    kb = store.load(derived(tmp_path, _liaza))
    assert seen(query.find(kb, "laiza")) == [
        ("laiza", "exact", "laiza"),
        ("laiza-attack-2014", "prefix", "Attack near Laiza"),
        ("laiza-killed-2014", "prefix", "Insurgents killed near Laiza"),
        ("air-campaign-2012", "contains", "text"),
        ("liaza", "fuzzy", "Liaza"),
        ("liaza-meeting", "all words", "laiza (place Laiza)"),
        ("ruili-2013", "all words", "laiza (place Laiza)"),
    ]


# ---------------------------------------------------------------- --place and --actor


def test_a_place_matching_nothing_is_named_with_the_closest_place(mini):
    result = mini("timeline", "--place", "phakan")
    assert (result.code, result.out) == (1, "")
    assert result.err == "kachin: no place matches 'phakan'; did you mean 'Hpakant'?\n"


def test_several_places_match_events_at_any_of_them(mini):
    result = mini("timeline", "--place", "lashio", "--place", "hpakant", "--format", "json")
    assert (result.code, result.err) == (0, "")
    assert [e["id"] for e in result.json] == ["raid-1961", "base-taken-2021"]
    assert query.matched_places(store.load(MINI), ["lashio", "hpakant"]) == {"lashio", "hpakant"}


def test_a_place_or_actor_term_without_letters_is_refused_by_name(kb):
    with pytest.raises(QueryError) as place:
        query.matched_places(kb, "???")
    assert str(place.value) == "the place '???' has no letters or digits to look for"
    with pytest.raises(QueryError) as actor:
        query.matched_actors(kb, ["kia", "???"])
    assert str(actor.value) == "the actor '???' has no letters or digits to look for"


def test_an_unknown_actor_is_an_error_unless_sides_may_name_it(kb):
    with pytest.raises(NotFoundError) as err:
        query.matched_actors(kb, "Government of Myanmar (Burma)")
    assert str(err.value).startswith("no person or organisation matches 'Government of Myanmar (Burma)'")
    assert query.matched_actors(kb, "Government of Myanmar (Burma)", sides_too=True) == [
        ("Government of Myanmar (Burma)", set())]
    # beside recorded events the same name matches no narrative event, and is no error
    assert query.timeline(kb, actor="Government of Myanmar (Burma)", actors_may_be_sides=True) == []
    with pytest.raises(NotFoundError):
        query.timeline(kb, actor="Government of Myanmar (Burma)")


def test_timeline_with_recorded_events_takes_an_actor_only_their_sides_name(mini):
    result = mini("timeline", "--source", "all", "--actor", "Government of Myanmar (Burma)",
                  "--from", "2012-03-01", "--to", "2012-03-03", "--format", "json")
    assert (result.code, result.err) == (0, "")
    assert [(d["record"], d["id"]) for d in result.json] == [
        ("recorded", f"ucdp-{n}") for n in (49014, 49528, 49529, 50113, 51261, 51302, 49651, 50964, 51158)]


def test_timeline_is_in_date_order_unless_reversed(kb):
    order = ["raid-1961", "women-report-2012", "road-battles-2012", "air-campaign-2012", "laiza-attack-2014",
             "base-taken-2021"]
    assert ids(query.timeline(kb)) == order
    assert ids(query.timeline(kb, reverse=True)) == order[::-1]


# ---------------------------------------------------------------- related records


def _links(raw):
    # links written on the event's side only: the figure and the talk do not name the event
    air = next(e for e in raw["events"] if e["id"] == "air-campaign-2012")
    air["figures"] = ["displaced-2018"]
    air["talks"] = ["ruili-2013"]
    laiza = next(p for p in raw["places"] if p["id"] == "laiza")
    raw["places"].append({"id": "kachin-state", "name": "Kachin State", "kind": "state", "country": "Myanmar",
                          "summary": "A state.", "sources": copy.deepcopy(laiza["sources"])})


def test_an_event_lists_figures_and_talks_it_names_itself(tmp_path):
    kb = store.load(derived(tmp_path, _links))
    related = {k: ids(v) for k, v in query.related(kb, kb.get("air-campaign-2012")).items()}
    assert related == {"Phase": ["late"], "Organisations": ["tatmadaw"], "Places": ["laiza"],
                       "Figures": ["displaced-2018"], "Talks": ["ruili-2013"]}


def test_a_state_lists_the_places_naming_it_as_their_state_and_their_events(tmp_path):
    # Laiza gives 'Kachin State' as its state (no `within`): it is within the state, and so
    # are its events and the talks held there
    kb = store.load(derived(tmp_path, _links))
    related = {k: ids(v) for k, v in query.related(kb, kb.get("kachin-state")).items()}
    assert related == {"Places within": ["laiza"], "Events": ["air-campaign-2012", "laiza-attack-2014"],
                       "Talks": ["ruili-2013"]}
    assert query.contained_places(kb, {"kachin-state"}) == {"kachin-state", "laiza"}
    # Laiza itself holds no place
    assert {k: ids(v) for k, v in query.related(kb, kb.get("laiza")).items()} == {
        "Events": ["air-campaign-2012", "laiza-attack-2014"], "Talks": ["ruili-2013"]}


# ---------------------------------------------------------------- the period covered


def _spans(raw):
    # the earliest and the latest events known only to the month; the earliest not listed first
    events = raw["events"]
    raid = events.pop(0)
    raid["date"] = "1961-03"
    events.insert(1, raid)
    events[-1]["date"] = "2021-03"


def test_the_period_runs_from_the_first_day_of_the_earliest_event_to_the_last_day_of_the_latest(kachin, tmp_path):
    data = derived(tmp_path, _spans)
    result = kachin("--data", str(data), "about", "--format", "json")
    assert (result.code, result.err) == (0, "")
    assert (result.json["period"], result.json["events_end"]) == (
        {"from": "1961-03-01", "to": "2021-03-31"}, "2021-03-31")
    kb = store.load(data)
    assert [d.isoformat() for d in query.period(kb)] == ["1961-03-01", "2021-03-31"]
    assert query.events_end(kb).isoformat() == "2021-03-31"


def _no_events(raw):
    raw["events"] = []
    for f in raw["figures"]:
        f["event"] = None


def test_a_knowledge_base_without_events_covers_no_period_and_a_date_range_still_lists(kachin, tmp_path):
    data = derived(tmp_path, _no_events)
    kb = store.load(data)
    assert (query.period(kb), query.events_end(kb)) == (None, None)
    result = kachin("--data", str(data), "timeline", "--from", "2012")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[0] == "No events match."
    assert "events end" not in result.out

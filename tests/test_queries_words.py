"""Issue 10, queries: answers that never silently miss. Words searched in any order, an
unknown place or actor named as an error, repeated filters meaning "any of them", related
records reachable from each other, and unknown commands answered with close suggestions
only. Through the installed `kachin`, as a user runs it."""

from __future__ import annotations

import json

import pytest
from conftest import MINI, derived, run_installed


def csv_ids(stdout: str) -> list[str]:
    import csv
    import io

    return [row["id"] for row in csv.DictReader(io.StringIO(stdout))]


# ---------------------------------------------------------------- unknown place or actor


def test_an_unknown_place_is_an_error_naming_it():
    r = run_installed("timeline", "--place", "nowhere")
    assert (r.returncode, r.stdout, r.stderr) == (1, "", "kachin: no place matches 'nowhere'\n")


def test_an_unknown_place_gets_close_suggestions():
    r = run_installed("timeline", "--place", "Lashiostan province")
    assert r.returncode == 1
    assert r.stderr == "kachin: no place matches 'Lashiostan province'; did you mean 'Lashio'?\n"


def test_an_unknown_actor_is_an_error_with_suggestions():
    r = run_installed("timeline", "--actor", "kachin army")
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == ("kachin: no person or organisation matches 'kachin army'; did you mean "
                        "'Kachin Independence Organisation', 'Kachin Independence Army' or 'Kachin Defense Army'?\n")
    r = run_installed("timeline", "--actor", "nobody")
    assert (r.returncode, r.stderr) == (1, "kachin: no person or organisation matches 'nobody'\n")


def test_one_unknown_place_among_several_is_still_an_error():
    r = run_installed("timeline", "--place", "laiza", "--place", "nowhere")
    assert (r.returncode, r.stdout, r.stderr) == (1, "", "kachin: no place matches 'nowhere'\n")


def test_an_unknown_place_is_an_error_for_recorded_events_and_pictures_too():
    for args in (["timeline", "--source", "ucdp"], ["chart"], ["map"]):
        r = run_installed(*args, "--place", "nowhere")
        assert (r.returncode, r.stderr) == (1, "kachin: no place matches 'nowhere'\n"), args


def test_an_unknown_place_in_the_repl_gets_the_same_message():
    r = run_installed("repl", input="timeline --place nowhere\ntimeline --actor nobody\n")
    assert r.returncode == 1
    assert r.stderr == ("kachin: no place matches 'nowhere'\n"
                        "kachin: no person or organisation matches 'nobody'\n")


def test_a_state_named_only_by_its_places_is_a_place():
    # the small knowledge base has no record of Kachin State, but Laiza names it as its state
    r = run_installed("--data", str(MINI), "timeline", "--place", "kachin state", "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert csv_ids(r.stdout) == ["air-campaign-2012", "laiza-attack-2014"]


# ---------------------------------------------------------------- repeatable filters


def test_two_types_mean_either_type():
    r = run_installed("timeline", "--type", "airstrike", "--type", "battle", "--from", "2012", "--to", "2012",
                      "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert csv_ids(r.stdout) == ["myitkyina-bhamo-road-battles-2012", "battle-of-pangwa-2012",
                                 "laiza-air-campaign-2012", "airstrikes-authorised-2012"]


def test_types_are_case_insensitive_and_checked():
    r = run_installed("timeline", "--type", "Battle", "--type", "AIRSTRIKE", "--from", "2012", "--to", "2012",
                      "--format", "csv")
    assert len(csv_ids(r.stdout)) == 4
    r = run_installed("timeline", "--type", "battle", "--type", "bogus")
    assert r.returncode == 2
    assert r.stderr.startswith("kachin timeline: Invalid value for '--type': 'bogus' is not an event type; "
                               "choose one of: abuse_allegation, agreement, airstrike,")


@pytest.mark.parametrize("option, first, second", [
    ("--place", "laiza", "lashio"),
    ("--actor", "gun maw", "min aung hlaing"),
])
def test_a_filter_given_twice_means_either(option, first, second):
    both = csv_ids(run_installed("timeline", option, first, option, second, "--format", "csv").stdout)
    one = csv_ids(run_installed("timeline", option, first, "--format", "csv").stdout)
    other = csv_ids(run_installed("timeline", option, second, "--format", "csv").stdout)
    assert set(both) == set(one) | set(other)
    assert len(both) > max(len(one), len(other))


def test_repeated_filters_combine_with_other_filters():
    # any of the places, and any of the types
    r = run_installed("timeline", "--place", "laiza", "--place", "lashio", "--type", "attack", "--type", "battle",
                      "--format", "csv")
    assert csv_ids(r.stdout) == ["lashio-treasury-raid-1961", "laiza-assault-2013", "laiza-hq-attack-2014",
                                 "kia-raids-waingmaw-base-2021", "late-july-clashes-2021"]


def test_repeated_places_apply_to_recorded_events():
    both = run_installed("timeline", "--source", "ucdp", "--place", "laiza", "--place", "lashio", "--format", "json")
    laiza = run_installed("timeline", "--source", "ucdp", "--place", "laiza", "--format", "json")
    lashio = run_installed("timeline", "--source", "ucdp", "--place", "lashio", "--format", "json")
    ids = {e["id"] for e in json.loads(both.stdout)}
    assert ids == {e["id"] for e in json.loads(laiza.stdout)} | {e["id"] for e in json.loads(lashio.stdout)}
    assert len(ids) > len(json.loads(laiza.stdout))


def test_repeated_filters_in_the_repl():
    r = run_installed("repl", input="timeline --type airstrike --type battle --from 2012 --to 2012 --format csv\n")
    assert r.returncode == 0, r.stderr
    assert len(csv_ids(r.stdout)) == 4


def test_the_help_says_a_filter_may_be_repeated():
    r = run_installed("timeline", "--help")
    text = " ".join(r.stdout.replace("│", " ").split())
    assert "give it twice for either type" in text
    assert "give it twice for either place" in text


# ---------------------------------------------------------------- unknown commands


def test_an_unknown_command_gets_a_suggestion_only_when_close():
    for word in ("bogus", "echo"):
        r = run_installed(word)
        assert (r.returncode, r.stdout) == (2, ""), word
        lines = r.stderr.splitlines()
        assert len(lines) == 1 and "Did you mean" not in lines[0]
        assert lines[0].startswith(f"kachin: No such command '{word}'. The commands are ")
        for name in ("timeline", "search", "show", "about", "validate", "repl"):
            assert f" {name}," in lines[0] or f" {name} and" in lines[0], name
        assert lines[0].endswith(" and help")
    # a close one is suggested
    for word, near in (("serch", "search"), ("timelin", "timeline"), ("Timeline", "timeline"), ("sh", "show")):
        r = run_installed(word, "laiza")
        assert (r.returncode, r.stderr) == (2, f"kachin: No such command '{word}'. Did you mean '{near}'?\n")


def test_an_unknown_command_after_global_options():
    r = run_installed("--no-pager", "bogus")
    assert r.returncode == 2 and "Did you mean" not in r.stderr


# ---------------------------------------------------------------- related records


def _linked_one_way(raw):
    # the figure and the talk name the event; the event names neither
    for f in raw["figures"]:
        if f["id"] == "first-war-killed":
            f["event"] = "raid-1961"
    for t in raw["talks"]:
        if t["id"] == "truce-1994":
            t["events"] = ["raid-1961"]


def test_show_event_lists_the_figures_and_talks_that_name_it(tmp_path):
    path = derived(tmp_path, _linked_one_way)
    r = run_installed("--data", str(path), "show", "raid-1961", "--format", "json")
    assert r.returncode == 0, r.stderr
    related = json.loads(r.stdout)["related"]
    assert related["Figures"] == ["first-war-killed"]
    assert related["Talks"] == ["truce-1994"]
    assert related["Places"] == ["lashio"]
    r = run_installed("--data", str(path), "show", "raid-1961")
    assert "\nFigures\n" in r.stdout and "first-war-killed" in r.stdout
    assert "\nTalks\n" in r.stdout and "truce-1994" in r.stdout


def test_show_a_state_lists_events_at_places_that_name_it_as_their_state():
    r = run_installed("show", "kachin state", "--format", "json")
    related = json.loads(r.stdout)["related"]
    # Tanai and Mansi townships name Kachin State as their state, without a `within` link
    for eid in ("tanai-airstrikes-2018", "mansi-attacks-2018", "battalion-86-raid-2018"):
        assert eid in related["Events"], eid
    assert "tanai-township" in related["Places within"]
    # the same events as --place
    t = run_installed("timeline", "--place", "kachin state", "--format", "json")
    assert sorted(related["Events"]) == sorted(e["id"] for e in json.loads(t.stdout))


def test_show_an_organisation_lists_its_units_events_apart_and_a_person_their_events():
    r = run_installed("show", "kio", "--format", "json")
    related = json.loads(r.stdout)["related"]
    assert "laiza-hq-attack-2014" in related["Events of its units"]  # the KIA's, the KIO's army
    assert not set(related["Events"]) & set(related["Events of its units"])
    t = run_installed("timeline", "--actor", "kio", "--format", "json")
    assert sorted(related["Events"] + related["Events of its units"]) == sorted(e["id"] for e in json.loads(t.stdout))
    r = run_installed("show", "kio")
    assert "\nEvents of its units\n" in r.stdout
    # a person's events are those --actor finds
    r = run_installed("show", "gun-maw", "--format", "json")
    t = run_installed("timeline", "--actor", "gun-maw", "--format", "json")
    assert json.loads(r.stdout)["related"]["Events"] == [e["id"] for e in json.loads(t.stdout)]


# ---------------------------------------------------------------- search by words


def search_json(*args: str) -> list[tuple[str, str]]:
    r = run_installed("search", *args, "--format", "json")
    assert r.returncode == 0, r.stderr
    return [(h["id"], h["match"]) for h in json.loads(r.stdout)]


def match_csv(term: str) -> dict[str, str]:
    import csv
    import io

    r = run_installed("search", term, "--format", "csv")
    return {row["id"]: f"{row['match']}: {row['matched']}" for row in csv.DictReader(io.StringIO(r.stdout))}


def test_words_in_any_order_are_found():
    # all used to find nothing (or only a fuzzy source title)
    assert ("airstrikes-sixth-day-2013", "all words") in search_json("airstrikes laiza")
    assert ("airstrikes-sixth-day-2013", "all words") in search_json("KIA airstrike")
    assert search_json("ceasefire 1994")[0] == ("kia-slorc-ceasefire-1994", "all words")
    assert ("ceasefire-signed-1994", "all words") in search_json("ceasefire 1994")
    # the words as a phrase rank first
    assert search_json("1994 ceasefire")[0] == ("kia-slorc-ceasefire-1994", "prefix")


def test_the_match_column_says_how_each_word_was_found():
    r = run_installed("search", "airstrikes laiza")
    assert r.stdout.splitlines()[2:] == [
        "event   KIA says airstrikes go on for a sixth day                    2013-01-03   all words",
        "        airstrikes-sixth-day-2013",
        "event   Strike on Mung Lai Hkyet displacement camp                   2023-10-09   all words:",
        "        mung-lai-hkyet-attack-2023                                                airstrikes (type",
        "                                                                                  airstrike)",
    ]
    r = run_installed("search", "ceasefire 1994", "--format", "json")
    how = {h["id"]: h for h in json.loads(r.stdout)}
    assert how["ceasefire-signed-1994"]["match"] == "all words"
    assert match_csv("ceasefire 1994")["ceasefire-signed-1994"] == "all words: 1994 (its year)"
    assert match_csv("ceasefire 1994")["kia-slorc-ceasefire-1994"] == "all words: text"


def test_jade_mines_finds_what_jade_finds_about_mines():
    found = dict(search_json("jade mines"))
    for rid in ("myauk-phyu-jade-mine", "myauk-phyu-mine-blast-2012", "myauk-phyu-killed-2012",
                "jade-mines-offensive-1994"):
        assert rid in found, rid
    assert "all words: mines (as mine)" in match_csv("jade mines").values()


def test_a_past_tense_finds_events_of_that_type():
    # 'captured' used to find four records, none of them a capture event
    found = dict(search_json("captured"))
    for rid in ("alaw-bum-captured-2021", "bhamo-airport-taken-2025", "lang-sel-taken-2024"):
        assert found.get(rid) == "all words", rid
    assert match_csv("captured")["bhamo-airport-taken-2025"] == "all words: captured (type capture)"
    assert match_csv("ambushed kia")["kia-ambush-sadung-2023"] == "all words: ambushed (type ambush)"
    # a word that is not a past tense of a type gets no such match
    assert not any("(type" in how for how in match_csv("based").values())


def test_a_typo_in_one_word_is_forgiven_and_said():
    r = run_installed("search", "airstirkes laiza", "--format", "json")
    hits = json.loads(r.stdout)
    assert hits[0]["id"] == "airstrikes-sixth-day-2013" and hits[0]["match"] == "all words"
    assert match_csv("airstirkes laiza")["airstrikes-sixth-day-2013"] == \
        "all words: airstirkes (typo for airstrikes)"


def test_when_no_record_has_every_word_it_says_so_and_shows_partial_matches():
    r = run_installed("search", "laiza zebra helicopter")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "No record matches all of 'laiza zebra helicopter'; closest partial matches:"
    assert lines[1].startswith("Kind ")
    assert {m for _, m in search_json("laiza zebra helicopter")} == {"some words"}
    # JSON stays a JSON array: the sentence is for tables
    r = run_installed("search", "laiza zebra helicopter", "--format", "json")
    assert r.stdout.startswith("[")


def test_timeline_search_uses_the_same_words():
    r = run_installed("timeline", "--search", "ceasefire 1994", "--format", "csv")
    assert csv_ids(r.stdout) == ["jade-mines-offensive-1994", "ceasefire-signed-1994"]
    r = run_installed("timeline", "--search", "airstrikes laiza", "--format", "csv")
    assert csv_ids(r.stdout) == ["airstrikes-sixth-day-2013", "mung-lai-hkyet-attack-2023"]

"""What a user sees of three corners of query (issue 16's surviving mutants): the close names
suggested when --place or --actor matches nothing, a search word found at the very start of
the index, and a --place naming a state (or a place whose name differs from the term).

Run in-process (the `mini` and `kachin` fixtures), so that a change to kachin_cli is seen;
each test pins the exact message or the exact records a user gets."""

from __future__ import annotations

from conftest import derived


def _place(pid: str, name: str, aliases: tuple[str, ...] = ()) -> dict:
    place = {"id": pid, "name": name, "kind": "town", "country": "Myanmar", "summary": "A test place.",
             "sources": [{"source": "article", "section": "2013"}]}
    if aliases:
        place["aliases"] = list(aliases)
    return place


def _with_places(*places: dict):
    def change(raw: dict) -> None:
        raw["places"].extend(places)
    return change


def ids(result) -> list[str]:
    return [e["id"] for e in result.json]


# ---------------------------------------------------------------- did you mean


def test_an_unknown_place_with_one_close_name_suggests_it_alone(mini):
    r = mini("timeline", "--place", "lashiostan")
    assert (r.code, r.out, r.err) == (1, "", "kachin: no place matches 'lashiostan'; did you mean 'Lashio'?\n")


def test_an_unknown_place_with_nothing_close_gets_no_suggestion(mini):
    r = mini("timeline", "--place", "nowhere")
    assert (r.code, r.out, r.err) == (1, "", "kachin: no place matches 'nowhere'\n")


def test_an_unknown_actor_is_offered_the_record_name_not_the_spelling_that_was_close(mini):
    # 'kachin army' is close to the organisation's name; the suggestion is its name as written
    r = mini("timeline", "--actor", "kachin army")
    assert (r.code, r.out) == (1, "")
    assert r.err == "kachin: no person or organisation matches 'kachin army'; did you mean 'Kachin Independence Army'?\n"


def test_two_close_places_are_offered_best_first_joined_by_or(kachin, tmp_path):
    data = derived(tmp_path, _with_places(_place("laizon", "Laizon")))
    r = kachin("--data", str(data), "timeline", "--place", "laizo town")
    assert (r.code, r.out) == (1, "")
    assert r.err == "kachin: no place matches 'laizo town'; did you mean 'Laizon' or 'Laiza'?\n"


def test_three_close_places_are_listed_with_commas_then_or_down_to_the_cutoff(kachin, tmp_path):
    # 'Lai Zo Bum' is exactly at the closeness cutoff (70 of 100) for 'laizo camp': it is offered
    data = derived(tmp_path, _with_places(_place("laizon", "Laizon"), _place("lai-zo-bum", "Lai Zo Bum")))
    r = kachin("--data", str(data), "timeline", "--place", "laizo camp")
    assert (r.code, r.out) == (1, "")
    assert r.err == "kachin: no place matches 'laizo camp'; did you mean 'Laizon', 'Laiza' or 'Lai Zo Bum'?\n"


def test_at_most_three_places_are_suggested_the_closest_ones(kachin, tmp_path):
    # four places are close to 'laizo camp' (Laizon, Laiza, Laizaw, Lai Zo Bum): the three closest are offered
    data = derived(tmp_path, _with_places(_place("laizon", "Laizon"), _place("lai-zo-bum", "Lai Zo Bum"),
                                          _place("laizaw", "Laizaw")))
    r = kachin("--data", str(data), "timeline", "--place", "laizo camp")
    assert (r.code, r.out) == (1, "")
    assert r.err == "kachin: no place matches 'laizo camp'; did you mean 'Laizon', 'Laiza' or 'Laizaw'?\n"


def test_a_record_with_many_close_names_does_not_hide_another_close_record(kachin, tmp_path):
    # an organisation listed first with thirteen names as close to 'kachin army' as the
    # Kachin Independence Army's: both records are offered, each once
    brigades = ["1st", "2nd", "3rd", *(f"{i}th" for i in range(4, 13))]
    units = {"id": "kia-brigades", "name": "Kachin Independence Army brigades",
             "aliases": [f"Kachin Independence Army {b} Brigade" for b in brigades],
             "side": "kachin", "kind": "armed_group", "summary": "Its brigades.",
             "sources": [{"source": "article", "section": "2013"}]}
    data = derived(tmp_path, lambda raw: raw["organisations"].insert(0, units))
    r = kachin("--data", str(data), "timeline", "--actor", "kachin army")
    assert (r.code, r.out) == (1, "")
    assert r.err == ("kachin: no person or organisation matches 'kachin army'; did you mean "
                     "'Kachin Independence Army brigades' or 'Kachin Independence Army'?\n")


# ---------------------------------------------------------------- words at the start of the index


def test_a_word_at_the_very_start_of_the_index_is_found_as_the_record_own_word(mini):
    # 'Zau' opens the first event's summary (the first text of the index): the raid holds
    # both words in its own text, not only through its linked person Zaw Tu
    r = mini("search", "zau rob", "--format", "json")
    assert r.code == 0
    assert [(h["id"], h["match"], h["matched"]) for h in r.json] == [("raid-1961", "all words", "text")]


def test_a_word_starting_the_first_name_of_the_index_is_found_in_that_name(mini):
    # 'Treasury raid' is the first name of the index; 'treasury' and the year 1961
    r = mini("search", "treasury 1961", "--format", "json")
    assert r.code == 0
    assert [(h["id"], h["match"], h["matched"]) for h in r.json] == [("raid-1961", "all words", "1961 (its year)")]


# ---------------------------------------------------------------- --place and states


def test_a_state_the_data_names_only_as_a_state_finds_the_places_in_it(mini):
    # no record is called Kachin State; Laiza names it as its state
    r = mini("timeline", "--place", "Kachin State", "--format", "json")
    assert r.code == 0
    assert ids(r) == ["air-campaign-2012", "laiza-attack-2014"]


def test_a_state_found_by_part_of_its_name_finds_the_places_naming_it(kachin, tmp_path):
    # 'kachin st' finds the Kachin State record; Laiza, which names 'Kachin State' as its
    # state (no `within` link), is in it
    data = derived(tmp_path, _with_places(_place("kachin-state", "Kachin State")))
    r = kachin("--data", str(data), "timeline", "--place", "kachin st", "--format", "json")
    assert r.code == 0
    assert ids(r) == ["air-campaign-2012", "laiza-attack-2014"]
    r = kachin("--data", str(data), "search", "kachin st", "--format", "json")
    assert [(h["id"], h["match"]) for h in r.json if h["record"] == "place"] == [("kachin-state", "prefix")]


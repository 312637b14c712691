"""The loader's exact messages, in-process through `kachin validate FILE`: what each kind
of problem says (types, values shown in full or cut, dates, duplicate keys, numbers JSON
cannot carry, files that are not an object), where a reference inside a record is said to
be, and the order of the report. Also the JSON encoder's two shapes, a role's tenure at its
edges, and the layers' cache as a user's disk sees it."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import stat

import pytest
from conftest import MINI

from kachin_cli import cache, model, store
from kachin_cli.safe import to_json

RAW = json.loads(MINI.read_text(encoding="utf-8"))
KINDS = "events, people, organisations, places, talks, figures, phases, sources"
VALID = f"valid ({len(RAW['events'])} events"


def changed(*edits) -> str:
    raw = copy.deepcopy(RAW)
    for edit in edits:
        edit(raw)
    return json.dumps(raw)


def setter(*path_and_value):
    *path, key, value = path_and_value

    def edit(raw):
        target = raw
        for p in path:
            target = target[p]
        target[key] = value
    return edit


@pytest.fixture
def validate(kachin, tmp_path):
    """validate(text or bytes) -> (exit code, the report's lines, stderr), the file's path as FILE."""

    def run(content):
        path = tmp_path / "kb.json"
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        r = kachin("validate", str(path))
        return r.code, r.out.replace(str(path), "FILE").splitlines(), r.err.replace(str(path), "FILE")

    return run


def problems(validate, content) -> list[str]:
    code, lines, err = validate(content)
    assert code == 1, (lines, err)
    n = len(lines) - 1
    assert lines[-1] == f"FILE: {n} problem{'s' if n != 1 else ''}", lines
    return lines[:-1]


# ---------------------------------------------------------------- what a wrong value is said to be

@pytest.mark.parametrize("value, said", [
    ({}, "an object {}"), (1.5, "a number 1.5"), ([], "a list []"), (True, "a boolean True"), (7, "a number 7"),
])
def test_a_value_of_the_wrong_type_is_named_by_its_json_type(validate, value, said):
    assert problems(validate, changed(setter("revised", value))) == [f"revised: expected a string, got {said}"]


@pytest.mark.parametrize("text, said", [
    ("null", "null"), ("nul", "null"), ("true", "a boolean"), ("tru", "a boolean"), ("fals", "a boolean"),
    ('"abc', "a string"), ("5x", "a number"), ("-", "a number"), (" \n [1, 2", "a list"), ("\t[", "a list"),
])
def test_a_file_that_is_not_an_object_is_named_from_its_first_byte(validate, text, said):
    # answered from the first byte after blank space: the rest is never parsed
    assert problems(validate, text) == [f"$: expected an object with the lists {KINDS}, got {said}"]


@pytest.mark.parametrize("text", ["X", "T", "  N"])
def test_a_file_starting_with_no_json_value_is_not_json(validate, text):
    code, lines, err = validate(text)
    assert (code, lines) == (1, [])
    assert err == "kachin: FILE: not valid JSON: Expecting value at line 1 column " + str(len(text)) + "\n"


def test_a_value_is_shown_in_full_up_to_60_characters_and_cut_after(validate):
    where = "people[0].roles[0].start: expected a whole number, got a string "
    # 58 letters and two quotes: 60 characters, shown as they are
    assert problems(validate, changed(setter("people", 0, "roles", 0, "start", "a" * 58))) == [
        where + "'" + "a" * 58 + "'"]
    # one more: the first 57 characters and "..."
    assert problems(validate, changed(setter("people", 0, "roles", 0, "start", "a" * 59))) == [
        where + "'" + "a" * 56 + "..."]


def test_null_and_empty_text_are_said_plainly(validate):
    assert problems(validate, changed(setter("people", 0, "name", None))) == ["people[0].name: must not be null"]
    assert problems(validate, changed(setter("people", 0, "name", ""))) == ["people[0].name: must not be empty"]
    assert problems(validate, changed(setter("events", 0, "phase", ""))) == ["events[0].phase: must not be empty"]
    assert problems(validate, changed(setter("events", 0, "sources", []))) == ["events[0].sources: must not be empty"]
    assert problems(validate, changed(setter("people", 0, "roles", 0, "start", -3))) == [
        "people[0].roles[0].start: -3 must not be negative"]


@pytest.mark.parametrize("lat, message", [(-91, "-91 is below -90"), (90.5, "90.5 is above 90")])
def test_coordinates_out_of_range_say_the_limit(validate, lat, message):
    assert problems(validate, changed(setter("places", 0, "coordinates", "lat", lat))) == [
        f"places[0].coordinates.lat: {message}"]


def test_a_date_of_the_wrong_shape_says_which_shapes_are_allowed(validate):
    assert problems(validate, changed(setter("events", 0, "date", "1961-3-07"))) == [
        "events[0].date: '1961-3-07' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"]
    # the same, said once, in the full report of a file with another problem
    assert problems(validate, changed(setter("events", 0, "date", "1961-3-07"), setter("people", 0, "name", None))) == [
        "events[0].date: '1961-3-07' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
        "people[0].name: must not be null"]


# ---------------------------------------------------------------- what the standard library reads but a file cannot hold

EMPTY = '"phases": [], "events": [], "people": [], "organisations": [], "places": [], "talks": [], "figures": [], "sources": []'


def test_a_repeated_key_lists_every_value_it_was_given(validate):
    assert problems(validate, '{"revised": "2020", "revised": "2021", ' + EMPTY + "}") == [
        "revised: duplicate key 'revised' (values '2020' and '2021'; a key is given once)"]
    assert problems(validate, '{"revised": "2020", "revised": "2021", "revised": "2022", ' + EMPTY + "}") == [
        "revised: duplicate key 'revised' (values '2020' and '2021' and '2022'; a key is given once)"]


def test_a_repeated_key_in_an_otherwise_valid_record_is_found(validate):
    text = changed().replace('"name": "Zaw Tu"', '"name": "Zaw Tu", "name": "Zau Tu"', 1)
    assert problems(validate, text) == [
        "people[0].name: duplicate key 'name' (values 'Zaw Tu' and 'Zau Tu'; a key is given once)"]
    # the same file, each key once, is valid
    code, lines, _ = validate(changed())
    assert code == 0 and lines[0].startswith("FILE: " + VALID)


def test_a_file_that_is_not_utf8_is_one_line(validate):
    assert validate(changed().encode().replace(b"Led the raid.", b"Led the \xff raid.")) == (
        1, [], "kachin: FILE: not UTF-8 text\n")


def test_a_file_nested_too_deeply_is_one_line(validate):
    assert validate('{"a": ' * 100000) == (1, [], "kachin: FILE: not valid JSON: nested too deeply\n")


@pytest.mark.parametrize("literal, message", [
    ("1e999", "1e999 is too large"),
    ("-1e999", "-1e999 is too large"),
    ("1" + "0" * 45 + "e999", "1" + "0" * 39 + " is too large"),  # the first 40 characters of the number
    ("NaN", "NaN is not a number JSON allows"),
    ("-Infinity", "-Infinity is not a number JSON allows"),
])
def test_numbers_json_cannot_carry_are_named(validate, literal, message):
    text = changed().replace('"count": 5000', '"count": ' + literal, 1)
    assert problems(validate, text) == [f"figures[0].count: {message}"]


def test_a_whole_number_of_up_to_4300_digits_is_read_and_a_longer_one_is_refused(validate):
    # in the full report (the file has another problem), as a value where text belongs
    limit = "1" * 4300
    assert problems(validate, changed(setter("revised", 0)).replace('"revised": 0', '"revised": ' + limit)) == [
        "revised: expected a string, got a number " + "1" * 57 + "..."]
    assert problems(validate, changed(setter("revised", 0)).replace('"revised": 0', '"revised": 1' + limit)) == [
        "revised: a number of 4301 digits is too long"]


def test_a_long_count_in_a_file_with_another_problem(validate):
    # the full report draws the line where the fast decode does: 4,300 digits is a number
    # (whatever else is wrong in the file), 4,301 is not
    for digits, expected in ((4300, []), (4301, ["figures[0].count: a number of 4301 digits is too long"])):
        text = changed(setter("people", 0, "name", None)).replace('"count": 5000', '"count": ' + "2" * digits, 1)
        assert problems(validate, text) == ["people[0].name: must not be null", *expected]


def test_read_json_names_the_file_it_could_not_read(tmp_path):
    path = tmp_path / "kb.json"
    path.write_text('{"revised": ')
    with pytest.raises(store.DataError) as caught:
        store.read_json(str(path))
    assert str(caught.value) == f"{path}: not valid JSON: Expecting value at line 1 column 13"


# ---------------------------------------------------------------- records that do not decode

def test_a_record_that_is_not_an_object_is_reported_and_the_rest_still_checked(validate):
    assert problems(validate, changed(setter("events", 0, 5))) == ["events[0]: expected an object, got a number 5"]
    assert problems(validate, changed(setter("revised", 5), setter("people", 1, "name", None))) == [
        "revised: expected a string, got a number 5", "people[1].name: must not be null"]


def test_what_only_the_decoder_refuses_is_reported_for_its_record(validate):
    # JSON Schema counts 5000.0 as a whole number; the decoder does not
    text = changed().replace('"count": 5000', '"count": 5000.0', 1)
    assert problems(validate, text) == ["figures[0]: Expected `int | null`, got `float` - at `$.count`"]


def test_a_file_whose_only_record_does_not_decode(validate):
    assert problems(validate, '{"events": [5], ' + EMPTY.replace('"events": [], ', "") + "}") == [
        "events[0]: expected an object, got a number 5"]


def test_validate_gives_the_knowledge_base_of_a_file_without_problems():
    kb, found = store.validate(copy.deepcopy(RAW))
    assert found == [] and kb is not None
    assert [e.id for e in kb.events] == [e["id"] for e in RAW["events"]]


def test_an_id_that_is_not_text_claims_nothing(validate):
    # two records whose ids are the number 5 are not duplicates of each other: neither has an id
    assert problems(validate, changed(setter("people", 0, "id", 5), setter("people", 1, "id", 5))) == [
        "events[0].people[0]: 'zaw-tu' does not match any record",
        "people[0].id: expected a string, got a number 5",
        "people[1].id: expected a string, got a number 5"]
    assert problems(validate, changed(setter("people", 0, "id", []))) == [
        "events[0].people[0]: 'zaw-tu' does not match any record",
        "people[0].id: expected a string, got a list []"]


# ---------------------------------------------------------------- where a reference is said to be

@pytest.mark.parametrize("edit, where", [
    (setter("events", 0, "phase", "nope"), "events[0].phase"),
    (setter("places", 1, "within", "nope"), "places[1].within"),
    (setter("events", 0, "people", ["zaw-tu", "nope"]), "events[0].people[1]"),
    (setter("people", 0, "roles", 0, "sources", [{"source": "nope"}]), "people[0].roles[0].sources[0].source"),
    (setter("phases", 0, "variants", 0, "sources", [{"source": "nope"}]), "phases[0].variants[0].sources[0].source"),
    (setter("people", 0, "roles", 0, "organisation", "nope"), "people[0].roles[0].organisation"),
])
def test_a_reference_to_no_record_says_where_it_is(validate, edit, where):
    assert problems(validate, changed(edit)) == [f"{where}: 'nope' does not match any record"]


def test_a_role_without_an_organisation_refers_to_nothing(validate):
    code, lines, _ = validate(changed(setter("people", 0, "roles", 0, "organisation", None)))
    assert code == 0 and lines[0].startswith("FILE: " + VALID)


# ---------------------------------------------------------------- the order of the report

def test_the_report_is_in_file_order_top_level_first(validate):
    # the list of phases comes after the events in the file's order of kinds, whatever its text says
    assert problems(validate, changed(setter("events", "x"), setter("phases", "a: b"))) == [
        "events: expected a list, got a string 'x'",
        "figures[1].event: 'laiza-attack-2014' does not match any record",
        "phases: expected a list, got a string 'a: b'"]
    assert problems(validate, changed(setter("events", "x"), setter("phases", "a b"))) == [
        "events: expected a list, got a string 'x'",
        "figures[1].event: 'laiza-attack-2014' does not match any record",
        "phases: expected a list, got a string 'a b'"]
    # a top-level problem found by the rules across records still comes first
    assert problems(validate, changed(setter("events", "x"), setter("revised", "2020-02-30"))) == [
        "revised: '2020-02-30' is not a valid date",
        "events: expected a list, got a string 'x'",
        "figures[1].event: 'laiza-attack-2014' does not match any record"]


def test_the_report_orders_records_by_their_index_however_deep_the_problem(validate):
    late_role = {"title": "t", "start": 2000, "end": 1990}
    assert problems(validate, changed(setter("people", 0, "name", None),
                                      lambda raw: raw["people"][1]["roles"].append(late_role))) == [
        "people[0].name: must not be null",
        "people[1].roles[1].end: 1990 is before start 2000"]


# ---------------------------------------------------------------- JSON output

def test_json_is_compact_unless_asked_to_be_pretty():
    assert to_json({"a": [1, "é"]}) == '{"a": [1, "\\u00e9"]}'
    assert to_json({"a": [1, "é"]}, pretty=True) == '{\n  "a": [\n    1,\n    "\\u00e9"\n  ]\n}'
    assert to_json({"a": [1]}, pretty=False) == '{"a": [1]}'
    assert to_json({"day": dt.date(2013, 1, 2)}) == '{"day": "2013-01-02"}'


# ---------------------------------------------------------------- a role's tenure at its edges

@pytest.mark.parametrize("start, end, year, as_of, expected", [
    (2010, None, 2023, 2020, None),    # still running at the revision; after it, nothing is known
    (2025, None, 2025, 2020, None),    # begins after the revision, asked for its first year
    (2030, None, 2025, 2020, False),   # asked for a year before it began
    (None, 1990, 1990, None, None),    # its last year, start unknown: cannot say
    (None, 1990, 1991, None, False),   # after its end
    (None, 1990, 1985, None, None),
])
def test_a_role_is_active_only_where_its_dates_say(start, end, year, as_of, expected):
    assert model.Role(title="t", start=start, end=end).active_in(year, as_of) is expected


# ---------------------------------------------------------------- the layers' cache on disk

@pytest.fixture
def layer(tmp_path, monkeypatch):
    """A layer's file and the cache folder kachin uses for it (XDG_CACHE_HOME/kachin)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("KACHIN_NO_CACHE", raising=False)
    path = tmp_path / "layer.jsonl"
    path.write_text("Kachin State\n")
    return path, tmp_path / "xdg" / "kachin"


def cache_round(path, value=("Kachin State",), suffix=".index"):
    """A miss, the value built after it is written, and read back."""
    assert cache.read_cached(str(path), suffix) is None
    cache.write_cached(str(path), value, suffix)
    return cache.read_cached(str(path), suffix)


def test_the_cache_lives_under_home_when_xdg_cache_home_is_unset(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() == str(tmp_path / ".cache" / "kachin")


def test_a_new_cache_folder_is_the_owners_alone(layer):
    path, folder = layer
    assert cache_round(path) == ("Kachin State",)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(next(folder.iterdir()).stat().st_mode) == 0o600


def test_a_cache_folder_others_may_enter_but_not_write_is_used(layer):
    path, folder = layer
    folder.mkdir(parents=True, mode=0o711)
    folder.chmod(0o711)
    assert cache_round(path) == ("Kachin State",)


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_a_cache_folder_or_entry_of_another_user_is_not_used(layer):
    path, folder = layer
    assert cache_round(path) == ("Kachin State",)
    entry = next(folder.iterdir())
    os.chown(entry, 65534, 65534)  # the entry is someone else's, its mode still 0600
    assert cache.read_cached(str(path), ".index") is None
    os.chown(entry, 0, 0)
    assert cache.read_cached(str(path), ".index") == ("Kachin State",)
    os.chown(folder, 65534, 65534)  # the folder is someone else's
    assert cache_round(path) is None


def test_an_entry_others_can_read_is_not_trusted(layer):
    path, folder = layer
    assert cache_round(path) == ("Kachin State",)
    entry = next(folder.iterdir())
    entry.chmod(0o644)
    assert cache.read_cached(str(path), ".index") is None


def test_an_entry_that_is_a_symlink_to_a_good_copy_is_not_followed(layer, tmp_path):
    path, folder = layer
    assert cache_round(path) == ("Kachin State",)
    entry = next(folder.iterdir())
    copy_of_entry = tmp_path / "copy"
    copy_of_entry.write_bytes(entry.read_bytes())
    copy_of_entry.chmod(0o600)
    entry.unlink()
    entry.symlink_to(copy_of_entry)
    assert cache.read_cached(str(path), ".index") is None


def test_a_value_holding_newlines_comes_back_whole(layer):
    path, _ = layer
    value = ("Kachin\nState", b"\n\n", 10)
    assert cache_round(path, value) == value


def test_an_entry_is_named_by_the_files_real_path_and_the_first_40_characters_of_its_name(layer, tmp_path):
    import zlib

    _, folder = layer
    path = tmp_path / ("n" * 50 + ".jsonl")
    path.write_text("x\n")
    assert cache_round(path) == ("Kachin State",)
    real = os.path.realpath(path).encode()
    assert [p.name for p in folder.iterdir()] == [f"{zlib.crc32(real):08x}-{'n' * 40}.index"]


def test_a_file_whose_name_is_not_utf8_is_cached(layer, tmp_path):
    _, folder = layer
    path = os.path.join(os.fsdecode(bytes(tmp_path)), os.fsdecode(b"layer-\xff.jsonl"))
    with open(path, "w") as f:
        f.write("x\n")
    assert cache_round(path) == ("Kachin State",)


def test_the_default_suffix_of_read_and_write_is_the_same(layer):
    path, folder = layer
    assert cache.read_cached(str(path)) is None
    cache.write_cached(str(path), (1, 2))
    assert cache.read_cached(str(path)) == (1, 2)
    assert [p.suffix for p in folder.iterdir()] == [".cache"]


def test_a_cache_turned_off_between_the_miss_and_the_write_writes_nothing(layer, monkeypatch):
    path, folder = layer
    assert cache.read_cached(str(path), ".index") is None
    monkeypatch.setenv("KACHIN_NO_CACHE", "1")
    cache.write_cached(str(path), ("x",), ".index")
    monkeypatch.delenv("KACHIN_NO_CACHE")
    assert list(folder.iterdir()) == []


def test_a_value_msgpack_cannot_write_is_not_an_error(layer):
    path, folder = layer
    assert cache.read_cached(str(path), ".index") is None
    cache.write_cached(str(path), (object(),), ".index")
    assert list(folder.iterdir()) == []


def test_the_temporary_file_is_never_written_through_a_planted_link(layer, tmp_path, monkeypatch):
    path, folder = layer
    assert cache.read_cached(str(path), ".index") is None
    monkeypatch.setattr(os, "urandom", lambda n: b"\0" * n)  # a temporary name known in advance
    victim = tmp_path / "victim"
    victim.write_text("mine")
    name = os.path.join(cache.cache_dir(), cache._name(str(path), ".index"))
    os.symlink(victim, f"{name}.{os.getpid()}-{'00' * 6}.tmp")
    cache.write_cached(str(path), ("x",), ".index")
    assert victim.read_text() == "mine"

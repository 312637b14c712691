"""The typed loader through the installed `kachin`: numbers JSON cannot carry, duplicate
keys, files that hold no JSON or a huge string, deep and circular place chains, the
optional top-level keys, and the published JSON Schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from conftest import MINI, REPO, run_installed

from kachin_cli import store

RAW = json.loads(MINI.read_text(encoding="utf-8"))


def write(tmp_path: Path, raw: dict, name: str = "kb.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def refused(path: Path, *problems: str) -> None:
    """`validate` lists exactly these problems; every other command refuses the file in one line."""
    r = run_installed("validate", str(path))
    assert r.returncode == 1, r.stderr
    n = len(problems)
    assert r.stdout.splitlines()[:n] == list(problems), r.stdout
    assert r.stdout.endswith(f": {n} problem{'s' if n > 1 else ''}\n"), r.stdout
    for command in (["timeline", "--format", "json"], ["show", "laiza"]):
        r = run_installed("--data", str(path), *command)
        assert (r.returncode, r.stdout) == (1, ""), (command, r.stdout[:300])
        assert r.stderr.count("\n") == 1 and f"first: {problems[0]})" in r.stderr, r.stderr


@pytest.mark.parametrize("literal, message", [
    ("NaN", "NaN is not a number JSON allows"),
    ("Infinity", "Infinity is not a number JSON allows"),
    ("-Infinity", "-Infinity is not a number JSON allows"),
    ("1e999", "1e999 is too large"),
])
def test_nan_and_infinity_are_invalid_data(tmp_path, literal, message):
    text = json.dumps(RAW).replace('"lat": 24.77', f'"lat": {literal}', 1)
    assert literal in text
    path = tmp_path / "kb.json"
    path.write_text(text)
    refused(path, f"places[0].coordinates.lat: {message}")


def test_an_integer_too_long_for_python_is_a_data_error_with_its_path(tmp_path):
    text = json.dumps(RAW).replace('"count": 5000', '"count": ' + "9" * 5000, 1)
    path = tmp_path / "kb.json"
    path.write_text(text)
    refused(path, "figures[0].count: a number of 5000 digits is too long")


def test_duplicate_keys_are_reported_and_refused(tmp_path):
    text = json.dumps(RAW).replace('"count": 5000', '"count": 22, "count": 2200', 1)
    path = tmp_path / "kb.json"
    path.write_text(text)
    refused(path, "figures[0].count: duplicate key 'count' (values 22 and 2200; a key is given once)")


def test_duplicate_keys_in_a_valid_record_are_still_found(tmp_path):
    # the same value twice: msgspec alone would accept it silently
    text = json.dumps(RAW).replace('"name": "Laiza"', '"name": "Laiza", "name": "Laiza"', 1)
    path = tmp_path / "kb.json"
    path.write_text(text)
    refused(path, "places[0].name: duplicate key 'name' (values 'Laiza' and 'Laiza'; a key is given once)")


def test_an_all_blank_file_contains_no_json(tmp_path):
    path = tmp_path / "blank.json"
    path.write_bytes(b" \n\t\r\n" * 1000)
    for args in (["validate", str(path)], ["--data", str(path), "timeline"]):
        r = run_installed(*args)
        assert (r.returncode, r.stdout) == (1, "")
        assert r.stderr == f"kachin: {path}: the file contains no JSON, only blank space\n"


def test_a_file_holding_one_long_string_is_refused_without_reading_it_into_objects(tmp_path):
    # benchmarks/hostile_memory.py measures the peak memory of the 300 MB case
    path = tmp_path / "string.json"
    with open(path, "wb") as f:
        f.write(b'  "')
        f.write(b"x" * (20 * 1024 * 1024))
        f.write(b'"\n')
    expected = ("$: expected an object with the lists events, people, organisations, places, talks, "
                "figures, phases, sources, got a string")
    r = run_installed("validate", str(path))
    assert (r.returncode, r.stdout.splitlines()[0]) == (1, expected)
    r = run_installed("--data", str(path), "timeline")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and expected in r.stderr


def chain_of_places(depth: int) -> dict:
    raw = copy.deepcopy(RAW)
    base = raw["places"][0]
    for i in range(depth):
        place = {**copy.deepcopy(base), "id": f"level-{i}", "name": f"Level {i}", "aliases": []}
        place.pop("coordinates")
        if i:
            place["within"] = f"level-{i - 1}"
        raw["places"].append(place)
    raw["events"][0]["places"] = [f"level-{depth - 1}"]
    return raw


def test_a_deep_chain_of_places_is_found_by_its_top(tmp_path):
    path = write(tmp_path, chain_of_places(store.MAX_DEPTH))
    r = run_installed("--data", str(path), "timeline", "--place", "Level 0", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert [e["id"] for e in json.loads(r.stdout)] == [RAW["events"][0]["id"]]


def test_an_absurdly_deep_chain_of_places_is_refused(tmp_path):
    path = write(tmp_path, chain_of_places(10_000))
    n = len(RAW["places"]) + store.MAX_DEPTH
    refused(path, f"places[{n}].within: the chain of 'within' above 'level-{store.MAX_DEPTH}' is more than "
                  f"{store.MAX_DEPTH} records long")


def test_a_cycle_of_places_is_refused(tmp_path):
    raw = copy.deepcopy(RAW)
    raw["places"][0]["within"] = "lashio"
    raw["places"][1]["within"] = "laiza"
    refused(write(tmp_path, raw), "places[0].within: 'laiza' is part of a cycle (laiza -> lashio -> laiza)")


def test_a_cycle_of_phases_is_refused(tmp_path):
    raw = copy.deepcopy(RAW)
    first, second = raw["phases"][0]["id"], raw["phases"][1]["id"]
    raw["phases"][0]["part_of"] = second
    raw["phases"][1]["part_of"] = first
    problems = store.validate(raw)[1]
    assert problems == [f"phases[0].part_of: {first!r} is part of a cycle ({first} -> {second} -> {first})"]


def test_schema_key_revised_date_and_source_coverage(tmp_path):
    raw = copy.deepcopy(RAW)
    raw = {"$schema": "./kachin.schema.json", "revised": "2026-11-25", **raw}
    raw["sources"][0].update(covers_from="1961", covers_to="2013-06")
    path = write(tmp_path, raw)
    r = run_installed("validate", str(path))
    assert r.returncode == 0, r.stdout
    assert store.load(path).revised == "2026-11-25"
    raw["$schema"] = 5
    raw["revised"] = "2026-13"
    raw["sources"][0].update(covers_from="2014", covers_to="2013-06")
    assert store.validate(raw)[1] == [
        "$schema: expected a string, got a number 5",
        "revised: '2026-13' is not a valid date",
        "sources[0].covers_to: '2013-06' is before covers_from '2014'",
    ]


def test_whitespace_only_text_is_empty():
    raw = copy.deepcopy(RAW)
    raw["events"][0]["title"] = "   "
    assert store.validate(raw)[1] == ["events[0].title: must not be empty"]


@pytest.mark.parametrize("blank, ensure_ascii", [
    ("", False), ("   ", False), ("\t\n", False), ("\u00a0", False), ("\u00a0", True), ("\u3000 \u2029", True),
    ("\u3000 \u2029", False), ("\x1c\x1f", True), ("\u1680\u205f\u202f\x85", False),
])
def test_blank_text_in_a_file_is_refused_however_written(tmp_path, blank, ensure_ascii):
    """The decoder takes any string; `store` then finds text that is only blanks, however the
    file writes it (raw or escaped, any of Python's whitespace)."""
    raw = copy.deepcopy(RAW)
    raw["events"][0]["title"] = blank
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(raw, ensure_ascii=ensure_ascii), encoding="utf-8")
    assert store.check(str(path)) == (None, ["events[0].title: must not be empty"])


def test_every_text_field_refuses_blank_text(tmp_path):
    """Every field the schema calls non-empty text, in each kind of record and in the records
    within them, is refused when blank, in a file as it is loaded."""
    schema = json.loads(store.schema_text())

    def is_text(prop: dict) -> bool:
        return prop.get("description") == "non-empty text" or any(map(is_text, prop.get("anyOf", [])))

    raw = copy.deepcopy(RAW)
    raw["phases"][0]["variants"] = [{"field": "start", "value": "1961", "note": "n", "sources": []}]
    where = {cls: (kind, 0) for kind, cls in [("events", "Event"), ("people", "Person"),
             ("organisations", "Organisation"), ("places", "Place"), ("talks", "Talk"), ("figures", "Figure"),
             ("phases", "Phase"), ("sources", "Source")]}
    where.update(Citation=("events", 0, "sources", 0), Role=("people", 0, "roles", 0),
                 Variant=("phases", 0, "variants", 0))
    fields = 0
    for name, definition in schema["$defs"].items():
        for field, prop in definition["properties"].items():
            many = "items" in prop and is_text(prop["items"])
            if not (is_text(prop) or many):
                continue
            changed = copy.deepcopy(raw)
            record = changed
            for step in where[name]:
                record = record[step]
            record[field] = [" "] if many else " "
            path = tmp_path / "kb.json"
            path.write_text(json.dumps(changed), encoding="utf-8")
            at = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in where[name])[1:]
            kb, problems = store.check(str(path))  # (a blank section is not the article's either)
            assert kb is None and f"{at}.{field}{'[0]' if many else ''}: must not be empty" in problems
            fields += 1
    assert fields == 53
    assert set(where) == set(schema["$defs"]) - {"Coordinates", "File"}  # which hold no text of their own


def test_a_blank_schema_line_is_no_problem(tmp_path):
    """The scan for blanks looks at every string, `$schema` too, which may be blank: the full
    report, which has the last word, finds nothing wrong and the file loads."""
    raw = json.loads(MINI.read_text(encoding="utf-8"))
    path = tmp_path / "kb.json"
    path.write_text(json.dumps({"$schema": " ", **raw}), encoding="utf-8")
    kb, problems = store.check(str(path))
    assert problems == [] and kb is not None and len(kb.people) == len(raw["people"])


# ---------------------------------------------------------------- the JSON Schema


def test_the_shipped_schema_is_the_generated_one():
    shipped = (REPO / "data" / "kachin.schema.json").read_text(encoding="utf-8")
    assert shipped == store.schema_text(), "run: kachin schema > data/kachin.schema.json"
    r = run_installed("schema")
    assert (r.returncode, r.stdout) == (0, shipped)


def test_the_schema_accepts_the_bundled_file_and_names_what_is_wrong():
    from jsonschema import Draft202012Validator

    schema = json.loads(store.schema_text())
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    with open(store.bundled_path(), encoding="utf-8") as f:
        assert list(validator.iter_errors(json.load(f))) == []
    raw = copy.deepcopy(RAW)
    raw["events"][0]["type"] = "picnic"
    raw["events"][1]["colour"] = "red"
    assert sorted(list(e.absolute_path) for e in validator.iter_errors(raw)) == [["events", 0, "type"],
                                                                                 ["events", 1]]


@pytest.mark.parametrize("content, message", [
    (b"[" * 100_000 + b"]" * 100_000, "not a valid knowledge base (1 problem; first: $: expected an object with the lists"),
    (b'{"events": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "not valid JSON: nested too deeply"),
    (json.dumps(RAW).encode("utf-16"), "not UTF-8 text"),
    (json.dumps(RAW).replace("Laiza", "La\udcffiza").encode("utf-8", "surrogateescape"), "not UTF-8 text"),
    (b'{"events": [], "events": []}', "not a valid knowledge base"),
], ids=["nested list", "nested in an object", "UTF-16", "invalid UTF-8", "duplicate top-level key"])
def test_bad_files_get_one_line(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    r = run_installed("--data", str(path), "timeline")
    assert (r.returncode, r.stdout) == (1, ""), r.stdout[:300]
    assert r.stderr.count("\n") == 1 and message in r.stderr, r.stderr[:300]


def test_a_byte_order_mark_is_allowed(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(RAW).encode("utf-8"))
    r = run_installed("--data", str(path), "validate")
    assert r.returncode == 0 and r.stdout.endswith(": valid (6 events, 4 people, 2 organisations, 3 places, "
                                                   "3 talks, 5 figures, 3 phases, 2 sources)\n"), r.stdout


def test_texts_normalised_together_equal_texts_normalised_one_by_one():
    from kachin_cli import query

    kb = store.load()
    texts = [query.text_of(r) for r in kb.records()] + [n for r in kb.records() for n in query.names_of(r)]
    texts += ["Zau Tu", "zau-tu Defense", "Myitkyina–Bhamo", "N’Ban La", "a\x1eb", "  ", "", "xzau zau zau1",
              "Organization CENTER labor", "Banmaw, Phakant"]
    assert query.normalize_many(texts) == [query.normalize(t) for t in texts]


def test_an_id_ending_in_a_newline_is_not_an_id(tmp_path):
    """Python's `$` matches before a last newline: the pattern must not let "laiza\\n" pass,
    since ids are kept one per line."""
    text = json.dumps(RAW).replace('"id": "laiza"', '"id": "laiza\\n"', 1)
    assert '"laiza\\n"' in text
    path = tmp_path / "kb.json"
    path.write_text(text)
    kb, problems = store.check(str(path))
    assert kb is None and "places[0].id: 'laiza\\n' is not a valid id (lower-case words joined by '-')" in problems

"""What a user sees break when a small piece of logic breaks: each test here was written
against a deliberate mistake in kachin_cli/ that left the rest of the suite green (the
mutation findings of the tests issue), and fails when that mistake comes back."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import MINI, derived, installed_kachin, run_installed

RAW = json.loads(MINI.read_text(encoding="utf-8"))



def ids(result) -> list[str]:
    assert result.code == 0, result.err
    return [r["id"] for r in result.json]


# ---------------------------------------------------------------- commanders --active-in


@pytest.mark.parametrize("year, expected", [
    (1960, []), (1961, ["zaw-tu"]), (1975, ["zaw-tu"]), (1976, []),  # a tenure's first and last year count
    (2011, ["min-aung-hlaing"]), (2030, ["min-aung-hlaing"]),  # a running tenure
    (2014, ["min-aung-hlaing", "gun-maw"]),  # a year the source shows (attested) counts
])
def test_active_in_includes_a_tenures_first_and_last_year(mini, year, expected):
    r = mini("commanders", "--active-in", str(year), "--format", "json")
    assert sorted(ids(r)) == sorted(expected)


def test_active_in_on_the_bundled_data_keeps_leaders_in_their_last_year(kachin):
    names_1975 = {p["name"] for p in kachin("commanders", "--active-in", "1975", "--format", "json").json}
    assert {"Zaw Tu", "Zaw Seng", "Zaw Dan"} <= names_1975
    names_2016 = {p["name"] for p in kachin("commanders", "--active-in", "2016", "--format", "json").json}
    assert "Thein Sein" in names_2016  # president until March 2016


def test_active_in_counts_people_whose_tenure_is_unknown(mini):
    r = mini("commanders", "--active-in", "2014")
    assert r.code == 0
    assert r.out.rstrip().splitlines()[-1] == "1 person left out because their tenure is unknown: N'Ban La."


# ---------------------------------------------------------------- casualties: who claims


def _row_of(table: str, figure_id: str) -> str:
    """The first line of the table row whose id line is `figure_id` (rows are three lines:
    figure, description, id)."""
    lines = table.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == figure_id)
    return lines[at - 2]


def test_casualties_table_names_each_claimant(mini):
    r = mini("casualties")
    assert r.code == 0, r.err
    assert _row_of(r.out, "soldiers-killed-2014").rstrip().endswith("KIA")
    assert _row_of(r.out, "displaced-2018").rstrip().endswith("UN")
    assert _row_of(r.out, "laiza-killed-2014").rstrip().endswith("(the article)")


# ---------------------------------------------------------------- places within places, member organisations


def _nested(raw):
    raw["places"].append({"id": "kachin-state", "name": "Kachin State", "kind": "state", "country": "Myanmar",
                          "summary": "A state.", "sources": [{"source": "general-reference", "note": "test"}]})
    raw["places"].append({"id": "waingmaw-township", "name": "Waingmaw Township", "kind": "township",
                          "country": "Myanmar", "within": "kachin-state", "summary": "A township.",
                          "sources": [{"source": "general-reference", "note": "test"}]})
    laiza = next(p for p in raw["places"] if p["id"] == "laiza")
    laiza["within"] = "waingmaw-township"
    raw["organisations"].append({"id": "brigade-3", "name": "3rd Brigade", "side": "kachin", "kind": "unit",
                                 "parent": "kia", "summary": "A brigade.",
                                 "sources": [{"source": "general-reference", "note": "test"}]})
    raw["events"][0]["organisations"] = ["brigade-3"]  # raid-1961, by a brigade of the KIA only


def test_place_includes_places_within_it_at_any_depth(tmp_path, kachin):
    path = derived(tmp_path, _nested)
    r = kachin("--data", str(path), "timeline", "--place", "kachin state", "--format", "json")
    assert ids(r) == ["air-campaign-2012", "laiza-attack-2014"]  # Laiza is in a township in the state
    r = kachin("--data", str(path), "timeline", "--place", "waingmaw", "--format", "json")
    assert ids(r) == ["air-campaign-2012", "laiza-attack-2014"]


def test_actor_includes_member_organisations(tmp_path, kachin):
    path = derived(tmp_path, _nested)
    r = kachin("--data", str(path), "timeline", "--actor", "KIA", "--format", "json")
    assert "raid-1961" in ids(r)  # by the KIA's 3rd Brigade
    r = kachin("--data", str(path), "timeline", "--actor", "3rd brigade", "--format", "json")
    assert ids(r) == ["raid-1961"]  # but not the other way round


def test_bundled_place_and_actor_follow_the_data(kachin):
    in_state = ids(kachin("timeline", "--place", "kachin state", "--format", "json"))
    at_laiza = ids(kachin("timeline", "--place", "laiza", "--format", "json"))
    assert set(at_laiza) < set(in_state)
    kio = ids(kachin("timeline", "--actor", "kio", "--format", "json"))
    kia = ids(kachin("timeline", "--actor", "kia", "--format", "json"))
    assert set(kia) < set(kio)  # the KIA is the KIO's army


# ---------------------------------------------------------------- spelling variants with no alias to help


def _no_aliases(raw):
    for kind in ("people", "places", "organisations"):
        for r in raw[kind]:
            r.pop("aliases", None)
    raw["places"].append({"id": "bhamo", "name": "Bhamo", "kind": "town", "country": "Myanmar",
                          "summary": "A town.", "sources": [{"source": "general-reference", "note": "test"}]})


@pytest.mark.parametrize("term, expected", [("zau tu", "zaw-tu"), ("Phakant", "hpakant"), ("Hpakan", "hpakant"),
                                            ("Banmaw", "bhamo")])
def test_spelling_variants_match_without_an_alias(tmp_path, kachin, term, expected):
    path = derived(tmp_path, _no_aliases)
    r = kachin("--data", str(path), "search", term, "--format", "json")
    assert r.code == 0, r.err
    assert r.json and r.json[0]["id"] == expected and r.json[0]["match"] == "exact"


# ---------------------------------------------------------------- search: 100 rows, --all


def _many_events(raw, n=150):
    for i in range(n):
        raw["events"].append({"id": f"skirmish-{i:03d}", "date": f"{1970 + i % 20}-01", "title": f"Skirmish {i:03d}",
                              "summary": "A skirmish.", "type": "battle", "phase": "early",
                              "sources": [{"source": "article", "section": "First conflict"}]})


def test_search_table_shows_100_rows_and_says_so_and_all_shows_every_one(tmp_path, kachin):
    path = derived(tmp_path, _many_events)
    r = kachin("--data", str(path), "search", "skirmish")
    assert r.code == 0, r.err
    assert r.out.count("skirmish-") == 100
    assert "Showing 100 of 150 records; raise --limit to see more. --all lists every match" in " ".join(r.out.split())
    r = kachin("--data", str(path), "search", "skirmish", "--all")
    assert r.out.count("skirmish-") == 150 and "Showing" not in r.out
    r = kachin("--data", str(path), "search", "skirmish", "--limit", "3")
    assert r.out.count("skirmish-") == 3
    r = kachin("--data", str(path), "search", "skirmish", "--format", "json")
    assert len(r.json) == 150  # machine-readable output lists every match


# ---------------------------------------------------------------- --limit footer


@pytest.mark.parametrize("limit, footer", [("5", "Showing 5 of 6 events; raise --limit to see more."),
                                           ("6", None), ("7", None)])
def test_limit_footer_only_when_more_exist(mini, limit, footer):
    r = mini("timeline", "--limit", limit)
    assert r.code == 0, r.err
    # the last footer says what UCDP records in the same range (tests/test_layers.py)
    table, ucdp = r.out.split("UCDP records ")
    assert ucdp.endswith("--source ucdp\n")
    last = table.rstrip().splitlines()[-1]
    if footer:
        assert last == footer
    else:
        assert "Showing" not in r.out and last.strip() == "base-taken-2021"


# ---------------------------------------------------------------- inert text: zero-width marks, Markdown pipes


def _odd_title(raw):
    raw["events"][0]["title"] = "Zero\u200bwidth and a | pipe"


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_zero_width_marks_are_shown_as_escapes(tmp_path, kachin, fmt):
    path = derived(tmp_path, _odd_title)
    r = kachin("--data", str(path), "timeline", "--format", fmt)
    assert r.code == 0, r.err
    assert "\u200b" not in r.out
    # Markdown escapes the backslash of the escape too
    assert ("Zero\\\\u200bwidth" if fmt == "markdown" else "Zero\\u200bwidth") in r.out


def test_markdown_cells_escape_pipes(tmp_path, kachin):
    path = derived(tmp_path, _odd_title)
    r = kachin("--data", str(path), "timeline", "--format", "markdown")
    row = next(line for line in r.out.splitlines() if "Zero" in line)
    assert "and a \\| pipe" in row
    header = r.out.splitlines()[0]
    assert row.count(" | ") == header.count(" | ")  # the pipe in the title makes no new cell


# ---------------------------------------------------------------- validation rules


@pytest.mark.parametrize("change, message", [
    (lambda raw: raw["figures"][0].update(qualifier="range", count=None, low=50, high=10),
     "figures[0].high: 10 is below low 50"),
    (lambda raw: raw["figures"][1].update(count=-22), "figures[1].count: -22 must not be negative"),
    (lambda raw: raw["talks"][2].update(end_date="2013-05"), "talks[2].end_date: '2013-05' is given without 'date'"),
    (lambda raw: raw["events"][1].update(end_date="2011"), "events[1].end_date: '2011' is before date '2012-03'"),
], ids=["high below low", "negative count", "end without start", "end before start"])
def test_validate_reports_each_rule(tmp_path, kachin, change, message):
    path = derived(tmp_path, change)
    r = kachin("validate", str(path))
    assert r.code == 1
    assert message in r.out.splitlines(), r.out
    r = kachin("--data", str(path), "timeline")
    assert r.code == 1 and r.out == "" and message in r.err


# ---------------------------------------------------------------- pipes, colour and the pager


def _shell(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("KACHIN_DATA", "PAGER", "NO_COLOR", "FORCE_COLOR")}
    full.update(PATH=os.path.dirname(installed_kachin()) + os.pathsep + os.environ.get("PATH", ""), **env)
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=full, cwd="/", timeout=60)


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_a_reader_that_has_gone_ends_the_command_quietly(fmt):
    """stdout is a pipe whose reader has already closed: the very first write fails, so the
    broken-pipe path runs every time (a `| head` test may finish writing before head exits)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {k: v for k, v in os.environ.items() if k not in ("KACHIN_DATA", "PAGER")}
    try:
        r = subprocess.run([installed_kachin(), "timeline", "--format", fmt], stdout=write_end,
                           stderr=subprocess.PIPE, text=True, env=env, cwd="/", timeout=60)
    finally:
        os.close(write_end)
    assert (r.returncode, r.stderr) == (0, "")


def test_piped_output_has_no_colour_without_no_color():
    r = run_installed("timeline", "--limit", "3", env={"NO_COLOR": ""})
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout
    r = run_installed("timeline", "--limit", "3", env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" in r.stdout  # asked for: colour in a pipe (`| less -R`)


def _pty(args: list[str], env: dict[str, str], rows: int = 10):
    pexpect = pytest.importorskip("pexpect")
    full = {k: v for k, v in os.environ.items() if k not in ("KACHIN_DATA", "PAGER", "NO_COLOR", "KACHIN_PAGER")}
    full.update({"TERM": "xterm", **env})
    child = pexpect.spawn(installed_kachin(), args, env=full, encoding="utf-8", timeout=20, dimensions=(rows, 100))
    out = child.read()
    child.close()
    return child.exitstatus, out


@pytest.mark.slow
def test_colour_on_a_terminal_and_never_with_no_color():
    code, out = _pty(["--no-pager", "timeline", "--limit", "2"], {}, rows=50)
    assert code == 0 and "\x1b[" in out and "Treasury raid" not in out  # bundled data, coloured
    code, out = _pty(["--no-pager", "timeline", "--limit", "2"], {"NO_COLOR": "1"}, rows=50)
    assert code == 0 and "\x1b[1m" not in out and "\x1b[3" not in out


@pytest.mark.slow
def test_kachin_pager_wins_over_pager_and_the_commands_own_no_pager(tmp_path):
    def script(name):
        path = tmp_path / name
        path.write_text(f"#!/bin/sh\ncat > /dev/null\necho PAGED-BY-{name.upper()}\n")
        path.chmod(0o755)
        return str(path)

    env = {"PAGER": script("pager"), "KACHIN_PAGER": script("kachin_pager"), "NO_COLOR": "1"}
    code, out = _pty(["about"], env)
    assert code == 0 and "PAGED-BY-KACHIN_PAGER" in out and "PAGED-BY-PAGER" not in out
    code, out = _pty(["about"], {"PAGER": env["PAGER"], "NO_COLOR": "1"})
    assert code == 0 and "PAGED-BY-PAGER" in out
    code, out = _pty(["timeline", "--no-pager"], env)
    assert code == 0 and "PAGED" not in out and "lashio-treasury-raid-1961" in out


def test_piped_tables_carry_no_trailing_padding():
    r = run_installed("timeline", "--limit", "3")
    assert r.returncode == 0, r.stderr
    assert r.stdout and all(line == line.rstrip(" ") for line in r.stdout.splitlines())
    r = run_installed("timeline", "--limit", "3", env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" in r.stdout  # coloured output keeps Rich's layout as it is

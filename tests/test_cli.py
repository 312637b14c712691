"""Every command on the small fixture knowledge base: rows, order, filters, formats,
messages and exit statuses, as a user sees them."""

from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import MINI

from kachin_cli import __version__


def ids_of(result) -> list[str]:
    assert result.code == 0, result.err
    return [row["id"] for row in result.json]


def no_traceback(result) -> None:
    assert "Traceback" not in result.out + result.err


# ---------------------------------------------------------------- global options


def test_version(kachin):
    r = kachin("--version")
    assert (r.code, r.out) == (0, f"kachin {__version__}\n")


def test_plain_kachin_without_a_terminal_prints_help(kachin):
    r = kachin()
    assert r.code == 0
    assert "timeline" in r.out and "commanders" in r.out and "Usage" in r.out


def test_data_option_and_environment(kachin, mini, monkeypatch):
    assert len(mini("timeline", "--format", "json").json) == 6
    monkeypatch.setenv("KACHIN_DATA", str(MINI))
    assert len(kachin("timeline", "--format", "json").json) == 6


def test_missing_data_file_is_one_line_exit_1(kachin, tmp_path):
    r = kachin("--data", str(tmp_path / "nope.json"), "timeline")
    assert r.code == 1
    assert r.err == f"kachin: {tmp_path / 'nope.json'}: no such file\n"
    assert r.out == ""


def test_invalid_data_file_names_first_problem(kachin, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(MINI.read_text().replace('"date": "2012-03"', '"date": "2012-13"'))
    r = kachin("--data", str(bad), "timeline")
    assert r.code == 1
    assert r.err.count("\n") == 1
    assert "not a valid knowledge base (1 problem; first: events[1].date: '2012-13' is not a valid date)" in r.err


def test_unknown_command_suggests(kachin):
    r = kachin("timelin")
    assert r.code == 2
    assert r.err == "kachin: No such command 'timelin'. Did you mean 'timeline'?\n"


# ---------------------------------------------------------------- validate and about


def test_validate_valid_file(mini):
    r = mini("validate")
    assert r.code == 0
    assert r.out == f"{MINI}: valid (6 events, 4 people, 2 organisations, 3 places, 3 talks, 5 figures, 3 phases, 2 sources)\n"


def test_validate_lists_every_problem(kachin, tmp_path):
    bad = tmp_path / "bad.json"
    text = MINI.read_text().replace('"2012-03"', '"2012-13"').replace('"side": "government"', '"side": "junta"')
    bad.write_text(text)
    r = kachin("validate", str(bad))
    assert r.code == 1
    lines = r.out.splitlines()
    assert lines[0] == "events[1].date: '2012-13' is not a valid date"
    assert lines[1].startswith("people[1].side: 'junta' is not one of: government, kachin, other")
    assert lines[-1].endswith(": 3 problems")  # the organisation's side too


def test_validate_bad_json_and_missing_file(kachin, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"events": [1,]}')
    r = kachin("validate", str(bad))
    assert (r.code, r.out) == (1, "")
    assert r.err == f"kachin: {bad}: not valid JSON: Expecting value at line 1 column 15\n"
    r = kachin("validate", str(tmp_path / "none.json"))
    assert r.code == 1 and r.err.endswith("none.json: no such file\n")


def test_about(mini):
    r = mini("about")
    assert r.code == 0
    assert "Period covered  1961-03-07 to 2021-03-25" in r.out
    assert re.search(r"events\s+6\n", r.out)
    assert "Test article" in r.out and "Kachin conflict" in r.out  # the credit line
    data = mini("about", "--format", "json").json
    assert data["counts"]["figures"] == 5 and data["period"] == {"from": "1961-03-07", "to": "2021-03-25"}


# ---------------------------------------------------------------- timeline


def test_timeline_lists_all_in_order(mini):
    assert ids_of(mini("timeline", "-f", "json")) == [
        "raid-1961", "women-report-2012", "road-battles-2012", "air-campaign-2012", "laiza-attack-2014",
        "base-taken-2021"]


def test_timeline_table_shows_date_title_summary_and_id(mini):
    r = mini("timeline", "--from", "2014")
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0].split() == ["Date", "Event"]
    assert "2014-11-19" in lines[2] and "Attack near Laiza" in lines[2]
    assert "Soldiers hit the headquarters." in r.out
    assert "laiza-attack-2014" in r.out
    assert "raid-1961" not in r.out


@pytest.mark.parametrize("args, expected", [
    (["--from", "2012", "--to", "2012"], ["women-report-2012", "road-battles-2012", "air-campaign-2012"]),
    (["--from", "2012-03-15", "--to", "2012-03-15"], ["women-report-2012", "road-battles-2012"]),
    (["--from", "2013-01"], ["air-campaign-2012", "laiza-attack-2014", "base-taken-2021"]),
    (["--to", "March 2012"], ["raid-1961", "women-report-2012", "road-battles-2012"]),
    (["--from", "19 November 2014", "--to", "2014-11-19"], ["laiza-attack-2014"]),
    (["--phase", "late"], ["women-report-2012", "road-battles-2012", "air-campaign-2012", "laiza-attack-2014", "base-taken-2021"]),
    (["--phase", "Coup era"], ["base-taken-2021"]),
    (["--type", "attack"], ["raid-1961", "laiza-attack-2014"]),
    (["--place", "laiza"], ["air-campaign-2012", "laiza-attack-2014"]),
    (["--place", "phakant"], ["base-taken-2021"]),
    (["--actor", "zau tu"], ["raid-1961"]),
    (["--actor", "Myanmar Army"], ["road-battles-2012", "air-campaign-2012", "laiza-attack-2014"]),
    (["--search", "treasury"], ["raid-1961"]),
    (["--reverse", "--limit", "2"], ["base-taken-2021", "laiza-attack-2014"]),
    (["--limit", "1"], ["raid-1961"]),
])
def test_timeline_filters(mini, args, expected):
    assert ids_of(mini("timeline", *args, "--format", "json")) == expected


def test_timeline_limit_says_how_many_are_left(mini):
    r = mini("timeline", "--limit", "2")
    assert "Showing 2 of 6 events; raise --limit to see more." in r.out


def test_timeline_no_results_is_one_line_exit_0(mini):
    r = mini("timeline", "--from", "1970", "--to", "1980")
    assert (r.code, r.out, r.err) == (0, "No events match.\n", "")
    assert mini("timeline", "--from", "1970", "--to", "1980", "-f", "json").out == "[]\n"


@pytest.mark.parametrize("args, message", [
    (["--from", "2011-13"], "kachin timeline: Invalid value for '--from': '2011-13' is not a valid date\n"),
    (["--to", "2013-02-30"], "kachin timeline: Invalid value for '--to': '2013-02-30' is not a valid date\n"),
    (["--from", "2012", "--to", "2011"], "kachin timeline: Invalid value for '--from': '2012' is after --to '2011'\n"),
    (["--phase", "middle"], "kachin: no phase 'middle'; choose one of: early, late, coup-era\n"),
    (["--limit", "0"], "kachin timeline: Invalid value for '--limit' / '-n': --limit takes a whole number of rows, "
                       "1 or more, not '0'\n"),
    (["--format", "xml"], "kachin timeline: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json', 'csv', 'markdown', 'timelinejs', 'geojson'.\n"),
])
def test_timeline_usage_errors_are_one_line_exit_2(mini, args, message):
    r = mini("timeline", *args)
    assert (r.code, r.out, r.err) == (2, "", message)


def test_timeline_json_contract(mini):
    rows = mini("timeline", "-f", "json").json
    span = next(r for r in rows if r["id"] == "air-campaign-2012")
    assert (span["date"], span["end_date"]) == ("2012-12", "2013-01")
    assert rows[0]["date"] == "1961-03-07" and rows[0]["end_date"] is None
    assert {"id", "date", "end_date", "title", "summary", "type", "phase", "people", "organisations", "places",
            "figures", "sources"} <= set(rows[0])


def test_timeline_csv_and_markdown(mini):
    rows = list(csv.DictReader(io.StringIO(mini("timeline", "-f", "csv", "--to", "2012").out)))
    assert [r["id"] for r in rows] == ["raid-1961", "women-report-2012", "road-battles-2012", "air-campaign-2012"]
    assert rows[0]["places"] == "lashio" and rows[0]["date"] == "1961-03-07"
    md = mini("timeline", "-f", "markdown", "--to", "1961").out.splitlines()
    assert md[0] == ("| id | date | end_date | date_note | title | summary | type | phase | people | organisations | "
                     "places | figures | talks | claimed_by | notes | sources |")
    assert md[2].startswith("| raid-1961 | 1961-03-07 |  |  | Treasury raid | Zau Tu's men rob the treasury in Lashio. "
                            "| attack | early | zaw-tu |")


# ---------------------------------------------------------------- commanders


def test_commanders_by_side_then_time(mini):
    assert ids_of(mini("commanders", "-f", "json")) == ["min-aung-hlaing", "zaw-tu", "gun-maw", "nban-la"]


@pytest.mark.parametrize("term, expected", [
    ("zau tu", ["zaw-tu"]), ("Zaw Tu", ["zaw-tu"]), ("zau", ["zaw-tu"]), ("Nban La", ["nban-la"]),
    ("n’ban", ["nban-la"]), ("Min Aung Hliang", ["min-aung-hlaing"]),
])
def test_commanders_term_matches_names_and_spellings(mini, term, expected):
    assert ids_of(mini("commanders", term, "-f", "json")) == expected


def test_commanders_side_and_active_in(mini):
    assert ids_of(mini("commanders", "--side", "government", "-f", "json")) == ["min-aung-hlaing"]
    r = mini("commanders", "--active-in", "2014")
    assert "Min Aung Hlaing" in r.out and "Gun Maw" in r.out and "Zaw Tu" not in r.out
    assert "1 person left out because their tenure is unknown: N'Ban La." in r.out
    assert ids_of(mini("commanders", "--active-in", "1970", "-f", "json")) == ["zaw-tu"]


def test_commanders_json_contract(mini):
    person = mini("commanders", "zaw tu", "-f", "json").json[0]
    assert person["name"] == "Zaw Tu" and person["aliases"] == ["Zau Tu"] and person["side"] == "kachin"
    assert person["roles"][0]["start"] == 1961 and person["roles"][0]["end"] == 1975


def test_commanders_table_shows_roles_with_years(mini):
    r = mini("commanders", "zaw")
    assert "KIA leader (Kachin Independence Army), 1961-1975" in r.out
    assert "also Zau Tu" in r.out


# ---------------------------------------------------------------- ceasefire


def test_ceasefire_by_date_undated_last(mini):
    assert ids_of(mini("ceasefire", "-f", "json")) == ["truce-1994", "ruili-2013", "initiative"]


def test_ceasefire_range_leaves_out_undated_and_says_so(mini):
    r = mini("ceasefire", "--from", "2013", "--to", "2013")
    assert "Ruili talks" in r.out and "1994 truce" not in r.out
    assert "1 undated talks and initiatives left out by the date range." in r.out
    assert "at Laiza" in r.out and "observers: Tatmadaw" in r.out and "Agreed to talk again." in r.out


# ---------------------------------------------------------------- casualties


def test_casualties_rows_and_qualifiers(mini):
    r = mini("casualties")
    assert r.code == 0
    for text in ("at least 5,000", "at least 22", "6,000", "thousands (no number given)", "claimed by", "UN"):
        assert text.lower() in r.out.lower()


def test_casualties_yearly_sum_says_at_least(mini):
    r = mini("casualties", "--category", "killed")
    assert re.search(r"2014\s+at least 28\s+by side\s+#+\s+2", r.out), r.out
    assert "1961 to 1994" in r.out  # the span is listed but not summed into one year
    assert "Not in the killed per year: 2 figure(s)" in r.out
    exact = mini("casualties", "--category", "killed", "--from", "2014-06", "--to", "2014-06")
    assert re.search(r"2014\s+6\s+single\s+#+\s+1", exact.out), exact.out


def test_casualties_filters_and_running_totals(mini):
    assert ids_of(mini("casualties", "--from", "2018", "-f", "json")) == ["civilians-killed", "displaced-2018"]
    assert ids_of(mini("casualties", "--category", "displaced", "-f", "json")) == ["displaced-2018"]
    r = mini("casualties", "--category", "nonsense")
    assert r.code == 2 and "Invalid value for '--category'" in r.err


def test_casualties_json_contract(mini):
    rows = {r["id"]: r for r in mini("casualties", "-f", "json").json}
    assert rows["first-war-killed"]["qualifier"] == "at_least" and rows["first-war-killed"]["count"] == 5000
    assert rows["first-war-killed"]["date"] == "1961" and rows["first-war-killed"]["end_date"] == "1994"
    assert rows["civilians-killed"]["count"] is None and rows["civilians-killed"]["text"] == "thousands"


# ---------------------------------------------------------------- search and show


def test_search_ranks_exact_then_prefix_then_text_then_fuzzy(mini):
    rows = mini("search", "laiza", "-f", "json").json
    assert rows[0]["id"] == "laiza" and rows[0]["record"] == "place" and rows[0]["match"] == "exact"
    matches = [r["match"] for r in rows]
    assert matches == sorted(matches, key=["exact", "prefix", "contains", "fuzzy", "all words"].index)
    assert "laiza-attack-2014" in [r["id"] for r in rows]


@pytest.mark.parametrize("term, first", [
    ("Nban La", "nban-la"), ("N'BAN LA", "nban-la"), ("Min Aung Hliang", "min-aung-hlaing"),
    ("liaza", "laiza"), ("Phakant", "hpakant"), ("KIA", "kia"), ("zau tu", "zaw-tu"),
])
def test_search_tolerates_spelling(mini, term, first):
    assert ids_of(mini("search", term, "-f", "json"))[0] == first


def test_search_nothing(mini):
    r = mini("search", "qwxyz")
    assert (r.code, r.out) == (0, "No records match.\n")


def test_show_by_id_lists_fields_related_and_sources(mini):
    r = mini("show", "laiza")
    assert r.code == 0
    assert r.out.splitlines()[0].split() == ["Laiza", "place", "laiza"]
    assert "24.77, 97.56 (approximate)" in r.out
    assert "Attack near Laiza" in r.out and "Air campaign" in r.out  # events at the place
    assert "Ruili talks" in r.out  # talks held there
    assert "Article «Test article», section 2013" in r.out and "General reference, coordinates" in r.out


def test_show_by_name_and_json(mini):
    data = mini("show", "Zau Tu", "-f", "json").json
    assert data["id"] == "zaw-tu" and data["record"] == "person"
    assert data["related"]["Events"] == ["raid-1961"]
    event = mini("show", "laiza-attack-2014", "-f", "json").json
    assert event["related"]["Figures"] == ["laiza-killed-2014"]


def test_show_several_matches_lists_them(mini):
    r = mini("show", "killed")
    assert r.code == 0
    assert r.out.startswith("4 records match 'killed'; show one by its id:")
    assert "first-war-killed" in r.out and "laiza-killed-2014" in r.out


def test_show_unknown_exits_1_with_closest(mini):
    r = mini("show", "laiza-atack-2014")
    assert (r.code, r.out) == (1, "")
    assert r.err.startswith("kachin: no record 'laiza-atack-2014'; closest: laiza-attack-2014")
    assert r.err.count("\n") == 1
    r = mini("show", "qqqq")
    assert r.err == "kachin: no record 'qqqq'\n"


# ---------------------------------------------------------------- overview


def test_overview(mini):
    r = mini("overview")
    assert r.code == 0
    for text in ("Early war", "Coup era", "Tatmadaw", "Kachin Independence Army", "Min Aung Hlaing (since 2011, ongoing;",
                 "Zaw Tu (1961-1975)", "at least 5,000"):
        assert text in r.out
    data = mini("overview", "-f", "json").json
    assert data["commanders"]["kachin"] == ["zaw-tu", "gun-maw", "nban-la"]


# ---------------------------------------------------------------- help


COMMANDS = ["timeline", "commanders", "ceasefire", "casualties", "search", "show", "overview", "about",
            "validate", "repl", "places", "cite", "chart", "map"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(kachin, command):
    r = kachin(command, "--help")
    assert r.code == 0
    assert "Example" in r.out and f"kachin {command}" in r.out.replace("kachin --data my-kachin.json repl", "kachin repl")


def test_every_command_is_in_the_readme():
    readme = (MINI.parents[2] / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"kachin {command}" in readme, command

"""Recorded events beside the narrative (issue 11): the bundled UCDP layer, `kachin import`
of UCDP and ACLED files, and every broken file an import can meet. Expected numbers are
computed here from the bundled CSV with the csv module alone, never through kachin."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO

from kachin_cli.layers.storage import bundled_csv

# The extract as the installed package holds it (kachin_cli/data/ in a wheel, data/ in a checkout).
BUNDLED = Path(bundled_csv())


def ged_rows() -> tuple[list[str], list[dict[str, str]]]:
    with open(BUNDLED, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


HEADER, ROWS = ged_rows()


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def layer_dir() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "kachin" / "layers"


def day(text: str) -> date:
    return date.fromisoformat(text[:10])


# ---------------------------------------------------------------- the bundled extract


def test_the_bundled_extract_is_ucdps_layout_unchanged():
    assert BUNDLED.read_bytes() == (REPO / "data" / "ucdp-ged-kachin.csv").read_bytes()
    assert len(HEADER) == 49 and HEADER[:3] == ["id", "relid", "year"]
    assert len(ROWS) == 647
    assert sum(r["conflict_new_id"] == "231" for r in ROWS) == 544


def test_casualties_by_year_gives_ucdps_sums_for_every_year(kachin):
    expected: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in ROWS:
        if r["conflict_new_id"] == "231":
            s = expected[int(r["year"])]
            s[0] += 1
            s[1] += int(r["low"])
            s[2] += int(r["best"])
            s[3] += int(r["high"])
    res = kachin("casualties", "--by", "year", "--format", "json")
    assert res.code == 0, res.err
    years = {y["year"]: y for y in res.json}
    assert sorted(years) == list(range(1989, 2024))
    for year, y in years.items():
        rec = y["recorded"]
        if year in expected:
            assert [rec["events"], rec["low"], rec["best"], rec["high"]] == expected[year], year
        else:
            assert (rec["events"], rec["low"], rec["best"], rec["high"]) == (0, None, None, None), year
    assert expected[2012] == [41, 676, 702, 2198]
    assert years[2012]["recorded"] | {"events": 41} == {"layer": "ucdp", "source": "ucdp-ged", "conflict": 231,
                                                        "events": 41, "low": 676, "best": 702, "high": 2198}
    claims = years[2012]["claims"]
    assert [(c["id"], c["claimed_by"], c["count"]) for c in claims] == [("myauk-phyu-killed-2012", "KIA", 140)]


def test_casualties_by_year_table_shows_the_spread_and_whose_claims(kachin):
    res = kachin("casualties", "--by", "year")
    assert res.code == 0, res.err
    lines = res.out.splitlines()
    assert lines[0].startswith("Deaths per year: UCDP conflict 231 (ucdp) beside the narrative's claims")
    row_2012 = next(line for line in lines if line.startswith("2012"))
    assert row_2012.split()[:5] == ["2012", "41", "676", "702", "2,198"]
    assert "claimed by KIA" in row_2012
    assert next(line for line in lines if line.startswith("1995")).strip() == "1995"  # empty, but shown
    assert "Not in these sums: 103 rows of other conflicts located in Kachin State" in res.out


def test_casualties_source_needs_by_year(kachin):
    res = kachin("casualties", "--source", "ucdp")
    assert (res.code, res.err) == (2, "kachin: --source chooses the layer for --by year: kachin casualties --by year "
                                      "--source NAME\n")
    res = kachin("casualties", "--by", "year", "--source", "narrative")
    assert res.code == 2 and "choose --source ucdp, all or an imported layer" in res.err


def test_timeline_source_all_interleaves_both_layers(kachin):
    res = kachin("timeline", "--from", "2012", "--to", "2012", "--source", "all", "--format", "json")
    assert res.code == 0, res.err
    narrative = kachin("timeline", "--from", "2012", "--to", "2012", "--format", "json").json
    recorded = [r for r in ROWS if day(r["date_start"]) <= date(2012, 12, 31) and day(r["date_end"]) >= date(2012, 1, 1)]
    got = res.json
    assert len(got) == len(narrative) + len(recorded) == len(narrative) + 47
    assert {g["id"] for g in got if g["record"] == "recorded"} == {f"ucdp-{r['id']}" for r in recorded}
    assert {g["id"] for g in got if g["record"] == "event"} == {e["id"] for e in narrative}
    assert all(g["layer"] == ("narrative" if g["record"] == "event" else "ucdp") for g in got)
    # a narrative date is at the precision known ("2012", "2012-03"): its first day sorts it
    starts = [(g["date"] + "-01-01"[len(g["date"]) - 4:]) if g["record"] == "event" else g["date_start"] for g in got]
    assert starts == sorted(starts)
    kinds = [g["record"] for g in got]
    assert kinds.index("recorded") < max(i for i, k in enumerate(kinds) if k == "event")  # really interleaved
    table = kachin("timeline", "--from", "2012", "--to", "2012", "--source", "all").out
    assert "narrative" in table and "\n2012-01-01     1 killed" in table and re.search(r" ucdp$", table, re.M)


def test_the_recorded_json_contract(kachin):
    got = kachin("timeline", "--source", "ucdp", "--format", "json").json
    assert len(got) == 647
    first = got[0]
    assert first == {
        "record": "recorded", "layer": "ucdp", "id": "ucdp-49343", "source": "ucdp-ged", "source_id": "49343",
        "date_start": "1989-02-21", "date_end": "1989-02-21", "date_prec": 1, "year": 1989, "conflict_id": 231,
        "conflict_name": "Myanmar (Burma): Kachin", "dyad_name": "Government of Myanmar (Burma) - KIO",
        "type_of_violence": 1, "event_type": "", "side_a": "Government of Myanmar (Burma)", "side_b": "KIO",
        "place": "Mohnyin town", "where_description": "Mohnyin town", "adm_1": "Kachin state", "adm_2": "",
        "country": "Myanmar (Burma)", "latitude": 24.783333, "longitude": 96.366667, "where_prec": 1,
        "deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": 5, "low": 5, "best": 5, "high": 5,
        "event_clarity": 1, "number_of_sources": 2,
        "source_article": ROWS[0]["source_article"], "source_office": "Reuters News;The Times",
        "source_date": "1989-02-23;1989-02-24", "source_headline": ROWS[0]["source_headline"],
        "source_original": "Rangoon radio", "notes": "", "places": []}
    csv_out = kachin("timeline", "--source", "ucdp", "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert list(rows[0]) == [k for k in first if k != "places"] + ["places"]
    assert len(rows) == 647 and rows[0]["deaths_unknown"] == "5" and rows[1]["number_of_sources"] == "-1"


def test_show_works_for_every_bundled_row(kachin):
    for r in ROWS:
        res = kachin("show", f"ucdp-{r['id']}")
        assert res.code == 0, (r["id"], res.err)
        assert f"recorded event ucdp-{r['id']}\n" in res.out.splitlines()[0] + "\n"


def test_show_says_everything_in_words(kachin):
    res = kachin("show", "ucdp-49343")
    assert res.code == 0, res.err
    lines = [line.rstrip() for line in res.out.splitlines()]
    assert lines[:14] == [
        "5 killed: Government of Myanmar (Burma) vs KIO  recorded event ucdp-49343",
        "Layer        ucdp (ucdp-ged)",
        "When         1989-02-21 (exact day)",
        "Where        Mohnyin town (Kachin state); precision: exact location",
        "Coordinates  24.7833 N, 96.3667 E",
        "Conflict     Myanmar (Burma): Kachin (UCDP conflict 231)",
        "Dyad         Government of Myanmar (Burma) - KIO",
        "Violence     state-based conflict",
        "Side A       Government of Myanmar (Burma)",
        "Side B       KIO",
        "Deaths       5 killed",
        "Estimates    low 5, best 5, high 5",
        "By side      Government of Myanmar (Burma): 0; KIO: 0; civilians: 0; unknown: 5",
        "Clarity      clear: one event, clearly described",
    ]
    assert "Outlets     Reuters News;The Times" in res.out
    assert "Sundberg, Ralph and Erik Melander (2013)" in " ".join(res.out.split())


def test_a_country_level_row_is_never_placed_nor_linked(kachin):
    res = kachin("show", "ucdp-49542")
    assert "Where        Myanmar (Burma) (the country only: no place given)" in res.out
    assert "Coordinates  none: the point 22.0, 98.0 in the file is the country's centroid" in res.out
    country = {f"ucdp-{r['id']}" for r in ROWS if r["where_prec"] == "6"}
    assert len(country) == 16
    got = kachin("timeline", "--source", "ucdp", "--format", "json").json
    assert all(g["places"] == [] for g in got if g["id"] in country)
    # not even by --place: the centroid lies in no place's reach
    near_centroid = kachin("timeline", "--source", "ucdp", "--place", "lashio", "--format", "json").json
    assert not country & {g["id"] for g in near_centroid}


def test_show_a_place_lists_recorded_events_at_or_near_it_and_how(kachin):
    res = kachin("show", "laiza")
    assert res.code == 0, res.err
    assert "Recorded events at or near it" in res.out
    data = kachin("show", "laiza", "--format", "json").json
    linked = {r["id"]: r["how"] for r in data["recorded"]}
    by_name = {f"ucdp-{r['id']}" for r in ROWS if r["where_coordinates"] == "Laiza town" and int(r["where_prec"]) <= 3}
    assert by_name and by_name <= set(linked)
    assert all(linked[i].startswith("by name: the dataset's location 'Laiza town'") for i in by_name)
    assert linked["ucdp-494205"].startswith("by distance: 1.4 km from Laiza's coordinates")
    precision = {f"ucdp-{r['id']}": int(r["where_prec"]) for r in ROWS}
    assert all(precision[i] <= 3 for i in linked)


def test_narrative_listing_says_what_ucdp_records_in_the_range(kachin):
    expected = [r for r in ROWS if day(r["date_end"]) >= date(2018, 1, 1) and day(r["date_start"]) <= date(2018, 12, 31)]
    best = sum(int(r["best"]) for r in expected)
    out = kachin("timeline", "--from", "2018", "--to", "2018").out
    assert out.split("UCDP records ")[1] == (
        f"{len(expected)} fatal events in this range, {best} deaths (best estimate).\n"
        "See them: kachin timeline --from 2018 --to 2018 --source ucdp\n")
    assert len(kachin("timeline", "--from", "2018", "--to", "2018", "--source", "ucdp", "--format", "json").json) \
        == len(expected)


def test_filters_mean_the_same_for_recorded_events(kachin):
    at = kachin("timeline", "--source", "ucdp", "--place", "laiza", "--format", "json").json
    assert at and all(any(p["id"] == "laiza" for p in g["places"]) for g in at)
    kachin_state = kachin("timeline", "--source", "ucdp", "--place", "kachin state", "--format", "json").json
    in_state = {f"ucdp-{r['id']}" for r in ROWS if r["adm_1"] == "Kachin state" and int(r["where_prec"]) <= 4}
    assert in_state <= {g["id"] for g in kachin_state}
    res = kachin("timeline", "--source", "ucdp", "--type", "battle")
    assert res.code == 2 and "--type chooses among the narrative's events" in res.err


def test_unknown_source_is_a_usage_error(kachin):
    res = kachin("timeline", "--source", "nope")
    assert (res.code, res.out) == (2, "")
    assert res.err == ("kachin: --source 'nope': choose narrative, ucdp, all (no layers are imported: see "
                       "kachin import)\n")
    long = kachin("timeline", "--source", "x" * 5000)  # an echoed value is cut short, as every message does
    assert long.code == 2 and long.err.startswith("kachin: --source 'xxx") and len(long.err) < 200


def test_about_credits_ucdp(kachin):
    out = " ".join(kachin("about").out.split())
    assert "UCDP Georeferenced Event Dataset (GED)" in out and "Uppsala University" in out
    assert "Davies, Shawn, Therése Pettersson and Magnus Öberg (2023)" in out
    assert "Journal of Peace Research 50(4): 523-532" in out


# ---------------------------------------------------------------- kachin import


@pytest.fixture
def ged_copy(tmp_path):
    """The bundled extract, copied from the package's data."""
    return Path(shutil.copy(BUNDLED, tmp_path / "ucdp-ged-kachin.csv"))


def test_import_round_trips_the_bundled_layer(kachin, ged_copy):
    res = kachin("import", str(ged_copy), "--name", "test")
    assert (res.code, res.err) == (0, "")
    assert res.out == ("Read 647 rows of UCDP GED from ucdp-ged-kachin.csv: kept 647, skipped 0.\n"
                       "Layer 'test': 647 events, 1989-02-21 to 2023-12-31; see them with kachin timeline "
                       "--source test\n")
    mine = kachin("timeline", "--source", "test", "--format", "json").json
    bundled = kachin("timeline", "--source", "ucdp", "--format", "json").json
    assert [m | {"layer": "ucdp"} for m in mine] == bundled
    assert all(m["layer"] == "test" for m in mine)
    bundled_years = kachin("casualties", "--by", "year", "-f", "json").json
    for _ in range(2):  # the first run builds the layer's index, the second sums from it
        years = kachin("casualties", "--by", "year", "--source", "test", "-f", "json").json
        assert years[23]["recorded"]["best"] == 702
        assert [y | {"recorded": y["recorded"] | {"layer": "ucdp"}} for y in years] == bundled_years
    listed = kachin("layers").out.splitlines()
    assert listed[2].split()[:6] == ["test", "ucdp-ged", "647", "1989-02-21", "to", "2023-12-31"]
    # the same rows in two layers are shown and counted once
    assert len(kachin("timeline", "--source", "all", "--format", "json").json) == 647 + len(
        kachin("timeline", "--format", "json").json)


def test_a_date_range_of_an_imported_layer_reads_only_its_rows_and_the_same_ones(kachin, ged_copy):
    assert kachin("import", str(ged_copy), "--name", "test").code == 0
    bundled = kachin("timeline", "--source", "ucdp", "--from", "2012", "--to", "2012", "-f", "json").json
    assert len(bundled) == 47
    for _ in range(2):  # the first run builds the index of dates and offsets, the second reads through it
        mine = kachin("timeline", "--source", "test", "--from", "2012", "--to", "2012", "-f", "json").json
        assert [m | {"layer": "ucdp"} for m in mine] == bundled


def test_a_layer_with_a_damaged_row_is_one_line(kachin, ged_copy):
    assert kachin("import", str(ged_copy), "--name", "test").code == 0
    path = layer_dir() / "test"
    lines = path.read_bytes().split(b"\n")
    lines[5] = lines[5][:40]
    path.write_bytes(b"\n".join(lines))
    res = kachin("timeline", "--source", "test", "--from", "2012")
    assert (res.code, res.out) == (1, "")
    assert res.err == f"kachin: layer 'test' is damaged ({path}); import it again or remove it: kachin layers remove test\n"


def test_import_keeps_the_kachin_rows_where_and_all_rows(kachin, tmp_path):
    elsewhere = [r | {"id": str(900000 + i), "conflict_new_id": "299", "adm_1": "Shan state"} for i, r in enumerate(ROWS[:3])]
    path = write_csv(tmp_path / "mixed.csv", HEADER, ROWS[:5] + elsewhere + [ROWS[0]])
    res = kachin("import", str(path), "--name", "mixed")
    assert res.code == 0, res.err
    assert res.out.splitlines()[:3] == [
        "Read 9 rows of UCDP GED from mixed.csv: kept 5, skipped 0.",
        "3 rows outside the Kachin conflict left out (--all-rows keeps them).",
        "1 row repeating an event id already read: kept once."]
    assert len(kachin("timeline", "--source", "mixed", "-f", "json").json) == 5
    assert kachin("import", str(path), "--name", "mixed", "--all-rows").code == 0
    assert len(kachin("timeline", "--source", "mixed", "-f", "json").json) == 8  # replaced, not added to
    res = kachin("import", str(path), "--name", "mixed", "--where", "where_prec=1")
    assert res.code == 0, res.err
    kept = {r["id"] for r in ROWS[:5] if r["where_prec"] == "1"}
    assert {g["source_id"] for g in kachin("timeline", "--source", "mixed", "-f", "json").json} == kept
    res = kachin("import", str(path), "--name", "mixed", "--where", "nope=1")
    assert (res.code, res.err) == (1, f"kachin: --where 'nope': {path} has no such column\n")


def test_rows_with_bad_values_are_skipped_with_line_and_reason(kachin, tmp_path):
    bad = [ROWS[0] | {"date_start": "2012-02-30 00:00:00.000"}, ROWS[1] | {"best": "many"},
           ROWS[2] | {"latitude": "200"}]
    path = write_csv(tmp_path / "bad.csv", HEADER, bad + ROWS[3:6])
    res = kachin("import", str(path), "--name", "bad")
    assert res.code == 0, res.err
    assert res.out.splitlines()[:4] == [
        "Read 6 rows of UCDP GED from bad.csv: kept 3, skipped 3.",
        "  skipped line 2: date_start '2012-02-30 00:00:00.000' is not a date",
        "  skipped line 3: best 'many' is not a whole number",
        "  skipped line 4: latitude '200' is outside -90..90"]


ACLED_NEW = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
             "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
             "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
             "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
ACLED_OLD = ["data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
             "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
             "interaction", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
             "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp", "iso3"]


def acled_row(n: int, when: str, admin1: str, actor2: str, fatalities: str) -> dict[str, str]:
    """A made-up row in ACLED's layout (ACLED's terms forbid shipping real ones)."""
    return {"event_id_cnty": f"MMR{n}", "data_id": str(n), "event_id_no_cnty": str(n), "event_date": when,
            "year": when[-4:] if " " in when else when[:4], "time_precision": "1", "event_type": "Battles",
            "sub_event_type": "Armed clash", "actor1": "Military Forces of Myanmar (2021-)", "actor2": actor2,
            "country": "Myanmar", "admin1": admin1, "admin2": "Synthetic district", "location": "Synthetic town",
            "latitude": "25.0", "longitude": "97.0", "geo_precision": "2", "source": "Synthetic Daily",
            "notes": "A synthetic test row.", "fatalities": fatalities}


@pytest.mark.parametrize("header, dates", [(ACLED_NEW, "2022-03-05"), (ACLED_OLD, "5 March 2022")])
def test_an_acled_layout_file_imports(kachin, tmp_path, header, dates):
    rows = [acled_row(1, dates, "Kachin", "KIA: Kachin Independence Army", "3"),
            acled_row(2, dates, "Shan-North", "KIA: Kachin Independence Army", "2"),
            acled_row(3, dates, "Yangon", "Protesters (Myanmar)", "0")]
    path = tmp_path / "acled.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    res = kachin("import", str(path), "--name", "acled-test")
    assert res.code == 0, res.err
    assert res.out.splitlines()[:2] == ["Read 3 rows of ACLED from acled.csv: kept 2, skipped 0.",
                                        "1 row outside the Kachin conflict left out (--all-rows keeps them)."]
    got = kachin("timeline", "--source", "acled-test", "--format", "json").json
    assert [(g["id"], g["source"], g["date_start"], g["best"], g["low"], g["where_prec"]) for g in got] == [
        ("acled-MMR1", "acled", "2022-03-05", 3, None, 2), ("acled-MMR2", "acled", "2022-03-05", 2, None, 2)]
    show = kachin("show", "acled-MMR1")
    assert show.code == 0, show.err
    assert "Side B KIA: Kachin Independence Army" in " ".join(show.out.split())
    year = kachin("casualties", "--by", "year", "--source", "acled-test", "-f", "json").json
    assert [(y["year"], y["recorded"]) for y in year] == [
        (2022, {"layer": "acled-test", "source": "acled", "conflict": None, "events": 2, "low": None, "best": 5,
                "high": None})]
    # beside them, the narrative's own killed claims for 2022, whoever made them
    assert year[0]["claims"] and {c["category"] for c in year[0]["claims"]} == {"killed"}
    assert all(c["date"].startswith("2022") for c in year[0]["claims"])


def test_layers_remove(kachin, ged_copy):
    assert kachin("import", str(ged_copy), "--name", "gone").code == 0
    assert kachin("layers", "path", "gone").out == f"{layer_dir() / 'gone'}\n"
    assert kachin("layers", "path", "ucdp").out == f"{BUNDLED}\n"
    res = kachin("layers", "remove", "gone")
    assert (res.code, res.out) == (0, "Removed layer 'gone'.\n")
    assert not (layer_dir() / "gone").exists()
    assert kachin("layers").out.startswith("No imported layers")
    res = kachin("layers", "remove", "gone")
    assert (res.code, res.err) == (1, "kachin: no imported layer 'gone' (see kachin layers)\n")


def test_a_relative_xdg_data_home_is_ignored(kachin, ged_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert kachin("import", str(ged_copy), "--name", "rel").code == 0
    assert (tmp_path / "home" / ".local" / "share" / "kachin" / "layers" / "rel").is_file()
    assert not (tmp_path / "relative").exists()


def test_an_interrupted_import_leaves_the_previous_layer(kachin, ged_copy, monkeypatch):
    assert kachin("import", str(ged_copy), "--name", "keep").code == 0
    before = (layer_dir() / "keep").read_bytes()
    from kachin_cli.layers import ucdp

    real = ucdp._event

    def interrupted(cls, values):
        if values[0] == ROWS[100]["id"]:  # Ctrl-C in the middle of the file
            raise KeyboardInterrupt
        return real(cls, values)

    monkeypatch.setattr(ucdp, "_event", interrupted)
    assert kachin("import", str(ged_copy), "--name", "keep").code == 130
    assert (layer_dir() / "keep").read_bytes() == before
    assert sorted(os.listdir(layer_dir())) == ["keep"]


def test_a_damaged_layer_is_one_line(kachin):
    layer_dir().mkdir(parents=True)
    (layer_dir() / "broken").write_text('{"kachin_layer": 1}\n{"id": "ucdp-1"', encoding="utf-8")
    res = kachin("timeline", "--source", "broken")
    assert res.code == 1
    assert res.err.startswith("kachin: layer 'broken' is damaged (") and res.err.count("\n") == 1


def test_a_damaged_layer_does_not_hide_a_place(kachin):
    layer_dir().mkdir(parents=True)
    (layer_dir() / "broken").write_text("not a layer\n", encoding="utf-8")
    res = kachin("show", "laiza")
    assert res.code == 0, res.err
    assert "Recorded events not shown: layer 'broken' is damaged" in " ".join(res.out.split())
    assert "Laiza" in res.out.splitlines()[0]


def test_csv_export_neutralises_formulas(kachin, tmp_path):
    payload = "=cmd|' /C calc'!A0"
    path = write_csv(tmp_path / "formula.csv", HEADER, [ROWS[0] | {"where_description": payload,
                                                                   "source_headline": "@SUM(1+1)"}])
    assert kachin("import", str(path), "--name", "formula").code == 0
    out = kachin("timeline", "--source", "formula", "--format", "csv").out
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["where_description"] == "'" + payload and row["source_headline"] == "'@SUM(1+1)"
    assert row["number_of_sources"] == "2"
    assert kachin("timeline", "--source", "formula", "--format", "json").json[0]["where_description"] == payload


# ---------------------------------------------------------------- bad input: one line, exit 1, layers untouched


def _ged_text(rows: list[dict[str, str]] = ROWS[:3]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _bad_inputs(tmp: Path) -> list[tuple[str, Path, str]]:
    text = _ged_text()
    cases: list[tuple[str, Path, str]] = []

    def file(name: str, data: bytes | str) -> Path:
        p = tmp / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return p

    p = file("truncated.csv", text[:-200])
    cases.append(("truncated", p, f"kachin: {p} ends in the middle of a row (line 4 has 20 of 49 fields): "
                                  "the file looks truncated\n"))
    p = file("semicolons.csv", text.replace(",", ";"))
    cases.append(("wrong delimiter", p, f"kachin: {p} is separated by semicolons, not commas; save it as "
                                        "comma-separated CSV\n"))
    p = file("header.csv", text.splitlines()[0] + "\n")
    cases.append(("header only", p, f"kachin: {p} has a header but no rows; nothing imported\n"))
    p = file("utf16.csv", text.encode("utf-16"))
    cases.append(("UTF-16 BOM", p, f"kachin: {p} is UTF-16 text; save it as UTF-8 CSV\n"))
    p = file("latin1.csv", _ged_text([ROWS[0] | {"where_description": "Lai\u00e9a"}]).encode("latin-1"))
    cases.append(("Latin-1", p, f"kachin: {p}, line 2: byte 0xe9 is not UTF-8 (Latin-1 or another "
                                "encoding?); save the file as UTF-8\n"))
    p = file("open-quote.csv", text + '1,"never closed\n')
    cases.append(("quote left open", p, f"kachin: {p}, line 5: a quoted field is never closed\n"))
    p = file("huge.csv", _ged_text([ROWS[0] | {"where_description": "x" * 1_000_000}]))
    cases.append(("1e6-character field", p, f"kachin: {p}, line 2: a field longer than 131,072 characters "
                                           "(a quote left open?)\n"))
    p = file("unknown.csv", "a,b,c\n1,2,3\n")
    cases.append(("unknown header", p, f"kachin: {p}: header not recognised as UCDP GED or ACLED (UCDP GED needs "
                                       "id, year, type_of_violence, conflict_new_id, conflict_name, dyad_name, side_a, "
                                       "side_b, number_of_sources, source_article, source_office, source_date, "
                                       "source_headline, source_original, where_prec, where_coordinates, "
                                       "where_description, adm_1, adm_2, latitude, longitude, country, event_clarity, "
                                       "date_prec, date_start, date_end, deaths_a, deaths_b, deaths_civilians, "
                                       "deaths_unknown, best, high, low; ACLED needs event_id_cnty, event_date, year, "
                                       "time_precision, event_type, actor1, actor2, country, admin1, admin2, "
                                       "location, latitude, longitude, geo_precision, source, notes, fatalities)\n"))
    p = file("lacking.csv", text.replace("deaths_civilians", "civilians"))
    cases.append(("UCDP lacking a column", p, f"kachin: {p} looks like UCDP GED but lacks the columns: "
                                              "deaths_civilians\n"))
    p = file("ragged.csv", text.replace("\n49542,", "\n49542,extra,", 1))
    cases.append(("a row too wide", p, f"kachin: {p}, line 3: 50 fields where the header has 49\n"))
    p = file("empty.csv", b"")
    cases.append(("empty", p, f"kachin: {p} is empty\n"))
    d = tmp / "a-directory"
    d.mkdir()
    cases.append(("directory", d, f"kachin: {d} is a directory, not a CSV file\n"))
    fifo = tmp / "fifo.csv"
    os.mkfifo(fifo)
    cases.append(("FIFO", fifo, f"kachin: {fifo} is not a regular file (a FIFO, socket or device); give a CSV file\n"))
    return cases


def test_every_bad_input_is_one_line_exit_1_and_layers_untouched(kachin, ged_copy, tmp_path):
    assert kachin("import", str(ged_copy), "--name", "keep").code == 0
    before = (layer_dir() / "keep").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    for case, path, message in _bad_inputs(bad):
        res = kachin("import", str(path), "--name", "keep")
        assert (res.code, res.out, res.err) == (1, "", message), case
        assert (layer_dir() / "keep").read_bytes() == before, case
        assert sorted(os.listdir(layer_dir())) == ["keep"], case


def test_a_utf8_byte_order_mark_is_read_past(kachin, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _ged_text().encode("utf-8"))
    res = kachin("import", str(path), "--name", "bom")
    assert res.code == 0, res.err
    assert res.out.startswith("Read 3 rows of UCDP GED from bom.csv: kept 3, skipped 0.")


@pytest.mark.parametrize("name, message", [
    ("ucdp", "kachin: 'ucdp' is a name kachin uses itself (narrative, ucdp, all); choose another with --name\n"),
    ("../x", "kachin: layer name '../x': use 1-40 lower-case letters, digits, '-' or '_', starting with a letter "
             "or digit\n"),
])
def test_bad_layer_names(kachin, ged_copy, name, message):
    res = kachin("import", str(ged_copy), "--name", name)
    assert (res.code, res.err) == (1, message)

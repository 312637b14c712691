"""`kachin chart` and `kachin map` as a reader sees them: their text at 40, 80 and 120
columns and in ASCII, with counts checked against the knowledge-base file itself; and the
recorded-layer code paths (deaths per period, recorded points) on small synthetic data."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import REPO

from kachin_cli import pictures

RAW = json.loads((REPO / "data" / "kachin.json").read_text(encoding="utf-8"))


def events_beginning_in(prefix: str) -> int:
    return sum(1 for e in RAW["events"] if e["date"].startswith(prefix))


def events_at(place_id: str) -> int:
    return sum(1 for e in RAW["events"] if place_id in e["places"])


def row(out: str, label: str) -> str:
    found = [line for line in out.splitlines() if line.startswith(label + " ")]
    assert len(found) == 1, (label, out)
    return found[0]


@pytest.fixture
def width(monkeypatch):
    def set_width(n: int) -> None:
        monkeypatch.setenv("COLUMNS", str(n))
    return set_width


# ---------------------------------------------------------------- chart


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_chart_fits_the_width_and_shows_every_year(kachin, width, columns):
    width(columns)
    r = kachin("chart")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert lines[0].startswith("Narrative events per year, 1948 to")
    labels = [line[:4] for line in lines if re.match(r"^\d{4} ", line)]
    assert labels == [str(y) for y in range(1948, 2022)]  # empty years included
    assert row(r.out, "1951").rstrip() == "1951 \u2502"  # nothing in 1951: an empty row


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_chart_bar_of_2012_is_its_count_of_events(kachin, width, columns):
    width(columns)
    out = kachin("chart").out
    n = events_beginning_in("2012")
    assert n == 18
    line = row(out, "2012")
    assert re.search(rf"\s{n} \u25c6$", line), line  # the count, and the 2012 child-soldier action plan
    per = len(re.search("\u2588+ = 1 event", out).group(0).split(" ")[0])  # the key says how many cells an event is
    assert line.count("\u2588") == n * per


def test_chart_shades_the_ceasefire_and_names_the_phases(kachin, width):
    width(80)
    out = kachin("chart").out
    assert "\u2591 Ceasefire" in out  # the key
    assert set(row(out, "2000")[6:]) == {"\u2591"}  # a ceasefire year with no event: all shade
    assert "\u2591" not in row(out, "1980") and "\u2591" not in row(out, "2012")
    assert "\u2502 Ceasefire: 1994-02-24 to 2011-06-09" in out
    assert "\u2502 Post-coup period: since 2021-02-01 (ongoing as of 2026-11-25)" in out
    assert "\u25c6 1994-02-24 1994 ceasefire agreement" in out
    assert "\u25c7 2013-01-18 Thein Sein's unilateral ceasefire" in out
    assert "events per year" in out.splitlines()[-3] or "events per year" in out  # the axis's unit


def test_chart_by_month_for_a_short_range(kachin, width):
    width(80)
    r = kachin("chart", "--from", "2012", "--to", "2013")
    assert r.code == 0, r.err
    labels = [line[:7] for line in r.out.splitlines() if re.match(r"^\d{4}-\d\d ", line)]
    assert labels == [f"{y}-{m:02d}" for y in (2012, 2013) for m in range(1, 13)]
    jan = events_beginning_in("2013-01")
    assert re.search(rf"\s{jan} \u25c7$", row(r.out, "2013-01"))
    assert row(r.out, "2013-04").rstrip() == "2013-04 \u2502"
    year_only = sum(1 for e in RAW["events"] if e["date"] in ("2012", "2013"))
    assert year_only == 1
    assert "1 event dated only to a year is not in any month's bar." in " ".join(r.out.split())
    assert "events per month" in r.out
    assert "\u2502 Second conflict: since 2011-06-09" in r.out  # the phase begun before the range


def test_chart_in_ascii(kachin, width, monkeypatch):
    width(40)
    monkeypatch.setenv("TERM", "dumb")
    out = kachin("chart").out
    assert out.isascii()
    assert row(out, "2012").startswith("2012 |" + "#" * 18)
    assert "* 1994-02-24 1994 ceasefire agreement" in out
    assert max(len(line) for line in out.splitlines()) <= 40


def test_chart_in_an_ascii_locale(kachin, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    out = kachin("chart", "--from", "2012", "--to", "2014").out
    assert out.isascii() and "#" in out


def test_chart_with_nothing_to_show_says_so_in_one_line(kachin):
    r = kachin("chart", "--place", "putao", "--from", "1950", "--to", "1951")
    assert (r.code, r.out, r.err) == (0, "No events match.\n", "")


def test_chart_takes_only_the_narrative_until_the_recorded_layer_lands(kachin):
    r = kachin("chart", "--source", "ucdp")
    assert r.code == 2 and "'ucdp' is not one of 'narrative'" in r.err


def test_chart_past_the_data_says_where_the_events_end(kachin):
    out = kachin("chart", "--from", "2020", "--to", "2030").out
    assert out.rstrip().endswith("The knowledge base's events end on 2021-05-30.")
    assert "2022 " not in out


# ---------------------------------------------------------------- chart: the recorded layer


def test_recorded_deaths_draw_best_and_spread():
    ps = pictures.periods(date(2011, 1, 1), date(2014, 12, 31))
    assert [p.label for p in ps] == ["2011", "2012", "2013", "2014"]
    rec = [(10, 10, 12), (702, 676, 2198), None, (0, 0, 3)]
    out = pictures.chart(ps, [1, 5, 0, 2], width=80, recorded=rec)
    lines = out.splitlines()
    i = lines.index(row(out, "2012"))
    deaths = lines[i + 1]
    assert deaths.endswith("702 (676-2,198)")
    solid, low_best, best_high = (deaths.count(c) for c in "\u2588\u2593\u2500")
    assert solid and low_best and best_high > solid  # high is three times best: the spread shows
    assert lines[lines.index(row(out, "2013")) + 1].strip() == "\u2502"  # no recorded row: empty
    assert "Recorded deaths" in out
    assert max(len(line) for line in lines) <= 80


def test_recorded_deaths_in_ascii_at_40_columns():
    ps = pictures.periods(date(2012, 1, 1), date(2012, 3, 31))
    out = pictures.chart(ps, [3, 0, 1], width=40, ascii=True, recorded=[(50, 40, 90), None, (1, 1, 1)])
    assert out.isascii()
    assert "50 (40-90)" in out and "1 (1-1)" in out
    assert max(len(line) for line in out.splitlines()) <= 40


def test_sum_recorded_adds_rows_by_their_first_day():
    ps = pictures.periods(date(2012, 1, 1), date(2013, 12, 31))  # two years: by month
    rows = [(date(2012, 1, 5), 3, 2, 4), (date(2012, 1, 30), 1, 1, 2), (date(2013, 2, 1), 7, 7, 9),
            (date(2015, 1, 1), 100, 100, 100)]
    out = pictures.sum_recorded(rows, ps)
    assert out[0] == (4, 3, 6) and out[1] is None and out[13] == (7, 7, 9)
    assert sum(1 for v in out if v) == 2  # the 2015 row is outside the range


# ---------------------------------------------------------------- map


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_map_fits_and_labels_places_with_their_counts(kachin, width, columns):
    width(columns)
    r = kachin("map")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert max(len(line) for line in lines) <= columns
    laiza = events_at("laiza")
    assert laiza == 5
    assert f"\u25cf Laiza (24.77N, 97.56E): {laiza} events" in r.out
    assert any(f"Laiza {laiza}" in line and line.startswith(" ") and "\u2502" in line for line in lines)


def test_map_never_draws_a_country_state_or_region(kachin):
    out = kachin("map").out
    key = [line for line in out.splitlines() if line.startswith("\u25cf ")]
    drawn = {p["name"] for p in RAW["places"] if p.get("coordinates") and p["kind"] not in
             ("country", "state", "region", "province")}
    assert {line[2:].split(" (")[0] for line in key} == drawn
    for name in ("China", "Kachin State", "Myanmar", "Yunnan"):
        assert f"\u25cf {name} (" not in out


def test_map_with_filters_shows_only_places_with_events(kachin):
    r = kachin("map", "--from", "2014", "--to", "2014")
    key = [line for line in r.out.splitlines() if line.startswith("\u25cf ")]
    assert key and all(not line.endswith(": 0 events") for line in key)
    assert "\u25cf Laiza (24.77N, 97.56E): 1 event" in r.out
    unplaced = r.out.splitlines()[-1]
    assert re.fullmatch(r"\d+ of 7 events have no place with coordinates and are not on the map\.", unplaced)


def test_map_in_ascii(kachin, monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    out = kachin("map").out
    assert out.isascii() and "@ Laiza (24.77N, 97.56E): 5 events" in out and "+-" in out
    assert "' Myanmar's borders and coast." in " ".join(out.split())


def test_map_draws_the_borders_with_china_east_and_india_west(kachin, width):
    width(80)
    out = kachin("map").out
    lines = out.splitlines()
    assert "\u2219 Myanmar's borders and coast. Borders: Natural Earth 1:50m (public domain)." in out
    china = next(line.index("CHINA") for line in lines if "CHINA" in line)
    india = next(line.index("INDIA") for line in lines if "INDIA" in line)
    laiza = next(line.index("\u25cf") for line in lines if "Laiza 5" in line)
    putao = next(line.index("\u25cf") for line in lines if "Putao 1" in line)
    assert india < putao < china and laiza < china
    # Ruili lies in China and Namhkam in Myanmar: the border runs between them on the map
    ruili_row = next(line for line in lines if "Ruili 2" in line)
    assert "\u2219" in ruili_row[:ruili_row.index("\u25cf Ruili")] or any(
        "\u2219" in line[ruili_row.index("\u25cf Ruili") - 2:ruili_row.index("\u25cf Ruili")]
        for line in lines[lines.index(ruili_row) - 1:lines.index(ruili_row) + 2])


def test_the_shipped_outline_has_the_china_border():
    data = json.loads((REPO / "data" / "borders.json").read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"]
    [china] = [line for line in data["lines"] if line["between"] == ["Myanmar", "China"]]
    lons, lats = zip(*china["points"])
    # from the Laos tripoint to the India tripoint, passing east of Laiza
    assert min(lats) < 22 and max(lats) > 28
    assert any(abs(lat - 24.77) < 0.2 and lon > 97.56 for lon, lat in china["points"])
    from kachin_cli import outlines
    assert len(outlines.lines()) == len(data["lines"])


def test_outlines_are_clipped_and_never_stretch_the_map():
    far = [(80.0, 10.0), (81.0, 11.0)]  # far outside: not drawn, and the map stays on the places
    across = [(96.0, 24.5), (98.0, 24.5)]  # a horizontal line through the middle
    out = pictures.region_map([pictures.MapPlace("A", 24.0, 96.5, 1), pictures.MapPlace("B", 25.0, 97.5, 2)],
                              width=60, outlines=[far, across], outline_credit="Test outline.")
    rows = [line for line in out.splitlines() if "\u2502" in line]
    assert sum(1 for line in rows if line.count("\u2219") > 20) == 1
    lat_labels = [float(m) for m in re.findall(r"(\d+\.\d)N \u2502", out)]
    assert min(lat_labels) > 23 and max(lat_labels) < 26
    assert "Test outline." in out


def test_map_with_nothing_to_show_says_so_in_one_line(kachin):
    r = kachin("map", "--from", "1951", "--to", "1952")
    assert (r.code, r.out) == (0, "No events at a place with coordinates match.\n")


def test_recorded_points_shaded_by_deaths_and_country_rows_never_drawn():
    places = [pictures.MapPlace("Laiza", 24.77, 97.56, 5)]
    rec = [(24.0, 97.0, 300, 1), (25.0, 97.2, 3, 2), (25.5, 96.5, 20, 3), (26.0, 97.0, 40, 4),
           (22.0, 98.0, 999, 6)]
    out = pictures.region_map(places, width=80, recorded_points=rec)
    body = "\n".join(line for line in out.splitlines() if "\u2502" in line)
    assert body.count("\u25c9") == 1 and body.count("\u00b7") == 1 and body.count("\u2218") == 1
    assert "\u25cb" not in body  # the 40 deaths are located only to a province: not drawn
    assert "2 recorded events located only to a province, a larger area or the country are not drawn." \
        in " ".join(out.split("\n"))
    lat_labels = [float(m) for m in re.findall(r"(\d+\.\d)N \u2502", out)]
    assert min(lat_labels) > 23  # the country-level row at 22 N did not stretch the map
    assert "Laiza 5" in body


def test_recorded_points_in_ascii():
    out = pictures.region_map([pictures.MapPlace("Bhamo", 24.27, 97.23, 2)], width=40, ascii=True,
                              recorded_points=[(24.5, 97.4, 60, 1)])
    assert out.isascii() and "o" in out.split("Bhamo (")[0] and "Bhamo 2" in out


@pytest.mark.parametrize("command", ["chart", "map"])
def test_colour_only_when_asked_and_the_text_is_the_same(kachin, monkeypatch, command):
    plain = kachin(command).out
    assert "\x1b" not in plain  # NO_COLOR (set for every test), and not a terminal
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b" not in kachin(command).out  # a pipe: no colour either
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = kachin(command).out
    assert ("\x1b[36m\u2588" if command == "chart" else "\x1b[1;31m\u25cf") in coloured
    assert re.sub("\x1b\\[[0-9;]*m", "", coloured) == plain
    monkeypatch.setenv("TERM", "dumb")
    assert "\x1b" not in kachin(command).out

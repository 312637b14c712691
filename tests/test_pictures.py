"""`kachin chart` and `kachin map` as a reader sees them: their text at 40, 80 and 120
columns and in ASCII, with counts checked against the knowledge-base file itself; and the
recorded-layer code paths (deaths per period, recorded points) on small synthetic data."""

from __future__ import annotations

import calendar
import csv
import json
import math
import re
from collections import defaultdict
from datetime import date

import pytest
from conftest import REPO

from kachin_cli import pictures

RAW = json.loads((REPO / "data" / "kachin.json").read_text(encoding="utf-8"))


def events_beginning_in(prefix: str) -> int:
    return sum(1 for e in RAW["events"] if e["date"].startswith(prefix))


def events_at(place_id: str) -> int:
    return sum(1 for e in RAW["events"] if place_id in e["places"])


def last_day(text: str) -> date:
    """The last day of a date known to the year, month or day."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


FIRST_YEAR = min(int(e["date"][:4]) for e in RAW["events"])
LAST_YEAR = max(int(e["date"][:4]) for e in RAW["events"])  # the last year an event begins in
EVENTS_END = max(last_day(e.get("end_date") or e["date"]) for e in RAW["events"])
PER_YEAR = {y: events_beginning_in(str(y)) for y in range(FIRST_YEAR, LAST_YEAR + 1)}

with open(REPO / "data" / "ucdp-ged-kachin.csv", encoding="utf-8", newline="") as _f:
    UCDP = list(csv.DictReader(_f))
KACHIN = [r for r in UCDP if r["conflict_new_id"] == "231"]  # UCDP's Kachin conflict


def ucdp_sums(rows, key) -> dict:
    """(best, low, high) deaths summed per key(row)."""
    out: dict = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        s = out[key(r)]
        s[0] += int(r["best"])
        s[1] += int(r["low"])
        s[2] += int(r["high"])
    return {k: tuple(v) for k, v in out.items()}


def spread(best: int, low: int, high: int) -> str:
    return f"{best:,} ({low:,}-{high:,})"


def bar_key(out: str, glyph: str = "\u2588") -> tuple[int, int]:
    """(cells per event, events per cell) as the chart's key says."""
    m = re.search(f"^({re.escape(glyph)}+) = 1 event;", out, re.M)
    if m:
        return len(m.group(1)), 1
    m = re.search(f"^{re.escape(glyph)} = (\\d+) events \\(rounded up\\)", out, re.M)
    assert m, out
    return 1, int(m.group(1))


def cells(n: int, key: tuple[int, int]) -> int:
    per, each = key
    return n * per if each == 1 else math.ceil(n / each)


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
    assert lines[0] == f"Narrative events per year, {FIRST_YEAR} to {LAST_YEAR}"
    labels = [line[:4] for line in lines if re.match(r"^\d{4} ", line)]
    assert labels == [str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)]  # empty years included
    assert PER_YEAR[1951] == 0
    assert row(r.out, "1951").rstrip() == "1951 \u2502"  # nothing in 1951: an empty row


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_chart_bar_of_2012_is_its_count_of_events(kachin, width, columns):
    width(columns)
    out = kachin("chart").out
    n = events_beginning_in("2012")
    assert n > 0
    line = row(out, "2012")
    assert re.search(rf"\s{n} \u25c6$", line), line  # the count, and the 2012 child-soldier action plan
    key = bar_key(out)  # the key says how many cells an event is, or how many events a cell
    assert line.count("\u2588") == cells(n, key)
    # the busiest year has the longest bar, and it fits
    busiest = max(PER_YEAR, key=PER_YEAR.get)
    assert row(out, str(busiest)).count("\u2588") == cells(PER_YEAR[busiest], key) == max(
        row(out, str(y)).count("\u2588") for y in PER_YEAR)


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
    n = events_beginning_in("2012")
    assert row(out, "2012").startswith("2012 |" + "#" * cells(n, bar_key(out, "#")) + " ")
    assert "* 1994-02-24 1994 ceasefire agreement" in out
    assert max(len(line) for line in out.splitlines()) <= 40


def test_chart_in_an_ascii_locale(kachin, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    out = kachin("chart", "--from", "2012", "--to", "2014").out
    assert out.isascii() and "#" in out


def test_chart_with_nothing_to_show_says_so_in_one_line(kachin):
    r = kachin("chart", "--place", "putao", "--from", "1950", "--to", "1951")
    assert (r.code, r.out, r.err) == (0, "No events match.\n", "")


def test_chart_past_the_data_says_where_the_events_end(kachin):
    out = kachin("chart", "--from", "2020", "--to", "2030").out
    assert out.rstrip().endswith(f"The knowledge base's events end on {EVENTS_END.isoformat()}.")
    assert row(out, str(EVENTS_END.year))
    assert f"{EVENTS_END.year + 1} " not in out


# ---------------------------------------------------------------- chart: the recorded layer


def test_chart_of_ucdp_draws_each_years_recorded_deaths_with_the_spread(kachin, width):
    width(80)
    r = kachin("chart", "--source", "ucdp")
    assert r.code == 0, r.err
    years = sorted({int(x["year"]) for x in UCDP})
    lines = r.out.splitlines()
    assert lines[0] == f"Recorded deaths per year, {years[0]} to {years[-1]}"
    assert max(len(line) for line in lines) <= 80
    sums = ucdp_sums(KACHIN, lambda x: int(x["date_start"][:4]))
    assert sums[2012] == (702, 676, 2198)  # what issue 11 quotes from the extract
    for y in range(years[0], years[-1] + 1):
        line = row(r.out, str(y))
        if y in sums:
            assert re.search(rf"\u2502\S+ +{re.escape(spread(*sums[y]))}( [\u25c6\u25c7]+)?$", line), line
        else:
            assert not re.search(r"\d", line[5:]), line  # a year with no recorded death: an empty row
    line = row(r.out, "2012")
    assert line.count("\u2500") > 2 * line.count("\u2588")  # the high estimate is three times the best
    assert "Narrative events" not in r.out and "events per year" not in r.out
    assert "deaths per year" in r.out
    others = [x for x in UCDP if x["conflict_new_id"] != "231"]
    assert (f"Not drawn: {len(others)} recorded events of other conflicts located in Kachin State "
            f"({sum(int(x['best']) for x in others):,} deaths, best estimate)") in " ".join(r.out.split())
    assert "Recorded events: UCDP GED, Uppsala University" in r.out


def test_chart_of_all_puts_the_recorded_deaths_under_each_years_events(kachin, width):
    width(100)
    out = kachin("chart", "--source", "all").out
    lines = out.splitlines()
    y2012 = lines.index(row(out, "2012"))
    assert re.search(rf"\s{events_beginning_in('2012')} \u25c6$", lines[y2012])
    assert lines[y2012 + 1].startswith("     \u2502") and lines[y2012 + 1].endswith(spread(702, 676, 2198))
    # before UCDP's first year and after its last, no second line (not an empty one)
    assert lines[lines.index(row(out, "1961")) + 1].startswith(("1962 ", "     \u2502 "))
    years = sorted({int(x["year"]) for x in UCDP})
    outside = (years[0] - FIRST_YEAR) + (LAST_YEAR - years[-1])
    assert (f"The recorded layer covers {years[0]}-01-01 to {years[-1]}-12-31: {outside} years outside it have "
            "no second line.") in " ".join(out.split())


def test_chart_of_all_by_month_places_rows_in_their_month(kachin, width):
    width(100)
    out = kachin("chart", "--source", "all", "--from", "2012", "--to", "2013").out
    rows = [x for x in KACHIN if x["date_end"][:10] >= "2012-01-01" and x["date_start"][:10] <= "2013-12-31"]
    one_month = [x for x in rows if x["date_start"][:7] == x["date_end"][:7] and x["date_start"][:4] >= "2012"]
    sums = ucdp_sums(one_month, lambda x: x["date_start"][:7])
    lines = out.splitlines()
    for month in (f"{y}-{m:02d}" for y in (2012, 2013) for m in range(1, 13)):
        second = lines[lines.index(row(out, month)) + 1]
        if month in sums:
            assert second.endswith(spread(*sums[month])), (month, second)
        else:
            assert second.rstrip() == "        \u2502", (month, second)
    wide = len(rows) - len(one_month)
    assert wide > 0
    assert (f"{wide} recorded events dated to a span not within one month of the chart are not in any "
            "month's line.") in " ".join(out.split())


def test_chart_filters_recorded_events_as_timeline_does(kachin, width):
    width(100)
    listed = kachin("timeline", "--source", "ucdp", "--place", "laiza", "--format", "json").json
    kachin_conflict = [x for x in listed if x["conflict_id"] == 231]
    assert kachin_conflict
    sums: dict = defaultdict(lambda: [0, 0, 0])
    for x in kachin_conflict:
        s = sums[int(x["date_start"][:4])]
        s[0] += x["best"]
        s[1] += x["low"]
        s[2] += x["high"]
    out = kachin("chart", "--source", "ucdp", "--place", "laiza").out
    drawn = {int(m.group(1)): m.group(2) for m in re.finditer(r"^(\d{4}) \u2502\S* +(\S.*?\))", out, re.M)}
    assert drawn == {y: spread(*v) for y, v in sums.items()}


@pytest.mark.parametrize("command", ["chart", "map"])
@pytest.mark.parametrize("source", ["ucdp", "all"])
@pytest.mark.parametrize("columns", [40, 80, 120])
def test_pictures_of_the_recorded_layer_fit_and_degrade_to_ascii(kachin, width, monkeypatch, command, source,
                                                                  columns):
    width(columns)
    r = kachin(command, "--source", source)
    assert r.code == 0, r.err
    assert max(len(line) for line in r.out.splitlines()) <= columns
    monkeypatch.setenv("TERM", "dumb")
    plain = kachin(command, "--source", source).out
    assert plain.isascii() and max(len(line) for line in plain.splitlines()) <= columns
    if command == "chart":
        assert re.search(r"^2012 \|#+=*-+ +702 \(676-2,198\)", plain, re.M) or re.search(
            r"^ +\|#+=*-+ +702 \(676-2,198\)$", plain, re.M), plain


def test_chart_source_is_checked_and_nothing_recorded_says_so(kachin):
    r = kachin("chart", "--source", "nonsense")
    assert r.code == 2 and "--source 'nonsense': choose narrative, ucdp, all" in r.err
    assert kachin("chart", "--source", "ucdp", "--from", "1950", "--to", "1960").out == "No recorded events match.\n"
    r = kachin("chart", "--source", "ucdp", "--from", "2020", "--to", "2030")
    assert r.out.rstrip().endswith("The layer of UCDP ends on 2023-12-31.")  # as a narrative chart says
    assert row(r.out, "2023") and "2024 " not in r.out


def test_chart_of_an_imported_acled_layer_shows_no_spread_it_does_not_have(kachin, tmp_path, width):
    width(80)
    path = tmp_path / "acled.csv"
    header = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "actor1", "actor2", "country",
              "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for n, (day, deaths) in enumerate([("2022-03-05", 3), ("2022-03-20", 4), ("2023-01-02", 2)]):
            w.writerow([f"MMR{n}", day, day[:4], "1", "Battles", "Military Forces of Myanmar (2021-)",
                        "KIA: Kachin Independence Army", "Myanmar", "Kachin", "Synthetic district", "Synthetic town", "25.0", "97.0", "1",
                        "Synthetic Daily", "A synthetic test row.", str(deaths)])
    assert kachin("import", str(path), "--name", "acled-test").code == 0
    out = kachin("chart", "--source", "acled-test").out
    assert re.search(r"^2022-03 \u2502\u2588+ +7$", out, re.M), out  # one number: no made-up low-high
    assert re.search(r"^2023-01 \u2502\u2588+ +2$", out, re.M)
    assert "UCDP" not in out




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
    assert laiza > 1
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
    assert out.isascii() and f"@ Laiza (24.77N, 97.56E): {events_at('laiza')} events" in out and "+-" in out
    assert "' Myanmar's borders and coast." in " ".join(out.split())


def test_map_draws_the_borders_with_china_east_and_india_west(kachin, width):
    width(80)
    out = kachin("map").out
    lines = out.splitlines()
    assert "\u2219 Myanmar's borders and coast. Borders: Natural Earth 1:50m (public domain)." in out
    china = next(line.index("CHINA") for line in lines if "CHINA" in line)
    india = next(line.index("INDIA") for line in lines if "INDIA" in line)
    laiza = next(line.index("\u25cf") for line in lines if f"Laiza {events_at('laiza')}" in line)
    putao = next(line.index("\u25cf") for line in lines if f"Putao {events_at('putao')}" in line)
    assert india < putao < china and laiza < china
    # Ruili lies in China and Namhkam in Myanmar: the border runs between them on the map
    ruili_row = next(line for line in lines if f"Ruili {events_at('ruili')}" in line)
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


def most_deaths(rows) -> str:
    """The map's note on its heaviest recorded locations, from rows as dicts."""
    at: dict = defaultdict(lambda: [0, 0])
    for x in rows:
        key = (x["place"], round(float(x["latitude"]), 2), round(float(x["longitude"]), 2))
        at[key][0] += int(x["best"])
        at[key][1] += 1
    top = sorted(at.items(), key=lambda kv: (-kv[1][0], kv[0]))[:3]
    return "Most recorded deaths: " + "; ".join(
        f"{name} ({lat:.2f}N, {lon:.2f}E) {d:,} in {k} event{'s' if k != 1 else ''}" for (name, lat, lon), (d, k) in top)


def test_map_of_ucdp_draws_the_precise_rows_only(kachin, width):
    width(80)
    r = kachin("map", "--source", "ucdp")
    assert r.code == 0, r.err
    assert r.out.startswith("Recorded events located to a district or better, shaded by deaths\n")
    precise = [dict(x, place=x["where_coordinates"]) for x in KACHIN if x["where_prec"] in "123"]
    loose = [x for x in KACHIN if x["where_prec"] not in "123"]
    assert any(x["where_prec"] == "6" for x in loose)
    text = " ".join(r.out.split())
    assert f"{len(loose)} recorded events located only to a province, a larger area or the country are not drawn." \
        in text
    assert most_deaths(precise) in text
    assert "Mohnyin" in most_deaths(precise)
    assert "\u25cf" not in r.out  # no narrative place: the layer alone
    body = [line for line in r.out.splitlines() if line.count("\u2502") == 2]
    assert sum(line.count(c) for line in body for c in "\u00b7\u2218\u25cb\u25c9") > 50


def test_map_of_ucdp_at_laiza_plots_the_rows_timeline_links_to_it(kachin, width):
    width(80)
    listed = kachin("timeline", "--source", "ucdp", "--place", "laiza", "--format", "json").json
    precise = [x for x in listed if x["conflict_id"] == 231 and x["where_prec"] <= 3]
    assert any(x["place"] == "Laiza town" for x in precise)
    out = kachin("map", "--source", "ucdp", "--place", "laiza").out
    assert most_deaths(precise) in " ".join(out.split())


def test_map_never_plots_a_country_level_row(kachin):
    # on 4 March 1989 UCDP's only Kachin row is placed at the country (22 N 98 E): nothing to draw
    day = [x for x in KACHIN if x["date_start"][:10] <= "1989-03-04" <= x["date_end"][:10]]
    assert [(x["where_prec"], x["latitude"], x["longitude"]) for x in day] == [("6", "22.0", "98.0")]
    r = kachin("map", "--source", "ucdp", "--from", "1989-03-04", "--to", "1989-03-04")
    assert (r.code, r.out) == (0, "No recorded events at a location with coordinates match.\n")


def test_map_of_all_draws_places_and_recorded_events(kachin, width):
    width(100)
    out = kachin("map", "--source", "all").out
    assert out.startswith("Places with coordinates, with their number of events (\u25cf)\n")
    assert f"\u25cf Laiza (24.77N, 97.56E): {events_at('laiza')} events" in out
    assert "Recorded events: deaths per cell (best estimate):" in out
    precise = [dict(x, place=x["where_coordinates"]) for x in KACHIN if x["where_prec"] in "123"]
    assert most_deaths(precise) in " ".join(out.split())


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

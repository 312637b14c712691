"""`--about TERM`: one option for 'which events involved China?' — an actor, a place (and
what lies within it) or a word of the event's own text, in both layers."""

from __future__ import annotations

import json

from conftest import REPO


def ids(result) -> list[str]:
    assert result.code == 0, result.err
    return [r["id"] for r in result.json]


def test_about_joins_actor_place_and_text(mini):
    # an actor: the Tatmadaw (by its alias)
    assert ids(mini("timeline", "--about", "myanmar army", "--format", "json")) == [
        "road-battles-2012", "air-campaign-2012", "laiza-attack-2014"]
    # a place
    assert ids(mini("timeline", "--about", "hpakant", "--format", "json")) == ["base-taken-2021"]
    # a word of the text only ("magazine" is in no name)
    assert ids(mini("timeline", "--about", "magazine", "--format", "json")) == ["women-report-2012"]


def test_about_is_the_union_of_actor_place_and_search(kachin):
    def of(*args):
        return set(ids(kachin("timeline", *args, "--format", "json")))

    about = of("--about", "china")
    assert of("--place", "china") | of("--search", "china") <= about
    assert {"china-closes-kachin-border-2024", "deng-xijun-meets-kia-2024", "naw-seng-flees-to-china-1950"} <= about
    # and it still combines with the other filters
    assert of("--about", "china", "--from", "2024", "--to", "2024") == {
        e for e in about if e in of("--from", "2024", "--to", "2024")}


def test_about_applies_to_recorded_events_with_the_same_meaning(kachin):
    r = kachin("timeline", "--source", "ucdp", "--about", "laiza", "--from", "2013-01", "--to", "2013-01",
               "--format", "json")
    rows = r.json
    assert r.code == 0 and rows
    at_laiza = ids(kachin("timeline", "--source", "ucdp", "--place", "laiza", "--from", "2013-01", "--to", "2013-01",
                          "--format", "json"))
    assert set(at_laiza) <= {row["id"] for row in rows}


def test_an_army_matches_recorded_events_coded_under_its_parent_organisation(kachin):
    """UCDP codes the KIA's war as the KIO's: asking for the KIA must not miss them."""
    kia = ids(kachin("timeline", "--source", "ucdp", "--actor", "kia", "--from", "2012", "--to", "2012",
                     "--format", "json"))
    kio = ids(kachin("timeline", "--source", "ucdp", "--actor", "kio", "--from", "2012", "--to", "2012",
                     "--format", "json"))
    import csv
    with open(REPO / "data" / "ucdp-ged-kachin.csv", encoding="utf-8", newline="") as f:
        expected = {f"ucdp-{row['id']}" for row in csv.DictReader(f)
                    if row["year"] == "2012" and "KIO" in (row["side_a"], row["side_b"])}
    assert set(kia) == set(kio) == expected and expected


def test_chart_and_map_take_about(kachin):
    import re
    from collections import Counter

    chart = kachin("chart", "--about", "china", "--from", "2024", "--to", "2024")
    assert chart.code == 0, chart.err
    events = json.loads(kachin("timeline", "--about", "china", "--from", "2024", "--to", "2024",
                               "--format", "json").out)
    per_month = Counter(e["date"][:7] for e in events if len(e["date"]) >= 7)
    drawn = {m.group(1): int(m.group(2)) for m in re.finditer(r"^(2024-\d\d) .*?(\d+)$", chart.out, re.M)}
    assert drawn == dict(per_month) and drawn  # each month's bar is its number of events about China
    map_ = kachin("map", "--about", "china")
    assert map_.code == 0, map_.err


def test_side_filters_both_layers_and_repeats_as_either(mini, kachin):
    assert ids(mini("timeline", "--side", "government", "--format", "json")) == [
        "road-battles-2012", "air-campaign-2012", "laiza-attack-2014"]
    kachin_side = ids(mini("timeline", "--side", "Kachin", "--format", "json"))  # any case
    assert kachin_side == ["raid-1961", "women-report-2012", "road-battles-2012", "laiza-attack-2014",
                           "base-taken-2021"]
    both = ids(mini("timeline", "--side", "kachin", "--side", "government", "--format", "json"))
    assert set(both) == set(kachin_side) | {"air-campaign-2012"}
    bad = mini("timeline", "--side", "rebels")
    assert bad.code == 2 and "'rebels' is not a side; choose one of: government, kachin, other" in bad.err

    import csv
    with open(REPO / "data" / "ucdp-ged-kachin.csv", encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["year"] == "2021"]
    kio = {f"ucdp-{r['id']}" for r in rows if "KIO" in (r["side_a"], r["side_b"])}
    one_sided = {f"ucdp-{r['id']}" for r in rows
                 if r["side_a"] == "Government of Myanmar (Burma)" and r["side_b"] == "Civilians"}
    got = set(ids(kachin("timeline", "--source", "ucdp", "--side", "kachin", "--from", "2021", "--to", "2021",
                         "--format", "json")))
    assert kio and kio <= got and not (one_sided & got)  # the junta against civilians is no Kachin-side event
    government = set(ids(kachin("timeline", "--source", "ucdp", "--side", "government", "--from", "2021",
                                "--to", "2021", "--format", "json")))
    assert government == {f"ucdp-{r['id']}" for r in rows if "Government of Myanmar (Burma)" in (r["side_a"], r["side_b"])}

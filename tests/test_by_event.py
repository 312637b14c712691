"""`casualties --by event`: competing reports of the same toll side by side, each with its
claimant, never merged; a lone claim said plainly."""

from __future__ import annotations

import csv
import io
import json

from conftest import REPO

RAW = json.loads((REPO / "data" / "kachin.json").read_text(encoding="utf-8"))


def killed_reports(event_id: str) -> list[dict]:
    return [f for f in RAW["figures"] if f.get("event") == event_id and f["category"] == "killed"]


def test_a_nang_pa_tolls_stand_side_by_side_with_their_claimants(kachin):
    r = kachin("casualties", "--by", "event", "--category", "killed", "--from", "2022-10-23", "--to", "2022-10-23",
               "--format", "json")
    assert r.code == 0, r.err
    rows = [row for row in r.json if row["event"] == "a-nang-pa-airstrike-2022"]
    expected = killed_reports("a-nang-pa-airstrike-2022")
    assert len(expected) >= 4  # the data holds several tolls from several claimants
    assert sorted(row["id"] for row in rows) == sorted(f["id"] for f in expected)
    for row in rows:
        figure = next(f for f in expected if f["id"] == row["id"])
        # each report as it was given: its own number, qualifier and claimant, nothing averaged
        assert (row["count"], row["qualifier"], row["claimed_by"]) == (figure["count"], figure["qualifier"],
                                                                       figure["claimed_by"])
        assert row["toll"] == {"category": "killed", "party": figure["party"],
                               "reports": sum(1 for f in expected if f["party"] == figure["party"])}
    assert len({row["claimed_by"] for row in rows}) >= 3
    assert len({row["count"] for row in rows}) >= 3


def first_column(table: str) -> str:
    """The Event column of a rendered table, its wrapped lines joined."""
    lines = table.splitlines()
    width = lines[0].index("Toll")
    return " ".join(" ".join(line[:width].split()) for line in lines[2:] if line[:width].strip())


def test_the_table_groups_reports_under_their_event_and_names_every_claimant(kachin):
    r = kachin("casualties", "--by", "event", "--category", "killed", "--from", "2022-10-23", "--to", "2022-10-23")
    assert r.code == 0, r.err
    flat = first_column(r.out)
    claimants = sorted({f["claimed_by"] or "the article" for f in killed_reports("a-nang-pa-airstrike-2022")})
    assert "claims by: " + ", ".join(claimants) in flat
    assert flat.count("a-nang-pa-airstrike-2022") == 1  # the event is named once, its reports below it
    for f in killed_reports("a-nang-pa-airstrike-2022"):
        assert f["id"] in r.out


def test_a_lone_claim_is_said_plainly(mini):
    r = mini("casualties", "--by", "event")
    assert r.code == 0, r.err
    assert first_column(r.out.split("\n1 event with")[0]) == \
        "Attack near Laiza 2014-11-19 only one claimant: the article laiza-attack-2014"
    flat = " ".join(r.out.split())
    assert "1 event with figures: 0 with reports from more than one claimant, 1 with a single claimant." in flat
    # figures that belong to no event are not in this view
    assert "displaced-2018" not in r.out and "first-war-killed" not in r.out


def test_csv_carries_every_report_with_its_sources(kachin):
    r = kachin("casualties", "--by", "event", "--from", "2022-10", "--to", "2022-10", "--format", "csv")
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    ids = {row["id"] for row in rows}
    assert {f["id"] for f in RAW["figures"] if f.get("event") == "a-nang-pa-airstrike-2022"} <= ids
    row = next(row for row in rows if row["id"] == "a-nang-pa-killed-kia-75")
    assert row["event"] == "a-nang-pa-airstrike-2022" and row["claimed_by"] == "KIA"
    figure = next(f for f in RAW["figures"] if f["id"] == "a-nang-pa-killed-kia-75")
    assert row["sources"].split(": ")[0].split(", ")[0] == figure["sources"][0]["source"]  # the source's id

"""Every export read by a real consumer: GeoJSON by the `geojson` library, CSL-JSON by the
CSL data schema and citeproc-py, BibTeX by pybtex, TimelineJS JSON against its documented
format (https://timeline.knightlab.com/docs/json-format.html)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from conftest import HERE, REPO

from kachin_cli import model, store
from kachin_cli.exports import csl, timelinejs

RAW = json.loads((REPO / "data" / "kachin.json").read_text(encoding="utf-8"))
PLACES = {p["id"]: p for p in RAW["places"]}
AREAS = ("country", "state", "region", "province")


def located(event: dict) -> list[dict]:
    return [PLACES[p] for p in event["places"] if PLACES[p].get("coordinates") and PLACES[p]["kind"] not in AREAS]


# ---------------------------------------------------------------- GeoJSON


def check_feature_collection(text: str) -> dict:
    import geojson

    obj = geojson.loads(text)
    assert obj.is_valid, obj.errors()
    assert obj["type"] == "FeatureCollection"
    for f in obj["features"]:
        assert f["id"] == f["properties"]["id"]
        assert {"name", "precision"} <= set(f["properties"])
        coords = [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Point" else f["geometry"]["coordinates"]
        for lon, lat in coords:
            # RFC 7946 order: longitude first. Every place of this war lies within these bounds.
            assert 90 < lon < 105 and 15 < lat < 30, (f["id"], lon, lat)
    return obj


def test_timeline_geojson_holds_every_located_event_and_counts_the_rest(kachin):
    r = kachin("timeline", "--format", "geojson")
    assert r.code == 0
    obj = check_feature_collection(r.out)
    expected = [e["id"] for e in sorted(RAW["events"], key=lambda e: e["date"]) if located(e)]
    assert sorted(f["id"] for f in obj["features"]) == sorted(expected)
    missing = len(RAW["events"]) - len(expected)
    assert r.err == (f"kachin: {missing} of {len(RAW['events'])} records left out of the GeoJSON: no place with "
                     "coordinates (countries, states and regions are never drawn as points).\n")


def test_geojson_feature_of_an_event(kachin):
    obj = check_feature_collection(kachin("timeline", "--from", "2014-11", "--to", "2014-11", "-f", "geojson").out)
    [f] = [f for f in obj["features"] if f["id"] == "laiza-hq-attack-2014"]
    assert f["geometry"] == {"type": "Point", "coordinates": [97.56, 24.77]}
    p = f["properties"]
    assert (p["name"], p["date"], p["end_date"]) == ("Attack on KIA headquarters near Laiza", "2014-11-19", None)
    assert p["precision"] == {"location": "approximate centre of the named town", "date": "day"}
    assert p["places"] == [{"id": "laiza", "name": "Laiza", "kind": "town"}]


def test_an_event_at_two_located_places_is_a_multipoint(kachin):
    obj = check_feature_collection(kachin("timeline", "--from", "1949", "--to", "1949", "-f", "geojson").out)
    [f] = [f for f in obj["features"] if f["id"] == "naw-seng-changes-sides-1949"]
    assert f["geometry"] == {"type": "MultiPoint", "coordinates": [[96.43, 18.94], [96.08, 21.98]]}
    assert f["properties"]["precision"]["date"] == "year"


def test_places_geojson_never_has_a_country(kachin):
    r = kachin("places", "--format", "geojson")
    obj = check_feature_collection(r.out)
    expected = {p["id"] for p in RAW["places"] if p.get("coordinates") and p["kind"] not in AREAS}
    assert {f["id"] for f in obj["features"]} == expected
    assert "china" not in expected and "kachin-state" not in expected
    assert r.err.startswith(f"kachin: {len(RAW['places']) - len(expected)} of {len(RAW['places'])} records left out")


def test_search_geojson(kachin):
    r = kachin("search", "laiza", "--format", "geojson")
    obj = check_feature_collection(r.out)
    assert "laiza" in {f["id"] for f in obj["features"]}
    assert {f["properties"]["record"] for f in obj["features"]} >= {"place", "event"}


def test_geojson_with_nothing_located_is_an_empty_collection(kachin):
    r = kachin("timeline", "--from", "1955", "--to", "1958", "-f", "geojson")
    assert json.loads(r.out) == {"type": "FeatureCollection", "features": []}


def test_places_listing(kachin):
    r = kachin("places", "laiza", "--format", "json")
    [laiza] = r.json
    assert laiza["id"] == "laiza" and laiza["coordinates"] == {"lat": 24.77, "lon": 97.56}
    assert laiza["events"] == sum(1 for e in RAW["events"] if "laiza" in e["places"])
    table = kachin("places").out
    assert "Laiza" in table and "24.77, 97.56" in table and "Coordinates" in table


# ---------------------------------------------------------------- TimelineJS


def check_timelinejs_date(d: dict) -> None:
    assert isinstance(d["year"], int) and not isinstance(d["year"], bool)  # a number, as TimelineJS3 requires
    assert set(d) <= {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
    if "day" in d:
        assert "month" in d
        date(d["year"], d["month"], d["day"])
    if "month" in d:
        assert isinstance(d["month"], int) and 1 <= d["month"] <= 12


def check_timelinejs(doc: dict) -> None:
    """TimelineJS3's JSON format: `events` is required, each slide with a `start_date`
    object whose `year` is a number; `text` has `headline` and `text`; `eras` need both
    `start_date` and `end_date`; unique_id values are unique."""
    assert isinstance(doc["events"], list)
    seen = set()
    for slide in doc["events"]:
        check_timelinejs_date(slide["start_date"])
        if "end_date" in slide:
            check_timelinejs_date(slide["end_date"])
        assert isinstance(slide["text"]["headline"], str) and isinstance(slide["text"]["text"], str)
        assert slide["unique_id"] not in seen
        seen.add(slide["unique_id"])
    for era in doc.get("eras", []):
        check_timelinejs_date(era["start_date"])
        check_timelinejs_date(era["end_date"])
        assert isinstance(era["text"]["headline"], str)
    if "title" in doc:
        assert isinstance(doc["title"]["text"]["headline"], str)


def test_timelinejs_of_the_whole_timeline(kachin):
    r = kachin("timeline", "--format", "timelinejs")
    assert r.code == 0 and r.err == ""
    doc = json.loads(r.out)
    check_timelinejs(doc)
    assert [s["unique_id"] for s in doc["events"]] == [e.id for e in sorted(store.load().events,
                                                                            key=lambda e: (e.first, e.last))]
    by_id = {s["unique_id"]: s for s in doc["events"]}
    laiza = by_id["laiza-hq-attack-2014"]
    assert laiza["start_date"] == {"year": 2014, "month": 11, "day": 19}
    assert laiza["group"] == "Second conflict"
    assert laiza["text"]["headline"] == "Attack on KIA headquarters near Laiza"
    assert "Sources: Kachin conflict, section 2014." in laiza["text"]["text"]
    # reduced precision stays reduced: no month or day is made up
    year_only = next(e for e in RAW["events"] if len(e["date"]) == 4)
    assert by_id[year_only["id"]]["start_date"] == {"year": int(year_only["date"])}
    month_only = next(e for e in RAW["events"] if len(e["date"]) == 7)
    y, m = month_only["date"].split("-")
    assert by_id[month_only["id"]]["start_date"] == {"year": int(y), "month": int(m)}
    spans = [e for e in RAW["events"] if e.get("end_date")]
    assert spans and all("end_date" in by_id[e["id"]] for e in spans)
    eras = {e["text"]["headline"]: e for e in doc["eras"]}
    assert eras["Ceasefire"]["start_date"] == {"year": 1994, "month": 2, "day": 24}
    assert eras["Ceasefire"]["end_date"] == {"year": 2011, "month": 6, "day": 9}
    assert eras["Second conflict (ongoing as of 2026-11-25)"]["end_date"] == {"year": 2026, "month": 11, "day": 25}
    assert not any(h.startswith("Myanmar conflict") for h in eras)  # the umbrella is not an era


def test_timelinejs_eras_only_where_the_events_are(kachin):
    doc = json.loads(kachin("timeline", "--from", "2014", "--to", "2014", "--type", "attack", "-f", "timelinejs").out)
    check_timelinejs(doc)
    assert [e["unique_id"] for e in doc["events"]] == ["laiza-hq-attack-2014"]
    assert [e["unique_id"] for e in doc["eras"]] == ["era-second-conflict"]  # not the ceasefire, not post-coup


def test_timelinejs_escapes_html():
    ev = model.Event(id="x-1", date="2012-03", title="<script>alert(1)</script>", summary="A & B <b>",
                     type="battle", phase="", sources=(model.Citation(source="article", section="2012"),))
    assert (ev.first, ev.last) == (date(2012, 3, 1), date(2012, 3, 31))
    kb = model.KnowledgeBase(events=[ev], sources=[model.Source(id="article", name="Kachin conflict",
                                                                kind="encyclopedia_article", description="d")])
    doc = json.loads(timelinejs.dumps(kb, [ev]))
    check_timelinejs(doc)
    text = doc["events"][0]["text"]
    assert text["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<p>A &amp; B &lt;b&gt;</p>" in text["text"]


# ---------------------------------------------------------------- citations


def csl_schema_validator():
    import jsonschema

    schema = json.loads((HERE / "fixtures" / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
    return jsonschema.Draft3Validator(schema)


def render_with_citeproc(items: list[dict]) -> list[str]:
    import citeproc
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON(items)
    style = CitationStylesStyle(str(citeproc.__path__[0]) + "/data/styles/harvard-cite-them-right.csl",
                                validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for it in items:
        bib.register(Citation([CitationItem(it["id"])]))
    return [str(entry) for entry in bib.bibliography()]


# Records whose citations span the kinds of source: the article, relayed reporting, general reference.
CITED = ["laiza-hq-attack-2014", "laiza", "lintner-report-2012"]


@pytest.mark.parametrize("rid", CITED + [s["id"] for s in RAW["sources"]])
def test_csl_json_validates_against_the_csl_data_schema(kachin, rid):
    r = kachin("cite", rid, "--style", "csl-json")
    assert r.code == 0, r.err
    items = json.loads(r.out)
    errors = sorted(e.message for e in csl_schema_validator().iter_errors(items))
    assert not errors, errors
    assert items
    assert render_with_citeproc(items)


def test_csl_json_of_an_event_and_how_citeproc_renders_it(kachin):
    items = json.loads(kachin("cite", "laiza-hq-attack-2014", "--style", "csl-json").out)
    assert items == [{"id": "article-2014", "type": "entry-encyclopedia", "title": "Kachin conflict",
                      "section": "2014"}]
    [entry] = render_with_citeproc(items)
    assert "Kachin conflict" in entry


def test_relayed_reporting_is_credited_with_the_section_that_relays_it(kachin):
    items = json.loads(kachin("cite", "lintner-report-2012", "--style", "csl-json").out)
    by_id = {it["id"]: it for it in items}
    atol = by_id["asia-times-online"]
    assert atol["type"] == "article-newspaper" and atol["container-title"] == "Asia Times Online"
    assert atol["author"] == [{"literal": "Bertil Lintner"}]
    assert atol["issued"] == {"date-parts": [[2012, 12, 18]]}
    assert "as cited in the encyclopedia article \u00abKachin conflict\u00bb, section Ceasefire attempts" in atol["note"]
    assert any(it["type"] == "entry-encyclopedia" and it.get("section") == "Ceasefire attempts" for it in items)
    rendered = " ".join(render_with_citeproc(items))
    assert "Asia Times Online" in rendered and "Lintner" in rendered


def test_cite_text(kachin):
    r = kachin("cite", "laiza")
    assert r.out.splitlines()[0] == "Sources of laiza (\u00abLaiza\u00bb):"
    assert "1. \u00abKachin conflict\u00bb, encyclopedia article, section \u00ab2013\u00bb." in r.out
    assert "5. General reference (general reference, not the article: coordinates (approximate))." in r.out


def test_a_news_report_source_is_cited_with_outlet_title_url_and_date():
    src = model.Source(id="irrawaddy-2013-01-02", name="Army admits air strikes", kind="news_report",
                       outlet="The Irrawaddy", date="2013-01-02", url="https://example.org/a?x=1&y={2}",
                       description="d")
    ev = model.Event(id="e", title="E", date="2013", summary="s", type="report", phase="p",
                     sources=(model.Citation(source="irrawaddy-2013-01-02"),))
    kb = model.KnowledgeBase(events=[ev], sources=[src])
    [item] = csl.items(kb, ev)
    assert item == {"id": "irrawaddy-2013-01-02", "type": "article-newspaper", "title": "Army admits air strikes",
                    "container-title": "The Irrawaddy", "issued": {"date-parts": [[2013, 1, 2]]},
                    "URL": "https://example.org/a?x=1&y={2}"}
    assert not list(csl_schema_validator().iter_errors([item]))
    assert csl.text(kb, ev).splitlines()[1] == ("1. \u00abArmy admits air strikes\u00bb, The Irrawaddy, 2013-01-02, "
                                                "https://example.org/a?x=1&y={2}.")
    bib = parse_bibtex(csl.bibtex(kb, ev))
    entry = bib.entries["e:irrawaddy-2013-01-02"]
    assert entry.fields["journal"] == "The Irrawaddy" and entry.fields["url"] == "https://example.org/a?x=1&y=%7B2%7D"


def parse_bibtex(text: str):
    from pybtex.database import parse_string

    return parse_string(text, "bibtex")


@pytest.mark.parametrize("rid", CITED)
def test_bibtex_parses_with_pybtex(kachin, rid):
    r = kachin("cite", rid, "--style", "bibtex")
    assert r.code == 0, r.err
    bib = parse_bibtex(r.out)
    assert len(bib.entries) == len(json.loads(kachin("cite", rid, "--style", "csl-json").out))


def test_bibtex_of_the_laiza_attack(kachin):
    bib = parse_bibtex(kachin("cite", "laiza-hq-attack-2014", "--style", "bibtex").out)
    entry = bib.entries["laiza-hq-attack-2014:article-2014"]
    assert entry.type == "misc"
    assert entry.fields["title"] == "{Kachin conflict}"
    assert entry.fields["note"] == "Encyclopedia article, section \u00ab2014\u00bb"


def test_bibtex_escapes_special_characters():
    src = model.Source(id="s", name="50% of {x} & y_z", kind="news_report", outlet="A#B", description="d")
    ev = model.Event(id="e", title="E", date="2013", summary="s", type="report", phase="p",
                     sources=(model.Citation(source="s"),))
    kb = model.KnowledgeBase(events=[ev], sources=[src])
    entry = parse_bibtex(csl.bibtex(kb, ev)).entries["e:s"]
    assert entry.fields["title"] == r"{50\% of \{x\} \& y\_z}"
    assert entry.fields["journal"] == r"A\#B"


def test_cite_unknown_record(kachin):
    r = kachin("cite", "no-such-record")
    assert (r.code, r.out, r.err) == (1, "", "kachin: no record 'no-such-record'\n")


def test_exports_read_records_through_their_attributes_only():
    # the loader is becoming msgspec Structs: the exports must not rely on tuple internals
    for module in ("timelinejs", "geojson", "csl"):
        text = (REPO / "kachin_cli" / "exports" / f"{module}.py").read_text(encoding="utf-8")
        assert "._fields" not in text and "_make(" not in text and "_asdict" not in text


def test_csl_json_is_written_to_a_pipe_as_json(kachin):
    assert json.load(io.StringIO(kachin("cite", "laiza", "--style", "csl-json").out))


def test_a_recorded_event_credits_ucdp_and_the_papers_it_asks_for():
    """The UCDP layer is not merged yet: its rows will be cited through csl.recorded_items."""
    items = csl.recorded_items("ucdp-1234", source_article="Xinhua 3 Jan 2012", source_office="Xinhua",
                               source_date="2012-01-03")
    assert not sorted(e.message for e in csl_schema_validator().iter_errors(items))
    assert [it["id"] for it in items] == ["ucdp-1234", "sundberg-melander-2013", "davies-pettersson-oberg-2023"]
    assert items[0]["note"] == "event ucdp-1234; coded from: Xinhua 3 Jan 2012; reported by Xinhua on 2012-01-03"
    rendered = " ".join(render_with_citeproc(items))
    assert "Sundberg" in rendered and "Journal of Peace Research" in rendered and "Uppsala" in rendered
    bib = parse_bibtex(csl.bibtex_of("ucdp-1234", items))
    paper = bib.entries["ucdp-1234:sundberg-melander-2013"]
    assert [str(p) for p in paper.persons["author"]] == ["Sundberg, Ralph", "Melander, Erik"]
    assert (paper.fields["volume"], paper.fields["number"], paper.fields["pages"]) == ("50", "4", "523-532")
    text = csl.text_of("ucdp-1234", "Recorded event", items)
    assert ("3. Shawn Davies, Ther\u00e9se Pettersson, Magnus \u00d6berg (2023). Organized violence "
            "1989-2022, and the return of conflict between states. Journal of Peace Research 60(4): 691-708.") in text
    assert text.splitlines()[1] == ("1. \u00abUCDP Georeferenced Event Dataset (the release covering 1989-2023)\u00bb, "
                                    "Uppsala Conflict Data Program, Department of Peace and Conflict Research, Uppsala "
                                    "University (event ucdp-1234; coded from: Xinhua 3 Jan 2012; reported by Xinhua on "
                                    "2012-01-03).")


# ---------------------------------------------------------------- citing a recorded event (UCDP GED)

with open(REPO / "data" / "ucdp-ged-kachin.csv", encoding="utf-8", newline="") as _f:
    UCDP = {row["id"]: row for row in __import__("csv").DictReader(_f)}
# the first row, a country-level one, one of another conflict, one with several reports, the last
UCDP_CITED = ["49343", "49542", next(i for i, r in UCDP.items() if r["conflict_new_id"] != "231"),
              next(i for i, r in UCDP.items() if int(r["number_of_sources"] or 0) > 3), list(UCDP)[-1]]


def test_every_bundled_ucdp_row_cites_the_dataset_its_reporting_and_the_two_papers(kachin):
    for rid, row in UCDP.items():
        r = kachin("cite", f"ucdp-{rid}")
        assert r.code == 0, (rid, r.err)
        lines = r.out.splitlines()
        assert len(lines) == 4, (rid, r.out)
        assert lines[1].startswith("1. \u00abUCDP Georeferenced Event Dataset (the release covering 1989-2023)\u00bb, "
                                   "Uppsala Conflict Data Program"), (rid, lines[1])
        assert f"event ucdp-{rid}" in lines[1]
        article, office = (" ".join(row[k].split()) for k in ("source_article", "source_office"))
        if article:  # line breaks in UCDP's fields (two rows have them) become spaces
            assert f"coded from: {article}" in lines[1], rid
        if office:
            assert f"reported by {office}" in lines[1], rid
        assert lines[2] == ("2. Ralph Sundberg, Erik Melander (2013). Introducing the UCDP Georeferenced Event "
                            "Dataset. Journal of Peace Research 50(4): 523-532.")
        assert lines[3].startswith("3. Shawn Davies, Ther\u00e9se Pettersson, Magnus \u00d6berg (2023). Organized "
                                   "violence 1989-2022") and lines[3].endswith("Journal of Peace Research 60(4): 691-708.")


@pytest.mark.parametrize("rid", UCDP_CITED)
def test_a_ucdp_citation_in_bibtex_and_csl_json(kachin, rid):
    bib = parse_bibtex(kachin("cite", f"ucdp-{rid}", "--style", "bibtex").out)
    assert list(bib.entries) == [f"ucdp-{rid}:ucdp-{rid}", f"ucdp-{rid}:sundberg-melander-2013",
                                 f"ucdp-{rid}:davies-pettersson-oberg-2023"]
    dataset = bib.entries[f"ucdp-{rid}:ucdp-{rid}"]
    assert dataset.type == "misc" and dataset.fields["publisher"].startswith("Uppsala Conflict Data Program")
    paper = bib.entries[f"ucdp-{rid}:sundberg-melander-2013"]
    assert (paper.type, paper.fields["journal"], paper.fields["volume"], paper.fields["year"]) == (
        "article", "Journal of Peace Research", "50", "2013")
    assert [str(p) for p in paper.persons["author"]] == ["Sundberg, Ralph", "Melander, Erik"]
    items = json.loads(kachin("cite", f"ucdp-{rid}", "--style", "csl-json").out)
    assert not sorted(e.message for e in csl_schema_validator().iter_errors(items))
    assert [i["id"] for i in items] == [f"ucdp-{rid}", "sundberg-melander-2013", "davies-pettersson-oberg-2023"]
    assert len(render_with_citeproc(items)) == 3


def test_cite_an_unknown_or_an_acled_recorded_event(kachin, tmp_path):
    r = kachin("cite", "ucdp-1")
    assert (r.code, r.out, r.err) == (
        1, "", "kachin: no recorded event 'ucdp-1' in the bundled UCDP layer or an imported one\n")
    path = tmp_path / "acled.csv"
    path.write_text("event_id_cnty,event_date,year,time_precision,event_type,actor1,actor2,country,admin1,admin2,"
                    "location,latitude,longitude,geo_precision,source,notes,fatalities\n"
                    "MMR9,2022-03-05,2022,1,Battles,Military Forces of Myanmar (2021-),KIA: Kachin Independence "
                    "Army,Myanmar,Kachin,Synthetic district,Synthetic town,25.0,97.0,1,Synthetic Daily,A synthetic "
                    "test row.,3\n", encoding="utf-8")
    assert kachin("import", str(path), "--name", "acled-test").code == 0
    r = kachin("cite", "acled-MMR9")
    assert r.code == 2 and r.out == ""
    assert r.err == ("kachin: 'acled-MMR9' is a row of acled: kachin cites UCDP rows only; cite that dataset as its "
                     "terms of use ask\n")


def test_cite_a_row_of_an_imported_ucdp_layer_names_the_layer(kachin, tmp_path):
    import csv

    path = tmp_path / "ged-test.csv"
    with open(REPO / "data" / "ucdp-ged-kachin.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        row = dict(next(reader), id="999999001")  # a row the bundled extract does not have
        header = reader.fieldnames
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerow(row)
    assert kachin("import", str(path), "--name", "ged-test").code == 0
    out = kachin("cite", "ucdp-999999001").out
    assert out.splitlines()[1].startswith("1. \u00abUCDP Georeferenced Event Dataset (as imported from ged-test.csv as "
                                          "the layer ged-test)\u00bb")
    # a row the bundled layer has is cited from it
    assert "(the release covering 1989-2023)" in kachin("cite", f"ucdp-{next(iter(UCDP))}").out

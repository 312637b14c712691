"""What a caller sees of the links between a dataset's recorded events and the knowledge base's
places (by name, by distance, at which precision, and with what explanation), of the distance
between two points, and of the earliest ISO year a date may name (issue 16's surviving mutants of
query._places_by_name, place_links, _place_key, km_between and dates.parse_iso).

Run in-process (the functions themselves), so that a change to kachin_cli is seen; each test pins
exact links, messages, kilometres or dates."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import derived

from kachin_cli import query, store
from kachin_cli.dates import parse_iso
from kachin_cli.layers.record import RecordedEvent

LAIZA = (24.77, 97.56)  # the fixture's coordinates of Laiza


def row(rid: str, **kw) -> RecordedEvent:
    return RecordedEvent(id=rid, source="ucdp-ged", source_id=rid, date_start=date(2012, 1, 1),
                         date_end=date(2012, 1, 1), **kw)


def _more_places(raw):
    hpakant = next(p for p in raw["places"] if p["id"] == "hpakant")
    hpakant["aliases"] = ["Phakant", "Hpakant Town"]  # two names of one place, one key: 'hpakant'
    raw["places"].append({"id": "nam-san-yang", "name": "Nam San Yang", "kind": "village", "country": "Myanmar",
                          "summary": "A village.", "sources": [{"source": "article", "section": "2013"}]})


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return store.load(derived(tmp_path_factory.mktemp("kb"), _more_places))


def links(kb, event) -> list[tuple[str, str]]:
    return [(p.id, how) for p, how in query.place_links(kb, event)]


# ---------------------------------------------------------------- by name, at which precision


def test_a_district_level_location_is_linked_by_name(kb):
    event = row("r-district", place="Laiza town", where_prec=3)
    assert links(kb, event) == [
        ("laiza", "by name: the dataset's location 'Laiza town' (the district (second-order division))")]


def test_a_province_level_or_unplaced_row_is_never_linked(kb):
    # placed only at the state (4), or with no precision at all: no link, even by a place's own name
    assert links(kb, row("r-state", place="Laiza", where_prec=4, latitude=LAIZA[0], longitude=LAIZA[1])) == []
    assert links(kb, row("r-none", place="Laiza", where_prec=None)) == []


def test_a_place_known_by_two_names_of_one_key_is_linked_once(kb):
    # 'Hpakant' and its alias 'Hpakant Town' both read 'hpakant': one link, not two
    assert links(kb, row("r-hpakant", place="Hpakant", where_prec=1)) == [
        ("hpakant", "by name: the dataset's location 'Hpakant' (exact location)")]


def test_a_name_of_three_words_with_a_suffix_matches_the_place_without_it(kb):
    assert links(kb, row("r-village", place="Nam San Yang village", where_prec=1)) == [
        ("nam-san-yang", "by name: the dataset's location 'Nam San Yang village' (exact location)")]


def test_place_keys_drop_trailing_town_village_city_area_but_never_the_whole_name():
    assert query._place_key("Laiza town") == "laiza"
    assert query._place_key("Nam San Yang village area") == "nam san yang"
    assert query._place_key("Hpakant township") == "hpakant township"
    assert query._place_key("Town") == "town"  # a one-word name stays itself, never ''
    assert query._place_key("Laiza Town City") == "laiza"


# ---------------------------------------------------------------- by distance


def test_a_row_within_25_km_near_a_place_is_linked_by_distance_with_its_location(kb):
    event = row("r-near", place="Somewhere", where_prec=2, latitude=24.80, longitude=97.56)
    assert links(kb, event) == [
        ("laiza", "by distance: 3.3 km from Laiza's coordinates "
                  "(the dataset's location 'Somewhere', within 25 km of the location)")]


def test_a_row_linked_by_name_is_not_linked_again_by_distance(kb):
    # at Laiza's very coordinates and named Laiza: one link, by name
    event = row("r-laiza", place="Laiza", where_prec=1, latitude=LAIZA[0], longitude=LAIZA[1])
    assert links(kb, event) == [("laiza", "by name: the dataset's location 'Laiza' (exact location)")]


def test_a_row_exactly_near_km_away_is_near(kb):
    import math

    # a latitude exactly 10.0 km north of Laiza, to the last bit: found near 24.859911377113484
    # (where this machine's maths gives it) one representable step at a time, so that another
    # maths library's rounding finds its own
    lon = 97.56213
    assert query.NEAR_KM == 10.0
    lat = 24.859911377113484
    for _ in range(2000):
        d = query.km_between(lat, lon, *LAIZA)
        if d == 10.0:
            break
        lat = math.nextafter(lat, -math.inf if d > 10.0 else math.inf)
    else:
        pytest.skip("no latitude gives exactly 10.0 km with this platform's maths")
    assert links(kb, row("r-edge", place="Elsewhere", where_prec=1, latitude=lat, longitude=lon)) == [
        ("laiza", "by distance: 10.0 km from Laiza's coordinates (the dataset's location 'Elsewhere', "
                  "exact location)")]


def test_km_between_is_the_great_circle_distance_on_a_6371_km_earth():
    # one degree of a meridian is 6371 * pi / 180 km; one degree of longitude at 60 degrees north
    # is a little less than half of it
    assert query.km_between(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.19492664455873, rel=1e-12)
    assert query.km_between(60.0, 0.0, 60.0, 1.0) == pytest.approx(55.596934071140865, rel=1e-12)
    assert query.km_between(24.80, 97.56, *LAIZA) == pytest.approx(3.335847799336888, rel=1e-12)


# ---------------------------------------------------------------- the earliest year


def test_year_one_is_a_date_and_year_zero_is_not():
    assert parse_iso("0001") == (date(1, 1, 1), date(1, 12, 31))
    assert parse_iso("0001-02-03") == (date(1, 2, 3), date(1, 2, 3))
    with pytest.raises(ValueError) as caught:
        parse_iso("0000")
    assert str(caught.value) == "'0000' is not a valid date"

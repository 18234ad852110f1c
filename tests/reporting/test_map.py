"""The map's data: /api/actions.geojson, /api/actions.csv and the /map/ page with its table view."""

import csv
import gzip
import io
import json

import pytest

from actions.models import ActionStatus
from experts.models import DeploymentStatus
from reporting.public_views.geo import centroids
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    area,
    phase,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio():
    kenya = ActionFactory(published=True, code="MIEUX-2026-001-KE", title="Asylum in Kenya", thematic_areas=[area("IPA")],
                          staff_notes="do not publish")
    regional = ActionFactory(published=True, code="MIEUX-2025-007-EAC", title="Regional trafficking",
                             countries=["KE", "TZ", "MU"], thematic_areas=[area("IRR"), area("HOR")])
    morocco = ActionFactory(published=True, code="MIEUX-2019-003-MA", title="Morocco labour", countries=["MA"],
                            region=region("SOU"), status=ActionStatus.COMPLETED, phase=phase("III"))
    hidden = ActionFactory(code="MIEUX-2026-099-GH", title="Unpublished Ghana", countries=["GH"])
    DeploymentFactory(activity=ActivityFactory(action=kenya, delivered=True),
                      expert=ExpertFactory(first_name="Zelda", last_name="Quarrington"),
                      status=DeploymentStatus.COMPLETED)
    return {"kenya": kenya, "regional": regional, "morocco": morocco, "hidden": hidden}


def body(response):
    return response.content if not response.streaming else b"".join(response.streaming_content)


def features(client, query=""):
    response = client.get("/api/actions.geojson" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(body(response))
    assert data["type"] == "FeatureCollection"
    return data["features"]


def test_geojson_has_one_feature_per_published_action_and_country(client, portfolio):
    found = features(client)
    assert sorted(f["id"] for f in found) == [
        "MIEUX-2019-003-MA:MA", "MIEUX-2025-007-EAC:KE", "MIEUX-2025-007-EAC:MU", "MIEUX-2025-007-EAC:TZ",
        "MIEUX-2026-001-KE:KE",
    ]


def test_geojson_feature_carries_country_status_phase_areas_and_url(client, portfolio, settings):
    feature = next(f for f in features(client) if f["id"] == "MIEUX-2025-007-EAC:TZ")
    props = feature["properties"]
    assert props["country"] == "TZ"
    assert props["country_numeric"] == "834"
    assert props["countries"] == ["KE", "MU", "TZ"]
    assert props["status"] == "ongoing"
    assert props["phase"] == "IV"
    assert props["thematic_areas"] == ["IRR", "HOR"]
    assert props["url"] == settings.SITE_URL.rstrip("/") + "/actions/MIEUX-2025-007-EAC/"
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert 29 < lon < 41 and -12 < lat < 0  # inside Tanzania


def test_country_missing_from_the_atlas_has_null_geometry(client, portfolio):
    assert "MU" not in centroids()
    feature = next(f for f in features(client) if f["id"] == "MIEUX-2025-007-EAC:MU")
    assert feature["geometry"] is None
    assert feature["properties"]["country"] == "MU"


def test_geojson_holds_no_personal_data_or_staff_notes(client, portfolio):
    text = body(client.get("/api/actions.geojson")).decode()
    assert "Zelda" not in text and "Quarrington" not in text
    assert "do not publish" not in text
    assert "Unpublished Ghana" not in text


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("region=SOU", {"MIEUX-2019-003-MA"}),
        ("status=completed", {"MIEUX-2019-003-MA"}),
        ("status=ongoing", {"MIEUX-2026-001-KE", "MIEUX-2025-007-EAC"}),
        ("phase=IV&thematic_area=HOR", {"MIEUX-2025-007-EAC"}),
        ("country=TZ", {"MIEUX-2025-007-EAC"}),
    ],
)
def test_geojson_filters_narrow_the_features(client, portfolio, query, codes):
    assert {f["properties"]["code"] for f in features(client, query)} == codes


def test_csv_lists_published_actions_with_the_same_filters(client, portfolio):
    response = client.get("/api/actions.csv?thematic_area=IRR")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert [r["code"] for r in rows] == ["MIEUX-2025-007-EAC"]
    assert rows[0]["countries"] == "KE;MU;TZ"
    assert rows[0]["thematic_areas"] == "IRR;HOR"
    everything = body(client.get("/api/actions.csv")).decode()
    assert "MIEUX-2026-099-GH" not in everything and "Zelda" not in everything


def test_map_page_has_the_map_the_filters_and_a_table_view(client, portfolio):
    response = client.get("/map/?status=ongoing&region=AFR")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="map"' in html
    assert 'data-geojson="/api/actions.geojson?region=AFR&amp;status=ongoing"' in html
    assert "countries-110m.json" in html and "topojson-client.min.js" in html and "js/map.js" in html
    assert '<th scope="row"><a href="/actions/?region=AFR&amp;status=ongoing&amp;country=KE">Kenya</a></th>' in html
    assert "Morocco labour" not in html
    assert "Unpublished Ghana" not in html
    assert 'selected>Africa</option>' in html


def test_map_page_does_not_use_a_tile_server_unless_configured(client, settings):
    settings.MAP_TILE_URL = ""
    assert 'data-tile-url=""' in client.get("/map/").content.decode()
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in client.get("/map/").content.decode()


def test_map_page_has_no_inline_script(client, portfolio):
    html = client.get("/map/").content.decode()
    assert "<script>" not in html and " style=" not in html


def _build(n):
    for _ in range(n):
        ActionFactory(published=True, countries=["KE", "UG"], thematic_areas=[area("MD"), area("LMM")])


@pytest.mark.parametrize("url", ["/api/actions.geojson", "/api/actions.csv", "/iati/activities.xml"])
def test_open_data_query_count_is_constant(client, django_assert_max_num_queries, url):
    _build(1)
    with django_assert_max_num_queries(20) as one:
        assert client.get(url).status_code == 200
    _build(29)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_map_page_size_does_not_grow_with_the_number_of_actions(client):
    _build(2)
    small = len(client.get("/map/").content)
    _build(40)
    html = client.get("/map/").content.decode()
    assert "42 Actions in 2 countries" in html
    assert len(html.encode()) - small < 20  # only the digits of the counts change


def test_map_table_links_each_country_to_the_filtered_list(client, portfolio):
    html = client.get("/map/?status=ongoing").content.decode()
    assert 'href="/actions/?status=ongoing&amp;country=TZ"' in html
    listed = client.get("/actions/?status=ongoing&country=TZ").content.decode()
    assert "Regional trafficking" in listed and "Asylum in Kenya" not in listed


def test_unfiltered_open_data_is_served_from_a_file_with_conditional_get(client, settings):
    _build(2)
    first = client.get("/api/actions.csv")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert (settings.OPEN_DATA_DIR / "actions.csv").exists()
    assert client.get("/api/actions.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    ActionFactory(published=True, code="MIEUX-2026-123-KE", countries=["KE"])
    changed = client.get("/api/actions.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "MIEUX-2026-123-KE" in body(changed).decode()


def test_a_filtered_download_is_kept_as_a_file_until_the_data_changes(client, settings, portfolio):
    url = "/api/actions.geojson?status=ongoing&region=AFR"
    first = client.get(url)
    assert first.status_code == 200 and not first.has_header("ETag")  # streamed while kept
    features = json.loads(body(first))["features"]
    assert {f["properties"]["code"] for f in features} == {"MIEUX-2026-001-KE", "MIEUX-2025-007-EAC"}
    kept = client.get(url)
    assert kept.status_code == 200 and kept["ETag"] and kept["Last-Modified"]
    assert json.loads(body(kept))["features"] == features  # the same download, now from the file
    assert client.get(url, HTTP_IF_NONE_MATCH=kept["ETag"]).status_code == 304
    other = client.get("/api/actions.geojson?status=completed")  # other filters: not that file
    assert not other.has_header("ETag") and "MIEUX-2019-003-MA" in body(other).decode()
    ActionFactory(published=True, code="MIEUX-2026-124-UG", countries=["UG"])
    changed = client.get(url, HTTP_IF_NONE_MATCH=kept["ETag"])
    assert changed.status_code == 200
    assert "MIEUX-2026-124-UG" in body(changed).decode()


def test_a_filtered_download_cut_short_keeps_nothing(client, settings, portfolio):
    response = client.get("/api/actions.csv?country=KE")
    next(iter(response.streaming_content))
    response.close()  # the visitor went away after the first chunk
    kept = settings.OPEN_DATA_DIR / "filtered"
    assert not [p for p in kept.iterdir()] if kept.exists() else True
    assert not client.get("/api/actions.csv?country=KE").has_header("ETag")  # streamed again, not a half file


def test_iati_takes_no_filter_and_is_always_the_background_file(client, portfolio):
    whole = client.get("/iati/activities.xml")
    filtered = client.get("/iati/activities.xml?status=completed")
    assert filtered.has_header("ETag") and filtered["ETag"] == whole["ETag"]


def test_clients_accepting_gzip_get_the_compressed_twin_of_the_file(client, portfolio):
    plain = client.get("/iati/activities.xml")
    packed = client.get("/iati/activities.xml", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert "Accept-Encoding" in plain["Vary"] and not plain.has_header("Content-Encoding")
    assert gzip.decompress(body(packed)) == body(plain)
    assert packed["ETag"] != plain["ETag"]
    assert client.get("/iati/activities.xml", HTTP_ACCEPT_ENCODING="gzip",
                      HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304

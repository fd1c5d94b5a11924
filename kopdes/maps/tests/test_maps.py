import gzip
import json

import pytest
import shapely
from django.core.exceptions import ValidationError

from kopdes.cooperatives.services import cooperative_update
from kopdes.maps.rules import INDICATORS, indicator_value
from kopdes.regions.models import Boundary
from kopdes.tests.factories import KUKAR_VILLAGE

SAMARINDA = (-0.5017, 117.1536)


def _inside(code):
    point = shapely.from_geojson(Boundary.objects.get(region_id=code).geometry).representative_point()
    return round(point.y, 6), round(point.x, 6)


def _geojson(response):
    body = gzip.decompress(response.content) if response.get("Content-Encoding") == "gzip" else response.content
    return json.loads(body)


def test_kukar_has_20_kecamatan_with_codes_and_figures(client_for, kukar_officer, boundaries, kukar_coop):
    response = client_for(kukar_officer).get("/api/v1/regions/64.02/boundaries")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = _geojson(response)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 20
    codes = {feature["properties"]["code"] for feature in data["features"]}
    assert "64.02.19" in codes and "64.02.20" in codes
    muara_muntai = next(f for f in data["features"] if f["properties"]["code"] == "64.02.01")
    properties = muara_muntai["properties"]
    assert properties["name"] == "Muara Muntai"
    assert properties["figures"]["villages"] == 13
    assert properties["figures"]["cooperatives"] == 1
    assert set(properties["figures"]["phases"]) >= {"musdesus", "operasional"}
    assert "phase_musdesus" in properties["indicators"]
    assert "Kepmendagri" in data["attribution"]


def test_paser_has_10(client_for, paser_officer, boundaries):
    data = _geojson(client_for(paser_officer).get("/api/v1/regions/64.01/boundaries"))
    assert len(data["features"]) == 10


def test_etag_and_gzip(client_for, kukar_officer, boundaries):
    client = client_for(kukar_officer)
    first = client.get("/api/v1/regions/64.02/boundaries", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert len(first.content) < 100_000  # the goal for Kukar's kecamatan map
    again = client.get("/api/v1/regions/64.02/boundaries", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_scope_of_the_map(client_for, camat, paser_officer, bupati, boundaries):
    # the camat of Muara Muntai: their kecamatan's villages, not the regency's map
    assert client_for(camat).get("/api/v1/regions/64.02/boundaries").status_code == 404
    villages = _geojson(client_for(camat).get("/api/v1/regions/64.02.01/boundaries"))
    assert len(villages["features"]) == 13
    assert client_for(paser_officer).get("/api/v1/regions/64.02/boundaries").status_code == 404
    assert client_for(paser_officer).get("/api/v1/regions/64.02/points").status_code == 404
    assert client_for(paser_officer).get("/api/v1/regions/64.02/locations").status_code == 404
    assert client_for(bupati).get("/api/v1/regions/64.02/boundaries").status_code == 200
    assert client_for(bupati).get("/api/v1/regions/ID/boundaries").status_code == 404


def test_anonymous_gets_401(client, boundaries):
    assert client.get("/api/v1/regions/64.02/boundaries").status_code == 401


def test_a_village_map_is_the_village(client_for, kepala_desa, boundaries):
    data = _geojson(client_for(kepala_desa).get(f"/api/v1/regions/{KUKAR_VILLAGE}/boundaries"))
    assert [feature["properties"]["code"] for feature in data["features"]] == [KUKAR_VILLAGE]


def test_samarinda_point_for_a_kukar_cooperative_is_refused(kukar_officer, kukar_coop, boundaries):
    with pytest.raises(ValidationError) as error:
        cooperative_update(
            actor=kukar_officer,
            cooperative=kukar_coop,
            version=kukar_coop.version,
            data={"latitude": SAMARINDA[0], "longitude": SAMARINDA[1]},
        )
    assert "Samarinda" in str(error.value)
    kukar_coop.refresh_from_db()
    assert kukar_coop.latitude is None


@pytest.mark.parametrize("point", [(-6.2, 106.8), (0, 0)])
def test_placeholder_refused_through_the_api(client_for, kukar_officer, kukar_coop, point):
    response = client_for(kukar_officer).patch(
        f"/api/v1/cooperatives/{kukar_coop.pk}",
        {"version": kukar_coop.version, "latitude": point[0], "longitude": point[1]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "pengganti" in response.content.decode()


def test_location_inside_is_kept_and_read_only_may_not_write(client_for, kukar_officer, bupati, kukar_coop, boundaries):
    lat, lon = _inside(KUKAR_VILLAGE)
    body = {"version": kukar_coop.version, "latitude": lat, "longitude": lon}
    denied = client_for(bupati).patch(f"/api/v1/cooperatives/{kukar_coop.pk}", body, content_type="application/json")
    assert denied.status_code == 403
    ok = client_for(kukar_officer).patch(f"/api/v1/cooperatives/{kukar_coop.pk}", body, content_type="application/json")
    assert ok.status_code == 200, ok.content
    points = client_for(kukar_officer).get("/api/v1/regions/64.02/points").json()
    cooperative = next(f for f in points["features"] if f["properties"]["kind"] == "cooperative")
    assert cooperative["properties"]["check"] == "inside"


def test_location_check_api(client_for, kukar_officer, paser_officer, boundaries):
    query = {"village": KUKAR_VILLAGE, "lat": SAMARINDA[0], "lon": SAMARINDA[1]}
    response = client_for(kukar_officer).get("/api/v1/locations/check", query)
    assert response.status_code == 200
    assert response.json()["status"] == "outside" and response.json()["refused"]
    assert client_for(paser_officer).get("/api/v1/locations/check", query).status_code == 404


def _place(coop, lat, lon):
    from kopdes.cooperatives.models import Cooperative

    Cooperative.objects.filter(pk=coop.pk).update(latitude=lat, longitude=lon)  # as imported before the check


def test_suspicious_locations_page_and_api(client_for, kukar_officer, bupati, paser_officer, kukar_coop, boundaries):
    _place(kukar_coop, *SAMARINDA)
    page = client_for(kukar_officer).get("/peta/64.02/lokasi/")
    assert page.status_code == 200
    assert kukar_coop.name in page.content.decode()
    assert 'data-status="outside"' in page.content.decode()
    assert client_for(bupati).get("/peta/64.02/lokasi/").status_code == 200
    assert client_for(paser_officer).get("/peta/64.02/lokasi/").status_code == 404
    rows = client_for(kukar_officer).get("/api/v1/regions/64.02/locations").json()
    assert [row["cooperative_id"] for row in rows] == [kukar_coop.pk]
    assert rows[0]["check"]["status"] == "outside"
    assert client_for(paser_officer).get("/peta/64.01/lokasi/").status_code == 200


def test_region_page_shows_the_map_panel(client_for, kukar_officer, boundaries):
    page = client_for(kukar_officer).get("/wilayah/64.02/").content.decode()
    assert 'id="region-map"' in page
    assert 'id="map-indicator"' in page
    assert "cahyadsn/wilayah_boundaries" in page


def test_region_page_without_boundaries_says_so(client_for, kukar_officer, db):
    page = client_for(kukar_officer).get("/wilayah/64.02/").content.decode()
    assert 'id="region-map"' not in page
    assert "load_boundaries" in page


def test_cooperative_page_small_map(client_for, kukar_officer, kukar_coop, boundaries):
    _place(kukar_coop, -6.2, 106.8)
    page = client_for(kukar_officer).get(f"/koperasi/{kukar_coop.pk}/").content.decode()
    assert 'id="cooperative-map"' in page
    assert "location-placeholder" in page


def test_progress_document_has_the_map_block(client_for, kukar_officer, boundaries):
    data = client_for(kukar_officer).get("/api/v1/progress/64.02").json()
    assert data["map"] == {"areas": 20, "areas_with_boundary": 20, "cooperatives_located": 0}


def test_indicator_values():
    document = {"villages": {"total": 10}, "cooperatives": 4, "phases": {"musdesus": 5}, "overlaps": {"open": 2}}
    by_key = {indicator.key: indicator for indicator in INDICATORS}
    assert indicator_value(by_key["phase_musdesus"], document) == 50.0
    assert indicator_value(by_key["overlaps_open"], document) == 2
    assert indicator_value(by_key["training_dasar"], document) is None  # block missing
    assert indicator_value(by_key["phase_musdesus"], {"villages": {"total": 0}, "phases": {"musdesus": 0}}) is None


def test_register_with_a_placeholder_location_is_refused(kukar_officer):
    from kopdes.cooperatives.services import cooperative_register
    from kopdes.regions.models import Region

    with pytest.raises(ValidationError):
        cooperative_register(
            actor=kukar_officer, village=Region.objects.get(code="64.02.06.2012"), latitude=0, longitude=0
        )

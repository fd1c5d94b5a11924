import json

import pytest
import shapely

from kopdes.regions.boundaries import boundaries_load
from kopdes.regions.choices import LocationStatus
from kopdes.regions.geo import check_location, check_locations, locate_point
from kopdes.regions.models import Boundary
from kopdes.regions.tests.boundary_data import load_kaltim

RAPAK_LAMBUR = "64.02.06.2012"  # Tenggarong, Kukar
SAMARINDA = (-0.5017, 117.1536)  # a point in Kota Samarinda (64.72)


@pytest.fixture
def kaltim(db):
    load_kaltim(("64.02", "64.72"))


def _inside(code):
    point = shapely.from_geojson(Boundary.objects.get(region_id=code).geometry).representative_point()
    return point.y, point.x


def test_inside_the_village(kaltim):
    lat, lon = _inside(RAPAK_LAMBUR)
    check = check_location(RAPAK_LAMBUR, lat, lon)
    assert check.status == LocationStatus.INSIDE
    assert check.distance_m is None and not check.refused
    assert check.boundary_code == RAPAK_LAMBUR
    assert "Rapak Lambur" in check.label


def test_samarinda_point_for_a_kukar_village_is_refused(kaltim):
    check = check_location(RAPAK_LAMBUR, *SAMARINDA)
    assert check.status == LocationStatus.OUTSIDE
    assert check.refused
    assert check.distance_m > 10_000
    assert "Samarinda" in check.label  # says where the point lies


def test_near_within_tolerance_gives_the_distance(kaltim):
    geometry = shapely.from_geojson(Boundary.objects.get(region_id=RAPAK_LAMBUR).geometry)
    # a point about 200 m outside the polygon: a buffer's edge in degrees (≈ 0.0018° per 200 m at the equator)
    outside = geometry.buffer(0.0018).exterior.interpolate(0.3, normalized=True)
    check = check_location(RAPAK_LAMBUR, outside.y, outside.x)
    assert check.status == LocationStatus.NEAR
    assert 100 <= check.distance_m <= 300
    assert not check.refused and check.suspicious
    far = check_location(RAPAK_LAMBUR, outside.y, outside.x, tolerance=50)
    assert far.status == LocationStatus.OUTSIDE


@pytest.mark.parametrize("lat, lon", [(-6.2, 106.8), (0, 0), (-6.20001, 106.80002)])
def test_placeholders(kaltim, lat, lon):
    check = check_location(RAPAK_LAMBUR, lat, lon)
    assert check.status == LocationStatus.PLACEHOLDER and check.refused
    assert "pengganti" in check.label


def test_jakarta_point_is_no_placeholder_for_a_jakarta_village(db):
    assert check_location("31.71.01.1001", -6.2, 106.8).status != LocationStatus.PLACEHOLDER


@pytest.mark.parametrize(
    "lat, lon, words",
    [(117.0, -0.5, "tidak mungkin"), (14.6, 121.0, "luar Indonesia"), (-33.9, 151.2, "luar Indonesia")],
)
def test_impossible_and_foreign_points(kaltim, lat, lon, words):
    check = check_location(RAPAK_LAMBUR, lat, lon)
    assert check.status == LocationStatus.OUTSIDE and check.distance_m is None
    assert words in check.label


def test_without_village_polygon_the_kecamatan_is_used(db):
    load_kaltim(("64.02",))
    Boundary.objects.filter(region_id=RAPAK_LAMBUR).delete()
    lat, lon = 0, 0
    geometry = shapely.from_geojson(Boundary.objects.get(region_id="64.02.06").geometry)
    point = geometry.representative_point()
    lat, lon = point.y, point.x
    check = check_location(RAPAK_LAMBUR, lat, lon)
    assert check.boundary_code == "64.02.06"
    assert check.status in (LocationStatus.INSIDE, LocationStatus.NEAR)
    assert "belum dimuat" in check.label or check.status == LocationStatus.NEAR


def test_no_boundary(db):
    check = check_location(RAPAK_LAMBUR, -0.4, 117.0)
    assert check.status == LocationStatus.NO_BOUNDARY and not check.refused
    assert "belum dimuat" in check.label


def test_check_locations_matches_single_checks(kaltim):
    lat, lon = _inside(RAPAK_LAMBUR)
    items = [("a", RAPAK_LAMBUR, lat, lon), ("b", RAPAK_LAMBUR, *SAMARINDA), ("c", RAPAK_LAMBUR, 0, 0)]
    results = check_locations(items)
    assert [results[key].status for key in "abc"] == ["inside", "outside", "placeholder"]
    assert results["b"] == check_location(RAPAK_LAMBUR, *SAMARINDA)


def test_locate_point(kaltim):
    found = locate_point(*SAMARINDA)
    assert found is not None and found.code.startswith("64.72.")


def _collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _feature(code, coordinates=None, kind="Polygon"):
    square = [[[117.0, -0.5], [117.1, -0.5], [117.1, -0.4], [117.0, -0.4], [117.0, -0.5]]]
    return {
        "type": "Feature",
        "properties": {"code": code},
        "geometry": {"type": kind, "coordinates": coordinates if coordinates is not None else square},
    }


def test_loader_reports_every_problem_and_writes_nothing(db):
    bowtie = [[[117.0, -0.5], [117.1, -0.4], [117.1, -0.5], [117.0, -0.4], [117.0, -0.5]]]
    data = _collection(
        _feature("64.02.06"),  # good
        _feature("64.99.01"),  # unknown code
        _feature("64.02.06.2012"),  # wrong level for --level district
        _feature("64.02.07", bowtie),  # self-intersecting
        _feature("64.02.08", []),  # empty
        _feature("64.02.09", [117.0, -0.5], "Point"),  # not a polygon
        _feature("64.02.06"),  # twice
    )
    result = boundaries_load(data=data, level="district")
    assert not result.ok
    messages = [str(error) for error in result.errors]
    assert any("64.99.01" in m and "tidak ada" in m for m in messages)
    assert any("64.02.06.2012" in m and "Desa/Kelurahan" in m for m in messages)
    assert any("64.02.07" in m and "tidak sah" in m for m in messages)
    assert any("64.02.08" in m for m in messages)
    assert any("64.02.09" in m and "Polygon" in m for m in messages)
    assert any("lebih dari sekali" in m for m in messages)
    assert not Boundary.objects.exists()


def test_loader_rejects_what_is_not_geojson(db):
    assert not boundaries_load(data=b"not json").ok
    assert not boundaries_load(data=b'{"type": "Feature"}').ok
    assert not boundaries_load(data=_collection()).ok


def test_loader_is_idempotent_and_builds_the_province(db):
    load_kaltim(("64",))
    assert Boundary.objects.filter(level="regency").count() == 10
    assert Boundary.objects.filter(parent_code="64.02", level="district").count() == 20
    assert Boundary.objects.filter(parent_code="64.01", level="district").count() == 10
    assert Boundary.objects.filter(region_id="64", parent_code="").exists()  # the province, from its regencies
    stamp = Boundary.objects.get(region_id="64.02").loaded_at
    from kopdes.regions.boundaries import SHIPPED_FILES
    from kopdes.regions.tests.boundary_data import kaltim_file

    result = boundaries_load(data=kaltim_file(SHIPPED_FILES[0], "64"))
    assert result.ok and result.created == 0 and result.updated == 0
    assert Boundary.objects.get(region_id="64.02").loaded_at == stamp


def test_command_reports_errors_and_loads_nothing(db, tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.geojson"
    bad.write_bytes(_collection(_feature("64.02.06"), _feature("64.99.01")))
    with pytest.raises(CommandError):
        call_command("load_boundaries", str(bad), "--level", "kecamatan")
    assert not Boundary.objects.exists()
    good = tmp_path / "good.geojson"
    good.write_bytes(_collection(_feature("64.02.06")))
    call_command("load_boundaries", str(good), "--level", "kecamatan")
    assert Boundary.objects.filter(region_id="64.02.06", level="district").exists()


def test_children_svg(db):
    from kopdes.regions.svg import children_svg

    assert children_svg("64.02") == ""
    load_kaltim(("64.02",))
    svg = children_svg("64.02", fills={"64.02.06": "#08519c"}, titles={"64.02.06": "Tenggarong <20%>"})
    assert svg.startswith("<svg") and svg.count("<path") == 20
    assert 'fill="#08519c"' in svg and "Tenggarong &lt;20%&gt;" in svg

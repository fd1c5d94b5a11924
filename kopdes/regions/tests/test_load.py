from kopdes.regions.choices import RegionKind, RegionLevel
from kopdes.regions.models import Region
from kopdes.regions.services import regions_load


def test_province_64_counts_match_kemendagri(db):
    kukar = Region.objects.get(code="64.02")
    assert kukar.kind == RegionKind.KABUPATEN
    villages = Region.objects.filter(code__startswith="64.02.", level=RegionLevel.VILLAGE)
    assert villages.count() == 237
    assert villages.filter(kind=RegionKind.DESA).count() == 193
    assert villages.filter(kind=RegionKind.KELURAHAN).count() == 44
    assert Region.objects.filter(parent_id="64.02", level=RegionLevel.DISTRICT).count() == 20
    assert Region.objects.get(code="64.72").kind == RegionKind.KOTA


def test_second_load_changes_nothing(db):
    result = regions_load(provinces=["64"])
    assert result.created == 0 and result.updated == 0
    assert result.unchanged == Region.objects.filter(code__startswith="64").count()


def test_load_repairs_a_changed_name(db):
    Region.objects.filter(code="64.02.01.2001").update(name="Salah Nama")
    result = regions_load(provinces=["64"])
    assert result.updated == 1
    assert Region.objects.get(code="64.02.01.2001").name != "Salah Nama"


def test_kind_from_code_and_name():
    assert Region.kind_of("64.02.05.1003", "X") == RegionKind.KELURAHAN
    assert Region.kind_of("64.02.05.2003", "X") == RegionKind.DESA
    assert Region.kind_of("64.72", "Kota Samarinda") == RegionKind.KOTA
    assert Region.kind_of("64.01", "Kabupaten Paser") == RegionKind.KABUPATEN

"""Officers' mapping decisions: stored in the mapping table, applied to the stored snapshot at once, kept by the
next import; a decision on a parent matches its children again."""

import pytest
from django.core.exceptions import ValidationError

from kopdes.exchange.choices import UnitStatus
from kopdes.exchange.models import NationalSnapshot, NationalUnit
from kopdes.exchange.selectors import national_summary
from kopdes.exchange.services import mapping_decide, snapshot_import
from kopdes.exchange.tests.conftest import SNAPSHOT, rows_of, to_csv
from kopdes.regions.models import Region
from kopdes.tests.factories import PASER, checked

TAPIS = "64.01.04.2015"


def renamed(paser_file, **names) -> bytes:
    """The Paser file with some villages (by their name) or kecamatan (by "kec:<name>") renamed."""
    rows = []
    for row in rows_of(paser_file):
        row = dict(row)
        row["village"] = names.get(row["village"], row["village"])
        row["subdistrict"] = names.get(f"kec:{row['subdistrict']}", row["subdistrict"])
        rows.append(row)
    return to_csv(rows)


@pytest.fixture
def tapis_unmatched(imported, paser_file):
    """Tapis spelled as an old name the matcher must not guess ("Tapiz Lama": a qualifier Tapis lacks)."""
    result = imported(renamed(paser_file, Tapis="Tapiz Lama"))
    assert (result.matched, result.unmatched) == (143, 1)
    return NationalUnit.objects.get(name="Tapiz Lama")


def test_an_unmatched_village_still_counts_in_its_kecamatan_and_regency(tapis_unmatched, paser_file):
    unit = tapis_unmatched
    assert (unit.status, unit.region_id, unit.area_code) == ("unmatched", None, "64.01.04")
    assert unit.candidates[0]["code"] == TAPIS  # offered, not taken
    row = NationalSnapshot.objects.get(unit=unit)
    assert row.region_code == "64.01.04"
    assert national_summary(region=checked(PASER))["cooperatives"] == 144
    assert national_summary(region=checked(TAPIS))["cooperatives"] == 0  # covered regency, no row of its own yet


def test_decision_is_applied_to_the_stored_snapshot_at_once(tapis_unmatched, paser_officer):
    unit = mapping_decide(actor=paser_officer, unit=tapis_unmatched, region=Region.objects.get(code=TAPIS))
    assert (unit.status, unit.method, unit.region_id, unit.area_code) == ("matched", "manual", TAPIS, TAPIS)
    assert unit.decided_by == paser_officer and unit.decided_at is not None
    assert NationalSnapshot.objects.get(unit=unit).region_code == TAPIS
    assert national_summary(region=checked(TAPIS))["cooperatives"] == 1


def test_the_next_import_keeps_the_decision(tapis_unmatched, paser_officer, paser_file, imported):
    mapping_decide(actor=paser_officer, unit=tapis_unmatched, region=Region.objects.get(code=TAPIS))
    again = imported(renamed(paser_file, Tapis="Tapiz Lama"))
    assert again.by_method == {"id": 144, "exact": 0, "fuzzy": 0}
    assert NationalUnit.objects.get(pk=tapis_unmatched.pk).method == "manual"
    assert NationalSnapshot.objects.get(unit=tapis_unmatched).region_code == TAPIS


def test_not_a_kemendagri_region(tapis_unmatched, paser_officer, paser_file, imported):
    unit = mapping_decide(actor=paser_officer, unit=tapis_unmatched, region=None)
    assert (unit.status, unit.method, unit.region_id, unit.area_code) == ("ignored", "manual", None, "64.01.04")
    again = imported(renamed(paser_file, Tapis="Tapiz Lama"))
    assert (again.unmatched, again.ignored) == (1, 1)


def test_a_decision_outside_the_level_or_the_scope_is_refused(tapis_unmatched, paser_officer, kukar_officer):
    with pytest.raises(ValidationError) as info:
        mapping_decide(actor=paser_officer, unit=tapis_unmatched, region=Region.objects.get(code="64.01.04"))
    assert "pilih wilayah tingkat desa/kelurahan" in str(info.value)
    with pytest.raises(ValidationError):
        mapping_decide(actor=paser_officer, unit=tapis_unmatched, region=Region.objects.get(code="64.02.01.2001"))
    assert NationalUnit.objects.get(pk=tapis_unmatched.pk).status == "unmatched"


def test_deciding_a_kecamatan_matches_its_villages(imported, paser_file, national_admin):
    result = imported(renamed(paser_file, **{"kec:Tanah Grogot": "Grogot Raya"}))
    district = NationalUnit.objects.get(level="district", name="Grogot Raya")
    assert district.status == "unmatched"
    villages = NationalUnit.objects.filter(parent=district)
    assert villages.count() == 16 and set(villages.values_list("status", flat=True)) == {"unmatched"}
    assert result.unmatched == 16
    assert set(NationalSnapshot.objects.filter(unit__parent=district).values_list("region_code", flat=True)) == {PASER}

    mapping_decide(actor=national_admin, unit=district, region=Region.objects.get(code="64.01.04"))
    assert set(villages.values_list("status", "method")) == {("matched", "exact")}
    codes = set(NationalSnapshot.objects.filter(unit__parent=district).values_list("region_code", flat=True))
    assert codes == set(Region.objects.filter(parent_id="64.01.04").values_list("code", flat=True))
    assert national_summary(region=checked("64.01.04"))["cooperatives"] == 16

    # Moving the kecamatan elsewhere takes its villages' automatic matches with it (none fit there).
    mapping_decide(actor=national_admin, unit=district, region=Region.objects.get(code="64.01.05"))
    assert set(villages.values_list("status", flat=True)) <= {"unmatched", "ambiguous"}
    assert not NationalSnapshot.objects.filter(unit__parent=district, region_code__startswith="64.01.04").exists()


def test_decision_keeps_officers_decisions_below(tapis_unmatched, national_admin, paser_officer):
    mapping_decide(actor=paser_officer, unit=tapis_unmatched, region=Region.objects.get(code=TAPIS))
    district = tapis_unmatched.parent
    mapping_decide(actor=national_admin, unit=district, region=Region.objects.get(code="64.01.04"))
    unit = NationalUnit.objects.get(pk=tapis_unmatched.pk)
    assert (unit.method, unit.region_id) == ("manual", TAPIS)


def test_refused_import_leaves_the_mapping_table_alone(tapis_unmatched, paser_file):
    before = list(NationalUnit.objects.order_by("pk").values_list("pk", "status", "region_id", "name"))
    rows = [dict(row) for row in rows_of(paser_file)]
    rows[0]["village"] = "Bai Jaya Baru"
    rows[1]["nib_count"] = "-3"
    result = snapshot_import(actor=None, data=to_csv(rows), file_name="x.csv", snapshot_date=SNAPSHOT)
    assert not result.ok
    assert list(NationalUnit.objects.order_by("pk").values_list("pk", "status", "region_id", "name")) == before
    assert UnitStatus.MATCHED in dict(NationalUnit.objects.values_list("status", "status"))


def _direct_rollup() -> dict:
    """The per-regency sums computed in Python from the snapshot rows, to check NationalRollup against."""
    from collections import Counter, defaultdict

    from kopdes.exchange.models import ROLLUP_FIELDS

    sums: dict = defaultdict(Counter)
    for row in NationalSnapshot.objects.all():
        code = row.region_code[:5] if row.region_code and row.level in ("village", "district") else row.region_code
        key = (row.snapshot_date, row.level, code)
        sums[key]["rows"] += 1
        for name in ROLLUP_FIELDS:
            sums[key][name] += int(getattr(row, name))
    return {key: dict(value) for key, value in sums.items()}


def _stored_rollup() -> dict:
    from kopdes.exchange.models import ROLLUP_FIELDS, NationalRollup

    return {
        (r.snapshot_date, r.level, r.region_code): {"rows": r.rows, **{n: getattr(r, n) for n in ROLLUP_FIELDS}}
        for r in NationalRollup.objects.all()
    }


def test_rollup_follows_imports_and_decisions(imported, paser_file, regency_file, national_admin):
    from kopdes.exchange.selectors import national_children

    imported(regency_file, "regency.csv")
    imported(paser_file)
    assert _stored_rollup() == _direct_rollup()
    before = national_children(region=checked("64"))
    # A regency unit the matcher left alone, decided by an officer, moves its figures into that regency at once.
    stray = NationalUnit.objects.filter(level="regency", status="unmatched", area_code="64").first()
    if stray is None:  # every Kalimantan Timur regency matched: move a matched one instead
        stray = NationalUnit.objects.filter(level="regency", region_id="64.03").get()
    target = Region.objects.get(code="64.09")
    mapping_decide(actor=national_admin, unit=stray, region=target)
    assert _stored_rollup() == _direct_rollup()
    after = national_children(region=checked("64"))
    moved = NationalSnapshot.objects.get(unit=stray).cooperatives
    assert after["64.09"]["source"] == "regency"
    assert after["64.09"]["cooperatives"] == before.get("64.09", {}).get("cooperatives", 0) + moved

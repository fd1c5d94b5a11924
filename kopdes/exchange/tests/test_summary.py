"""The national block of a region: the latest snapshot summed over the region, from village rows where they cover
it, else from the province or regency rows, and which one it was."""

import datetime

import pytest

from kopdes.exchange.selectors import BLOCK_FIELDS, comparison, national_children, national_summary
from kopdes.exchange.tests.conftest import rows_of, to_csv
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, PASER, PASER_VILLAGE, checked, cooperative

COLUMN = {
    "cooperatives": "cooperatives",
    "accounts": "accounts_count",
    "npwp": "npwp_count",
    "nib": "nib_count",
    "rat": "rat_count",
    "transaction_value": "transaction_value",
    "simpanan_pokok_amount": "simpanan_pokok_amount",
    "simpanan_wajib_amount": "simpanan_wajib_amount",
    "members_pokok": "simpanan_pokok_members",
    "members_wajib": "simpanan_wajib_members",
}


def figures(rows: list[dict]) -> dict:
    return {name: sum(int(row[COLUMN[name]]) for row in rows) for name in BLOCK_FIELDS}


@pytest.fixture
def all_three(imported, province_file, regency_file, paser_file):
    imported(province_file, "stats_province.csv")
    imported(regency_file, "stats_regency.csv")
    imported(paser_file, "stats_village_paser.csv")
    return rows_of(province_file), rows_of(regency_file), rows_of(paser_file)


def test_nothing_imported(db):
    assert national_summary(region=checked(PASER)) is None
    assert national_summary(region=checked("ID")) is None


def test_regency_with_village_rows(all_three):
    _provinces, _regencies, villages = all_three
    block = national_summary(region=checked(PASER))
    assert block == {"snapshot_date": "2026-08-05", "source": "village", **figures(villages)}


def test_regency_without_village_rows_uses_its_regency_row(all_three):
    _provinces, regencies, _villages = all_three
    (kukar,) = [row for row in regencies if row["district"] == "KAB. KUTAI KARTANEGARA"]
    assert national_summary(region=checked(KUKAR)) == {
        "snapshot_date": "2026-08-05",
        "source": "regency",
        **figures([kukar]),
    }


def test_province_uses_its_province_row_which_alone_counts_rat(all_three):
    provinces, _regencies, _villages = all_three
    (kaltim,) = [row for row in provinces if row["province"] == "KALIMANTAN TIMUR"]
    block = national_summary(region=checked("64"))
    assert block == {"snapshot_date": "2026-08-05", "source": "province", **figures([kaltim])}
    assert block["rat"] > 0


def test_country_sums_every_province_row(all_three):
    provinces, _regencies, _villages = all_three
    block = national_summary(region=checked("ID"))
    assert block == {"snapshot_date": "2026-08-05", "source": "province", **figures(provinces)}
    assert block["cooperatives"] == sum(int(row["cooperatives"]) for row in provinces)


def test_kecamatan_and_village_below_a_covered_regency(all_three):
    _provinces, _regencies, villages = all_three
    tanah_grogot = [row for row in villages if row["subdistrict"] == "Tanah Grogot"]
    assert national_summary(region=checked("64.01.04")) == {
        "snapshot_date": "2026-08-05",
        "source": "village",
        **figures(tanah_grogot),
    }
    (janju,) = [row for row in villages if row["village"] == "Janju"]
    assert national_summary(region=checked(PASER_VILLAGE)) == {
        "snapshot_date": "2026-08-05",
        "source": "village",
        **figures([janju]),
    }


def test_below_a_regency_without_village_rows_there_is_nothing(all_three):
    assert national_summary(region=checked("64.02.01")) is None
    assert national_summary(region=checked("64.02.01.2001")) is None


def test_children_take_their_own_sources(all_three):
    _provinces, regencies, villages = all_three
    children = national_children(region=checked("64"))
    assert set(children) == set(Region.objects.filter(parent_id="64").values_list("code", flat=True))
    assert children[PASER]["source"] == "village"
    assert children[KUKAR]["source"] == "regency"
    districts = national_children(region=checked(PASER))
    assert len(districts) == 10 and {block["source"] for block in districts.values()} == {"village"}
    assert sum(block["cooperatives"] for block in districts.values()) == len(villages)


def test_the_latest_snapshot_wins(imported, paser_file, regency_file):
    imported(regency_file, date=datetime.date(2026, 9, 1))  # newer regency rows …
    imported(paser_file, date=datetime.date(2026, 8, 5))  # … than the village rows
    assert national_summary(region=checked(PASER))["source"] == "regency"
    assert national_summary(region=checked(PASER))["snapshot_date"] == "2026-09-01"
    # Below the regency only village rows can answer, however old.
    assert national_summary(region=checked("64.01.04"))["snapshot_date"] == "2026-08-05"
    changed = [{**row, "nib_count": "0"} for row in rows_of(paser_file)]
    imported(to_csv(changed), date=datetime.date(2026, 9, 1))  # same date: village rows are finer
    block = national_summary(region=checked(PASER))
    assert (block["source"], block["snapshot_date"], block["nib"]) == ("village", "2026-09-01", 0)


def test_summary_is_a_few_aggregate_queries(all_three, django_assert_max_num_queries):
    for code in ("ID", "64", PASER, "64.01.04", PASER_VILLAGE):
        with django_assert_max_num_queries(4):
            national_summary(region=checked(code))


def test_comparison_puts_our_registry_next_to_the_national_figures(all_three):
    janju = cooperative(PASER_VILLAGE)
    janju.nib = "9120001234567"
    janju.save(update_fields=["nib"])
    data = comparison(region=checked(PASER))
    assert data["total"].ours == {"cooperatives": 1, "accounts": 0, "npwp": 0, "nib": 1}
    assert data["total"].national["cooperatives"] == 144
    assert data["total"].differences["cooperatives"] == 1 - 144
    assert len(data["children"]) == 10 and len(data["villages"]) == 144
    (row,) = [r for r in data["villages"] if r.code == PASER_VILLAGE]
    assert row.ours["nib"] == 1 and row.national["nib"] == 1 and row.differences["nib"] == 0
    assert row.differences["cooperatives"] == 0

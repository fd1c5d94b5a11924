"""Roll-ups: overlap counts, opportunities and the regency view, as aggregates over region-code prefixes."""

import itertools

import pytest
from django.db.models import Count

from kopdes.cooperatives.services import business_unit_create
from kopdes.core.choices import BusinessCategory
from kopdes.dashboard.selectors import progress_document
from kopdes.mapping import services
from kopdes.mapping.choices import BumdesPerformance, BumdesUnitStatus
from kopdes.mapping.models import Bumdes, BumdesUnit
from kopdes.mapping.rules import established_q, is_established
from kopdes.mapping.selectors import (
    OverlapFilters,
    PotentialFilters,
    opportunity_list,
    overlap_counts,
    overlap_list,
    potential_list,
    potential_summary,
    regency_view,
    unit_facts,
)
from kopdes.tests.factories import KUKAR, MUARA_MUNTAI, PASER, checked

from .conftest import KUKAR_KELURAHAN

pytestmark = pytest.mark.django_db


def test_overlap_counts_by_prefix(kukar_overlap, paser_overlap, dpmd):
    assert overlap_counts(region=checked(KUKAR)) == {"open": 1, "resolved": 0}
    assert overlap_counts(region=checked("")) == {"open": 2, "resolved": 0}
    # A second gerai of the same category is still one business line.
    business_unit_create(actor=None, cooperative=kukar_overlap, category="sembako", status="pembangunan")
    assert overlap_counts(region=checked(KUKAR))["open"] == 1
    services.overlap_decide(
        actor=dpmd, cooperative=kukar_overlap, category="sembako", decision="kemitraan", note="Bermitra"
    )
    assert overlap_counts(region=checked(KUKAR)) == {"open": 0, "resolved": 1}
    assert overlap_counts(region=checked(PASER)) == {"open": 1, "resolved": 0}
    assert overlap_counts(region=checked("64.0")) == {"open": 0, "resolved": 0}  # a prefix is a whole code part


def test_stopped_units_and_other_categories_are_not_overlaps(kukar_bumdes, kukar_coop):
    business_unit_create(actor=None, cooperative=kukar_coop, category="sembako", status="berhenti")
    business_unit_create(actor=None, cooperative=kukar_coop, category="pertanian", status="rencana")
    assert overlap_counts(region=checked(KUKAR))["open"] == 0


def test_progress_summary_carries_overlaps(kukar_overlap):
    summary = progress_document(region=checked(KUKAR))
    assert summary["overlaps"] == {"open": 1, "resolved": 0}


def test_opportunities_exclude_served_potentials(kukar_bumdes, kukar_coop, kukar_village):
    for category, commodity in [("sembako", "Toko"), ("pertanian", "Padi"), ("perikanan", "Patin"), ("klinik", "x")]:
        services.potential_create(actor=None, village=kukar_village, category=category, commodity=commodity)
    business_unit_create(actor=None, cooperative=kukar_coop, category="klinik", status="rencana")
    # sembako: served by the BUMDes; klinik: by the cooperative; pertanian: BUMDes unit inactive → open.
    assert sorted(p.category for p in opportunity_list(code=KUKAR)) == ["perikanan", "pertanian"]


def test_potential_summary_by_kecamatan(kukar_village, kukar_officer, paser_officer):
    services.potential_create(actor=None, village=kukar_village, category="perikanan", commodity="Patin", value_rp=10)
    services.potential_create(
        actor=None, village=kukar_village, category="perikanan", commodity="Nila", value_rp=5, people=3
    )
    services.potential_create(actor=None, village=kukar_village, category="pertanian", commodity="Padi", value_rp=20)
    (row,) = potential_summary(user=kukar_officer)
    assert row["code"] == MUARA_MUNTAI and row["name"] == "Muara Muntai"
    assert (row["count"], row["value"], row["people"]) == (3, 35, 3)
    assert [c["category"] for c in row["categories"]] == ["pertanian", "perikanan"]
    assert potential_summary(user=paser_officer) == []
    assert potential_list(user=kukar_officer, filters=PotentialFilters(category="perikanan", q="pat")).count() == 1


def test_regency_view(kukar_overlap, kukar_village, kukar_officer):
    services.potential_create(actor=None, village=kukar_village, category="perikanan", commodity="Patin", value_rp=7)
    view = regency_view(region=checked(KUKAR))
    muara_muntai = next(c for c in view["children"] if c["code"] == MUARA_MUNTAI)
    assert muara_muntai["opportunities"] == 1 and muara_muntai["opportunity_value"] == 7
    assert muara_muntai["open_overlaps"] == 1
    assert view["totals"]["kelurahan"] == 44  # Kukar: 193 desa, 44 kelurahan
    assert len(view["children"]) == 20
    assert [r["village"].code for r in view["kelurahan"]].count(KUKAR_KELURAHAN) == 1
    assert len(view["open_overlaps"]) == 1
    assert "BUMDes Maju Bersama" in view["open_overlaps"][0]["reason"]


def test_overlap_list_states(kukar_overlap, dpmd, kukar_officer, paser_officer):
    assert len(overlap_list(user=kukar_officer)) == 1
    assert overlap_list(user=paser_officer) == []
    services.overlap_decide(actor=dpmd, cooperative=kukar_overlap, category="sembako", decision="kemitraan", note="x")
    assert overlap_list(user=kukar_officer) == []
    (row,) = overlap_list(user=kukar_officer, filters=OverlapFilters(state="resolved"))
    assert row["decision"].decision == "kemitraan"


def test_established_is_one_rule_in_python_and_in_sql(kukar_village):
    """Every status × performance: the SQL filter of the roll-ups picks exactly the units `is_established` names,
    and the BUMDes list counts them the same way."""
    bumdes = services.bumdes_register(actor=None, village=kukar_village, name="BUMDes Segala Kasus")
    combinations = list(itertools.product(BumdesUnitStatus.values, BumdesPerformance.values))
    for category, (status, performance) in zip(BusinessCategory.values, combinations, strict=False):
        services.bumdes_unit_create(
            actor=None, bumdes=bumdes, category=category, status=status, performance=performance
        )
    units = list(BumdesUnit.objects.filter(bumdes=bumdes).select_related("bumdes"))
    assert len(units) == len(combinations)

    in_python = {fact.unit_id for fact in unit_facts(units) if is_established(fact)}
    in_sql = set(BumdesUnit.objects.filter(established_q(), bumdes=bumdes).values_list("pk", flat=True))
    assert in_sql == in_python and len(in_sql) == 1
    (listed,) = Bumdes.objects.filter(pk=bumdes.pk).annotate(n=Count("units", filter=established_q("units__")))
    assert listed.n == 1

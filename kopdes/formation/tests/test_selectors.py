"""Targets with their attainment: numbers checked against an independent count in Python, for targets at every
level (province to village, count and percent), computed for all targets of a page at once."""

from decimal import ROUND_HALF_UP, Decimal

from kopdes.cooperatives.models import Cooperative
from kopdes.formation.choices import PHASE_BY_KEY
from kopdes.formation.selectors import target_list_with_attainment
from kopdes.formation.tests.conftest import TEN_REGIONS, targets_in
from kopdes.regions.models import Region


def expected_attainment(target) -> tuple[int, int]:
    """(goal, achieved) counted in Python over every row (fine in a test, never in the product)."""

    def under(code: str) -> bool:
        return code == target.region_id or code.startswith(target.region_id + ".")

    number = PHASE_BY_KEY[target.phase]
    achieved = sum(1 for c in Cooperative.objects.all() if under(c.village_id) and c.phase >= number)
    if target.count is not None:
        return target.count, achieved
    villages = sum(1 for r in Region.objects.filter(level="village") if under(r.code))
    return int((Decimal(villages) * target.percent / 100).to_integral_value(ROUND_HALF_UP)), achieved


def test_attainment_of_targets_at_every_level_matches_an_independent_count(phased_coops, national_admin):
    targets = targets_in(TEN_REGIONS, actor=national_admin)

    rows = target_list_with_attainment(user=national_admin)

    assert [row["target"].pk for row in rows] == [
        t.pk for t in sorted(targets, key=lambda t: (t.region_id, t.due_date, t.phase))
    ]
    for row in rows:
        target, attainment = row["target"], row["attainment"]
        assert (attainment["target"], attainment["achieved"]) == expected_attainment(target), target.region_id
        assert attainment["region"] == target.region_id and attainment["phase"] == target.phase
    kukar = next(row["attainment"] for row in rows if row["target"].region_id == "64.02")
    assert (kukar["phase"], kukar["achieved"]) == ("akta", 1)  # only 64.02.01.2002 has its akta


def test_attainment_of_all_targets_is_one_grouped_query(phased_coops, national_admin, django_assert_num_queries):
    targets_in(TEN_REGIONS, actor=national_admin)
    with django_assert_num_queries(2):  # the targets, then the counts of all their regions
        rows = target_list_with_attainment(user=national_admin)
    assert len(rows) == 10


def test_a_scoped_user_sees_only_the_targets_in_scope(phased_coops, national_admin, kukar_officer):
    targets_in(TEN_REGIONS, actor=national_admin)
    rows = target_list_with_attainment(user=kukar_officer)
    assert {row["target"].region_id for row in rows} == {code for code in TEN_REGIONS if code.startswith("64.02")}
    filtered = target_list_with_attainment(user=national_admin, region_code="64.01")
    assert {row["target"].region_id for row in filtered} == {"64.01", "64.01.04"}

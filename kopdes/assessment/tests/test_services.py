"""The monthly run, the recomputation when evidence changes, the weights and field visits, through the services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction

from kopdes.assessment import services
from kopdes.assessment.choices import Category, LocationStatus
from kopdes.assessment.models import Assessment, Visit, WeightSettings
from kopdes.assessment.selectors import activity_block, attention_list, by_child
from kopdes.assessment.tests.conftest import MONTH, TODAY, make_legal
from kopdes.books import services as books
from kopdes.cooperatives.models import Cooperative
from kopdes.core.exceptions import ConflictError
from kopdes.core.scoping import system_region
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, cooperative

D = datetime.date
pytestmark = pytest.mark.django_db


def test_run_reads_the_books_and_explains(trading_coop):
    counts = services.assess_month(month=MONTH, region_code=KUKAR, today=TODAY)
    assert counts["created"] == 1
    row = Assessment.objects.get(cooperative=trading_coop, month=MONTH)
    reasons = {r["indicator"]: r for r in row.reasons}
    assert reasons["gerai"]["points"] == reasons["gerai"]["max"]
    assert "10 hari penjualan" in reasons["sales"]["evidence"]
    assert "25 dari 25 anggota" in reasons["wajib"]["evidence"]
    assert row.score > 25 and row.category != Category.PAPAN_NAMA
    assert "belum ada kunjungan lapangan" in row.missing
    assert row.evidence_day == TODAY


def test_the_run_is_idempotent(trading_coop, paser_coop):
    make_legal(paser_coop)
    services.assess_month(month=MONTH, today=TODAY)
    first = list(Assessment.objects.order_by("pk").values())
    again = services.assess_month(month=MONTH, today=TODAY)
    assert again["created"] == again["updated"] == 0 and again["unchanged"] == 2
    assert list(Assessment.objects.order_by("pk").values()) == first


def test_trend_from_the_month_before(trading_coop):
    services.assess_month(month=D(2026, 10, 1), region_code=KUKAR, today=TODAY)
    services.assess_month(month=MONTH, region_code=KUKAR, today=TODAY)
    october, november = (Assessment.objects.get(cooperative=trading_coop, month=m) for m in (D(2026, 10, 1), MONTH))
    assert november.trend == november.score - october.score


def test_block_counts_add_up_to_the_cooperatives(trading_coop, paser_coop):
    cooperative("64.02.01.2002")  # not legal, registered before the run
    services.assess_month(month=MONTH, today=TODAY)
    cooperative("64.02.01.2003")  # registered after the run: counted, not assessed
    block = activity_block(region=system_region(Region.objects.get(code=KUKAR)))
    assert block["month"] == "2026-11"
    assert (
        sum(v for k, v in block.items() if k != "month")
        == Cooperative.objects.filter(village__code__startswith="64.02.").count()
    )
    assert block["belum_berbadan_hukum"] == 2
    national = activity_block(region=system_region(None))
    assert sum(v for k, v in national.items() if k != "month") == Cooperative.objects.count()
    kecamatan = by_child(region=system_region(Region.objects.get(code=KUKAR)), month=MONTH)
    assert [row["code"] for row in kecamatan] == ["64.02.01"]


def test_no_run_yet(kukar_coop):
    block = activity_block(region=system_region(Region.objects.get(code=KUKAR)))
    assert block["month"] is None and block["belum_berbadan_hukum"] == 1


def test_attention_list_weakest_first(trading_coop, paser_coop, national_admin):
    make_legal(paser_coop)
    services.assess_month(month=MONTH, today=TODAY)
    rows = list(attention_list(user=national_admin, month=MONTH))
    assert [r.category for r in rows][0] == Category.PAPAN_NAMA
    assert rows[-1].cooperative_id == trading_coop.pk


def commit_pending() -> None:
    """Run the callbacks the fixtures left waiting, as if their transactions had committed."""
    for _savepoints, callback, _robust in list(transaction.get_connection().run_on_commit):
        callback()


def test_recomputed_when_evidence_changes(trading_coop, django_capture_on_commit_callbacks):
    commit_pending()
    services.assess_month(month=MONTH, region_code=KUKAR, today=TODAY)
    before = Assessment.objects.get(cooperative=trading_coop, month=MONTH)
    with django_capture_on_commit_callbacks(execute=True):
        for day in range(11, 29):
            books.sale_record(actor=None, cooperative=trading_coop, day=D(2026, 11, day), category="sembako",
                              value=1_000_000, cost=800_000)  # fmt: skip
    after = Assessment.objects.get(cooperative=trading_coop, month=MONTH)
    assert after.pk == before.pk and after.score > before.score


def test_weights_with_history_and_conflicts(kukar_officer, bupati):
    kukar = Region.objects.get(code=KUKAR)
    weights = {"gerai": 20, "sales": 20, "members": 10, "wajib": 10, "report": 10, "training": 10, "board": 5,
               "rat": 5, "financing": 5, "visit": 5}  # fmt: skip
    row = services.weights_save(actor=kukar_officer, regency=kukar, weights=weights, visit_radius_m=2000, version=None)
    assert row.version == 1 and row.history.count() == 1
    with pytest.raises(ConflictError):
        services.weights_save(actor=kukar_officer, regency=kukar, weights=weights, visit_radius_m=2000, version=None)
    with pytest.raises(ValidationError):
        services.weights_save(actor=kukar_officer, regency=kukar, weights=weights | {"gerai": 30},
                              visit_radius_m=2000, version=1)  # fmt: skip
    row = services.weights_save(actor=kukar_officer, regency=kukar, weights=weights, visit_radius_m=5000, version=1)
    assert row.version == 2 and WeightSettings.history.count() == 2
    with pytest.raises(PermissionDenied):
        services.weights_save(actor=bupati, regency=kukar, weights=weights, visit_radius_m=5000, version=2)


def test_regency_weights_change_the_score(trading_coop, kukar_officer):
    services.assess_month(month=MONTH, region_code=KUKAR, today=TODAY)
    before = Assessment.objects.get(cooperative=trading_coop).score
    weights = dict.fromkeys(["members", "wajib", "report", "training", "board", "rat", "financing", "visit"], 0)
    weights |= {"gerai": 50, "sales": 50}
    services.weights_save(actor=kukar_officer, regency=Region.objects.get(code=KUKAR), weights=weights,
                          visit_radius_m=3000, version=None)  # fmt: skip
    services.assess_month(month=MONTH, region_code=KUKAR, today=TODAY)
    assert Assessment.objects.get(cooperative=trading_coop).score != before


def _visit(actor, coop, lat="-0.551", lon="116.551", **extra):
    return services.visit_record(actor=actor, cooperative=coop, visited_on=D(2026, 11, 20), latitude=Decimal(lat),
                                 longitude=Decimal(lon), today=TODAY, **extra)  # fmt: skip


def test_visit_gps_checked_against_the_village(legal_coop, camat):
    Cooperative.objects.filter(pk=legal_coop.pk).update(latitude=Decimal("-0.55"), longitude=Decimal("116.55"))
    legal_coop.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _visit(camat, legal_coop, lat="-1.9", lon="116.1")
    assert "latitude" in refused.value.error_dict
    visit = _visit(camat, legal_coop, checklist=["office_open", "gerai_open"], notes="Gerai buka, rak terisi.")
    assert visit.location_status == LocationStatus.NEAR_REFERENCE and visit.checks == 2
    assert visit.history.count() == 1


def test_first_visit_without_reference_sets_it(legal_coop, camat):
    first = _visit(camat, legal_coop, lat="-0.70", lon="116.70")
    assert first.location_status == LocationStatus.UNCHECKED
    assert _visit(camat, legal_coop, lat="-0.701", lon="116.70").location_status == LocationStatus.NEAR_EARLIER
    with pytest.raises(ValidationError):
        _visit(camat, legal_coop, lat="-1.5", lon="116.70")


def test_visit_contests_and_recomputes(legal_coop, camat, django_capture_on_commit_callbacks):
    services.assess_month(month=MONTH, region_code=KUKAR, today=TODAY)
    with pytest.raises(ValidationError):
        _visit(camat, legal_coop, verdict="contest")  # names no category
    with django_capture_on_commit_callbacks(execute=True):
        checklist = ["office_open", "gerai_open", "goods_on_shelf", "books_kept", "board_present"]
        visit = _visit(camat, legal_coop, verdict="contest", category_proposed="berkembang", checklist=checklist)
    assert visit.category_seen == Category.PAPAN_NAMA and visit.category_proposed == "berkembang"
    row = Assessment.objects.get(cooperative=legal_coop, month=MONTH)
    assert next(r for r in row.reasons if r["indicator"] == "visit")["points"] == 8


def test_visit_refused_to_read_only_roles(legal_coop, bupati, pengurus):
    for user in (bupati, pengurus):
        with pytest.raises(PermissionDenied):
            _visit(user, legal_coop)
    assert not Visit.objects.exists()


def test_command(trading_coop, capsys):
    call_command("assess", "--month", "2026-11", "--region", KUKAR)
    assert Assessment.objects.filter(month=MONTH).count() == 1
    call_command("assess", "--month", "2026-11", "--region", KUKAR)
    assert "unchanged 1" in capsys.readouterr().out
    with pytest.raises(Exception, match="TTTT-BB"):
        call_command("assess", "--month", "November")


def test_background_task(trading_coop):
    from kopdes.assessment.tasks import assess_month_task

    result = assess_month_task.enqueue("2026-11", KUKAR)
    assert result.return_value["created"] == 1


def test_the_visits_count_in_the_visitor_s_monthly_report(legal_coop, camat):
    """Reporting's pendamping report takes the visits from here (registered in AssessmentConfig.ready)."""
    from kopdes.assessment.selectors import pendamping_visits
    from kopdes.core import registry
    from kopdes.reporting.rules import Period

    assert registry.pendamping_sources["visits"].figures is pendamping_visits
    _visit(camat, legal_coop, lat="-0.70", lon="116.70")
    november = Period(D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 10))
    october = Period(D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 10))
    assert pendamping_visits(camat, november) == {"visits": 1}
    assert pendamping_visits(camat, october) == {"visits": 0}

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kopdes.core import registry
from kopdes.core.exceptions import ConflictError
from kopdes.core.scoping import system_region
from kopdes.regions.models import Region
from kopdes.reporting import rules, selectors, services
from kopdes.reporting.choices import FormKind, Status
from kopdes.reporting.models import Report
from kopdes.reporting.tests.conftest import at, backdate
from kopdes.tests.factories import KUKAR, MUARA_MUNTAI, operating_unit


@pytest.fixture
def district(db):
    return Region.objects.get(code=MUARA_MUNTAI)


@pytest.fixture
def camat_report(camat, district, kukar_coop):
    backdate(kukar_coop, datetime.date(2026, 3, 1))
    return services.report_open(
        actor=camat,
        kind=FormKind.CAMAT,
        district=district,
        period_start=datetime.date(2026, 10, 1),
        now=at(2026, 11, 2),
    )


def test_rules_periods_and_due_dates():
    period = rules.period_of(datetime.date(2026, 10, 17))
    assert (period.start, period.end, period.due) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 10, 31),
        datetime.date(2026, 11, 10),
    )
    assert rules.period_of(datetime.date(2026, 1, 5), "bulanan", 31).due == datetime.date(2026, 2, 28)
    assert rules.period_of(datetime.date(2026, 5, 5), "triwulanan").due == datetime.date(2026, 7, 10)
    # Before, on and after the due day: on the 10th of November the latest passed period is September's.
    assert rules.latest_due_period(datetime.date(2026, 11, 10)).key == "2026-09"
    assert rules.latest_due_period(datetime.date(2026, 11, 11)).key == "2026-10"
    assert rules.on_time(datetime.date(2026, 11, 10), period.due)
    assert not rules.on_time(datetime.date(2026, 11, 11), period.due)
    assert rules.figure_error(-1) and rules.figure_error("x") and rules.figure_error(3) is None
    assert rules.whatsapp_link("0812-3456-789", "halo") == "https://wa.me/628123456789?text=halo"


def test_camat_report_is_prefilled_and_frozen_on_submit(camat, camat_report, kukar_coop, kukar_officer):
    assert camat_report.status == Status.DRAFT
    assert camat_report.due_date == datetime.date(2026, 11, 10)
    view = selectors.report_view(camat_report, camat)
    assert {"cooperatives", "phases", "phase_changes", "milestones_by_village"} <= set(view["derived"])
    assert {"actions_open", "trainings_held", "potentials_mapped", "overlaps_open"} <= set(view["derived"])
    services.report_submit(
        actor=camat,
        report=camat_report,
        version=camat_report.version,
        data={"narrative": "Semua desa sudah musdesus.", "problems": "Notaris terbatas."},
        now=at(2026, 11, 10, 16),
    )
    camat_report.refresh_from_db()
    assert camat_report.status == Status.SUBMITTED and camat_report.on_time is True
    assert camat_report.narrative == "Semua desa sudah musdesus."
    assert camat_report.derived["cooperatives"] == view["derived"]["cooperatives"]
    # Later the registry changes: the submitted report keeps its figures and the page shows the difference.
    operating_unit(kukar_coop, actor=kukar_officer)
    view = selectors.report_view(camat_report, camat)
    assert view["derived"] == camat_report.derived


def test_review_loop(camat, camat_report, kukar_officer, bupati):
    services.report_submit(actor=camat, report=camat_report, version=1, now=at(2026, 11, 12))
    camat_report.refresh_from_db()
    assert camat_report.on_time is False  # first submitted after the 10th
    with pytest.raises(ValidationError):  # a submitted report is not editable by its author
        services.report_save(actor=camat, report=camat_report, version=camat_report.version, data={"needs": "x"})
    with pytest.raises(PermissionDenied):  # the camat does not review their own report
        services.report_return(actor=camat, report=camat_report, version=camat_report.version, comments={"a": "b"})
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=bupati, report=camat_report, version=camat_report.version)
    with pytest.raises(ValidationError):  # a return needs a comment
        services.report_return(actor=kukar_officer, report=camat_report, version=camat_report.version, comments={})
    services.report_return(
        actor=kukar_officer,
        report=camat_report,
        version=camat_report.version,
        comments={"narrative": "Sebutkan desa yang belum akta."},
    )
    assert camat_report.status == Status.RETURNED
    assert camat_report.comments == {"narrative": "Sebutkan desa yang belum akta."}
    with pytest.raises(ConflictError):  # a stale page
        services.report_submit(actor=camat, report=camat_report, version=1)
    services.report_submit(
        actor=camat, report=camat_report, version=camat_report.version, data={"narrative": "Desa A dan B."}
    )
    assert camat_report.status == Status.RESUBMITTED and camat_report.on_time is False
    services.report_approve(actor=kukar_officer, report=camat_report, version=camat_report.version)
    assert camat_report.status == Status.APPROVED
    with pytest.raises(ValidationError):  # approved: locked
        services.report_return(
            actor=kukar_officer, report=camat_report, version=camat_report.version, comments={"general": "x"}
        )
    assert [step.action for step in camat_report.steps.all()] == ["submit", "return", "resubmit", "approve"]
    assert camat_report.history.count() >= 5


def test_bad_input(camat, district, camat_report, paser_officer, pengurus, kukar_coop):
    with pytest.raises(ValidationError):  # a future (or unfinished) period
        services.report_open(
            actor=camat,
            kind=FormKind.CAMAT,
            district=district,
            period_start=datetime.date(2026, 11, 1),
            now=at(2026, 11, 29),
        )
    with pytest.raises(ValidationError):  # a second report for the same unit, form and period
        services.report_open(
            actor=camat,
            kind=FormKind.CAMAT,
            district=district,
            period_start=datetime.date(2026, 10, 1),
            now=at(2026, 11, 29),
        )
    with pytest.raises(PermissionDenied):  # outside the region
        services.report_open(
            actor=paser_officer, kind=FormKind.CAMAT, district=district, period_start=datetime.date(2026, 9, 1)
        )
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=paser_officer, report=camat_report, version=camat_report.version)
    with pytest.raises(ValidationError):  # a cooperative that did not exist yet
        services.report_open(
            actor=pengurus, kind=FormKind.KOPERASI, cooperative=kukar_coop, period_start=datetime.date(2026, 1, 1)
        )
    report = services.report_open(
        actor=pengurus, kind=FormKind.KOPERASI, cooperative=kukar_coop, period_start=datetime.date(2026, 10, 1)
    )
    with pytest.raises(ValidationError) as error:  # a negative figure
        services.report_save(actor=pengurus, report=report, version=report.version, data={"figures": {"members": -3}})
    assert "figures.members" in error.value.message_dict
    services.report_save(actor=pengurus, report=report, version=report.version, data={"figures": {"members": "25"}})
    assert report.figures == {"members": 25}


def test_cooperative_report_typed_without_books_and_camat_reviews(pengurus, kukar_coop, camat):
    backdate(kukar_coop, datetime.date(2026, 3, 1))
    report = services.report_open(
        actor=pengurus, kind=FormKind.KOPERASI, cooperative=kukar_coop, period_start=datetime.date(2026, 10, 1)
    )
    assert "members" in selectors.typed_figure_keys(report)
    derived, from_books = selectors.prefill(report, pengurus)
    assert from_books is False and derived["gerai_operating"] == 0
    services.report_submit(
        actor=pengurus,
        report=report,
        version=report.version,
        data={"figures": {"members": 40, "new_members": 3}, "problems": "Modal kurang"},
        now=at(2026, 11, 5),
    )
    services.report_approve(actor=camat, report=report, version=report.version)
    assert report.status == Status.APPROVED


def test_unit_created_mid_period_and_rates_add_up(camat, kukar_coop, kukar_officer, district):
    backdate(kukar_coop, datetime.date(2026, 10, 20))  # registered mid-October: expected for October
    period = rules.period_of(datetime.date(2026, 10, 1))
    assert selectors.expected_cooperatives(KUKAR, period).count() == 1
    assert selectors.expected_cooperatives(KUKAR, rules.period_of(datetime.date(2026, 9, 1))).count() == 0
    report = services.report_open(
        actor=camat, kind=FormKind.CAMAT, district=district, period_start=period.start, now=at(2026, 11, 2)
    )
    services.report_submit(actor=camat, report=report, version=report.version, now=at(2026, 11, 3))
    regency = Region.objects.get(code=KUKAR)
    rates = selectors.reporting_rates(region=system_region(regency), period=period)
    assert rates["total"]["expected"] == sum(child["expected"] for child in rates["children"])
    assert rates["total"]["submitted"] == sum(child["submitted"] for child in rates["children"]) == 1
    block = selectors.reporting_block(region=system_region(regency), today=datetime.date(2026, 11, 29))
    assert block["period"] == "2026-10"
    assert block["expected"] == rates["total"]["expected"]
    assert (block["submitted"], block["on_time"], block["approved"]) == (1, 1, 0)
    before = selectors.reporting_block(region=system_region(regency), as_of=datetime.date(2026, 11, 2))
    assert before["period"] == "2026-09" or before["submitted"] == 0
    on_the_day = selectors.reporting_block(
        region=system_region(regency), period="2026-10", as_of=datetime.date(2026, 11, 2)
    )
    assert on_the_day["submitted"] == 0  # sent on the 3rd
    trend = selectors.rate_trend(region=system_region(regency), until=period, months=3)
    assert [point["period"] for point in trend] == ["2026-08", "2026-09", "2026-10"]
    assert {key: trend[-1][key] for key in block if key != "period"} == {
        key: value for key, value in block.items() if key != "period"
    }
    assert trend[0]["expected"] == 20  # the kecamatan only: the cooperative was registered in October
    gaps = selectors.missing_and_late(
        user=kukar_officer, region=system_region(regency), period=period, today=datetime.date(2026, 11, 29)
    )
    kinds = {row["kind"] for row in gaps["missing"]}
    assert FormKind.KOPERASI in kinds and FormKind.CAMAT in kinds


def test_generate_is_idempotent(kukar_coop, kukar_officer):
    backdate(kukar_coop, datetime.date(2026, 3, 1))
    regency = Region.objects.get(code=KUKAR)
    first = services.reports_generate(
        regency=regency, period_start=datetime.date(2026, 10, 1), actor=kukar_officer, now=at(2026, 11, 2)
    )
    assert first[FormKind.KOPERASI] == 1 and first[FormKind.CAMAT] == 20
    count = Report.objects.count()
    second = services.reports_generate(
        regency=regency, period_start=datetime.date(2026, 10, 1), actor=kukar_officer, now=at(2026, 11, 2)
    )
    assert sum(second.values()) == 0 and Report.objects.count() == count


def test_pendamping_report_and_cooperative_report_from_books(pendamping, kukar_coop, kukar_officer):
    backdate(kukar_coop, datetime.date(2026, 3, 1))
    type(pendamping).objects.filter(pk=pendamping.pk).update(date_joined=at(2026, 6, 1))
    pendamping.refresh_from_db()
    report = services.report_open(
        actor=pendamping, kind=FormKind.PENDAMPING, period_start=datetime.date(2026, 10, 1), now=at(2026, 11, 3)
    )
    assert report.region_id == KUKAR and report.pendamping == pendamping
    services.report_submit(
        actor=pendamping,
        report=report,
        version=report.version,
        data={"findings": "Stok LPG kosong."},
        now=at(2026, 11, 9),
    )
    # The visits are the assessment's field visits of the month (none here), no longer typed.
    assert report.derived == {"cooperatives_assisted": 1, "visits": 0} and report.figures == {}
    assert selectors.typed_figure_keys(report) == ()
    services.report_approve(actor=kukar_officer, report=report, version=report.version)
    assert selectors.report_list(user=pendamping).filter(pk=report.pk).exists()  # their own, as owner


def test_cooperative_report_derived_from_its_books_is_frozen(pengurus, kukar_coop):
    from kopdes.books import services as books_services
    from kopdes.books.tests.conftest import nik

    backdate(kukar_coop, datetime.date(2025, 6, 1))
    operating_unit(kukar_coop)
    books_services.books_open(actor=None, cooperative=kukar_coop, opened_on=datetime.date(2025, 7, 1))
    member = books_services.member_create(
        actor=None, cooperative=kukar_coop, number="A-1", nik=nik(1), name="Budi", sex="L",
        joined_on=datetime.date(2026, 10, 5),
    )  # fmt: skip
    books_services.saving_record(actor=None, member=member, day=datetime.date(2026, 10, 6), kind="wajib", amount=10_000)
    report = services.report_open(
        actor=pengurus, kind=FormKind.KOPERASI, cooperative=kukar_coop, period_start=datetime.date(2026, 10, 1)
    )
    assert "members" not in selectors.typed_figure_keys(report)
    services.report_submit(actor=pengurus, report=report, version=report.version, now=at(2026, 11, 4))
    assert report.from_books and report.derived["members"] == 1 and report.derived["new_members"] == 1
    assert report.derived["simpanan"] == 10_000 and report.derived["gerai_operating"] == 1
    # A later member does not rewrite October's report; the page shows today's figure beside it.
    books_services.member_create(
        actor=None, cooperative=kukar_coop, number="A-2", nik=nik(2), name="Rudi", sex="L",
        joined_on=datetime.date(2026, 10, 20),
    )  # fmt: skip
    view = selectors.report_view(report, pengurus)
    assert view["derived"]["members"] == 1 and view["differences"]["members"] == (1, 2)


def test_cli_rates_generate_and_reminders(kukar_coop, capsys):
    import json

    from django.core.management import call_command

    backdate(kukar_coop, datetime.date(2026, 3, 1))
    call_command("reports", KUKAR, "--generate", "--period", "2026-10", "--reminders", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["generated"]["koperasi_bulanan"] == 1 and out["period"] == "2026-10"
    assert out["total"]["expected"] == sum(row["expected"] for row in out["children"])
    assert any(row["kind"] == FormKind.KOPERASI for row in out["missing"])
    assert Report.objects.filter(status=Status.DRAFT).count() == 21


def test_a_source_above_reporting_fills_the_pendamping_report(pendamping, kukar_coop):
    backdate(kukar_coop, datetime.date(2026, 3, 1))
    type(pendamping).objects.filter(pk=pendamping.pk).update(date_joined=at(2026, 6, 1))
    pendamping.refresh_from_db()

    def visits(user, period):
        return {"visits": 3, "visit_findings": ["Gerai tutup"]}

    source = registry.ReportSource(key="test_visits", figures=visits, order=200)  # after the assessment's
    registry.pendamping_sources.register(source)
    try:
        report = services.report_open(
            actor=pendamping, kind=FormKind.PENDAMPING, period_start=datetime.date(2026, 10, 1), now=at(2026, 11, 3)
        )
        assert selectors.typed_figure_keys(report) == ()
        assert selectors.report_view(report, pendamping)["derived"]["visits"] == 3
    finally:
        del registry.pendamping_sources._items[source.key]


def test_cli_emails_the_camat_who_has_not_sent(kukar_coop, capsys, mailoutbox):
    import json

    from django.core.management import call_command

    from kopdes.accounts.choices import Role
    from kopdes.tests.factories import UserFactory

    backdate(kukar_coop, datetime.date(2026, 3, 1))
    UserFactory(username="camat.mm", role=Role.CAMAT, region_id=MUARA_MUNTAI, email="camat.mm@example.go.id")
    call_command("reports", KUKAR, "--period", "2026-10", "--email", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["emailed"] == 1 and mailoutbox[0].to == ["camat.mm@example.go.id"]
    assert "belum kami terima" in mailoutbox[0].body

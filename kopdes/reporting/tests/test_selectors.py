import datetime

from kopdes.reporting.choices import FormKind, Status
from kopdes.reporting.models import Report, ReportSetting
from kopdes.reporting.selectors import koperasi_reports_by_cooperative
from kopdes.reporting.tests.conftest import backdate
from kopdes.tests.factories import PASER


def _report(coop, start, *, submitted_on=None, due_day=10):
    from kopdes.reporting import rules

    period = rules.period_of(start, "bulanan", due_day)
    return Report.objects.create(
        kind=FormKind.KOPERASI,
        period_type="bulanan",
        period_start=period.start,
        period_end=period.end,
        due_date=period.due,
        regency_id=coop.village_id[:5],
        region_id=coop.village_id,
        cooperative=coop,
        unit_key=f"c:{coop.pk}",
        status=Status.SUBMITTED if submitted_on else Status.DRAFT,
        first_submitted_on=submitted_on,
        on_time=None if submitted_on is None else submitted_on <= period.due,
    )


def test_koperasi_reports_by_cooperative(kukar_coop, paser_coop):
    backdate(kukar_coop, datetime.date(2026, 5, 20))  # exists in May: due 10 June … 10 November
    backdate(paser_coop, datetime.date(2026, 9, 1))
    ReportSetting.objects.create(regency_id=PASER, kind=FormKind.KOPERASI, due_day=5)
    _report(kukar_coop, datetime.date(2026, 5, 1), submitted_on=datetime.date(2026, 6, 9))  # on time
    _report(kukar_coop, datetime.date(2026, 6, 1), submitted_on=datetime.date(2026, 7, 11))  # late
    _report(kukar_coop, datetime.date(2026, 7, 1))  # draft
    _report(paser_coop, datetime.date(2026, 9, 1), submitted_on=datetime.date(2026, 10, 5), due_day=5)
    since, until = datetime.date(2026, 6, 1), datetime.date(2026, 11, 29)
    result = koperasi_reports_by_cooperative([kukar_coop.pk, paser_coop.pk], since, until)
    # Kukar: May … October are due (10 June … 10 November) = 6; one on time.
    # Paser (due the 5th): September, October (5 October, 5 November) = 2; one on time.
    assert result == {kukar_coop.pk: (6, 1), paser_coop.pk: (2, 1)}
    assert koperasi_reports_by_cooperative([], since, until) == {}
    assert koperasi_reports_by_cooperative([paser_coop.pk], since, datetime.date(2026, 10, 4)) == {}

"""Reads of the periodic reports: the settings per regency, who is expected to report for a period (units that
existed in it), reporting rates and timeliness per region (SQL aggregates over region-code prefixes), the lists of
reports, and what the other apps' selectors give for the pre-filled part."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Case, Count, DateField, Min, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Least, Substr

from kopdes.cooperatives.models import Cooperative
from kopdes.formation.choices import MilestoneStatus
from kopdes.formation.models import Milestone
from kopdes.reporting import rules
from kopdes.reporting.choices import DEFAULT_DUE_DAY, DEFAULT_PERIOD_TYPE, FormKind
from kopdes.reporting.models import Report, ReportSetting

REGENCY_LENGTH = 5  # "64.02"


# ---------------------------------------------------------------------------------------------------------------
# Settings and existence


def form_settings(regency_codes, kind: str) -> dict[str, tuple[str, int]]:
    """regency code → (period type, due day) of `kind`, defaults where a regency set nothing."""
    found = {
        row["regency_id"]: (row["period_type"], row["due_day"])
        for row in ReportSetting.objects.filter(regency_id__in=list(regency_codes), kind=kind).values(
            "regency_id", "period_type", "due_day"
        )
    }
    return {code: found.get(code, (DEFAULT_PERIOD_TYPE, DEFAULT_DUE_DAY)) for code in regency_codes}


def form_setting(regency_code: str, kind: str) -> tuple[str, int]:
    return form_settings([regency_code], kind)[regency_code]


def cooperative_exists_from():
    """The day a cooperative exists for reporting: its first formation milestone (the musyawarah, usually) or the
    day it was registered in Kopdes, whichever is earlier."""
    first_step = Subquery(
        Milestone.objects.filter(cooperative_id=OuterRef("pk"), date__isnull=False)
        .exclude(status=MilestoneStatus.REJECTED)
        .order_by()
        .values("cooperative_id")
        .annotate(first=Min("date"))
        .values("first")[:1],
        output_field=DateField(),
    )
    registered = Cast("created_at", DateField())
    return Least(Coalesce(first_step, registered), registered)


# ---------------------------------------------------------------------------------------------------------------
# For the assessment app (its contract: the signature never changes)


def koperasi_reports_by_cooperative(
    cooperative_ids, since: datetime.date, until: datetime.date
) -> dict[int, tuple[int, int]]:
    """cooperative id → (number of `koperasi_bulanan` reports due in [since, until], number of them received on
    time). A report is due for a period when the period's due date (its regency's setting) falls in the window and
    the cooperative existed in the period (`cooperative_exists_from` on or before the period's end); on time when
    first submitted on or before the due date. Ids missing from the result had no report due.

    One query for the regencies involved, one per distinct setting (usually one) and one for the received reports:
    aggregates, never a loop over reports."""
    ids = sorted({int(pk) for pk in cooperative_ids})
    if not ids or until < since:
        return {}
    cooperatives = Cooperative.objects.filter(pk__in=ids)
    regencies = set(
        cooperatives.annotate(regency=Substr("village_id", 1, REGENCY_LENGTH))
        .order_by()
        .values_list("regency", flat=True)
        .distinct()
    )
    by_setting: dict[tuple[str, int], list[str]] = defaultdict(list)
    for code, setting in form_settings(regencies, FormKind.KOPERASI).items():
        by_setting[setting].append(code)

    due: dict[int, int] = {}
    for (period_type, due_day), codes in by_setting.items():
        periods = rules.periods_due_between(since, until, period_type, due_day)
        if not periods:
            continue
        count = sum(
            (Case(When(exists_from__lte=period.end, then=Value(1)), default=Value(0)) for period in periods),
            start=Value(0),
        )
        rows = (
            cooperatives.annotate(regency=Substr("village_id", 1, REGENCY_LENGTH))
            .filter(regency__in=codes)
            .annotate(exists_from=cooperative_exists_from())
            .annotate(due=count)
            .filter(due__gt=0)
            .values_list("pk", "due")
        )
        due.update(rows)

    on_time = dict(
        Report.objects.filter(
            kind=FormKind.KOPERASI,
            cooperative_id__in=list(due),
            due_date__gte=since,
            due_date__lte=until,
            on_time=True,
        )
        .order_by()
        .values("cooperative_id")
        .annotate(n=Count("pk"))
        .values_list("cooperative_id", "n")
    )
    return {pk: (n, min(on_time.get(pk, 0), n)) for pk, n in due.items()}

"""Benchmark steps of the periodic reports: `generate` gives every benchmark cooperative its monthly reports of
2026 (most sent, some late, a few missing: drawn from the village code) and every kecamatan its camat reports;
`measure` times the reporting-rate roll-up (per form and per child region) and the "reporting" block for the
country, a province and a regency, and `koperasi_reports_by_cooperative` over a regency's cooperatives."""

from __future__ import annotations

import datetime
import hashlib
import time

from django.db import transaction
from django.utils import timezone

from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import BenchContext, Row, median_ms
from kopdes.core.scoping import system_region
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.reporting import rules
from kopdes.reporting.choices import FormKind, Status
from kopdes.reporting.models import Report
from kopdes.reporting.selectors import (
    koperasi_reports_by_cooperative,
    missing_and_late,
    rate_trend,
    reporting_block,
    reporting_rates,
)

CHUNK = 20_000
MONTHS = [rules.period_of(datetime.date(2026, month, 1)) for month in range(1, 11)]


def _h(key: str) -> int:
    return int(hashlib.md5(key.encode()).hexdigest()[:8], 16)


def _report(kind: str, unit_key: str, region: str, period: rules.Period, **fields) -> Report | None:
    draw = _h(f"{unit_key}|{period.key}") % 100
    if draw >= 80:
        return None  # missing
    submitted = period.due - datetime.timedelta(days=draw % 7) if draw < 60 else period.due + datetime.timedelta(3)
    return Report(
        kind=kind, period_type="bulanan", period_start=period.start, period_end=period.end, due_date=period.due,
        regency_id=region[:5], region_id=region, unit_key=unit_key, first_submitted_on=submitted,
        submitted_at=timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(10))),
        on_time=submitted <= period.due, status=Status.APPROVED if draw < 40 else Status.SUBMITTED, **fields,
    )  # fmt: skip


def generate(context: BenchContext) -> list[Row]:
    start = time.perf_counter()
    with transaction.atomic():
        rows: list[Report] = []

        def flush(force=False):
            if rows and (force or len(rows) >= CHUNK):
                Report.objects.bulk_create(rows, batch_size=5000)
                rows.clear()

        for pk, code in Cooperative.objects.values_list("pk", "village_id").order_by("village_id").iterator():
            for period in MONTHS:
                row = _report(FormKind.KOPERASI, f"c:{pk}", code, period, cooperative_id=pk)
                if row:
                    rows.append(row)
            flush()
        for code in Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", flat=True).iterator():
            for period in MONTHS:
                row = _report(FormKind.CAMAT, f"k:{code}", code, period)
                if row:
                    rows.append(row)
            flush()
        flush(force=True)
    return [Row("generate reports", f"{Report.objects.count():,} reports", f"{time.perf_counter() - start:.1f} s")]


def measure(context: BenchContext) -> list[Row]:
    rows = []
    period = MONTHS[-1]
    for code in ("", context.province, context.regency):
        region = system_region(Region.objects.get(code=code) if code else None)
        label = code or "ID"
        rates_ms = median_ms(lambda r=region: reporting_rates(region=r, period=period), 3)
        rows.append(Row(f"reporting rate roll-up {label}", f"{rates_ms:.1f} ms"))
        block_ms = median_ms(lambda r=region: reporting_block(region=r, period=period.key), 3)
        rows.append(Row(f'"reporting" block {label}', f"{block_ms:.1f} ms"))
        trend_ms = median_ms(lambda r=region: rate_trend(region=r, until=period, months=12), 3)
        rows.append(Row(f"reporting rate trend 12 months {label}", f"{trend_ms:.1f} ms"))
        gaps_ms = median_ms(
            lambda r=region: missing_and_late(user=context.user, region=r, period=period, today=MONTHS[-1].due), 3
        )
        rows.append(Row(f"late and missing lists {label}", f"{gaps_ms:.1f} ms"))
    ids = list(Cooperative.objects.filter(village__code__startswith=f"{context.regency}.").values_list("pk", flat=True))
    since, until = datetime.date(2026, 1, 1), datetime.date(2026, 11, 29)
    by_coop_ms = median_ms(lambda: koperasi_reports_by_cooperative(ids, since, until), 3)
    rows.append(Row(f"koperasi_reports_by_cooperative {context.regency} ({len(ids)})", f"{by_coop_ms:.1f} ms"))
    return rows

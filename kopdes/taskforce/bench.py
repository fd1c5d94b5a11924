"""Benchmark steps of the Satgas: the "actions" roll-up at national scale. `generate` gives every regency one
circular whose instruction to every kepala desa and lurah fans out to all its villages (83,762 items nationally)
and one agency item, with statuses drawn from the village code (about half done, a fifth in progress, the rest
open, most of them past the due date); `measure` times the "actions" block (totals, by child region, the first
overdue items) for the country, a province and a regency, each one aggregate over the `scope_code` prefix."""

from __future__ import annotations

import datetime
import hashlib
import time

from django.db import transaction

from kopdes.core.devtools import BenchContext, Row, median_ms
from kopdes.core.scoping import system_region
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.taskforce.choices import ActionStatus
from kopdes.taskforce.models import ActionItem, Agency, Decision, Decree
from kopdes.taskforce.selectors import action_counts

CIRCULAR_DAY = datetime.date(2025, 4, 21)
DUE = datetime.date(2025, 6, 30)
CHUNK = 50_000


def _h(code: str) -> int:
    return int(hashlib.md5(f"{code}|satgas".encode()).hexdigest()[:8], 16) % 100


def _status(code: str) -> str:
    roll = _h(code)
    return ActionStatus.DONE if roll < 50 else ActionStatus.IN_PROGRESS if roll < 70 else ActionStatus.OPEN


def generate(context: BenchContext) -> list[Row]:
    start = time.perf_counter()
    with transaction.atomic():
        regencies = Region.objects.filter(level=RegionLevel.REGENCY)
        villages = Region.objects.filter(level=RegionLevel.VILLAGE)
        if context.provinces:
            prefixes = tuple(f"{p}." for p in context.provinces)
            regencies = [r for r in regencies if r.code.startswith(prefixes)]
        regencies = list(regencies)
        Agency.objects.bulk_create(
            [Agency(region=r, name="Dinas Koperasi", short_name="DISKOP") for r in regencies], batch_size=5000
        )
        agency_of = dict(Agency.objects.values_list("region_id", "pk"))
        Decree.objects.bulk_create(
            [Decree(region=r, kind="surat_edaran", number=f"500.3/{r.code}/2025", date=CIRCULAR_DAY,
                    title="Percepatan pembentukan KDKMP", signer_name="Bupati") for r in regencies],
            batch_size=5000,
        )  # fmt: skip
        decree_of = dict(Decree.objects.values_list("region_id", "pk"))
        decisions = []
        for r in regencies:
            decisions.append(Decision(region=r, decree_id=decree_of[r.code], number=1, text="Tim fasilitator",
                                      assignee_kind="kepala_desa", assignee_region=r, due_date=DUE))  # fmt: skip
            decisions.append(Decision(region=r, decree_id=decree_of[r.code], number=2, text="Langkah strategis OPD",
                                      assignee_kind="agency", assignee_agency_id=agency_of[r.code],
                                      due_date=DUE))  # fmt: skip
        Decision.objects.bulk_create(decisions, batch_size=5000)
        decision_of = {(region, n): pk for pk, region, n in Decision.objects.values_list("pk", "region_id", "number")}
        items = [
            ActionItem(decision_id=decision_of[r.code, 2], agency_id=agency_of[r.code], due_date=DUE,
                       scope_code=r.code, status=_status(r.code))
            for r in regencies
        ]  # fmt: skip
        for code in villages.values_list("code", flat=True).iterator(chunk_size=CHUNK):
            decision = decision_of.get((code[:5], 1))
            if decision is None:
                continue
            status = _status(code)
            items.append(ActionItem(decision_id=decision, unit_id=code, due_date=DUE, scope_code=code, status=status,
                                    closed_on=DUE if status == ActionStatus.DONE else None))  # fmt: skip
            if len(items) >= CHUNK:
                ActionItem.objects.bulk_create(items, batch_size=10_000)
                items.clear()
        ActionItem.objects.bulk_create(items, batch_size=10_000)
    return [
        Row(
            "generate Satgas data set",
            f"{Decision.objects.count():,} decisions, {ActionItem.objects.count():,} action items",
            f"{time.perf_counter() - start:.1f} s",
        )
    ]


def measure(context: BenchContext) -> list[Row]:
    rows = []
    for code in ("", context.province, context.regency):
        region = system_region(Region.objects.get(code=code) if code else None)
        label = code or "ID"
        rows.append(Row(f'"actions" block {label}', f"{median_ms(lambda r=region: action_counts(region=r), 5):.1f} ms"))
    return rows

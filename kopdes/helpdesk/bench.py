"""Benchmark steps of the consultation service: `generate` gives three consultations to every benchmark cooperative's
village (asked through 2025–2026, most answered, some late, some still waiting: drawn from the village code), about
the village rather than its cooperative, since the registry import's benchmark replaces the cooperatives;
`measure` times the "consultations" block (open, overdue, on time, by child region) and the service-level figures
(per month and per officer) for the country, a province and a regency: each a GROUP BY over the code prefix."""

from __future__ import annotations

import datetime
import hashlib
import time

from django.db import transaction
from django.utils import timezone

from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import BenchContext, Row, median_ms
from kopdes.core.scoping import system_region
from kopdes.helpdesk import rules
from kopdes.helpdesk.choices import Status, Topic
from kopdes.helpdesk.models import Consultation
from kopdes.helpdesk.selectors import consultations_block, service_level
from kopdes.regions.models import Region

START = datetime.date(2025, 5, 5)
CHUNK = 20_000
TOPICS = list(Topic.values)


def _h(code: str, salt: str) -> int:
    return int(hashlib.md5(f"{code}|{salt}".encode()).hexdigest()[:8], 16)


def _consultation(code: str, n: int, asker_id: int) -> Consultation:
    asked_on = START + datetime.timedelta(days=_h(code, f"d{n}") % 560)
    asked_at = timezone.make_aware(datetime.datetime.combine(asked_on, datetime.time(9)))
    due = rules.add_working_days(asked_on, 3)
    row = Consultation(
        title=f"Pertanyaan {n} {code}", question="Bench", topic=TOPICS[_h(code, f"t{n}") % len(TOPICS)],
        village_id=code, asker_id=asker_id, asker_role="pengurus", asker_name="Bench",
        responder="dinas", target_days=3, asked_at=asked_at, asked_on=asked_on, due_date=due, status=Status.BARU,
    )  # fmt: skip
    if _h(code, f"a{n}") % 100 < 85:
        answered_on = asked_on + datetime.timedelta(days=_h(code, f"r{n}") % 9)
        row.first_answered_at = timezone.make_aware(datetime.datetime.combine(answered_on, datetime.time(14)))
        row.first_answered_on = answered_on
        row.first_answered_by_id = asker_id
        row.response_days = rules.working_days_between(asked_on, answered_on)
        row.answered_on_time = answered_on <= due
        row.status = Status.SELESAI if n else Status.DIJAWAB
        row.closed_on = answered_on if n else None
    return row


def generate(context: BenchContext) -> list[Row]:
    start = time.perf_counter()
    asker_id = context.user.pk
    with transaction.atomic():
        rows = []
        for code in Cooperative.objects.values_list("village_id", flat=True).order_by("village_id").iterator():
            rows += [_consultation(code, n, asker_id) for n in range(3)]
            if len(rows) >= CHUNK:
                Consultation.objects.bulk_create(rows, batch_size=5000)
                rows.clear()
        Consultation.objects.bulk_create(rows, batch_size=5000)
    return [
        Row(
            "generate consultations",
            f"{Consultation.objects.count():,} consultations",
            f"{time.perf_counter() - start:.1f} s",
        )
    ]


def measure(context: BenchContext) -> list[Row]:
    rows = []
    for code in ("", context.province, context.regency):
        region = system_region(Region.objects.get(code=code) if code else None)
        label = code or "ID"
        block_ms = median_ms(lambda r=region: consultations_block(region=r), 5)
        rows.append(Row(f'"consultations" block {label}', f"{block_ms:.1f} ms"))
        rows.append(Row(f"service level {label}", f"{median_ms(lambda r=region: service_level(region=r), 5):.1f} ms"))
    return rows

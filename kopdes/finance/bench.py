"""Benchmark steps of the finance app: `generate` gives every fourth benchmark cooperative (chosen from its village
code) a PMK 49/2025 application to one of four banks, spread over the pipeline; the ones past the agreement are
disbursed with their 72-month schedule (6 months' grace, the rules' annuity), paid up to a month drawn from the code
so that about one in five is in arrears (about 20,000 applications and 500,000 instalments for the country);
`measure` times the "financing" block for the country, a province and a regency next to its two aggregates in raw
SQL, and the regency's arrears list and its applications by kecamatan."""

from __future__ import annotations

import datetime
import hashlib
import time

from django.db import connection, transaction

from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import BenchContext, Row, median_ms
from kopdes.core.scoping import system_region
from kopdes.finance import rules
from kopdes.finance.choices import APPROVED_STATUSES, ApplicationStatus, PartnerKind
from kopdes.finance.models import Application, Instalment, Partner
from kopdes.finance.selectors import _today, arrears_list, financing_block, financing_by_child
from kopdes.regions.models import Region

S = ApplicationStatus
CHUNK = 2_000
FIRST_DUE = datetime.date(2026, 1, 12)
BANKS = ["BRI (bench)", "BNI (bench)", "Mandiri (bench)", "BSI (bench)"]
# Where an application stands, by (hash % 20): most are still before the bank's money, a third are repaying.
STAGES = [S.DRAFT] * 3 + [S.DISETUJUI_DESA] * 2 + [S.DIAJUKAN_BANK] * 2 + [S.DINILAI] * 2 + [S.PERJANJIAN] + [
    S.DITOLAK
] + [S.MENGANGSUR] * 9  # fmt: skip


def _h(code: str, salt: str) -> int:
    return int(hashlib.md5(f"{code}|{salt}".encode()).hexdigest()[:8], 16)


def _schedule(amount: int):
    return rules.loan_schedule(amount=amount, rate_bp=600, tenor=72, grace=6, first_due=FIRST_DUE)


def generate(context: BenchContext) -> list[Row]:
    start = time.perf_counter()
    banks = [Partner.objects.get_or_create(name=name, defaults={"kind": PartnerKind.BANK})[0] for name in BANKS]
    today = _today()
    # One schedule per amount: the amounts are a few round figures, so the rows are computed once each.
    schedules: dict[int, list] = {}
    with transaction.atomic():
        batch: list[tuple[Application, int]] = []

        def flush():
            created = Application.objects.bulk_create([application for application, _paid in batch], batch_size=2000)
            instalments = []
            for application, (_a, paid_months) in zip(created, batch, strict=True):
                if application.status != S.MENGANGSUR:
                    continue
                for row in schedules[application.amount_rp]:
                    paid = row.total if row.no <= paid_months and row.due_date <= today else 0
                    instalments.append(Instalment(
                        application=application, no=row.no, due_date=row.due_date, principal_rp=row.principal,
                        interest_rp=row.interest, total_rp=row.total, balance_rp=row.balance, paid_rp=paid,
                    ))  # fmt: skip
            Instalment.objects.bulk_create(instalments, batch_size=10_000)
            batch.clear()

        for pk, code in Cooperative.objects.values_list("pk", "village_id").order_by("village_id").iterator():
            if _h(code, "apply") % 4:
                continue
            status = STAGES[_h(code, "stage") % len(STAGES)]
            amount = (5 + _h(code, "amount") % 26) * 100_000_000  # Rp500 juta to Rp3 miliar
            if amount not in schedules:
                schedules[amount] = _schedule(amount)
            paid_months = 0
            disbursed = outstanding = 0
            if status == S.MENGANGSUR:
                due_months = sum(1 for row in schedules[amount] if row.due_date <= today)
                # four in five pay every instalment due; the others stopped one to eight months ago
                behind = 0 if _h(code, "late") % 5 else 1 + _h(code, "behind") % 8
                paid_months = max(due_months - behind, 0)
                disbursed = amount
                outstanding = amount - sum(row.principal for row in schedules[amount][:paid_months])
            application = Application(
                cooperative_id=pk, bank=banks[_h(code, "bank") % len(banks)], status=status, amount_rp=amount,
                rate_bp=600, tenor_months=72, grace_months=6, disbursed_rp=disbursed, outstanding_rp=outstanding,
                first_due_date=FIRST_DUE if status in (S.PERJANJIAN, S.MENGANGSUR) else None,
                rejection_reason="Proposal belum layak (bench)" if status == S.DITOLAK else "",
            )  # fmt: skip
            batch.append((application, paid_months))
            if len(batch) >= CHUNK:
                flush()
        flush()
    return [
        Row(
            "generate financing data set",
            f"{Application.objects.count():,} applications, {Instalment.objects.count():,} instalments",
            f"{time.perf_counter() - start:.1f} s",
        )
    ]


APPROVED_SQL = ", ".join(f"'{status}'" for status in APPROVED_STATUSES)  # constants of the code, not input
RAW_BLOCK = [
    "SELECT COUNT(*), SUM(CASE WHEN a.status IN ({approved}) THEN a.amount_rp END), SUM(a.disbursed_rp), "
    "SUM(a.outstanding_rp) FROM finance_application a JOIN cooperatives_cooperative c ON c.id = a.cooperative_id "
    "WHERE {where}",
    "SELECT COUNT(DISTINCT i.application_id) FROM finance_instalment i JOIN finance_application a "
    "ON a.id = i.application_id JOIN cooperatives_cooperative c ON c.id = a.cooperative_id WHERE {where} "
    "AND i.due_date < %(today)s AND i.paid_rp < i.total_rp",
]


def _raw_block(code: str, today: datetime.date) -> None:
    where = "(c.village_id = %(code)s OR c.village_id LIKE %(prefix)s)" if code else "1 = 1"
    params = {"code": code, "prefix": f"{code}.%", "today": today}
    with connection.cursor() as cursor:
        for statement in RAW_BLOCK:
            cursor.execute(statement.format(where=where, approved=APPROVED_SQL), params)
            cursor.fetchall()


def measure(context: BenchContext) -> list[Row]:
    rows = []
    today = _today()
    for code in ("", context.province, context.regency):
        region = system_region(Region.objects.get(code=code) if code else None)
        ours = median_ms(lambda r=region: financing_block(region=r), 5)
        raw = median_ms(lambda c=code: _raw_block(c, today), 5)
        rows.append(Row(f'"financing" block {code or "ID"}', f"{ours:.1f} ms", f"raw SQL {raw:.1f} ms",
                        f"{ours / raw:.1f}×" if raw else ""))  # fmt: skip
    regency = system_region(Region.objects.get(code=context.regency))
    rows.append(Row(f"financing arrears list {context.regency}",
                    f"{median_ms(lambda: arrears_list(region=regency), 5):.1f} ms"))  # fmt: skip
    rows.append(Row(f"financing by kecamatan {context.regency}",
                    f"{median_ms(lambda: financing_by_child(region=regency), 5):.1f} ms"))  # fmt: skip
    return rows

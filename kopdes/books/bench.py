"""Benchmark steps of the books: `generate` gives the first 1,000 benchmark cooperatives (formation's step made them;
20 in the test suite's small run) a year of books: 60 members with pokok and twelve wajib payments, a sale every
day and four costs a month (about 3,000 journal lines per cooperative, 3 million in all), written in bulk with the
same posting rules as the pages; `measure` times the "books" block for the country, a province and a regency next
to the same five aggregates in raw SQL, and one cooperative's statements (goal: under 50 ms) next to its two raw
GROUP BY queries."""

from __future__ import annotations

import datetime
import time

from django.db import connection, transaction

from kopdes.books import rules
from kopdes.books.choices import CostKind, EntryKind, SavingKind
from kopdes.books.models import BookSettings, Cost, JournalEntry, JournalLine, Member, Sale, Saving
from kopdes.books.selectors import books_block, year_statements
from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import BenchContext, Row, median_ms
from kopdes.core.scoping import system_region
from kopdes.regions.models import Region

YEAR = 2026
START = datetime.date(YEAR, 1, 1)
TODAY = datetime.date(YEAR, 11, 29)
MEMBERS = 60
COOPERATIVES = 1_000
SMALL = 20


def _cooperative_books(pk: int, village: str, index: int):
    """(settings, members, [(entry, lines, source)]) of one cooperative's year."""
    settings = BookSettings(cooperative_id=pk, village_id=village, opened_on=START, shu_division={})
    members = [
        Member(cooperative_id=pk, village_id=village, domicile_id=village, number=f"{i:04d}",
               nik=f"{index:06d}{i:04d}000000"[:16], name=f"Anggota {i}", sex="L", joined_on=START)
        for i in range(MEMBERS)
    ]  # fmt: skip
    return settings, members


def _entries(pk: int, village: str, members: list[Member]):
    items = []
    number = 0

    def post(kind, day, lines, source):
        nonlocal number
        number += 1
        entry = JournalEntry(cooperative_id=pk, village_id=village, date=day, number=f"B-{number:06d}", kind=kind)
        items.append((entry, lines, source))

    for member in members:
        post(
            EntryKind.SIMPANAN,
            START,
            rules.saving_lines(SavingKind.POKOK, 100_000),
            Saving(cooperative_id=pk, village_id=village, member=member, date=START, kind="pokok", amount=100_000),
        )
        for month in range(1, 12):
            day = datetime.date(YEAR, month, 10)
            post(
                EntryKind.SIMPANAN,
                day,
                rules.saving_lines(SavingKind.WAJIB, 10_000),
                Saving(cooperative_id=pk, village_id=village, member=member, date=day, kind="wajib", amount=10_000),
            )
    day = START
    while day <= TODAY:
        value = 1_500_000 + (pk * 7919 + day.toordinal()) % 1_000_000
        post(
            EntryKind.PENJUALAN,
            day,
            rules.sale_lines(value, value * 8 // 10),
            Sale(
                cooperative_id=pk, village_id=village, date=day, category="sembako", value=value, cost=value * 8 // 10
            ),
        )
        if day.day == 1:
            for kind in (CostKind.PEMBELIAN, CostKind.GAJI, CostKind.LISTRIK_AIR, CostKind.TRANSPORTASI):
                post(
                    EntryKind.BIAYA,
                    day,
                    rules.cost_lines(kind, 1_000_000),
                    Cost(cooperative_id=pk, village_id=village, date=day, kind=kind, amount=1_000_000),
                )
        day += datetime.timedelta(days=1)
    return items  # fmt: skip


def generate(context: BenchContext) -> list[Row]:
    start = time.perf_counter()
    limit = SMALL if context.in_process else COOPERATIVES
    coops = list(Cooperative.objects.order_by("village_id").values_list("pk", "village_id")[:limit])
    for index, (pk, village) in enumerate(coops):
        with transaction.atomic():
            settings, members = _cooperative_books(pk, village, index)
            settings.save()
            members = Member.objects.bulk_create(members)
            items = _entries(pk, village, members)
            entries = JournalEntry.objects.bulk_create([entry for entry, _l, _s in items], batch_size=2000)
            lines, sources = [], {Saving: [], Sale: [], Cost: []}
            for entry, (_e, item_lines, source) in zip(entries, items, strict=True):
                lines += [JournalLine(entry=entry, cooperative_id=pk, village_id=village, date=entry.date,
                                      account=a, debit=d, credit=c) for a, d, c in item_lines]  # fmt: skip
                source.entry = entry
                sources[type(source)].append(source)
            JournalLine.objects.bulk_create(lines, batch_size=5000)
            for model, rows in sources.items():
                model.objects.bulk_create(rows, batch_size=5000)
    return [
        Row(
            "generate books data set",
            f"{len(coops):,} cooperatives, {Member.objects.count():,} members, "
            f"{JournalLine.objects.count():,} journal lines",
            f"{time.perf_counter() - start:.1f} s",
        )
    ]


RAW_BLOCK = [
    "SELECT COUNT(DISTINCT cooperative_id) FROM books_journalentry WHERE {where}",
    "SELECT COUNT(*) FROM books_member WHERE {where} AND left_on IS NULL",
    "SELECT COALESCE(SUM(amount), 0) FROM books_saving WHERE {where}",
    "SELECT COALESCE(SUM(value), 0) FROM books_sale WHERE {where} AND date > %(since)s AND date <= %(today)s",
    "SELECT COUNT(*) FROM books_rat WHERE {where} AND year = %(year)s",
]
RAW_STATEMENTS = (
    "SELECT account, SUM(debit), SUM(credit) FROM books_journalline WHERE cooperative_id = %(pk)s "
    "AND date <= %(end)s {period} GROUP BY account"
)


def _raw_block(code: str, today: datetime.date) -> None:
    where = "(village_id = %(code)s OR village_id LIKE %(prefix)s)" if code else "1 = 1"
    params = {"code": code, "prefix": f"{code}.%", "since": today - datetime.timedelta(days=30), "today": today,
              "year": today.year - 1}  # fmt: skip
    with connection.cursor() as cursor:
        for statement in RAW_BLOCK:
            cursor.execute(statement.format(where=where), params)
            cursor.fetchall()


def _raw_statements(pk: int) -> None:
    params = {"pk": pk, "start": START, "end": datetime.date(YEAR, 12, 31)}
    with connection.cursor() as cursor:
        for period in ("AND date >= %(start)s", ""):
            cursor.execute(RAW_STATEMENTS.format(period=period), params)
            cursor.fetchall()


def measure(context: BenchContext) -> list[Row]:
    rows = []
    for code in ("", context.province, context.regency):
        region = system_region(Region.objects.get(code=code) if code else None)
        ours = median_ms(lambda r=region: books_block(region=r, today=TODAY), 5)
        raw = median_ms(lambda c=code: _raw_block(c, TODAY), 5)
        rows.append(Row(f'"books" block {code or "ID"}', f"{ours:.1f} ms", f"raw SQL {raw:.1f} ms",
                        f"{ours / raw:.1f}×" if raw else ""))  # fmt: skip
    cooperative = Cooperative.objects.filter(pk__in=BookSettings.objects.values("cooperative_id")).first()
    if cooperative is not None:
        ours = median_ms(lambda: year_statements(cooperative=cooperative, year=YEAR), 10)
        raw = median_ms(lambda: _raw_statements(cooperative.pk), 10)
        rows.append(Row(f"statements {YEAR} of one cooperative", f"{ours:.1f} ms", f"raw SQL {raw:.1f} ms",
                        f"{ours / raw:.1f}×" if raw else "", "< 50 ms"))  # fmt: skip
    return rows

"""The books story of `kopdes load_demo`: Rapak Lambur (desa) and Melayu (kelurahan), kec. Tenggarong, the two Kukar
cooperatives whose sembako gerai opened in 2025, keep their books in Kopdes from the gerai's opening to today: a
few hundred members from their own village (valid NIKs of kec. Tenggarong, drawn from a seeded random), simpanan
pokok on joining and wajib every month (a sixth of the members fall behind in the last months, so the arrears list
and its WhatsApp reminders have rows), some sukarela, daily sales at the gerai with a weekly rhythm (Saturday market
day, quiet Sunday) growing month by month, members' purchases, monthly purchases of goods, wages and electricity.
2025 is closed by the RAT in February/March 2026 (quorum, SHU divided with the village's 20%); the months up to
October 2026 are closed. Three more Kukar cooperatives open their books in November 2026 with their first members.
Rapak Lambur's RAT decided to open a simpan pinjam unit: one product (18% a year, flat, 3–12 months, up to
Rp5.000.000) and six member loans from January 2026, three repaid on time, one a month and a half behind (kurang
lancar), one four months behind (diragukan), one that stopped paying in spring (macet).

Rows are written in bulk through the same posting rules as the pages (`rules.saving_lines`, `sale_lines`,
`cost_lines`), with the members' history rows; the RAT goes through its service. Idempotent: a cooperative whose
books are open is left alone."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kopdes.books import rules, services
from kopdes.books.choices import CostKind, EntryKind, LoanStatus, SavingKind
from kopdes.books.models import (
    BookSettings,
    Cost,
    JournalEntry,
    JournalLine,
    Loan,
    LoanInstalment,
    LoanProduct,
    LoanRepayment,
    Member,
    Sale,
    Saving,
)
from kopdes.cooperatives.choices import UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative
from kopdes.core.choices import BusinessCategory
from kopdes.core.devtools import DemoContext

D = datetime.date
END = D(2026, 11, 29)
REASON = "Data demo (kopdes load_demo)"
FULL = {"64.02.06.2012": (260, D(2026, 2, 21), 1.0), "64.02.06.1005": (210, D(2026, 3, 7), 0.8)}
FIRST_MONTH = ("64.02.16.2007", "64.02.03.2004", "64.02.05.2003")
NAMES_L = ["Ahmad", "Budi", "Rudi", "Syahrir", "Hendra", "Yusuf", "Arif", "Iwan", "Darmawan", "Supriadi", "Rahmat"]
NAMES_P = ["Siti", "Nur", "Rina", "Aisyah", "Dewi", "Fitri", "Yuliani", "Hasanah", "Marlina", "Sri", "Wahyuni"]
FAMILY = ["Saputra", "Hidayat", "Kurniawan", "Rahman", "Wijaya", "Lestari", "Sari", "Pratama", "Anwar", "Effendi"]


def _months(start: D, end: D):
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = (day + datetime.timedelta(days=32)).replace(day=1)


class _Writer:
    """Collects entries with their lines and source rows, numbered per kind as the posting service numbers them."""

    def __init__(self, settings: BookSettings, actor):
        self.settings, self.actor = settings, actor
        self.counters = dict.fromkeys(EntryKind.values, 0)
        self.items: list[tuple[JournalEntry, list, object]] = []

    def post(self, kind: str, day: D, description: str, lines, source) -> None:
        self.counters[kind] += 1
        entry = JournalEntry(
            cooperative_id=self.settings.cooperative_id, village_id=self.settings.village_id, date=day,
            number=f"{services.PREFIX[kind]}-{self.counters[kind]:06d}", kind=kind, description=description[:300],
            created_by=self.actor,
        )  # fmt: skip
        self.items.append((entry, lines, source))

    def flush(self) -> int:
        self.items.sort(key=lambda item: item[0].date)
        entries = JournalEntry.objects.bulk_create([entry for entry, _l, _s in self.items], batch_size=500)
        lines, sources = [], {Saving: [], Sale: [], Cost: []}
        for entry, (item_lines, source) in zip(entries, [(i[1], i[2]) for i in self.items], strict=True):
            lines += [
                JournalLine(entry=entry, cooperative_id=entry.cooperative_id, village_id=entry.village_id,
                            date=entry.date, account=account, debit=debit, credit=credit)
                for account, debit, credit in item_lines
            ]  # fmt: skip
            source.entry = entry
            sources[type(source)].append(source)
        JournalLine.objects.bulk_create(lines, batch_size=1000)
        for model, rows in sources.items():
            model.objects.bulk_create(rows, batch_size=1000)
        return len(entries)


def _members(rng: random.Random, settings: BookSettings, count: int, opened: D, end: D, actor) -> list[Member]:
    cooperative = settings.cooperative
    district = cooperative.village_id.rsplit(".", 1)[0]
    village_digits = int(cooperative.village_id.rsplit(".", 1)[1])
    span = (end - opened).days
    members = []
    for i in range(count):
        female = rng.random() < 0.55
        birth = D(rng.randint(1958, 2005), rng.randint(1, 12), rng.randint(1, 28))
        joined = opened if i < count * 0.6 else opened + datetime.timedelta(days=int(span * rng.random() ** 1.5))
        first = rng.choice(NAMES_P if female else NAMES_L)
        member = Member(
            cooperative=cooperative, village_id=cooperative.village_id, domicile_id=cooperative.village_id,
            number=f"{i + 1:04d}", nik=rules.make_nik(district, birth, female, village_digits * 10 + i),
            name=f"{first} {rng.choice(FAMILY)}", sex="P" if female else "L", joined_on=joined,
            phone=f"08{rng.randint(11, 13)}{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.7 else "",
        )  # fmt: skip
        if i % 40 == 39:  # a few moved away
            member.left_on = min(joined + datetime.timedelta(days=200), end)
        members.append(member)
    return bulk_create_with_history(members, Member, batch_size=500, default_user=actor, default_change_reason=REASON)


def _open(cooperative: Cooperative, opened: D, actor) -> BookSettings:
    return services.books_open(
        actor=actor, cooperative=cooperative, opened_on=opened, pokok_rp=100_000, wajib_rp=10_000
    )


def _savings(rng, writer: _Writer, members: list[Member], end: D, *, arrears: bool) -> None:
    for member in members:
        last = min(member.left_on or end, end)
        writer.post(EntryKind.SIMPANAN, member.joined_on, f"Simpanan pokok {member.number}",
                    rules.saving_lines(SavingKind.POKOK, 100_000),
                    Saving(cooperative_id=member.cooperative_id, village_id=member.village_id, member=member,
                           date=member.joined_on, kind=SavingKind.POKOK, amount=100_000))  # fmt: skip
        months = list(_months(member.joined_on, last))
        behind = rng.randint(1, 4) if arrears and rng.random() < 0.17 else 0
        for month in months[: len(months) - behind]:
            day = max(member.joined_on, month.replace(day=min(28, rng.randint(1, 15))))
            if day > last:
                continue
            writer.post(EntryKind.SIMPANAN, day, f"Simpanan wajib {member.number}",
                        rules.saving_lines(SavingKind.WAJIB, 10_000),
                        Saving(cooperative_id=member.cooperative_id, village_id=member.village_id, member=member,
                               date=day, kind=SavingKind.WAJIB, amount=10_000))  # fmt: skip
        if rng.random() < 0.2 and months:
            amount = rng.choice([50_000, 100_000, 250_000, 500_000])
            day = max(member.joined_on, months[0].replace(day=20))
            if day <= last:
                writer.post(EntryKind.SIMPANAN, day, f"Simpanan sukarela {member.number}",
                            rules.saving_lines(SavingKind.SUKARELA, amount),
                            Saving(cooperative_id=member.cooperative_id, village_id=member.village_id, member=member,
                                   date=day, kind=SavingKind.SUKARELA, amount=amount))  # fmt: skip


def _trade(rng, writer: _Writer, members: list[Member], opened: D, end: D, scale: float) -> None:
    cooperative_id, village = writer.settings.cooperative_id, writer.settings.village_id
    day = opened
    month_cost: dict[D, int] = {}
    while day <= end:
        months_open = (day.year - opened.year) * 12 + day.month - opened.month
        base = scale * (2_200_000 + 90_000 * min(months_open, 18))
        rhythm = {5: 1.6, 6: 0.6}.get(day.weekday(), 1.0)
        value = int(base * rhythm * rng.uniform(0.8, 1.2)) // 500 * 500
        active = [m for m in members if m.joined_on <= day and (m.left_on is None or m.left_on >= day)]
        buyers = rng.sample(active, min(len(active), rng.randint(2, 5)))
        for buyer in buyers:
            amount = rng.randint(40, 300) * 1_000
            cost = amount * 82 // 100
            writer.post(EntryKind.PENJUALAN, day, "Penjualan gerai sembako (anggota)", rules.sale_lines(amount, cost),
                        Sale(cooperative_id=cooperative_id, village_id=village, date=day,
                             category=BusinessCategory.SEMBAKO, member=buyer, value=amount, cost=cost))  # fmt: skip
            month_cost[day.replace(day=1)] = month_cost.get(day.replace(day=1), 0) + cost
        cost = value * 82 // 100
        writer.post(EntryKind.PENJUALAN, day, "Penjualan gerai sembako", rules.sale_lines(value, cost),
                    Sale(cooperative_id=cooperative_id, village_id=village, date=day,
                         category=BusinessCategory.SEMBAKO, value=value, cost=cost))  # fmt: skip
        month_cost[day.replace(day=1)] = month_cost.get(day.replace(day=1), 0) + cost
        day += datetime.timedelta(days=1)
    for month, goods in sorted(month_cost.items()):
        first = max(month, opened)
        last_day = min((month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1), end)
        for kind, amount, day, text in [
            (CostKind.PEMBELIAN, goods // 1_000 * 1_000, first, "Belanja barang dagangan dari distributor"),
            (CostKind.GAJI, int(scale * 4_500_000), last_day, "Honor penjaga gerai (2 orang)"),
            (CostKind.LISTRIK_AIR, int(scale * 650_000) // 1_000 * 1_000, min(month.replace(day=20), end),
             "Listrik dan air gerai"),
            (CostKind.TRANSPORTASI, int(scale * 400_000), min(month.replace(day=10), end),
             "Angkut barang dari Tenggarong"),
        ]:  # fmt: skip
            if day < first or amount <= 0:
                continue
            writer.post(EntryKind.BIAYA, day, text, rules.cost_lines(kind, amount),
                        Cost(cooperative_id=cooperative_id, village_id=village, date=day, kind=kind,
                             description=text, amount=amount))  # fmt: skip


# (member number, disbursed, amount, tenor, days before the end when the member stopped paying or None)
LOANS = [
    ("0003", D(2026, 1, 12), 3_000_000, 12, None),
    ("0011", D(2026, 1, 19), 5_000_000, 10, 220),
    ("0027", D(2026, 3, 9), 2_000_000, 6, None),
    ("0042", D(2026, 4, 6), 4_000_000, 12, 130),
    ("0058", D(2026, 6, 15), 2_500_000, 10, 45),
    ("0064", D(2026, 8, 3), 1_500_000, 6, None),
]


def _loans(settings: BookSettings, end: D, actor) -> int:
    """The simpan pinjam unit's product and loans, written in bulk through the posting rules (`loan_lines`,
    `loan_repayment_lines`, the schedule and split of `rules`): each instalment paid on its due date until the
    member stopped paying. Skipped when the cooperative already has a loan product."""
    if LoanProduct.objects.filter(cooperative_id=settings.cooperative_id).exists():
        return 0
    product = services.loan_product_create(
        actor=actor, cooperative=settings.cooperative, name="Pinjaman usaha anggota", rate_bp=1800, method="flat",
        min_tenor=3, max_tenor=12, min_amount_rp=500_000, max_amount_rp=5_000_000,
    )  # fmt: skip
    members = {m.number: m for m in Member.objects.filter(cooperative_id=settings.cooperative_id)}
    common = {"cooperative_id": settings.cooperative_id, "village_id": settings.village_id}
    planned = []
    for n, (number, day, amount, tenor, stopped) in enumerate(LOANS, start=1):
        member = members.get(number)
        if member is None or member.joined_on > day:
            continue
        schedule = rules.member_loan_schedule(amount=amount, rate_bp=1800, tenor=tenor, method="flat", disbursed_on=day)
        last_paid = end - datetime.timedelta(days=stopped) if stopped else end
        payments, paid = [], 0
        for row in schedule:
            if row["due_date"] > last_paid:
                break
            principal, interest = rules.repayment_split(schedule, paid, row["total"])
            payments.append((row["due_date"], row["total"], principal, interest))
            paid += row["total"]
        loan_number = f"PIN-{n:05d}"
        entry = JournalEntry(**common, date=day, number=loan_number, kind=EntryKind.PINJAMAN, created_by=actor,
                             description=f"Pinjaman {loan_number} kepada {member.number} {member.name}")  # fmt: skip
        planned.append((member, day, amount, tenor, schedule, payments, loan_number, entry))
    entries = JournalEntry.objects.bulk_create([p[-1] for p in planned])
    lines, loans = [], []
    for (member, day, amount, tenor, schedule, payments, number, _e), entry in zip(planned, entries, strict=True):
        lines += [JournalLine(**common, entry=entry, date=day, account=a, debit=d, credit=c)
                  for a, d, c in rules.loan_lines(amount)]  # fmt: skip
        status = LoanStatus.LUNAS if sum(p[1] for p in payments) == sum(r["total"] for r in schedule) else None
        loans.append(Loan(**common, number=number, product=product, member=member, entry=entry, disbursed_on=day,
                          amount_rp=amount, tenor=tenor, rate_bp=1800, method="flat",
                          status=status or LoanStatus.AKTIF))  # fmt: skip
    loans = bulk_create_with_history(loans, Loan, default_user=actor, default_change_reason=REASON)
    loans = list(Loan.objects.filter(cooperative_id=settings.cooperative_id).order_by("number"))
    instalments, repayment_entries, repayments = [], [], []
    counter = 0
    for loan, (member, _d, _a, _t, schedule, payments, _n, _e) in zip(loans, planned, strict=True):
        instalments += [LoanInstalment(loan=loan, **row) for row in schedule]
        for day, amount, principal, interest in payments:
            counter += 1
            repayment_entries.append(JournalEntry(
                **common, date=day, number=f"{services.PREFIX[EntryKind.ANGSURAN]}-{counter:06d}",
                kind=EntryKind.ANGSURAN, created_by=actor,
                description=f"Angsuran pinjaman {loan.number} {member.name}",
            ))  # fmt: skip
            repayments.append(LoanRepayment(**common, loan=loan, date=day, amount=amount, principal=principal,
                                            interest=interest))  # fmt: skip
    LoanInstalment.objects.bulk_create(instalments)
    repayment_entries = JournalEntry.objects.bulk_create(repayment_entries)
    for entry, repayment in zip(repayment_entries, repayments, strict=True):
        repayment.entry = entry
        lines += [JournalLine(**common, entry=entry, date=entry.date, account=a, debit=d, credit=c)
                  for a, d, c in rules.loan_repayment_lines(repayment.principal, repayment.interest)]  # fmt: skip
    LoanRepayment.objects.bulk_create(repayments)
    JournalLine.objects.bulk_create(lines, batch_size=1000)
    return len(loans)


@transaction.atomic
def load(context: DemoContext) -> None:
    """Needs the cooperatives with their gerai (formation) and the history user (accounts)."""
    end = min(END, timezone.localdate())
    actor = context.actor
    cooperatives = {c.village_id: c for c in Cooperative.objects.filter(village_id__in=[*FULL, *FIRST_MONTH])}
    if not cooperatives:
        context.messages.append("Pembukuan: koperasi Kukar belum dimuat, dilewati.")
        return
    opened_books = set(
        BookSettings.objects.filter(village_id__in=list(cooperatives)).values_list("village_id", flat=True)
    )
    for code, (count, rat_day, scale) in FULL.items():
        cooperative = cooperatives.get(code)
        if cooperative is None or code in opened_books:
            context.counts["books_kept"] += 1 if cooperative else 0
            continue
        unit = BusinessUnit.objects.filter(
            cooperative=cooperative, category=BusinessCategory.SEMBAKO, status=UnitStatus.BEROPERASI
        ).first()
        if unit is None:
            continue
        opened = max(unit.since or D(2025, 7, 1), D(2025, 6, 1))
        rng = random.Random(f"books-{code}")
        settings = _open(cooperative, opened, actor)
        members = _members(rng, settings, count, opened, end, actor)
        writer = _Writer(settings, actor)
        _savings(rng, writer, members, end, arrears=True)
        _trade(rng, writer, members, opened, end, scale)
        context.counts["books_entries_created"] += writer.flush()
        context.counts["books_members_created"] += len(members)
        present = int(len([m for m in members if m.joined_on <= D(2025, 12, 31)]) * 0.62)
        services.rat_record(
            actor=actor, cooperative=cooperative, year=2025, held_on=rat_day, members_present=present,
            decisions="1. Laporan pertanggungjawaban pengurus tahun buku 2025 diterima.\n"
            "2. Pembagian SHU 2025 disetujui sesuai AD/ART; bagian desa disetor ke kas desa.\n"
            "3. Rencana kerja 2026: menambah gerai LPG dan simpan pinjam.",
        )  # fmt: skip
        services.month_close(actor=actor, cooperative=cooperative, through=D(2026, 10, 31))
        context.counts["books_rat_created"] += 1
    lender = cooperatives.get("64.02.06.2012")
    settings = BookSettings.objects.filter(cooperative=lender).first() if lender else None
    if settings is not None:
        context.counts["books_loans_created"] += _loans(settings, end, actor)
    for code in FIRST_MONTH:
        cooperative = cooperatives.get(code)
        if cooperative is None or code in opened_books:
            continue
        rng = random.Random(f"books-{code}")
        opened = D(2026, 11, 2)
        settings = _open(cooperative, opened, actor)
        members = _members(rng, settings, rng.randint(25, 45), opened, end, actor)
        writer = _Writer(settings, actor)
        _savings(rng, writer, members, end, arrears=False)
        context.counts["books_entries_created"] += writer.flush()
        context.counts["books_members_created"] += len(members)
    if context.counts["books_members_created"]:
        context.messages.append(
            f"Pembukuan: {context.counts['books_members_created']} anggota, "
            f"{context.counts['books_entries_created']} jurnal; RAT 2025 Rapak Lambur dan Melayu."
        )

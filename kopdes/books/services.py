"""Writes of the books. Every simpanan, sale and cost posts its journal entry through one posting service
(`_post`), which locks the cooperative's book settings (postings of one cooperative are serialised, numbers stay
unique), refuses an unbalanced entry and one dated in a closed month. The journal is append-only: a correction is
`entry_reverse`, which posts the mirror entry and the mirror source row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kopdes.books import rules, selectors
from kopdes.books.choices import (
    ACCOUNT_KIND,
    DEFAULT_SHU_DIVISION,
    CostKind,
    EntryKind,
    LoanMethod,
    LoanStatus,
    SavingKind,
    ShuItem,
)
from kopdes.books.models import (
    BookSettings,
    ChartAccount,
    Cost,
    JournalEntry,
    JournalLine,
    Loan,
    LoanInstalment,
    LoanProduct,
    LoanRepayment,
    Member,
    Rat,
    Sale,
    Saving,
)
from kopdes.cooperatives.choices import CooperativeKind, UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative
from kopdes.core.exceptions import ConflictError
from kopdes.regions.models import Region

PREFIX = {
    EntryKind.SIMPANAN: "SMP",
    EntryKind.PENJUALAN: "PJL",
    EntryKind.BIAYA: "BYA",
    EntryKind.MANUAL: "JU",
    EntryKind.PEMBALIK: "RV",
    EntryKind.PINJAMAN: "PNJ",
    EntryKind.ANGSURAN: "ANG",
    EntryKind.PEMBIAYAAN: "PBY",
}


def district_exists(code: str) -> bool:
    return Region.objects.filter(code=code, level="district").exists()


# --- settings -------------------------------------------------------------------------------------------------


@transaction.atomic
def books_open(
    *,
    actor,
    cooperative: Cooperative,
    opened_on: datetime.date,
    pokok_rp: int = 100_000,
    wajib_rp: int = 10_000,
    shu_division: dict[str, int] | None = None,
) -> BookSettings:
    """Start the cooperative's books with its AD/ART amounts and SHU division (checked: sums to 100, a KDMP gives
    the village at least 20%)."""
    division = dict(shu_division or DEFAULT_SHU_DIVISION)
    errors = rules.division_errors(division, kdmp=cooperative.kind == CooperativeKind.KDMP)
    if errors:
        raise ValidationError({"shu_division": errors})
    settings = BookSettings(
        cooperative=cooperative,
        village_id=cooperative.village_id,
        opened_on=opened_on,
        pokok_rp=pokok_rp,
        wajib_rp=wajib_rp,
        shu_division=division,
    )
    settings.full_clean()
    settings._history_user = actor
    settings.save()
    return settings


@transaction.atomic
def books_settings_update(*, actor, settings: BookSettings, version: int, data: dict[str, Any]) -> BookSettings:
    """Change the AD/ART amounts or the SHU division, seen at `version` (409 if someone saved in between)."""
    allowed = {"pokok_rp", "wajib_rp", "shu_division"}
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(_("Kolom tidak dikenal: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if "shu_division" in data:
        errors = rules.division_errors(data["shu_division"], kdmp=settings.cooperative.kind == CooperativeKind.KDMP)
        if errors:
            raise ValidationError({"shu_division": errors})
    for name, value in data.items():
        setattr(settings, name, value)
    settings.full_clean()
    claimed = BookSettings.objects.filter(pk=settings.pk, version=version).update(version=version + 1, **data)
    if not claimed:
        raise ConflictError(_("Pengaturan pembukuan sudah diubah orang lain; muat ulang halaman."))
    settings.version = version + 1
    settings._history_user = actor
    settings.save(update_fields=list(data) + ["version"])
    return settings


def books_of(cooperative: Cooperative, *, lock: bool = False) -> BookSettings:
    queryset = BookSettings.objects.select_for_update() if lock else BookSettings.objects
    try:
        return queryset.get(cooperative=cooperative)
    except BookSettings.DoesNotExist:
        raise ValidationError(_("Koperasi ini belum membuka pembukuan.")) from None


@transaction.atomic
def month_close(*, actor, cooperative: Cooperative, through: datetime.date) -> BookSettings:
    """Close the books up to the end of `through`'s month: entries dated on or before it are refused from now on."""
    settings = books_of(cooperative, lock=True)
    end = _month_end(through)
    if settings.closed_through and end <= settings.closed_through:
        return settings
    settings.closed_through = end
    settings._history_user = actor
    settings.save(update_fields=["closed_through"])
    return settings


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


# --- posting --------------------------------------------------------------------------------------------------


def _check_open(settings: BookSettings, day: datetime.date) -> None:
    if settings.closed_through and day <= settings.closed_through:
        raise ValidationError(
            {"date": _("Buku sudah ditutup sampai %(day)s; jurnal di bulan yang ditutup tidak bisa dicatat.")
             % {"day": settings.closed_through.isoformat()}}
        )  # fmt: skip
    if day < settings.opened_on:
        raise ValidationError({"date": _("Tanggal sebelum pembukuan dibuka.")})
    if day > timezone.localdate():
        raise ValidationError({"date": _("Tanggal tidak boleh di masa depan.")})


def _post(
    *,
    actor,
    settings: BookSettings,
    day: datetime.date,
    kind: str,
    number: str,
    description: str,
    lines: Iterable[tuple[str, int, int]],
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """The one posting service: an entry with balanced lines, in an open month, with a number unique in the
    cooperative for its kind (given, or the next one)."""
    lines = [line for line in lines if line[1] or line[2]]
    if not lines:
        raise ValidationError(_("Jurnal tanpa jumlah."))
    known = selectors.chart(cooperative=settings.cooperative, active_only=True)
    unknown = sorted({account for account, _d, _c in lines if account not in known})
    if unknown:
        raise ValidationError(_("Akun tidak ada di bagan akun koperasi: %(codes)s.") % {"codes": ", ".join(unknown)})
    if any(debit < 0 or credit < 0 or (debit and credit) for _a, debit, credit in lines):
        raise ValidationError(_("Satu baris jurnal berisi debit atau kredit, tidak negatif."))
    difference = rules.unbalanced(lines)
    if difference:
        raise ValidationError(
            _("Jurnal tidak seimbang: debit dan kredit berselisih Rp %(diff)s.") % {"diff": f"{abs(difference):,}"}
        )
    _check_open(settings, day)
    cooperative_id = settings.cooperative_id
    if not number:
        count = JournalEntry.objects.filter(cooperative_id=cooperative_id, kind=kind).count()
        number = f"{PREFIX[kind]}-{count + 1:06d}"
        while JournalEntry.objects.filter(cooperative_id=cooperative_id, kind=kind, number=number).exists():
            count += 1
            number = f"{PREFIX[kind]}-{count + 1:06d}"
    elif JournalEntry.objects.filter(cooperative_id=cooperative_id, kind=kind, number=number).exists():
        raise ValidationError({"number": _("Nomor bukti %(n)s sudah dipakai.") % {"n": number}})
    entry = JournalEntry.objects.create(
        cooperative_id=cooperative_id,
        village_id=settings.village_id,
        date=day,
        number=number,
        kind=kind,
        description=description[:300],
        reverses=reverses,
        created_by=actor,
    )
    JournalLine.objects.bulk_create(
        JournalLine(
            entry=entry,
            cooperative_id=cooperative_id,
            village_id=settings.village_id,
            date=day,
            account=account,
            debit=debit,
            credit=credit,
        )
        for account, debit, credit in lines
    )
    return entry


# --- members --------------------------------------------------------------------------------------------------


def member_errors(
    *, cooperative: Cooperative, nik: str, sex: str, domicile_code: str, district_exists=district_exists
) -> dict[str, list[str]]:
    """Field errors of a member: the NIK checks, and the programme's rule that members live in the village."""
    errors: dict[str, list[str]] = {}
    nik_problems = rules.nik_errors(nik, sex, district_exists)
    if nik_problems:
        errors["nik"] = nik_problems
    villages = {cooperative.village_id} | set(cooperative.extra_villages.values_list("code", flat=True))
    if domicile_code not in villages:
        errors["domicile"] = [
            _("Anggota %(kind)s harus berdomisili di desa/kelurahan koperasi (%(village)s); %(code)s di luar itu.")
            % {"kind": cooperative.kind, "village": cooperative.village_id, "code": domicile_code}
        ]
    return errors


@transaction.atomic
def member_create(
    *,
    actor,
    cooperative: Cooperative,
    number: str,
    nik: str,
    name: str,
    sex: str,
    joined_on: datetime.date,
    domicile: Region | None = None,
    phone: str = "",
) -> Member:
    """Register a member: the NIK is checked and the member must live in the cooperative's village."""
    books_of(cooperative)
    domicile_code = domicile.code if domicile is not None else cooperative.village_id
    errors = member_errors(cooperative=cooperative, nik=nik.strip(), sex=sex, domicile_code=domicile_code)
    if errors:
        raise ValidationError(errors)
    member = Member(
        cooperative=cooperative,
        village_id=cooperative.village_id,
        number=number.strip(),
        nik=nik.strip(),
        name=name.strip(),
        sex=sex,
        domicile_id=domicile_code,
        joined_on=joined_on,
        phone=phone.strip(),
    )
    member.full_clean()
    member._history_user = actor
    member.save()
    return member


@transaction.atomic
def member_leave(*, actor, member: Member, left_on: datetime.date, version: int) -> Member:
    """Record that a member left on `left_on` (seen at `version`: 409 if changed meanwhile)."""
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("Tanggal keluar tidak boleh sebelum tanggal masuk.")})
    claimed = Member.objects.filter(pk=member.pk, version=version).update(version=version + 1, left_on=left_on)
    if not claimed:
        raise ConflictError(_("Data anggota sudah diubah orang lain; muat ulang halaman."))
    member.left_on, member.version = left_on, version + 1
    member._history_user = actor
    member.save(update_fields=["left_on", "version"])
    return member


# --- simpanan, sales, costs -----------------------------------------------------------------------------------


def saving_balance(member: Member, kind: str) -> int:
    return Saving.objects.filter(member=member, kind=kind).aggregate(total=Sum("amount"))["total"] or 0


@transaction.atomic
def saving_record(*, actor, member: Member, day: datetime.date, kind: str, amount: int, number: str = "") -> Saving:
    """A simpanan payment (or a sukarela withdrawal, negative). Pokok is paid once, in the AD/ART amount; pokok and
    wajib are never withdrawn while a member; a withdrawal cannot exceed the balance."""
    settings = books_of(member.cooperative, lock=True)
    if kind not in SavingKind.values:
        raise ValidationError({"kind": _("Jenis simpanan tidak dikenal.")})
    if amount == 0:
        raise ValidationError({"amount": _("Jumlah tidak boleh nol.")})
    if amount < 0 and kind != SavingKind.SUKARELA:
        raise ValidationError({"amount": _("Simpanan pokok dan wajib tidak bisa ditarik selama menjadi anggota.")})
    if amount < 0 and saving_balance(member, kind) + amount < 0:
        raise ValidationError({"amount": _("Penarikan melebihi saldo simpanan sukarela.")})
    if kind == SavingKind.POKOK:
        if saving_balance(member, kind) > 0:
            raise ValidationError({"kind": _("Simpanan pokok sudah dibayar.")})
        if amount != settings.pokok_rp:
            raise ValidationError(
                {"amount": _("Simpanan pokok menurut AD/ART Rp %(rp)s.") % {"rp": f"{settings.pokok_rp:,}"}}
            )
    if day < member.joined_on or (member.left_on and day > member.left_on):
        raise ValidationError({"date": _("Tanggal di luar masa keanggotaan.")})
    entry = _post(
        actor=actor,
        settings=settings,
        day=day,
        kind=EntryKind.SIMPANAN,
        number=number,
        description=f"{SavingKind(kind).label} {member.number} {member.name}",
        lines=rules.saving_lines(kind, amount),
    )
    return Saving.objects.create(
        entry=entry,
        cooperative_id=settings.cooperative_id,
        village_id=settings.village_id,
        member=member,
        date=day,
        kind=kind,
        amount=amount,
    )


def operating_categories(cooperative: Cooperative) -> set[str]:
    return set(
        BusinessUnit.objects.filter(cooperative=cooperative, status=UnitStatus.BEROPERASI).values_list(
            "category", flat=True
        )
    )


@transaction.atomic
def sale_record(
    *,
    actor,
    cooperative: Cooperative,
    day: datetime.date,
    category: str,
    value: int,
    cost: int = 0,
    member: Member | None = None,
    number: str = "",
) -> Sale:
    """Sales at one gerai (value and cost of goods), for cash; only at a gerai the cooperative runs."""
    settings = books_of(cooperative, lock=True)
    if category not in operating_categories(cooperative):
        raise ValidationError({"category": _("Koperasi ini tidak menjalankan gerai %(c)s.") % {"c": category}})
    if value <= 0 or cost < 0:
        raise ValidationError({"value": _("Nilai penjualan harus lebih dari nol dan HPP tidak negatif.")})
    if member is not None and member.cooperative_id != cooperative.pk:
        raise ValidationError({"member": _("Anggota dari koperasi lain.")})
    entry = _post(
        actor=actor,
        settings=settings,
        day=day,
        kind=EntryKind.PENJUALAN,
        number=number,
        description=_("Penjualan gerai %(c)s") % {"c": category},
        lines=rules.sale_lines(value, cost),
    )
    return Sale.objects.create(
        entry=entry,
        cooperative=cooperative,
        village_id=settings.village_id,
        date=day,
        category=category,
        member=member,
        value=value,
        cost=cost,
    )


@transaction.atomic
def cost_record(
    *,
    actor,
    cooperative: Cooperative,
    day: datetime.date,
    kind: str,
    amount: int,
    description: str = "",
    number: str = "",
) -> Cost:
    """A purchase of goods or an operating cost, paid in cash (depreciation against accumulated depreciation)."""
    settings = books_of(cooperative, lock=True)
    if kind not in CostKind.values:
        raise ValidationError({"kind": _("Jenis biaya tidak dikenal.")})
    if amount <= 0:
        raise ValidationError({"amount": _("Jumlah harus lebih dari nol.")})
    entry = _post(
        actor=actor,
        settings=settings,
        day=day,
        kind=EntryKind.BIAYA,
        number=number,
        description=description or CostKind(kind).label,
        lines=rules.cost_lines(kind, amount),
    )
    return Cost.objects.create(
        entry=entry,
        cooperative=cooperative,
        village_id=settings.village_id,
        date=day,
        kind=kind,
        description=description,
        amount=amount,
    )


@transaction.atomic
def manual_entry(
    *, actor, cooperative: Cooperative, day: datetime.date, lines: list[tuple[str, int, int]], description: str,
    number: str = "",
) -> JournalEntry:  # fmt: skip
    """A general journal entry (jurnal umum): its lines must balance."""
    settings = books_of(cooperative, lock=True)
    return _post(
        actor=actor, settings=settings, day=day, kind=EntryKind.MANUAL, number=number, description=description,
        lines=lines,
    )  # fmt: skip


@transaction.atomic
def entry_reverse(*, actor, entry: JournalEntry, day: datetime.date | None = None) -> JournalEntry:
    """Cancel an entry by posting its mirror (debits become credits) on `day` (default: the entry's own date), and
    the mirror of its source row (sale, simpanan, cost) so the period sums net to zero. Never edits or deletes."""
    settings = books_of(entry.cooperative, lock=True)
    if entry.kind == EntryKind.PEMBALIK:
        raise ValidationError(_("Jurnal pembalik tidak bisa dibalik lagi; catat jurnal baru."))
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("Jurnal ini sudah dibalik."))
    if entry.kind == EntryKind.PEMBIAYAAN:
        raise ValidationError(_("Jurnal pembiayaan bank dicatat dari aplikasi pembiayaan; koreksi di sana."))
    loan = getattr(entry, "loan", None)
    if loan is not None and LoanRepayment.objects.filter(loan=loan).aggregate(t=Sum("amount"))["t"]:
        raise ValidationError(_("Pinjaman yang sudah diangsur tidak bisa dibatalkan; balik dulu angsurannya."))
    repayment = getattr(entry, "loan_repayment", None)
    if repayment is not None and (
        LoanRepayment.objects.filter(loan=repayment.loan, pk__gt=repayment.pk, amount__gt=0)
        .filter(entry__reversed_by__isnull=True)
        .exists()
    ):
        raise ValidationError(_("Balik dulu angsuran yang lebih baru dari pinjaman ini."))
    day = day or entry.date
    lines = [(line.account, line.credit, line.debit) for line in entry.lines.all()]
    mirror = _post(
        actor=actor,
        settings=settings,
        day=day,
        kind=EntryKind.PEMBALIK,
        number=f"RV-{entry.number}",
        description=_("Pembalik %(n)s") % {"n": entry.number},
        lines=lines,
        reverses=entry,
    )
    common = {"entry": mirror, "cooperative_id": entry.cooperative_id, "village_id": entry.village_id, "date": day}
    if hasattr(entry, "sale"):
        sale = entry.sale
        Sale.objects.create(**common, category=sale.category, member=sale.member, value=-sale.value, cost=-sale.cost)
    elif hasattr(entry, "saving"):
        saving = entry.saving
        if saving.amount > 0 and saving_balance(saving.member, saving.kind) - saving.amount < 0:
            raise ValidationError(_("Saldo simpanan tidak cukup untuk membalik setoran ini."))
        Saving.objects.create(**common, member=saving.member, kind=saving.kind, amount=-saving.amount)
    elif hasattr(entry, "cost"):
        cost = entry.cost
        Cost.objects.create(**common, kind=cost.kind, description=cost.description, amount=-cost.amount)
    elif loan is not None:
        loan.status = LoanStatus.BATAL
        _save_loan(loan, actor, ["status"])
    elif repayment is not None:
        LoanRepayment.objects.create(
            **common, loan=repayment.loan, amount=-repayment.amount, principal=-repayment.principal,
            interest=-repayment.interest,
        )  # fmt: skip
        if repayment.loan.status == LoanStatus.LUNAS:
            repayment.loan.status = LoanStatus.AKTIF
            _save_loan(repayment.loan, actor, ["status"])
    return mirror


# --- RAT ------------------------------------------------------------------------------------------------------


@transaction.atomic
def rat_record(
    *,
    actor,
    cooperative: Cooperative,
    year: int,
    held_on: datetime.date,
    members_present: int,
    decisions: str = "",
    statements_approved: bool = True,
    shu_approved: bool = True,
    minutes=None,
) -> Rat:
    """Record the RAT of book year `year`: only after the year ended, with statements that balance and a valid SHU
    division; quorum is more than half of the members at year end. Recording it closes the year's books."""
    settings = books_of(cooperative, lock=True)
    year_end = datetime.date(year, 12, 31)
    if held_on <= year_end:
        raise ValidationError({"held_on": _("RAT diadakan setelah tahun buku berakhir.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Tanggal tidak boleh di masa depan.")})
    statements = selectors.statements(cooperative=cooperative, start=datetime.date(year, 1, 1), end=year_end)
    if not statements["balanced"]:
        raise ValidationError(_("Laporan keuangan tahun %(y)d tidak seimbang; RAT tidak bisa dicatat.") % {"y": year})
    errors = rules.division_errors(settings.shu_division, kdmp=cooperative.kind == CooperativeKind.KDMP)
    if errors:
        raise ValidationError({"shu_division": errors})
    total = selectors.members_at(cooperative=cooperative, day=year_end).count()
    if members_present > total:
        raise ValidationError({"members_present": _("Anggota hadir melebihi jumlah anggota (%(n)d).") % {"n": total}})
    shu = selectors.shu_for(cooperative=cooperative, year=year)
    rat = Rat(
        cooperative=cooperative,
        village_id=cooperative.village_id,
        year=year,
        held_on=held_on,
        members_total=total,
        members_present=members_present,
        quorum_met=members_present * 2 > total,
        statements_approved=statements_approved,
        shu_approved=shu_approved,
        shu_rp=shu["shu"],
        bagian_desa_rp=shu["pools"][ShuItem.BAGIAN_DESA],
        decisions=decisions,
    )
    if minutes is not None:
        rat.minutes = minutes
    try:
        rat.full_clean()
    except ValidationError:
        raise
    rat._history_user = actor
    try:
        rat.save()
    except IntegrityError:
        raise ValidationError(_("RAT tahun buku ini sudah dicatat.")) from None
    if not settings.closed_through or settings.closed_through < year_end:
        settings.closed_through = year_end
        settings._history_user = actor
        settings.save(update_fields=["closed_through"])
    return rat


# --- member loans (simpan pinjam) ------------------------------------------------------------------------------


def _save_loan(loan: Loan, actor, fields: list[str]) -> None:
    loan.version += 1
    loan._history_user = actor
    loan.save(update_fields=[*fields, "version"])


PRODUCT_FIELDS = ("name", "rate_bp", "method", "min_tenor", "max_tenor", "min_amount_rp", "max_amount_rp", "active")


@transaction.atomic
def loan_product_create(*, actor, cooperative: Cooperative, **data) -> LoanProduct:
    """A loan product of the cooperative's simpan pinjam unit (rate, flat or annuity, limits of amount and tenor)."""
    books_of(cooperative)
    unknown = set(data) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValidationError(_("Kolom tidak dikenal: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    product = LoanProduct(cooperative=cooperative, village_id=cooperative.village_id, **data)
    if product.method not in LoanMethod.values:
        raise ValidationError({"method": _("Perhitungan harus flat atau anuitas.")})
    product.full_clean()
    product._history_user = actor
    product.save()
    return product


@transaction.atomic
def loan_product_update(*, actor, product: LoanProduct, version: int, data: dict[str, Any]) -> LoanProduct:
    """Change a product seen at `version` (409 if someone saved in between); loans already made keep their terms."""
    unknown = set(data) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValidationError(_("Kolom tidak dikenal: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    for name, value in data.items():
        setattr(product, name, value)
    product.full_clean()
    claimed = LoanProduct.objects.filter(pk=product.pk, version=version).update(version=version + 1)
    if not claimed:
        raise ConflictError(_("Produk pinjaman sudah diubah orang lain; muat ulang halaman."))
    product.version = version + 1
    product._history_user = actor
    product.save(update_fields=[*data, "version"])
    return product


@transaction.atomic
def loan_disburse(
    *,
    actor,
    product: LoanProduct,
    member: Member,
    day: datetime.date,
    amount: int,
    tenor: int,
    number: str = "",
) -> Loan:
    """Lend `amount` to a member for `tenor` months under `product`: within the product's limits, to an active
    member of the same cooperative; the schedule is written and the payout posts piutang pinjaman / kas."""
    settings = books_of(product.cooperative, lock=True)
    if member.cooperative_id != product.cooperative_id:
        raise ValidationError({"member": _("Anggota dari koperasi lain.")})
    if not product.active:
        raise ValidationError({"product": _("Produk pinjaman ini tidak dipakai lagi.")})
    errors = rules.loan_limit_errors(
        amount=amount, tenor=tenor, min_amount=product.min_amount_rp, max_amount=product.max_amount_rp,
        min_tenor=product.min_tenor, max_tenor=product.max_tenor,
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    if day < member.joined_on or (member.left_on and day > member.left_on):
        raise ValidationError({"day": _("Tanggal di luar masa keanggotaan.")})
    number = (number or "").strip()
    if not number:
        count = Loan.objects.filter(cooperative_id=product.cooperative_id).count()
        number = f"PIN-{count + 1:05d}"
        while Loan.objects.filter(cooperative_id=product.cooperative_id, number=number).exists():
            count += 1
            number = f"PIN-{count + 1:05d}"
    elif Loan.objects.filter(cooperative_id=product.cooperative_id, number=number).exists():
        raise ValidationError({"number": _("Nomor pinjaman %(n)s sudah dipakai.") % {"n": number}})
    entry = _post(
        actor=actor, settings=settings, day=day, kind=EntryKind.PINJAMAN, number=number,
        description=_("Pinjaman %(n)s kepada %(m)s %(name)s") % {"n": number, "m": member.number, "name": member.name},
        lines=rules.loan_lines(amount),
    )  # fmt: skip
    loan = Loan(
        cooperative_id=product.cooperative_id, village_id=settings.village_id, number=number, product=product,
        member=member, entry=entry, disbursed_on=day, amount_rp=amount, tenor=tenor, rate_bp=product.rate_bp,
        method=product.method,
    )  # fmt: skip
    loan.full_clean(exclude=["entry"])
    loan._history_user = actor
    loan.save()
    LoanInstalment.objects.bulk_create(
        LoanInstalment(loan=loan, **row)
        for row in rules.member_loan_schedule(
            amount=amount, rate_bp=loan.rate_bp, tenor=tenor, method=loan.method, disbursed_on=day
        )
    )
    return loan


def loan_schedule_rows(loan: Loan) -> list[dict]:
    return list(loan.instalments.order_by("no").values("no", "due_date", "principal", "interest", "total", "balance"))


@transaction.atomic
def loan_repay(*, actor, loan: Loan, day: datetime.date, amount: int, number: str = "") -> LoanRepayment:
    """A member's repayment in cash, split into interest and principal by the schedule (oldest instalment first,
    its interest before its principal); more than what remains to be paid is refused. Paying the last rupiah marks
    the loan lunas."""
    settings = books_of(loan.cooperative, lock=True)
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    if loan.status == LoanStatus.BATAL:
        raise ValidationError(_("Pinjaman ini dibatalkan."))
    if amount <= 0:
        raise ValidationError({"amount": _("Jumlah harus lebih dari nol.")})
    if day < loan.disbursed_on:
        raise ValidationError({"day": _("Tanggal bayar sebelum pinjaman dicairkan.")})
    schedule = loan_schedule_rows(loan)
    paid = LoanRepayment.objects.filter(loan=loan).aggregate(t=Sum("amount"))["t"] or 0
    remaining = sum(row["total"] for row in schedule) - paid
    if amount > remaining:
        rupiah = f"{remaining:,}".replace(",", ".")
        raise ValidationError(
            {"amount": _("Pembayaran melebihi sisa kewajiban pinjaman (Rp %(rp)s).") % {"rp": rupiah}}
        )
    principal, interest = rules.repayment_split(schedule, paid, amount)
    entry = _post(
        actor=actor, settings=settings, day=day, kind=EntryKind.ANGSURAN, number=number,
        description=_("Angsuran pinjaman %(n)s %(name)s") % {"n": loan.number, "name": loan.member.name},
        lines=rules.loan_repayment_lines(principal, interest),
    )  # fmt: skip
    repayment = LoanRepayment.objects.create(
        loan=loan, entry=entry, cooperative_id=loan.cooperative_id, village_id=loan.village_id, date=day,
        amount=amount, principal=principal, interest=interest,
    )  # fmt: skip
    if amount == remaining:
        loan.status = LoanStatus.LUNAS
        _save_loan(loan, actor, ["status"])
    return repayment


# --- bank financing (sent by the finance app through kopdes.cooperatives.signals.financing_event) -----------------


def financing_post(
    *,
    cooperative: Cooperative,
    event: str,
    day: datetime.date,
    reference: str,
    principal: int,
    interest: int = 0,
    from_dana_desa: bool = False,
    description: str = "",
    actor=None,
) -> JournalEntry | None:
    """Post a bank financing event to the cooperative's ledger when it keeps its books here: a disbursement is
    bank / utang bank, an instalment utang bank + beban bunga / bank (or utang kepada desa when Dana Desa paid).
    Nothing when the books are not open or the event predates them; an event already posted (same reference) is
    not posted again; an event dated in a closed month is posted on the first open day, its date in the text."""
    settings = BookSettings.objects.select_for_update().filter(cooperative=cooperative).first()
    if settings is None or day < settings.opened_on:
        return None
    number = f"{PREFIX[EntryKind.PEMBIAYAAN]}-{reference}"[:40]
    existing = JournalEntry.objects.filter(cooperative=cooperative, kind=EntryKind.PEMBIAYAAN, number=number).first()
    if existing is not None:
        return existing
    text = description
    if settings.closed_through and day <= settings.closed_through:
        text = _("%(text)s (tanggal %(day)s, bulan itu sudah ditutup)") % {"text": description, "day": day.isoformat()}
        day = settings.closed_through + datetime.timedelta(days=1)
    lines = rules.financing_lines(event=event, principal=principal, interest=interest, from_dana_desa=from_dana_desa)
    return _post(
        actor=actor, settings=settings, day=min(day, timezone.localdate()), kind=EntryKind.PEMBIAYAAN, number=number,
        description=text, lines=lines,
    )  # fmt: skip


# --- chart of accounts --------------------------------------------------------------------------------------------


@transaction.atomic
def chart_account_save(*, actor, cooperative: Cooperative, code: str, name: str, active: bool = True) -> ChartAccount:
    """Rename or set aside an account of the default chart, or add one of the cooperative's own (its kind is its
    first digit). An account still holding a balance cannot be set aside."""
    books_of(cooperative)
    code, name = code.strip(), name.strip()
    row = ChartAccount.objects.filter(cooperative=cooperative, code=code).first()
    if row is None:
        row = ChartAccount(cooperative=cooperative, village_id=cooperative.village_id, code=code)
    if not active:
        held = selectors.balances(cooperative=cooperative, start=None, end=datetime.date.max).get(code, 0)
        if held:
            raise ValidationError({"active": _("Akun %(c)s masih bersaldo; tidak bisa dinonaktifkan.") % {"c": code}})
    row.name, row.active = name, active
    if row.pk:
        row.version += 1
    row.full_clean()
    row._history_user = actor
    row.save()
    return row


def account_kind(code: str) -> str:
    return ACCOUNT_KIND[code[0]]

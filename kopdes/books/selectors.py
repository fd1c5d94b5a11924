"""Reads of the books. Per cooperative: members at a date, simpanan wajib collected in a period, sales by gerai,
balances, statements (laba rugi, neraca, trial balance), SHU and its division, arrears, RAT held. Over a region:
the "books" progress block and its rows by child region, each one aggregate over the village code on the rows.
Other apps (reporting, assessment) read the cooperative's life from these functions."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from kopdes.books import rules
from kopdes.books.choices import ACCOUNT_KIND, DEBIT_KINDS, Account, AccountKind, Collectability, LoanStatus, SavingKind
from kopdes.books.models import (
    BookSettings,
    ChartAccount,
    CollectabilityBand,
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
from kopdes.cooperatives.models import Cooperative
from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped, get_object_for_user
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region

ZERO = Value(0, output_field=IntegerField())
CHILD_LEVEL = {
    None: RegionLevel.PROVINCE,
    RegionLevel.PROVINCE: RegionLevel.REGENCY,
    RegionLevel.REGENCY: RegionLevel.DISTRICT,
    RegionLevel.DISTRICT: RegionLevel.VILLAGE,
}


def _kind(code: str) -> str:
    return ACCOUNT_KIND[code[0]]


def books_cooperative(*, user, pk: int) -> Cooperative:
    """The cooperative `pk` if the user may see it (404 otherwise)."""
    return get_object_for_user(Cooperative.objects.select_related("village"), user, pk=pk)


def books_settings(*, cooperative: Cooperative) -> BookSettings | None:
    return BookSettings.objects.filter(cooperative=cooperative).first()


# --- what other apps read --------------------------------------------------------------------------------------


def members_at(*, cooperative: Cooperative, day: datetime.date):
    """Members on `day`: joined on or before it and not left before it."""
    return Member.objects.filter(cooperative=cooperative, joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=day)
    )


def wajib_collected(*, cooperative: Cooperative, start: datetime.date, end: datetime.date) -> int:
    """Simpanan wajib paid between `start` and `end` (reversals net out), in rupiah."""
    return Saving.objects.filter(cooperative=cooperative, kind=SavingKind.WAJIB, date__range=(start, end)).aggregate(
        total=Coalesce(Sum("amount"), ZERO)
    )["total"]


def sales_by_gerai(*, cooperative: Cooperative, start: datetime.date, end: datetime.date) -> list[dict]:
    """[{"category", "value", "cost", "days"}] of sales between `start` and `end` per gerai, one query."""
    return list(
        Sale.objects.filter(cooperative=cooperative, date__range=(start, end))
        .values("category")
        .annotate(value=Sum("value"), cost=Sum("cost"), days=Count("date", distinct=True))
        .order_by("category")
    )


def rat_held(*, cooperative: Cooperative, year: int) -> Rat | None:
    """The RAT of book year `year`, if recorded."""
    return Rat.objects.filter(cooperative=cooperative, year=year).first()


# --- statements ------------------------------------------------------------------------------------------------


def balances(*, cooperative: Cooperative, start: datetime.date | None, end: datetime.date) -> dict[str, int]:
    """Debit minus credit per account over the lines dated in [start, end] (from the beginning if start is None).
    One indexed GROUP BY."""
    lines = JournalLine.objects.filter(cooperative=cooperative, date__lte=end)
    if start is not None:
        lines = lines.filter(date__gte=start)
    rows = lines.values("account").annotate(debit=Sum("debit"), credit=Sum("credit")).order_by()
    return {row["account"]: row["debit"] - row["credit"] for row in rows}


def period_and_cumulative_balances(
    *, cooperative: Cooperative, start: datetime.date, end: datetime.date
) -> tuple[dict[str, int], dict[str, int]]:
    """`balances` over [start, end] and from the beginning to `end`, in one indexed GROUP BY (the period's sums are
    filtered sums of the same lines; an account with no line in the period is absent from the first dict)."""
    in_period = Q(date__gte=start)
    rows = (
        JournalLine.objects.filter(cooperative=cooperative, date__lte=end)
        .values("account")
        .annotate(
            total_debit=Sum("debit"),
            total_credit=Sum("credit"),
            period_debit=Sum("debit", filter=in_period),
            period_credit=Sum("credit", filter=in_period),
        )
        .order_by()
    )
    period, cumulative = {}, {}
    for row in rows:
        cumulative[row["account"]] = row["total_debit"] - row["total_credit"]
        if row["period_debit"] is not None:  # NULL: no line of the account in the period
            period[row["account"]] = row["period_debit"] - row["period_credit"]
    return period, cumulative


def _natural(code: str, amount: int) -> int:
    """A debit-minus-credit amount in the account's normal direction."""
    return amount if _kind(code) in DEBIT_KINDS else -amount


def chart(*, cooperative: Cooperative, active_only: bool = False) -> dict[str, str]:
    """The cooperative's chart of accounts, code → name: the default SAK EP chart with the cooperative's own rows
    (renamed, set aside, added) applied. One query."""
    names = {code: str(label) for code, label in Account.choices}
    for code, name, active in ChartAccount.objects.filter(cooperative=cooperative).values_list(
        "code", "name", "active"
    ):
        if active or not active_only:
            names[code] = name
        else:
            names.pop(code, None)
    return dict(sorted(names.items()))


def statements(*, cooperative: Cooperative, start: datetime.date, end: datetime.date) -> dict:
    """Laba rugi (perhitungan hasil usaha) for [start, end], neraca (posisi keuangan) at `end` and the trial balance
    at `end`. Two queries (the balances, the chart). The neraca's equity carries the result not yet divided (all
    income and costs up to `end`), so aset == kewajiban + ekuitas whenever the journal balances."""
    period, cumulative = period_and_cumulative_balances(cooperative=cooperative, start=start, end=end)
    names = chart(cooperative=cooperative)

    def total(source: dict[str, int], kind: str) -> int:
        return sum(_natural(code, amount) for code, amount in source.items() if _kind(code) == kind)

    pendapatan = total(period, AccountKind.PENDAPATAN)
    hpp = total(period, AccountKind.HPP)
    beban = total(period, AccountKind.BEBAN)
    result_to_date = (
        total(cumulative, AccountKind.PENDAPATAN)
        - total(cumulative, AccountKind.HPP)
        - total(cumulative, AccountKind.BEBAN)
    )
    aset = total(cumulative, AccountKind.ASET)
    kewajiban = total(cumulative, AccountKind.KEWAJIBAN)
    ekuitas = total(cumulative, AccountKind.EKUITAS) + result_to_date
    trial = [
        {
            "account": code,
            "name": names.get(code, code),
            "kind": _kind(code),
            "debit": max(amount, 0),
            "credit": max(-amount, 0),
        }
        for code, amount in sorted(cumulative.items())
        if amount
    ]
    return {
        "start": start,
        "end": end,
        "laba_rugi": {"pendapatan": pendapatan, "hpp": hpp, "beban": beban, "shu": pendapatan - hpp - beban},
        "laba_rugi_lines": [
            {"account": code, "name": names.get(code, code), "kind": _kind(code), "amount": _natural(code, amount)}
            for code, amount in sorted(period.items())
            if _kind(code) in (AccountKind.PENDAPATAN, AccountKind.HPP, AccountKind.BEBAN) and amount
        ],
        "neraca": {"aset": aset, "kewajiban": kewajiban, "ekuitas": ekuitas},
        "neraca_lines": [
            {"account": code, "name": names.get(code, code), "kind": _kind(code), "amount": _natural(code, amount)}
            for code, amount in sorted(cumulative.items())
            if _kind(code) in (AccountKind.ASET, AccountKind.KEWAJIBAN, AccountKind.EKUITAS) and amount
        ],
        "result_to_date": result_to_date,
        "trial_balance": trial,
        "trial_debit": sum(row["debit"] for row in trial),
        "trial_credit": sum(row["credit"] for row in trial),
        "balanced": aset == kewajiban + ekuitas and sum(cumulative.values()) == 0,
    }


def year_statements(*, cooperative: Cooperative, year: int) -> dict:
    return statements(cooperative=cooperative, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))


def month_statements(*, cooperative: Cooperative, year: int, month: int) -> dict:
    start = datetime.date(year, month, 1)
    end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return statements(cooperative=cooperative, start=start, end=end)


# --- SHU ---------------------------------------------------------------------------------------------------------


def shu_for(*, cooperative: Cooperative, year: int) -> dict:
    """The year's SHU divided by the AD/ART percentages: pools and each member's jasa modal (by simpanan pokok +
    wajib at year end) and jasa anggota (by purchases in the year). Three aggregate queries."""
    settings = books_settings(cooperative=cooperative)
    division = settings.shu_division if settings else {}
    year_end = datetime.date(year, 12, 31)
    shu = year_statements(cooperative=cooperative, year=year)["laba_rugi"]["shu"]
    capital = dict(
        Saving.objects.filter(
            cooperative=cooperative, kind__in=[SavingKind.POKOK, SavingKind.WAJIB], date__lte=year_end
        )
        .values_list("member__number")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    purchases = dict(
        Sale.objects.filter(cooperative=cooperative, member__isnull=False, date__year=year)
        .values_list("member__number")
        .annotate(total=Sum("value"))
        .order_by()
    )
    result = rules.shu_allocate(shu, division, capital, purchases)
    result["year"] = year
    result["division"] = division
    return result


# --- simpanan -----------------------------------------------------------------------------------------------------


def member_list(*, user, cooperative: Cooperative, search: str = "", active_only: bool = False):
    members = Member.objects.for_user(user).filter(cooperative=cooperative)
    if search:
        members = members.filter(Q(name__icontains=search) | Q(number__icontains=search))
    if active_only:
        members = members.filter(left_on__isnull=True)
    return members.annotate(
        pokok=Coalesce(Sum("savings__amount", filter=Q(savings__kind=SavingKind.POKOK)), ZERO),
        wajib=Coalesce(Sum("savings__amount", filter=Q(savings__kind=SavingKind.WAJIB)), ZERO),
        sukarela=Coalesce(Sum("savings__amount", filter=Q(savings__kind=SavingKind.SUKARELA)), ZERO),
    ).order_by("number")


def arrears(*, cooperative: Cooperative, as_of: datetime.date) -> list[dict]:
    """Members in arrears of simpanan wajib on `as_of`: months and rupiah per member, from one aggregate query."""
    settings = books_settings(cooperative=cooperative)
    if settings is None or settings.wajib_rp <= 0:
        return []
    members = (
        Member.objects.filter(cooperative=cooperative, joined_on__lte=as_of)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=as_of))
        .annotate(
            paid=Coalesce(
                Sum("savings__amount", filter=Q(savings__kind=SavingKind.WAJIB, savings__date__lte=as_of)), ZERO
            )
        )
        .order_by("number")
    )
    rows = []
    for member in members:
        months, owed = rules.wajib_arrears(
            joined=member.joined_on, left=member.left_on, as_of=as_of, monthly=settings.wajib_rp, paid=member.paid
        )
        if owed:
            rows.append({"member": member, "months": months, "rupiah": owed})
    return rows


def whatsapp_link(member: Member, months: int, rupiah: int, cooperative: Cooperative) -> str:
    """A prefilled wa.me reminder for a member in arrears ("" without a phone number)."""
    from urllib.parse import quote

    phone = "".join(ch for ch in member.phone if ch.isdigit())
    if not phone:
        return ""
    if phone.startswith("0"):
        phone = "62" + phone[1:]
    text = (
        f"Yth. {member.name}, simpanan wajib Anda di {cooperative.name} belum dibayar {months} bulan "
        f"(Rp {rupiah:,}).".replace(",", ".")
        + " Terima kasih."
    )
    return f"https://wa.me/{phone}?text={quote(text)}"


# --- daily sales ----------------------------------------------------------------------------------------------------


def sales_of_day(*, cooperative: Cooperative, category: str, day: datetime.date):
    return (
        Sale.objects.filter(cooperative=cooperative, category=category, date=day)
        .select_related("member", "entry")
        .order_by("pk")
    )


def journal(*, user, cooperative: Cooperative, start: datetime.date | None = None, end: datetime.date | None = None):
    entries = JournalEntry.objects.for_user(user).filter(cooperative=cooperative)
    if start:
        entries = entries.filter(date__gte=start)
    if end:
        entries = entries.filter(date__lte=end)
    return entries.select_related("reverses").prefetch_related("lines").order_by("-date", "-pk")


# --- member loans ----------------------------------------------------------------------------------------------------


def collectability_bands() -> list[tuple[str, int, int | None]]:
    """The bands of the settings table, (code, from days, to days), lowest first."""
    return list(CollectabilityBand.objects.order_by("min_days").values_list("code", "min_days", "max_days"))


def loan_products(*, cooperative: Cooperative):
    return LoanProduct.objects.filter(cooperative=cooperative).order_by("-active", "name")


def loans(*, user, cooperative: Cooperative, as_of: datetime.date | None = None, status: str = "") -> list[Loan]:
    """The cooperative's loans, each with `paid`, `principal_paid`, `outstanding` (principal), and its position on
    `as_of` (`arrears`, `days_past_due`, `collectability`). Two queries: the loans with their repayment sums, and
    their schedules."""
    as_of = as_of or timezone.localdate()
    queryset = (
        Loan.objects.for_user(user)
        .filter(cooperative=cooperative)
        .select_related("member", "product", "entry")
        .annotate(
            paid=Coalesce(Sum("repayments__amount", filter=Q(repayments__date__lte=as_of)), ZERO),
            principal_paid=Coalesce(Sum("repayments__principal", filter=Q(repayments__date__lte=as_of)), ZERO),
        )
        .order_by("-disbursed_on", "-pk")
    )
    if status:
        queryset = queryset.filter(status=status)
    rows = list(queryset)
    schedules: dict[int, list[dict]] = defaultdict(list)
    for row in (
        LoanInstalment.objects.filter(loan__in=[loan.pk for loan in rows])
        .order_by("loan_id", "no")
        .values("loan_id", "no", "due_date", "principal", "interest", "total", "balance")
    ):
        schedules[row.pop("loan_id")].append(row)
    bands = collectability_bands()
    for loan in rows:
        position(loan, schedules[loan.pk], as_of, bands)
    return rows


def position(loan: Loan, schedule: list[dict], as_of: datetime.date, bands) -> Loan:
    """Set the loan's position on `as_of` from its schedule and its `paid` (annotated)."""
    loan.schedule = schedule
    loan.outstanding = loan.amount_rp - loan.principal_paid if loan.status != LoanStatus.BATAL else 0
    if loan.status == LoanStatus.BATAL:
        place = {"due": 0, "arrears": 0, "days_past_due": 0, "remaining": 0}
    else:
        place = rules.loan_position(schedule, loan.paid, as_of)
    loan.due, loan.arrears = place["due"], place["arrears"]
    loan.days_past_due, loan.remaining = place["days_past_due"], place["remaining"]
    loan.collectability = rules.collectability(loan.days_past_due, bands)
    loan.collectability_label = Collectability(loan.collectability).label if loan.collectability else ""
    return loan


def loan_detail(*, user, cooperative: Cooperative, pk: int, as_of: datetime.date | None = None) -> Loan:
    """One loan (404 outside scope or cooperative) with its position, schedule (each instalment's `paid`) and
    repayments."""
    as_of = as_of or timezone.localdate()
    loan = get_object_for_user(
        Loan.objects.select_related("member", "product", "entry").annotate(
            paid=Coalesce(Sum("repayments__amount", filter=Q(repayments__date__lte=as_of)), ZERO),
            principal_paid=Coalesce(Sum("repayments__principal", filter=Q(repayments__date__lte=as_of)), ZERO),
        ),
        user,
        pk=pk,
        cooperative=cooperative,
    )
    schedule = list(
        loan.instalments.order_by("no").values("no", "due_date", "principal", "interest", "total", "balance")
    )
    position(loan, schedule, as_of, collectability_bands())
    left = loan.paid
    for row in schedule:
        row["paid"] = min(max(left, 0), row["total"])
        left -= row["paid"]
        row["late"] = row["paid"] < row["total"] and row["due_date"] < as_of
    loan.repayment_rows = list(loan.repayments.select_related("entry").order_by("date", "pk"))
    return loan


def loan_portfolio(rows: list[Loan]) -> dict:
    """Totals of a cooperative's running loans: count, outstanding principal, arrears, outstanding by collectability
    and the share not lancar (NPL) in percent."""
    running = [loan for loan in rows if loan.status == LoanStatus.AKTIF]
    by_band = dict.fromkeys(Collectability.values, 0)
    for loan in running:
        by_band[loan.collectability] = by_band.get(loan.collectability, 0) + loan.outstanding
    outstanding = sum(loan.outstanding for loan in running)
    bad = outstanding - by_band[Collectability.LANCAR]
    return {
        "count": len(running),
        "outstanding": outstanding,
        "arrears": sum(loan.arrears for loan in running),
        "by_collectability": [(Collectability(code).label, code, amount) for code, amount in by_band.items()],
        "npl_percent": round(bad * 100 / outstanding, 1) if outstanding else 0,
    }


# --- over a region ------------------------------------------------------------------------------------------------


def books_block(*, region: ScopedRegion, today: datetime.date | None = None) -> dict:
    """The "books" key of the progress document: cooperatives with any journal entry, active members, simpanan
    balance, sales in the 30 days before today, and cooperatives whose RAT for the previous book year is recorded.
    Five aggregates over the village code copied on each row (indexed)."""
    code = ensure_scoped(region).code
    today = today or timezone.localdate()
    inside = code_prefix_q("village__code", code)
    return {
        "cooperatives_with_books": JournalEntry.objects.filter(inside).values("cooperative_id").distinct().count(),
        "members": Member.objects.filter(inside, left_on__isnull=True).count(),
        "simpanan_rp": Saving.objects.filter(inside).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"],
        "sales_rp_last_30_days": Sale.objects.filter(
            inside, date__gt=today - datetime.timedelta(days=30), date__lte=today
        ).aggregate(total=Coalesce(Sum("value"), ZERO))["total"],
        "rat_last_year": Rat.objects.filter(inside, year=today.year - 1).count(),
    }


def books_by_child(*, region: ScopedRegion, today: datetime.date | None = None) -> list[dict]:
    """Per child region: cooperatives keeping books, members, simpanan, sales in the last 30 and 90 days. One
    GROUP BY over the code prefix per table."""
    region = ensure_scoped(region)
    today = today or timezone.localdate()
    level = region.level
    child_level = CHILD_LEVEL.get(level)
    if child_level is None:
        return []
    width = {RegionLevel.PROVINCE: 2, RegionLevel.REGENCY: 5, RegionLevel.DISTRICT: 8, RegionLevel.VILLAGE: 13}[
        child_level
    ]
    inside = code_prefix_q("village__code", region.code)
    child = Substr("village_id", 1, width)
    rows: dict[str, dict] = defaultdict(
        lambda: {"cooperatives": 0, "members": 0, "simpanan_rp": 0, "sales_30_rp": 0, "sales_90_rp": 0}
    )
    for row in (
        JournalEntry.objects.filter(inside).annotate(child=child).values("child")
        .annotate(n=Count("cooperative_id", distinct=True)).order_by()
    ):  # fmt: skip
        rows[row["child"]]["cooperatives"] = row["n"]
    for row in (
        Member.objects.filter(inside, left_on__isnull=True).annotate(child=child).values("child")
        .annotate(n=Count("pk")).order_by()
    ):  # fmt: skip
        rows[row["child"]]["members"] = row["n"]
    for row in Saving.objects.filter(inside).annotate(child=child).values("child").annotate(n=Sum("amount")).order_by():
        rows[row["child"]]["simpanan_rp"] = row["n"]
    for row in (
        Sale.objects.filter(inside, date__gt=today - datetime.timedelta(days=90), date__lte=today)
        .annotate(child=child).values("child")
        .annotate(
            d90=Sum("value"), d30=Coalesce(Sum("value", filter=Q(date__gt=today - datetime.timedelta(days=30))), ZERO)
        ).order_by()
    ):  # fmt: skip
        rows[row["child"]]["sales_30_rp"] = row["d30"]
        rows[row["child"]]["sales_90_rp"] = row["d90"]
    names = dict(Region.objects.filter(code__in=list(rows)).values_list("code", "name"))
    return [{"code": code, "name": names.get(code, code), **values} for code, values in sorted(rows.items())]


def cooperative_books(
    *, cooperative: Cooperative, today: datetime.date | None = None, settings: BookSettings | None = None
) -> dict | None:
    """What the cooperative page's panel shows: members, simpanan, the last sales day, the latest year's result.
    `settings`: the cooperative's book settings when the caller has read them already."""
    if settings is None:
        settings = books_settings(cooperative=cooperative)
    if settings is None:
        return None
    today = today or timezone.localdate()
    sales = Sale.objects.filter(cooperative=cooperative).aggregate(
        last=Max("date"),
        last_30=Coalesce(Sum("value", filter=Q(date__gt=today - datetime.timedelta(days=30))), ZERO),
    )
    last_rat = Rat.objects.filter(cooperative=cooperative).order_by("-year").first()
    year = today.year if not last_rat else last_rat.year
    return {
        "settings": settings,
        "members": members_at(cooperative=cooperative, day=today).count(),
        "simpanan_rp": Saving.objects.filter(cooperative=cooperative).aggregate(t=Coalesce(Sum("amount"), ZERO))["t"],
        "last_sale": sales["last"],
        "sales_30_rp": sales["last_30"],
        "statements": year_statements(cooperative=cooperative, year=year),
        "year": year,
        "last_rat": last_rat,
        "loans": _running_loans(cooperative),
    }


def _running_loans(cooperative: Cooperative) -> dict:
    """Running member loans of the cooperative: how many, and their outstanding principal (two aggregates)."""
    running = Loan.objects.filter(cooperative=cooperative, status=LoanStatus.AKTIF)
    lent = running.aggregate(n=Count("pk"), amount=Coalesce(Sum("amount_rp"), ZERO))
    repaid = LoanRepayment.objects.filter(loan__in=running).aggregate(t=Coalesce(Sum("principal"), ZERO))["t"]
    return {"count": lent["n"], "outstanding": lent["amount"] - repaid}


def cooperatives_with_books(*, user):
    """The cooperatives the user sees that keep books here (the books home)."""
    return (
        Cooperative.objects.for_user(user)
        .filter(Exists(BookSettings.objects.filter(cooperative=OuterRef("pk"))))
        .select_related("village")
        .order_by("village_id")
    )

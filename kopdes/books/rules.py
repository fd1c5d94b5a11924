"""Pure rules of the books, over plain values, so that forms, the API, the importer and the demo say the same thing:
the NIK check, the SHU division and its allocation to members, arrears of simpanan wajib, balance of a journal."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping

from django.utils.translation import gettext as _

from kopdes.books.choices import COST_ACCOUNT, KDMP_MIN_BAGIAN_DESA, SAVING_ACCOUNT, Account, CostKind, ShuItem


def nik_district_code(nik: str) -> str:
    """The Kemendagri kecamatan code in a NIK's first six digits, written as the regions table writes it."""
    return f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"


def nik_errors(nik: str, sex: str, district_exists: Callable[[str], bool]) -> list[str]:
    """What is wrong with a NIK for a person of `sex` ("L"/"P"): 16 digits, a real kecamatan code in the first six
    (asked through `district_exists`), a valid birth date in digits 7–12 (day + 40 for women), agreeing with the sex."""
    nik = (nik or "").strip()
    if len(nik) != 16 or not nik.isdigit():
        return [_("NIK harus 16 angka.")]
    errors = []
    if not district_exists(nik_district_code(nik)):
        errors.append(_("Enam angka pertama NIK (%(code)s) bukan kode kecamatan Kemendagri.") % {"code": nik[:6]})
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    if female:
        day -= 40
    try:
        datetime.date(1900 + year if year > 30 else 2000 + year, month, day)
    except ValueError:
        errors.append(_("Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang sah."))
        return errors
    if sex and female != (sex == "P"):
        errors.append(
            _("NIK menunjukkan perempuan (tanggal lahir ditambah 40), tetapi jenis kelamin yang diisi laki-laki.")
            if female
            else _("NIK menunjukkan laki-laki, tetapi jenis kelamin yang diisi perempuan (tanggal lahir + 40).")
        )
    return errors


def make_nik(district_code: str, birth: datetime.date, female: bool, serial: int) -> str:
    """A NIK that passes `nik_errors` (for demo and test data)."""
    day = birth.day + (40 if female else 0)
    return f"{district_code.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 10000:04d}"


def division_errors(division: Mapping[str, int], *, kdmp: bool) -> list[str]:
    """The AD/ART's SHU division: only known items, whole non-negative percentages summing to 100; a KDMP gives the
    village at least 20% (Permendes 10/2025)."""
    errors = []
    unknown = sorted(set(division) - set(ShuItem.values))
    if unknown:
        errors.append(_("Pos pembagian SHU tidak dikenal: %(items)s.") % {"items": ", ".join(unknown)})
    if any(not isinstance(value, int) or value < 0 for value in division.values()):
        errors.append(_("Persentase pembagian SHU harus bilangan bulat tidak negatif."))
        return errors
    total = sum(division.values())
    if total != 100:
        errors.append(_("Jumlah persentase pembagian SHU harus 100, bukan %(total)d.") % {"total": total})
    if kdmp and division.get(ShuItem.BAGIAN_DESA, 0) < KDMP_MIN_BAGIAN_DESA:
        errors.append(
            _("Bagian desa dari SHU KDMP paling sedikit %(min)d%% (Permendes 10/2025), bukan %(given)d%%.")
            % {"min": KDMP_MIN_BAGIAN_DESA, "given": division.get(ShuItem.BAGIAN_DESA, 0)}
        )
    return errors


def _split(pool: int, weights: Mapping[str, int]) -> tuple[dict[str, int], int]:
    """`pool` rupiah in proportion to `weights`, each share rounded down; returns (shares, what is left)."""
    total = sum(w for w in weights.values() if w > 0)
    if pool <= 0 or total <= 0:
        return dict.fromkeys(weights, 0), max(pool, 0)
    shares = {key: pool * max(w, 0) // total for key, w in weights.items()}
    return shares, pool - sum(shares.values())


def shu_allocate(
    shu: int, division: Mapping[str, int], capital: Mapping[str, int], purchases: Mapping[str, int]
) -> dict:
    """Divide the year's SHU: each pool is `shu × percent / 100` rounded down (what that leaves goes to cadangan);
    `jasa_modal` goes to members by their simpanan pokok + wajib at year end (`capital`), `jasa_anggota` by their
    purchases in the year; each member's amount is rounded down and the remainder goes to cadangan.

    Returns {"shu", "pools": {item: rupiah}, "members": [{"nomor_anggota", "jasa_modal", "jasa_anggota", "total"}]};
    the pools always sum to the SHU (nothing below zero is divided)."""
    shu = max(shu, 0)
    pools = {item: shu * division.get(item, 0) // 100 for item in ShuItem.values}
    pools[ShuItem.CADANGAN] += shu - sum(pools.values())
    modal, left_modal = _split(pools[ShuItem.JASA_MODAL], capital)
    usaha, left_usaha = _split(pools[ShuItem.JASA_ANGGOTA], purchases)
    pools[ShuItem.JASA_MODAL] -= left_modal
    pools[ShuItem.JASA_ANGGOTA] -= left_usaha
    pools[ShuItem.CADANGAN] += left_modal + left_usaha
    numbers = sorted(set(capital) | set(purchases))
    members = [
        {
            "nomor_anggota": number,
            "jasa_modal": modal.get(number, 0),
            "jasa_anggota": usaha.get(number, 0),
            "total": modal.get(number, 0) + usaha.get(number, 0),
        }
        for number in numbers
    ]
    return {"shu": shu, "pools": pools, "members": members}


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Months billed from `start`'s month to `end`'s month, both included (0 if end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return max(months, 0)


def wajib_arrears(
    *, joined: datetime.date, left: datetime.date | None, as_of: datetime.date, monthly: int, paid: int
) -> tuple[int, int]:
    """(months, rupiah) a member owes in simpanan wajib on `as_of`: every month from joining to `as_of` (or leaving)
    is billed `monthly`; what was paid counts against the oldest months."""
    end = min(as_of, left) if left else as_of
    billed = months_between(joined, end) * monthly
    owed = max(billed - paid, 0)
    months = -(-owed // monthly) if monthly > 0 else 0
    return months, owed


def unbalanced(lines: Iterable[tuple[str, int, int]]) -> int:
    """Debit minus credit over journal lines (account, debit, credit): zero when the entry balances."""
    return sum(debit - credit for _account, debit, credit in lines)


# Posting rules: the journal lines (account, debit, credit) each event posts. The services and the bulk loaders
# (demo, import) both use them, so a row written in bulk posts exactly what the page would.


def _pair(debit_account: str, credit_account: str, amount: int) -> list[tuple[str, int, int]]:
    if amount == 0:
        return []
    if amount < 0:
        debit_account, credit_account, amount = credit_account, debit_account, -amount
    return [(debit_account, amount, 0), (credit_account, 0, amount)]


def saving_lines(kind: str, amount: int) -> list[tuple[str, int, int]]:
    """A payment: kas debit, the simpanan account credit (pokok and wajib are equity, sukarela a liability); a
    withdrawal (negative) the other way."""
    return _pair(Account.KAS, SAVING_ACCOUNT[kind], amount)


def sale_lines(value: int, cost: int) -> list[tuple[str, int, int]]:
    """A sale for cash: kas / penjualan for the value, HPP / persediaan for the cost of goods."""
    return _pair(Account.KAS, Account.PENJUALAN, value) + _pair(Account.HPP, Account.PERSEDIAAN, cost)


def cost_lines(kind: str, amount: int) -> list[tuple[str, int, int]]:
    """A purchase (persediaan) or a cost (its beban account) paid from kas; depreciation credits the accumulated
    depreciation instead."""
    credit = Account.AKUMULASI_PENYUSUTAN if kind == CostKind.PENYUSUTAN else Account.KAS
    return _pair(COST_ACCOUNT[kind], credit, amount)


# --- member loans (simpan pinjam) ------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved `months` months on, the day clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return datetime.date(year, month, min(day.day, (following - datetime.timedelta(days=1)).day))


def _round(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up to a whole rupiah (both positive)."""
    return (2 * numerator + denominator) // (2 * denominator)


def member_loan_schedule(
    *, amount: int, rate_bp: int, tenor: int, method: str, disbursed_on: datetime.date
) -> list[dict]:
    """The monthly schedule of a member loan, instalment n due n months after disbursement. Flat: the interest is
    amount × rate / 12 every month and the principal amount / tenor; annuity: equal instalments, the interest on
    the outstanding balance (balance × rate / 12). Whole rupiah, half up; the last instalment takes what rounding
    left so the principal repaid is exactly the amount. `rate_bp` is the yearly rate in basis points.

    Returns [{"no", "due_date", "principal", "interest", "total", "balance"}]."""
    from fractions import Fraction

    from kopdes.books.choices import LoanMethod

    rows = []
    balance = amount
    monthly = Fraction(rate_bp, 120_000)
    if method == LoanMethod.FLAT or rate_bp == 0:
        principal_each = amount // tenor
        interest_each = _round(amount * rate_bp, 120_000)
        payment = None
    else:
        exact = amount * monthly / (1 - (1 + monthly) ** -tenor)
        payment = int(exact + Fraction(1, 2))
    for no in range(1, tenor + 1):
        if payment is None:
            principal, interest = principal_each, interest_each
        else:
            interest = int(balance * monthly + Fraction(1, 2))
            principal = payment - interest
        if no == tenor:
            principal = balance
        balance -= principal
        rows.append(
            {
                "no": no,
                "due_date": add_months(disbursed_on, no),
                "principal": principal,
                "interest": interest,
                "total": principal + interest,
                "balance": balance,
            }
        )
    return rows


def loan_limit_errors(
    *, amount: int, tenor: int, min_amount: int, max_amount: int, min_tenor: int, max_tenor: int
) -> dict[str, str]:
    """A loan beyond its product's limits: each field with its reason."""
    errors = {}
    if not min_amount <= amount <= max_amount:
        errors["amount"] = _("Pinjaman produk ini Rp %(low)s sampai Rp %(high)s; diminta Rp %(given)s.") % {
            "low": f"{min_amount:,}".replace(",", "."),
            "high": f"{max_amount:,}".replace(",", "."),
            "given": f"{amount:,}".replace(",", "."),
        }
    if not min_tenor <= tenor <= max_tenor:
        errors["tenor"] = _("Tenor produk ini %(low)d sampai %(high)d bulan; diminta %(given)d bulan.") % {
            "low": min_tenor,
            "high": max_tenor,
            "given": tenor,
        }
    return errors


def _covered(schedule: list[dict], paid: int) -> tuple[int, int]:
    """(principal, interest) that `paid` rupiah cover when they settle the instalments in order, each one's interest
    before its principal."""
    principal = interest = 0
    left = paid
    for row in schedule:
        if left <= 0:
            break
        take_interest = min(left, row["interest"])
        take_principal = min(left - take_interest, row["principal"])
        interest += take_interest
        principal += take_principal
        left -= take_interest + take_principal
    return principal, interest


def repayment_split(schedule: list[dict], paid_before: int, amount: int) -> tuple[int, int]:
    """(principal, interest) of a repayment of `amount` after `paid_before` rupiah were paid on the loan."""
    before = _covered(schedule, paid_before)
    after = _covered(schedule, paid_before + amount)
    return after[0] - before[0], after[1] - before[1]


def loan_position(schedule: list[dict], paid: int, as_of: datetime.date) -> dict:
    """Where a loan stands on `as_of` after `paid` rupiah were repaid in all: what fell due, the arrears (due and
    unpaid), the days past due (since the oldest instalment not fully paid fell due), what remains to be paid."""
    due = sum(row["total"] for row in schedule if row["due_date"] <= as_of)
    cumulative, days = 0, 0
    for row in schedule:
        cumulative += row["total"]
        if cumulative > paid:
            if row["due_date"] < as_of:
                days = (as_of - row["due_date"]).days
            break
    total = sum(row["total"] for row in schedule)
    return {"due": due, "arrears": max(due - paid, 0), "days_past_due": days, "remaining": max(total - paid, 0)}


def collectability(days_past_due: int, bands: Iterable[tuple[str, int, int | None]]) -> str:
    """The band (code, from, to) holding `days_past_due`; the last band if none does."""
    bands = list(bands)
    for code, low, high in bands:
        if days_past_due >= low and (high is None or days_past_due <= high):
            return code
    return bands[-1][0] if bands else ""


def loan_lines(amount: int) -> list[tuple[str, int, int]]:
    """A member loan paid out in cash: piutang pinjaman / kas."""
    return _pair(Account.PIUTANG_PINJAMAN, Account.KAS, amount)


def loan_repayment_lines(principal: int, interest: int) -> list[tuple[str, int, int]]:
    """A member's instalment in cash: kas for the whole, piutang pinjaman for the principal, jasa pinjaman (income)
    for the interest."""
    lines = [(Account.KAS, principal + interest, 0)] if principal + interest else []
    if principal:
        lines.append((Account.PIUTANG_PINJAMAN, 0, principal))
    if interest:
        lines.append((Account.JASA_PINJAMAN, 0, interest))
    return lines


def financing_lines(
    *, event: str, principal: int, interest: int, from_dana_desa: bool = False
) -> list[tuple[str, int, int]]:
    """A bank financing event in the cooperative's ledger: a disbursement (`pencairan`) is bank / utang bank; an
    instalment (`angsuran`) is utang bank for the principal and beban bunga for the interest, paid from the bank
    account, or owed to the village when Dana Desa covered it (utang kepada desa)."""
    if event == "pencairan":
        return _pair(Account.BANK, Account.UTANG_BANK, principal)
    credit = Account.UTANG_DESA if from_dana_desa else Account.BANK
    lines = []
    if principal:
        lines.append((Account.UTANG_BANK, principal, 0))
    if interest:
        lines.append((Account.BEBAN_BUNGA, interest, 0))
    if principal + interest:
        lines.append((credit, 0, principal + interest))
    return lines

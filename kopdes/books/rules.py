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

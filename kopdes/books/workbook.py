"""The books workbook (issue item 9): the downloadable template with its sheets, the export of a cooperative's books
in that shape, and its import (`kopdes import_books`, and the cooperative's import page with preview and confirm).

Sheets and columns: `anggota` (nomor_anggota, nik, nama, jenis_kelamin, tanggal_masuk, tanggal_keluar), `simpanan`
(no_bukti, tanggal, nomor_anggota, jenis, jumlah; negative = a sukarela withdrawal), `penjualan` (no_bukti, tanggal,
gerai, nomor_anggota blank for a non-member, nilai, hpp), `biaya` (no_bukti, tanggal, jenis, uraian, jumlah) and
the optional `pembagian_shu` (pos, persen). Money flows through cash. Dates as ISO text or Excel dates.

The import runs every row through the same services as the pages, each in its own savepoint, inside one
transaction: so the whole file is checked with the pages' own rules (every bad row and column reported), and the
transaction is rolled back on a dry run or on any error, so nothing is half-written. A member already stored with
the same number and NIK, and a `no_bukti` already stored for its sheet, are unchanged: the same file twice changes
nothing. Books not yet open are opened on the file's earliest date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kopdes.books import selectors, services
from kopdes.books.choices import DEFAULT_SHU_DIVISION, CostKind, EntryKind, SavingKind, ShuItem
from kopdes.books.models import BookSettings, Cost, JournalEntry, Member, Sale, Saving
from kopdes.cooperatives.choices import Gender
from kopdes.cooperatives.models import Cooperative
from kopdes.core.choices import BusinessCategory
from kopdes.core.exports import Sheet, workbook_bytes
from kopdes.core.tabular import TableError, cell_text, normalise_header, parse_date
from kopdes.core.tabular import read_workbook as read_tabular_workbook

SHEETS = {
    "anggota": ["nomor_anggota", "nik", "nama", "jenis_kelamin", "tanggal_masuk", "tanggal_keluar"],
    "simpanan": ["no_bukti", "tanggal", "nomor_anggota", "jenis", "jumlah"],
    "penjualan": ["no_bukti", "tanggal", "gerai", "nomor_anggota", "nilai", "hpp"],
    "biaya": ["no_bukti", "tanggal", "jenis", "uraian", "jumlah"],
    "pembagian_shu": ["pos", "persen"],
}
REQUIRED = {
    "anggota": ["nomor_anggota", "nik", "nama", "jenis_kelamin", "tanggal_masuk"],
    "simpanan": ["no_bukti", "tanggal", "nomor_anggota", "jenis", "jumlah"],
    "penjualan": ["no_bukti", "tanggal", "gerai", "nilai"],
    "biaya": ["no_bukti", "tanggal", "jenis", "jumlah"],
    "pembagian_shu": ["pos", "persen"],
}
# Where a service's field error lands in the sheet.
COLUMN_OF = {
    "anggota": {"number": "nomor_anggota", "nik": "nik", "name": "nama", "sex": "jenis_kelamin",
                "joined_on": "tanggal_masuk", "left_on": "tanggal_keluar", "domicile": "nik"},
    "simpanan": {"date": "tanggal", "kind": "jenis", "amount": "jumlah", "number": "no_bukti"},
    "penjualan": {"date": "tanggal", "category": "gerai", "value": "nilai", "member": "nomor_anggota",
                  "number": "no_bukti"},
    "biaya": {"date": "tanggal", "kind": "jenis", "amount": "jumlah", "number": "no_bukti"},
    "pembagian_shu": {"shu_division": "persen"},
}  # fmt: skip
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class _Rollback(Exception):
    pass


@dataclass
class Result:
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"rows": self.rows, "created": self.created, "unchanged": self.unchanged, "errors": self.errors}

    def err(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append({"sheet": sheet, "row": row, "column": column, "message": str(message)})


# --- reading ----------------------------------------------------------------------------------------------------


def read_workbook(data: bytes, result: Result) -> dict[str, list[tuple[int, dict]]]:
    """The known sheets as [(row number, {column: cell})]; unknown or missing columns are errors of the file. Read
    by the one bounded reader (`kopdes.core.tabular.read_workbook`): a workbook beyond its limits is refused whole."""
    try:
        tables = read_tabular_workbook(data)
    except TableError as exc:
        # Not a zip at all (a CSV, a PDF): say what is expected; a workbook beyond the limits: say which limit.
        unreadable = not data.startswith(b"PK\x03\x04")
        result.err("", 0, "", _("Berkas bukan buku kerja XLSX yang bisa dibaca.") if unreadable else str(exc))
        return {}
    sheets: dict[str, list[tuple[int, dict]]] = {}
    by_name = {normalise_header(name): table for name, table in tables.items()}
    for sheet, columns in SHEETS.items():
        table = by_name.get(sheet)
        if table is None:
            if sheet != "pembagian_shu":
                result.err(sheet, 0, "", _("Lembar %(s)s tidak ada.") % {"s": sheet})
            continue
        unknown = [h for h in table.headers if h and h not in columns]
        missing = [c for c in REQUIRED[sheet] if c not in table.headers]
        for column in unknown:
            result.err(sheet, 1, column, _("Kolom tidak dikenal."))
        for column in missing:
            result.err(sheet, 1, column, _("Kolom wajib tidak ada."))
        if unknown or missing:
            continue
        sheets[sheet] = [
            (number, record) for number, record in table.rows if any(cell_text(v) for v in record.values())
        ]
    return sheets


def _date(value) -> datetime.date | None:
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    return parse_date(value)


def _int(value) -> int | None:
    if value is None or cell_text(value) == "":
        return None
    from kopdes.core.importing import parse_number

    number = parse_number(value)
    if number != int(number):
        raise ValueError(value)
    return int(number)


class _Row:
    """One row's cells read with their column named on every error."""

    def __init__(self, result: Result, sheet: str, number: int, record: dict):
        self.result, self.sheet, self.number, self.record = result, sheet, number, record
        self.bad = False

    def err(self, column: str, message) -> None:
        self.bad = True
        self.result.err(self.sheet, self.number, column, message)

    def text(self, column: str, required: bool = False) -> str:
        value = cell_text(self.record.get(column))
        if required and not value:
            self.err(column, _("Wajib diisi."))
        return value

    def date(self, column: str, required: bool = False) -> datetime.date | None:
        try:
            value = _date(self.record.get(column))
        except (ValueError, TypeError):
            self.err(column, _("Tanggal tidak terbaca (pakai 2025-06-10 atau tanggal Excel)."))
            return None
        if required and value is None:
            self.err(column, _("Wajib diisi."))
        return value

    def int(self, column: str, required: bool = False) -> int | None:
        try:
            value = _int(self.record.get(column))
        except (ValueError, TypeError, ArithmeticError):
            self.err(column, _("Harus bilangan bulat rupiah."))
            return None
        if required and value is None:
            self.err(column, _("Wajib diisi."))
        return value

    def service(self, exc: ValidationError) -> None:
        columns = COLUMN_OF[self.sheet]
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.err(columns.get(name, ""), message)
        else:
            for message in exc.messages:
                self.err("", message)


# --- importing ----------------------------------------------------------------------------------------------------


def import_books(*, actor, cooperative: Cooperative, data: bytes, dry_run: bool = False) -> Result:
    """Import the workbook into the cooperative's books (see the module docstring)."""
    result = Result(dry_run=dry_run)
    sheets = read_workbook(data, result)
    result.rows = sum(len(rows) for rows in sheets.values())
    if result.errors:
        return result
    try:
        with transaction.atomic():
            _apply(actor, cooperative, sheets, result)
            if dry_run or result.errors:
                raise _Rollback
    except _Rollback:
        pass
    if result.errors:
        result.created = 0
    return result


def _earliest(sheets) -> datetime.date | None:
    days = []
    for sheet, column in (("anggota", "tanggal_masuk"), ("simpanan", "tanggal"), ("penjualan", "tanggal"),
                          ("biaya", "tanggal")):  # fmt: skip
        for _number, record in sheets.get(sheet, []):
            try:
                day = _date(record.get(column))
            except (ValueError, TypeError):
                continue
            if day:
                days.append(day)
    return min(days) if days else None


def _division(sheets, result: Result) -> dict[str, int] | None:
    rows = sheets.get("pembagian_shu")
    if not rows:
        return None
    division = {}
    for number, record in rows:
        row = _Row(result, "pembagian_shu", number, record)
        item, percent = row.text("pos", required=True), row.int("persen", required=True)
        if item and item not in ShuItem.values:
            row.err("pos", _("Pos pembagian SHU tidak dikenal: %(items)s.") % {"items": item})
        if not row.bad:
            division[item] = percent
    return division


def _savepoint(row: _Row, fn):
    try:
        with transaction.atomic():
            return fn()
    except ValidationError as exc:
        row.service(exc)
        return None


def _apply(actor, cooperative: Cooperative, sheets, result: Result) -> None:
    settings = BookSettings.objects.filter(cooperative=cooperative).first()
    division = _division(sheets, result)
    if settings is None:
        opened = _earliest(sheets) or datetime.date.today()
        try:
            settings = services.books_open(actor=actor, cooperative=cooperative, opened_on=opened,
                                           shu_division=division or DEFAULT_SHU_DIVISION)  # fmt: skip
        except ValidationError as exc:
            # the division is refused: reported, and the rest of the file still checked against default books
            _Row(result, "pembagian_shu", 2, {}).service(exc)
            settings = services.books_open(actor=actor, cooperative=cooperative, opened_on=opened)
            division = None
        if division:
            result.created += len(division)
    elif division and division != settings.shu_division:
        row = _Row(result, "pembagian_shu", 2, {})
        if _savepoint(row, lambda: services.books_settings_update(
            actor=actor, settings=settings, version=settings.version, data={"shu_division": division}
        )) is not None:  # fmt: skip
            result.created += 1
    elif division:
        result.unchanged += len(division)
    members = {m.number: m for m in Member.objects.filter(cooperative=cooperative)}
    _members(actor, cooperative, sheets.get("anggota", []), members, result)
    _savings(actor, cooperative, sheets.get("simpanan", []), members, result)
    _sales(actor, cooperative, sheets.get("penjualan", []), members, result)
    _costs(actor, cooperative, sheets.get("biaya", []), result)


def _members(actor, cooperative, rows, members, result: Result) -> None:
    for number, record in rows:
        row = _Row(result, "anggota", number, record)
        values = {
            "number": row.text("nomor_anggota", required=True),
            "nik": row.text("nik", required=True),
            "name": row.text("nama", required=True),
            "sex": row.text("jenis_kelamin", required=True).upper(),
            "joined_on": row.date("tanggal_masuk", required=True),
        }
        left_on = row.date("tanggal_keluar")
        if values["sex"] and values["sex"] not in Gender.values:
            row.err("jenis_kelamin", _("Harus salah satu dari: %s.") % ", ".join(Gender.values))
        if row.bad:
            continue
        stored = members.get(values["number"])
        if stored is not None:
            if stored.nik != values["nik"]:
                row.err("nomor_anggota", _("Nomor anggota ini sudah dipakai anggota lain (NIK berbeda)."))
            elif left_on and stored.left_on != left_on:
                if _savepoint(row, lambda s=stored, day=left_on: services.member_leave(
                    actor=actor, member=s, left_on=day, version=s.version)) is not None:  # fmt: skip
                    result.created += 1
            else:
                result.unchanged += 1
            continue

        def create(values=values, left_on=left_on):
            member = services.member_create(actor=actor, cooperative=cooperative, **values)
            if left_on:
                services.member_leave(actor=actor, member=member, left_on=left_on, version=member.version)
            return member

        member = _savepoint(row, create)
        if member is not None:
            members[member.number] = member
            result.created += 1


def _exists(cooperative, kind: str, number: str) -> bool:
    return JournalEntry.objects.filter(cooperative=cooperative, kind=kind, number=number).exists()


def _seen(row: _Row, seen: set, number: str) -> bool:
    if number in seen:
        row.err("no_bukti", _("Nomor bukti ini muncul lebih dari sekali di lembar ini."))
        return True
    seen.add(number)
    return False


def _savings(actor, cooperative, rows, members, result: Result) -> None:
    seen: set[str] = set()
    for number, record in rows:
        row = _Row(result, "simpanan", number, record)
        receipt, day = row.text("no_bukti", required=True), row.date("tanggal", required=True)
        member_number, amount = row.text("nomor_anggota", required=True), row.int("jumlah", required=True)
        kind = row.text("jenis", required=True).lower()
        if kind and kind not in SavingKind.values:
            row.err("jenis", _("Harus salah satu dari: %s.") % ", ".join(SavingKind.values))
        if row.bad or _seen(row, seen, receipt):
            continue
        if _exists(cooperative, EntryKind.SIMPANAN, receipt):
            result.unchanged += 1
            continue
        member = members.get(member_number)
        if member is None:
            row.err("nomor_anggota", _("Anggota %(n)s tidak terdaftar.") % {"n": member_number})
            continue
        if _savepoint(row, lambda m=member, d=day, k=kind, a=amount, r=receipt: services.saving_record(
            actor=actor, member=m, day=d, kind=k, amount=a, number=r)) is not None:  # fmt: skip
            result.created += 1


def _sales(actor, cooperative, rows, members, result: Result) -> None:
    seen: set[str] = set()
    for number, record in rows:
        row = _Row(result, "penjualan", number, record)
        receipt, day = row.text("no_bukti", required=True), row.date("tanggal", required=True)
        category = row.text("gerai", required=True).lower()
        value, cost = row.int("nilai", required=True), row.int("hpp") or 0
        member_number = row.text("nomor_anggota")
        if category and category not in BusinessCategory.values:
            row.err("gerai", _("Gerai tidak dikenal: %(c)s.") % {"c": category})
        if row.bad or _seen(row, seen, receipt):
            continue
        if _exists(cooperative, EntryKind.PENJUALAN, receipt):
            result.unchanged += 1
            continue
        member = members.get(member_number) if member_number else None
        if member_number and member is None:
            row.err("nomor_anggota", _("Anggota %(n)s tidak terdaftar.") % {"n": member_number})
            continue
        if _savepoint(row, lambda d=day, c=category, v=value, h=cost, m=member, r=receipt: services.sale_record(
            actor=actor, cooperative=cooperative, day=d, category=c, value=v, cost=h, member=m, number=r,
        )) is not None:  # fmt: skip
            result.created += 1


def _costs(actor, cooperative, rows, result: Result) -> None:
    seen: set[str] = set()
    for number, record in rows:
        row = _Row(result, "biaya", number, record)
        receipt, day = row.text("no_bukti", required=True), row.date("tanggal", required=True)
        kind, amount = row.text("jenis", required=True).lower(), row.int("jumlah", required=True)
        text = row.text("uraian")
        if kind and kind not in CostKind.values:
            row.err("jenis", _("Harus salah satu dari: %s.") % ", ".join(CostKind.values))
        if row.bad or _seen(row, seen, receipt):
            continue
        if _exists(cooperative, EntryKind.BIAYA, receipt):
            result.unchanged += 1
            continue
        if _savepoint(row, lambda d=day, k=kind, a=amount, t=text, r=receipt: services.cost_record(
            actor=actor, cooperative=cooperative, day=d, kind=k, amount=a, description=t, number=r,
        )) is not None:  # fmt: skip
            result.created += 1


# --- writing: the template and the export --------------------------------------------------------------------------


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    """Every sheet of the template, through the one export writer (text that looks like a formula stays text)."""
    return workbook_bytes(Sheet(sheet, columns, sheets.get(sheet, [])) for sheet, columns in SHEETS.items())


def template_workbook(*, cooperative: Cooperative | None = None) -> bytes:
    """The empty template: every sheet with its header row; `pembagian_shu` filled with the cooperative's division
    (or the default one), which is valid as it stands."""
    settings = selectors.books_settings(cooperative=cooperative) if cooperative else None
    division = settings.shu_division if settings else DEFAULT_SHU_DIVISION
    return _workbook({"pembagian_shu": [[item, percent] for item, percent in division.items()]})


def export_workbook(*, cooperative: Cooperative) -> bytes:
    """The cooperative's books in the template's shape: members, and the simpanan, sales and costs that stand
    (reversed rows and their reversals left out), so importing the file into an empty cooperative gives the same
    statements."""
    settings = selectors.books_settings(cooperative=cooperative)

    def standing(model):
        return (
            model.objects.filter(cooperative=cooperative, entry__reverses__isnull=True, entry__reversed_by__isnull=True)
            .select_related("entry")
            .order_by("date", "pk")
        )

    members = Member.objects.filter(cooperative=cooperative).order_by("number")
    sheets = {
        "anggota": [[m.number, m.nik, m.name, m.sex, m.joined_on, m.left_on] for m in members],
        "simpanan": [[s.entry.number, s.date, s.member.number, s.kind, s.amount]
                     for s in standing(Saving).select_related("member")],
        "penjualan": [[s.entry.number, s.date, s.category, s.member.number if s.member_id else "", s.value, s.cost]
                      for s in standing(Sale).select_related("member")],
        "biaya": [[c.entry.number, c.date, c.kind, c.description, c.amount] for c in standing(Cost)],
        "pembagian_shu": [[item, percent] for item, percent in (settings.shu_division if settings else {}).items()],
    }  # fmt: skip
    return _workbook(sheets)

"""Imports of existing books from spreadsheets, through the one import flow (`kopdes.core.importing.run_import`):
members (`anggota`) and daily sales (`penjualan`), the columns of the issue's template workbook with the
cooperative's village code in front (`kode_desa`). The whole file is validated first (every bad row and column),
then written in one transaction through the same services as the pages; a member already stored with the same
number and NIK, and a sale whose `no_bukti` is stored, are unchanged, so the same file twice changes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kopdes.books import services
from kopdes.books.choices import EntryKind
from kopdes.books.models import BookSettings, JournalEntry, Member
from kopdes.cooperatives.choices import Gender
from kopdes.core.choices import BusinessCategory
from kopdes.core.importing import Change, RowChange, RowCheck, check_headers, region_checker, run_import
from kopdes.core.tabular import RowError

MEMBERS_KIND = "books_members"
SALES_KIND = "books_sales"
MEMBER_COLUMNS = ["kode_desa", "nomor_anggota", "nik", "nama", "jenis_kelamin", "tanggal_masuk", "tanggal_keluar"]
SALE_COLUMNS = ["kode_desa", "no_bukti", "tanggal", "gerai", "nomor_anggota", "nilai", "hpp"]


@dataclass
class Plan:
    number: int
    settings: BookSettings
    action: str
    values: dict


def _books(row: dict, check: RowCheck, allowed, cache: dict) -> BookSettings | None:
    code = check.value(row, "kode_desa", "text")
    if not code:
        check.err("kode_desa", _("Wajib diisi."))
        return None
    if code not in cache:
        cache[code] = BookSettings.objects.select_related("cooperative").filter(village_id=code).first()
    settings = cache[code]
    if settings is None or not allowed(code):
        check.err(
            "kode_desa", _("Tidak ada koperasi yang membuka pembukuan di %(code)s dalam wilayah Anda.") % {"code": code}
        )
        return None
    return settings


def _sex(row: dict, check: RowCheck) -> str | None:
    text = (check.value(row, "jenis_kelamin", "text") or "").upper()
    if text and text not in Gender.values:
        check.err("jenis_kelamin", _("Harus salah satu dari: %s.") % ", ".join(Gender.values))
        return None
    return text or None


def _members_validate(table, actor):
    errors: list[RowError] = []
    counts: Counter = Counter()
    if not check_headers(table, MEMBER_COLUMNS, MEMBER_COLUMNS[:6], errors):
        return [], errors, counts
    allowed, cache, seen, plans = region_checker(actor), {}, set(), []
    for number, row in table.rows:
        check = RowCheck(number, errors)
        settings = _books(row, check, allowed, cache)
        values = {
            "number": check.value(row, "nomor_anggota", "text"),
            "nik": check.value(row, "nik", "text"),
            "name": check.value(row, "nama", "text"),
            "sex": _sex(row, check),
            "joined_on": check.value(row, "tanggal_masuk", "date"),
            "left_on": check.value(row, "tanggal_keluar", "date"),
        }
        for key, column in [("number", "nomor_anggota"), ("nik", "nik"), ("name", "nama"), ("sex", "jenis_kelamin"),
                            ("joined_on", "tanggal_masuk")]:  # fmt: skip
            if values[key] is None and not any(e.row == number and e.column == column for e in errors):
                check.err(column, _("Wajib diisi."))
        if check.count or settings is None:
            continue
        key = (settings.pk, values["number"])
        if key in seen:
            check.err("nomor_anggota", _("Nomor anggota ini muncul lebih dari sekali di berkas."))
            continue
        seen.add(key)
        stored = Member.objects.filter(cooperative_id=settings.cooperative_id, number=values["number"]).first()
        if stored is not None:
            if stored.nik != values["nik"]:
                check.err("nomor_anggota", _("Nomor anggota ini sudah dipakai anggota lain (NIK berbeda)."))
            else:
                counts["unchanged"] += 1
            continue
        for field, messages in services.member_errors(
            cooperative=settings.cooperative, nik=values["nik"], sex=values["sex"],
            domicile_code=settings.cooperative.village_id,
        ).items():  # fmt: skip
            for message in messages:
                check.err("nik" if field == "nik" else "kode_desa", message)
        if not check.count:
            counts["created"] += 1
            plans.append(Plan(number, settings, "created", values))
    return plans, errors, counts


def _members_apply(plans, *, user, reason):
    for plan in plans:
        values = dict(plan.values)
        left_on = values.pop("left_on")
        member = services.member_create(actor=user, cooperative=plan.settings.cooperative, **values)
        if left_on:
            services.member_leave(actor=user, member=member, left_on=left_on, version=member.version)


def _describe(plans):
    return [
        RowChange(
            plan.number, plan.settings.cooperative.village, plan.action,
            str(plan.values.get("name") or plan.values.get("receipt")),
            [Change(key, None, value, had_value=False) for key, value in plan.values.items() if key != "member"],
        )
        for plan in plans
    ]  # fmt: skip


def members_import(*, actor, data: bytes, file_name: str, dry_run: bool = False):
    return run_import(
        MEMBERS_KIND, actor=actor, data=data, file_name=file_name, dry_run=dry_run, validate=_members_validate,
        apply=_members_apply, describe=_describe,
    )  # fmt: skip


def _sales_validate(table, actor):
    errors: list[RowError] = []
    counts: Counter = Counter()
    if not check_headers(table, SALE_COLUMNS, ["kode_desa", "no_bukti", "tanggal", "gerai", "nilai"], errors):
        return [], errors, counts
    allowed, cache, seen, plans, categories = region_checker(actor), {}, set(), [], {}
    for number, row in table.rows:
        check = RowCheck(number, errors)
        settings = _books(row, check, allowed, cache)
        values = {
            "receipt": check.value(row, "no_bukti", "text"),
            "day": check.value(row, "tanggal", "date"),
            "category": check.value(row, "gerai", "choice", BusinessCategory),
            "value": check.value(row, "nilai", "int"),
            "cost": check.value(row, "hpp", "int") or 0,
        }
        member_number = check.value(row, "nomor_anggota", "text")
        for key, column in [("receipt", "no_bukti"), ("day", "tanggal"), ("category", "gerai"), ("value", "nilai")]:
            if values[key] is None and not any(e.row == number and e.column == column for e in errors):
                check.err(column, _("Wajib diisi."))
        if check.count or settings is None:
            continue
        if (settings.pk, values["receipt"]) in seen:
            check.err("no_bukti", _("Nomor bukti ini muncul lebih dari sekali di berkas."))
            continue
        seen.add((settings.pk, values["receipt"]))
        if JournalEntry.objects.filter(
            cooperative_id=settings.cooperative_id, kind=EntryKind.PENJUALAN, number=values["receipt"]
        ).exists():
            counts["unchanged"] += 1
            continue
        if settings.pk not in categories:
            categories[settings.pk] = services.operating_categories(settings.cooperative)
        if values["category"] not in categories[settings.pk]:
            check.err("gerai", _("Koperasi ini tidak menjalankan gerai %(c)s.") % {"c": values["category"]})
        if values["value"] is not None and values["value"] <= 0:
            check.err("nilai", _("Nilai penjualan harus lebih dari nol."))
        if settings.closed_through and values["day"] <= settings.closed_through:
            check.err("tanggal", _("Buku sudah ditutup sampai tanggal ini."))
        if values["day"] < settings.opened_on:
            check.err("tanggal", _("Tanggal sebelum pembukuan dibuka."))
        values["member"] = None
        if member_number:
            values["member"] = Member.objects.filter(
                cooperative_id=settings.cooperative_id, number=member_number
            ).first()
            if values["member"] is None:
                check.err("nomor_anggota", _("Anggota %(n)s tidak terdaftar.") % {"n": member_number})
        if not check.count:
            counts["created"] += 1
            plans.append(Plan(number, settings, "created", values))
    return plans, errors, counts


def _sales_apply(plans, *, user, reason):
    for plan in plans:
        values = dict(plan.values)
        try:
            services.sale_record(
                actor=user, cooperative=plan.settings.cooperative, day=values["day"], category=values["category"],
                value=values["value"], cost=values["cost"], member=values["member"], number=values["receipt"],
            )  # fmt: skip
        except ValidationError as exc:  # checked above; a race is refused whole
            raise ValidationError(f"{_('Baris')} {plan.number}: {'; '.join(exc.messages)}") from exc


def sales_import(*, actor, data: bytes, file_name: str, dry_run: bool = False):
    return run_import(
        SALES_KIND, actor=actor, data=data, file_name=file_name, dry_run=dry_run, validate=_sales_validate,
        apply=_sales_apply, describe=_describe,
    )  # fmt: skip

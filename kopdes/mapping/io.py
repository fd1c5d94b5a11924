"""Import and export of village potentials and the BUMDes registry (STYLE.md rule 9), in the same manner as the
registry import: one column specification for template, export and import; the whole file validated first with
errors per row and column; then everything written in one transaction with bulk statements and history rows,
so that the same file twice changes nothing the second time."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kopdes.accounts.choices import Capability
from kopdes.core.choices import BusinessCategory
from kopdes.core.exports import Sheet, workbook_bytes
from kopdes.core.importing import Change
from kopdes.core.importing import ImportResult as BaseImportResult
from kopdes.core.models import ImportRecord
from kopdes.core.scoping import scope_for, user_can
from kopdes.core.tabular import RowError, TableError, cell_text, parse_date, read_table
from kopdes.mapping.choices import BumdesLegalStatus, BumdesPerformance, BumdesUnitStatus
from kopdes.mapping.models import Bumdes, BumdesUnit, VillagePotential
from kopdes.regions.choices import RegionKind, RegionLevel
from kopdes.regions.models import Region

POTENTIALS_IMPORT_KIND = "potentials"  # ImportRecord.kind values (registered in apps.py)
BUMDES_IMPORT_KIND = "bumdes"

POTENTIAL_COLUMNS = [
    "kode_wilayah",
    "kategori",
    "komoditas",
    "volume",
    "satuan",
    "nilai_rp",
    "jumlah_orang",
    "sumber",
    "tanggal",
]
POTENTIAL_REQUIRED = ("kode_wilayah", "kategori", "komoditas")
# Column → (model field, kind of value)
POTENTIAL_FIELDS = {
    "volume": ("volume", "decimal"),
    "satuan": ("volume_unit", "text"),
    "nilai_rp": ("value_rp", "int"),
    "jumlah_orang": ("people", "int"),
    "sumber": ("source", "text"),
    "tanggal": ("recorded_on", "date"),
}
POTENTIAL_EXAMPLE = {
    "kode_wilayah": "64.02.01.2001",
    "kategori": "perikanan",
    "komoditas": "Ikan patin keramba",
    "volume": "120",
    "satuan": "ton/tahun",
    "nilai_rp": 3_000_000_000,
    "jumlah_orang": 85,
    "sumber": "Pemetaan kecamatan 2025",
    "tanggal": "2025-05-20",
}

BUMDES_COLUMNS = [
    "kode_wilayah",
    "nama_bumdes",
    "status_hukum",
    "no_registrasi",
    "kategori",
    "nama_unit",
    "status_unit",
    "kinerja",
    "omzet_rp",
    "tahun",
]
BUMDES_REQUIRED = ("kode_wilayah", "nama_bumdes")
UNIT_FIELDS = {
    "nama_unit": ("name", "text"),
    "status_unit": ("status", "choice"),
    "kinerja": ("performance", "choice"),
    "omzet_rp": ("revenue_rp", "int"),
    "tahun": ("year", "int"),
}
BUMDES_EXAMPLE = {
    "kode_wilayah": "64.02.01.2001",
    "nama_bumdes": "BUMDes Perian Sejahtera",
    "status_hukum": "berbadan_hukum",
    "no_registrasi": "AHU-00123.AH.01.33.TAHUN 2024",
    "kategori": "sembako",
    "nama_unit": "Toko desa",
    "status_unit": "aktif",
    "kinerja": "berhasil",
    "omzet_rp": 250_000_000,
    "tahun": 2025,
}


@dataclass
class RowChange:
    """What one row of a valid file would create or change, for the preview page."""

    row: int
    village: Region
    action: str  # created / updated
    subject: str  # the potential's commodity, the BUMDes or its unit
    changes: list[Change]


@dataclass
class ImportResult(BaseImportResult):
    changed_rows: list[RowChange] = field(default_factory=list)  # in row order; none when the file has errors


# --- cell parsing -------------------------------------------------------------------------------------------


def parse_number(value) -> Decimal:
    """12, 12.5, "1.500.000" (Indonesian thousands), "12,5" (decimal comma), "Rp 3.000.000" → Decimal."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    raw = re.sub(r"(?i)^rp\.?|\s", "", str(value))
    if "." in raw and "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif "," in raw:
        raw = raw.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", raw):
        raw = raw.replace(".", "")
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise ValueError(value) from exc


CATEGORY_BY_TEXT = {
    **{key: key for key in BusinessCategory.values},
    **{str(label).lower(): key for key, label in BusinessCategory.choices},
}


def parse_category(value) -> str | None:
    return CATEGORY_BY_TEXT.get(cell_text(value).lower().replace(" ", "_")) or CATEGORY_BY_TEXT.get(
        cell_text(value).lower()
    )


def _choice(value: str, choices) -> str | None:
    key = value.lower().replace(" ", "_")
    if key in choices.values:
        return key
    by_label = {str(label).lower(): k for k, label in choices.choices}
    return by_label.get(value.lower())


class _Row:
    """Collects one row's errors."""

    def __init__(self, number: int, errors: list[RowError]):
        self.number = number
        self.errors = errors
        self.count = 0

    def err(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))
        self.count += 1

    def value(self, row: dict, column: str, kind: str, choices=None):
        """The parsed cell, None when empty or invalid (an error is recorded for invalid)."""
        raw = row.get(column)
        if raw in (None, ""):
            return None
        try:
            if kind == "text":
                return cell_text(raw)
            if kind == "date":
                return parse_date(raw)
            if kind == "choice":
                found = _choice(cell_text(raw), choices)
                if found is None:
                    raise ValueError(raw)
                return found
            number = parse_number(raw)
        except (ValueError, TypeError):
            if kind == "date":
                self.err(column, _("Tanggal %(value)s tidak dapat dibaca (contoh: 2025-06-10).") % {"value": raw})
            elif kind == "choice":
                self.err(column, _("Harus salah satu dari: %s.") % ", ".join(choices.values))
            else:
                self.err(column, _("%(value)s bukan angka.") % {"value": raw})
            return None
        if number < 0:
            self.err(column, _("Tidak boleh negatif."))
            return None
        if kind == "int":
            if number != number.to_integral_value():
                self.err(column, _("Harus bilangan bulat."))
                return None
            return int(number)
        return number


def _headers_ok(table, columns, required, errors: list[RowError]) -> bool:
    for header in table.headers:
        if header and header not in columns:
            errors.append(RowError(1, header, _("Kolom tidak dikenal. Kolom yang dikenal: %s.") % ", ".join(columns)))
    missing = [c for c in required if c not in table.headers]
    for column in missing:
        errors.append(RowError(1, column, _("Kolom wajib %(column)s tidak ada.") % {"column": column}))
    return not missing


def _scope_checker(user):
    if user is None:
        return lambda code: True
    return scope_for(user).covers_code


def _check_village(row: _Row, code: str, region: Region | None, in_scope) -> bool:
    if not code:
        row.err("kode_wilayah", _("Kode wilayah wajib diisi."))
    elif region is None:
        row.err("kode_wilayah", _("Kode wilayah %(code)s tidak dikenal.") % {"code": code})
    elif region.level != RegionLevel.VILLAGE:
        row.err("kode_wilayah", _("%(code)s bukan kode desa/kelurahan.") % {"code": code})
    elif not in_scope(code):
        row.err("kode_wilayah", _("%(code)s di luar wilayah Anda.") % {"code": code})
    else:
        return True
    return False


def _model_errors(row: _Row, instance, column_of: dict[str, str], exclude=()) -> None:
    """Field checks of the model (lengths, validators) reported against the file's columns."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                row.err(column_of.get(name, name), message)


def _run(kind, *, actor, data: bytes, file_name: str, dry_run: bool, capability: str, validate, apply, describe):
    if actor is not None and not user_can(actor, capability):
        raise PermissionDenied
    result = ImportResult(dry_run=dry_run)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        table = read_table(data, file_name)
    except TableError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        _record(kind, result, actor, file_name, sha256)
        return result
    result.notes.extend(table.notes)
    result.rows = len(table.rows)
    plans, errors, counts = validate(table, actor)
    result.errors = errors
    if not errors:
        result.created, result.updated, result.unchanged = counts["created"], counts["updated"], counts["unchanged"]
        result.changed_rows = sorted(describe(plans), key=lambda change: change.row)
    if errors or dry_run:
        _record(kind, result, actor, file_name, sha256)
        return result
    with transaction.atomic():
        record = _record(kind, result, actor, file_name, sha256)
        apply(plans, user=actor if getattr(actor, "pk", None) else None, reason=record.change_reason)
    return result


def _record(kind, result: ImportResult, actor, file_name: str, sha256: str) -> ImportRecord:
    status = (
        ImportRecord.Status.REFUSED
        if result.errors
        else ImportRecord.Status.DRY_RUN
        if result.dry_run
        else ImportRecord.Status.APPLIED
    )
    scope = scope_for(actor) if actor is not None else None
    record = ImportRecord.objects.create(
        kind=kind,
        user=actor if getattr(actor, "pk", None) else None,
        scope_code=(scope.region_code or "") if scope else "",
        file_name=file_name[:255],
        sha256=sha256,
        status=status,
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        error_count=len(result.errors),
        errors=[e.__dict__ for e in result.errors[:500]],
    )
    result.record = record
    return record


# --- potentials ---------------------------------------------------------------------------------------------

POTENTIAL_COLUMN_OF = {"village": "kode_wilayah", "category": "kategori", "commodity": "komoditas"} | {
    model_field: column for column, (model_field, _kind) in POTENTIAL_FIELDS.items()
}


def _validate_potentials(table, user):
    errors: list[RowError] = []
    counts: Counter = Counter()
    if not _headers_ok(table, POTENTIAL_COLUMNS, POTENTIAL_REQUIRED, errors):
        return [], errors, counts
    codes = {cell_text(row.get("kode_wilayah")) for _n, row in table.rows}
    regions = Region.objects.in_bulk(list(codes))
    stored = {(p.village_id, p.category, p.commodity): p for p in VillagePotential.objects.filter(village_id__in=codes)}
    in_scope = _scope_checker(user)
    seen: dict[tuple, int] = {}
    plans = []
    for number, cells in table.rows:
        row = _Row(number, errors)
        code = cell_text(cells.get("kode_wilayah"))
        region = regions.get(code)
        village_ok = _check_village(row, code, region, in_scope)
        category = parse_category(cells.get("kategori"))
        if not cell_text(cells.get("kategori")):
            row.err("kategori", _("Kategori wajib diisi."))
        elif category is None:
            row.err(
                "kategori",
                _("Kategori %(value)s tidak dikenal. Pilih salah satu dari: %(keys)s.")
                % {"value": cell_text(cells.get("kategori")), "keys": ", ".join(BusinessCategory.values)},
            )
        commodity = cell_text(cells.get("komoditas"))
        if not commodity:
            row.err("komoditas", _("Komoditas wajib diisi."))
        values = {}
        for column, (model_field, kind) in POTENTIAL_FIELDS.items():
            if column in table.headers:
                value = row.value(cells, column, kind)
                if value is not None and value != "":
                    values[model_field] = value
        if not village_ok or row.count:
            continue
        key = (code, category, commodity)
        if key in seen:
            row.err("komoditas", _("Komoditas yang sama sudah ada di baris %(row)d.") % {"row": seen[key]})
            continue
        seen[key] = number
        existing = stored.get(key)
        if existing is not None:
            existing.village = region  # the same row, already loaded: the preview names it without a query
        instance = existing or VillagePotential(village=region, category=category, commodity=commodity)
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        before = {name: getattr(instance, name) for name in changed}
        for name in changed:
            setattr(instance, name, values[name])
        _model_errors(row, instance, POTENTIAL_COLUMN_OF, exclude=["created_by"])
        if existing is not None:
            for name, value in before.items():  # keep the stored object as stored until the write
                setattr(existing, name, value)
        if row.count:
            continue
        action = "created" if existing is None else "updated" if changed else "unchanged"
        counts[action] += 1
        plans.append((action, instance if existing is None else existing, {n: values[n] for n in changed}, number))
    return plans, errors, counts


def _apply_potentials(plans, *, user, reason: str) -> None:
    new = [instance for action, instance, _v, _n in plans if action == "created"]
    for instance in new:
        instance.created_by = user
    common = {"batch_size": 1000, "default_user": user, "default_change_reason": reason}
    if new:
        bulk_create_with_history(new, VillagePotential, **common)
    changed, fields = [], set()
    for action, instance, values, _number in plans:
        if action == "updated":
            for name, value in values.items():
                setattr(instance, name, value)
            fields.update(values)
            changed.append(instance)
    if changed:
        bulk_update_with_history(changed, VillagePotential, [*sorted(fields), "updated_at"], **common)


def _describe_potentials(plans) -> list[RowChange]:
    return [
        RowChange(
            number,
            instance.village,
            action,
            instance.commodity,
            _changes(instance, values, POTENTIAL_COLUMN_OF, had_value=action != "created"),
        )
        for action, instance, values, number in plans
        if action != "unchanged"
    ]


def _changes(instance, values: dict, column_of: dict, *, had_value: bool) -> list[Change]:
    """Column by column: the stored value (when there was one) and the file's."""
    return [
        Change(column_of.get(name, name), getattr(instance, name) if had_value else None, value, had_value=had_value)
        for name, value in values.items()
    ]


def potentials_import(*, actor, data: bytes, file_name: str, dry_run: bool = False) -> ImportResult:
    """Validate the whole file, then (unless dry_run or any error) write every change in one transaction.
    A row is keyed by village, category and commodity; an empty cell keeps what is stored."""
    return _run(
        POTENTIALS_IMPORT_KIND,
        actor=actor,
        data=data,
        file_name=file_name,
        dry_run=dry_run,
        capability=Capability.MAP_POTENTIAL,
        validate=_validate_potentials,
        apply=_apply_potentials,
        describe=_describe_potentials,
    )


def potential_export_rows(queryset):
    for p in queryset.order_by("village_id", "category", "commodity"):
        yield [
            p.village_id,
            p.category,
            p.commodity,
            p.volume,
            p.volume_unit,
            p.value_rp,
            p.people,
            p.source,
            p.recorded_on,
        ]


# --- BUMDes -------------------------------------------------------------------------------------------------

UNIT_COLUMN_OF = {"category": "kategori"} | {model_field: column for column, (model_field, _k) in UNIT_FIELDS.items()}
BUMDES_COLUMN_OF = {"name": "nama_bumdes", "legal_status": "status_hukum", "registration_number": "no_registrasi"}


@dataclass
class _BumdesPlan:
    village: Region
    bumdes: Bumdes | None
    values: dict
    row: int = 0  # the first row of this desa
    action: str = "unchanged"
    units: list = field(default_factory=list)  # (action, unit or None, category, values, row)


def _validate_bumdes(table, user):
    errors: list[RowError] = []
    counts: Counter = Counter()
    if not _headers_ok(table, BUMDES_COLUMNS, BUMDES_REQUIRED, errors):
        return [], errors, counts
    codes = {cell_text(row.get("kode_wilayah")) for _n, row in table.rows}
    regions = Region.objects.in_bulk(list(codes))
    stored = {b.village_id: b for b in Bumdes.objects.filter(village_id__in=codes)}
    stored_units = {
        (u.bumdes.village_id, u.category): u for u in BumdesUnit.objects.filter(bumdes__village_id__in=codes)
    }
    numbers = {cell_text(r.get("no_registrasi")) for _n, r in table.rows} - {""}
    taken = dict(
        Bumdes.objects.filter(registration_number__in=numbers).values_list("registration_number", "village_id")
    )
    number_owner: dict[str, str] = {}
    in_scope = _scope_checker(user)
    plans: dict[str, _BumdesPlan] = {}
    first_row: dict[str, int] = {}
    seen_units: dict[tuple, int] = {}
    for number, cells in table.rows:
        row = _Row(number, errors)
        code = cell_text(cells.get("kode_wilayah"))
        region = regions.get(code)
        if not _check_village(row, code, region, in_scope):
            continue
        if region.kind == RegionKind.KELURAHAN:
            row.err(
                "kode_wilayah",
                _("%(name)s adalah kelurahan; kelurahan tidak memiliki BUMDes, di sana koperasi memimpin usaha.")
                % {"name": region.name},
            )
            continue
        values: dict = {}
        name = cell_text(cells.get("nama_bumdes"))
        if not name:
            row.err("nama_bumdes", _("Nama BUMDes wajib diisi."))
        else:
            values["name"] = name
        if "status_hukum" in table.headers:
            status = row.value(cells, "status_hukum", "choice", BumdesLegalStatus)
            if status:
                values["legal_status"] = status
        registration = cell_text(cells.get("no_registrasi"))
        if registration:
            owner = taken.get(registration)
            if owner and owner != code:
                row.err("no_registrasi", _("Nomor %(value)s sudah dipakai BUMDes lain.") % {"value": registration})
            elif number_owner.setdefault(registration, code) != code:
                row.err("no_registrasi", _("Nomor %(value)s dipakai dua desa dalam berkas.") % {"value": registration})
            values["registration_number"] = registration
        plan = plans.get(code)
        if plan is None:
            plan = plans[code] = _BumdesPlan(village=region, bumdes=stored.get(code), values=values, row=number)
            first_row[code] = number
        else:
            for key, value in values.items():
                if plan.values.get(key, value) != value:
                    row.err(
                        BUMDES_COLUMN_OF[key],
                        _("Berbeda dengan baris %(row)d untuk BUMDes yang sama.") % {"row": first_row[code]},
                    )
                plan.values.setdefault(key, value)

        raw_category = cell_text(cells.get("kategori"))
        unit_values = {}
        for column, (model_field, kind) in UNIT_FIELDS.items():
            choices = BumdesUnitStatus if model_field == "status" else BumdesPerformance
            if column in table.headers:
                value = row.value(cells, column, kind, choices)
                if value is not None and value != "":
                    unit_values[model_field] = value
        if not raw_category:
            if unit_values:
                row.err("kategori", _("Kategori wajib diisi untuk unit usaha."))
            continue
        category = parse_category(raw_category)
        if category is None:
            row.err(
                "kategori",
                _("Kategori %(value)s tidak dikenal. Pilih salah satu dari: %(keys)s.")
                % {"value": raw_category, "keys": ", ".join(BusinessCategory.values)},
            )
            continue
        if (code, category) in seen_units:
            row.err(
                "kategori", _("Unit kategori ini sudah ada di baris %(row)d.") % {"row": seen_units[(code, category)]}
            )
            continue
        seen_units[(code, category)] = number
        existing = stored_units.get((code, category))
        probe = BumdesUnit(category=category, **{**({} if existing is None else _unit_fields(existing)), **unit_values})
        _model_errors(row, probe, UNIT_COLUMN_OF, exclude=["bumdes"])
        if row.count:
            continue
        if existing is None:
            plan.units.append(("created", None, category, unit_values, number))
        else:
            changed = {k: v for k, v in unit_values.items() if getattr(existing, k) != v}
            plan.units.append(("updated" if changed else "unchanged", existing, category, changed, number))

    for code, plan in plans.items():
        if plan.bumdes is None and "name" not in plan.values:
            continue  # the missing name is already reported
        probe = Bumdes(
            village=plan.village, **{**({} if plan.bumdes is None else _bumdes_fields(plan.bumdes)), **plan.values}
        )
        _model_errors(_Row(first_row[code], errors), probe, BUMDES_COLUMN_OF)
        if plan.bumdes is None:
            plan.action = "created"
        else:
            plan.values = {k: v for k, v in plan.values.items() if getattr(plan.bumdes, k) != v}
            plan.action = "updated" if plan.values else "unchanged"
        counts[plan.action] += 1
        for action, *_rest in plan.units:
            counts[action] += 1
    return list(plans.values()), errors, counts


def _unit_fields(unit: BumdesUnit) -> dict:
    return {name: getattr(unit, name) for name, _k in UNIT_FIELDS.values()}


def _bumdes_fields(bumdes: Bumdes) -> dict:
    return {name: getattr(bumdes, name) for name in BUMDES_COLUMN_OF}


def _apply_bumdes(plans: list[_BumdesPlan], *, user, reason: str) -> None:
    common = {"batch_size": 1000, "default_user": user, "default_change_reason": reason}
    new = [p for p in plans if p.action == "created"]
    if new:
        bulk_create_with_history([Bumdes(village=p.village, **p.values) for p in new], Bumdes, **common)
        by_village = {b.village_id: b for b in Bumdes.objects.filter(village_id__in=[p.village.code for p in new])}
        for p in new:
            p.bumdes = by_village[p.village.code]
    changed, fields = [], set()
    for p in plans:
        if p.action == "updated":
            for name, value in p.values.items():
                setattr(p.bumdes, name, value)
            fields.update(p.values)
            changed.append(p.bumdes)
    if changed:
        bulk_update_with_history(changed, Bumdes, [*sorted(fields), "updated_at"], **common)
    new_units, changed_units, unit_fields = [], [], set()
    for p in plans:
        for action, unit, category, values, _number in p.units:
            if action == "created":
                new_units.append(BumdesUnit(bumdes=p.bumdes, category=category, **values))
            elif action == "updated":
                for name, value in values.items():
                    setattr(unit, name, value)
                unit_fields.update(values)
                changed_units.append(unit)
    if new_units:
        bulk_create_with_history(new_units, BumdesUnit, **common)
    if changed_units:
        bulk_update_with_history(changed_units, BumdesUnit, [*sorted(unit_fields), "updated_at"], **common)


def _describe_bumdes(plans: list[_BumdesPlan]) -> list[RowChange]:
    out = []
    for p in plans:
        if p.action != "unchanged":
            had_value = p.action != "created"
            name = p.values.get("name") or p.bumdes.name
            out.append(
                RowChange(
                    p.row,
                    p.village,
                    p.action,
                    name,
                    _changes(p.bumdes, p.values, BUMDES_COLUMN_OF, had_value=had_value),
                )
            )
        for action, unit, category, values, number in p.units:
            if action != "unchanged":
                had_value = action != "created"
                subject = _("unit %(category)s") % {"category": BusinessCategory(category).label}
                out.append(
                    RowChange(
                        number, p.village, action, subject, _changes(unit, values, UNIT_COLUMN_OF, had_value=had_value)
                    )
                )
    return out


def bumdes_import(*, actor, data: bytes, file_name: str, dry_run: bool = False) -> ImportResult:
    """BUMDes and their units from one sheet: a row per unit (or a BUMDes alone without kategori). The BUMDes
    columns must agree across the rows of one desa; a kelurahan row is refused with the reason."""
    return _run(
        BUMDES_IMPORT_KIND,
        actor=actor,
        data=data,
        file_name=file_name,
        dry_run=dry_run,
        capability=Capability.MANAGE_BUMDES,
        validate=_validate_bumdes,
        apply=_apply_bumdes,
        describe=_describe_bumdes,
    )


def bumdes_export_rows(queryset):
    units: dict[int, list[BumdesUnit]] = {}
    bumdes_list = list(queryset.order_by("village_id"))
    for unit in BumdesUnit.objects.filter(bumdes__in=bumdes_list).order_by("category"):
        units.setdefault(unit.bumdes_id, []).append(unit)
    for b in bumdes_list:
        head = [b.village_id, b.name, b.legal_status, b.registration_number or ""]
        if not units.get(b.pk):
            yield [*head, "", "", "", "", None, None]
        for u in units.get(b.pk, []):
            yield [*head, u.category, u.name, u.status, u.performance, u.revenue_rp, u.year]


# --- regency view workbook ----------------------------------------------------------------------------------


def regency_workbook(view: dict) -> bytes:
    """The regency view as one XLSX with a sheet per table (summary, opportunities, open overlaps, kelurahan)."""
    sheets = []

    def add(title, headers, rows):
        sheets.append(Sheet(title, headers, rows))

    add(
        "Ringkasan",
        ["kode", "wilayah", "potensi", "peluang", "nilai_peluang_rp", "tumpang_tindih_terbuka", "sudah_diputuskan",
         "kelurahan"],
        [
            [c["code"], c["name"], c["potentials"], c["opportunities"], c["opportunity_value"], c["open_overlaps"],
             c["resolved_overlaps"], c["kelurahan"]]
            for c in view["children"]
        ],
    )  # fmt: skip
    add(
        "Peluang",
        ["kode_wilayah", "desa_kelurahan", "kategori", "komoditas", "volume", "satuan", "nilai_rp", "jumlah_orang"],
        [
            [p.village_id, p.village.name, p.category, p.commodity, p.volume, p.volume_unit, p.value_rp, p.people]
            for p in view["opportunities"]
        ],
    )
    add(
        "Tumpang tindih",
        ["kode_wilayah", "desa", "koperasi", "kategori", "alasan"],
        [
            [r["village"].code, r["village"].name, r["cooperative"].name, r["category"], r["reason"]]
            for r in view["open_overlaps"]
        ],
    )
    add(
        "Kelurahan",
        ["kode_wilayah", "kelurahan", "kecamatan", "koperasi", "unit_usaha_berjalan"],
        [
            [
                r["village"].code,
                r["village"].name,
                r["village"].parent.name if r["village"].parent else "",
                r["cooperative"].name if r["cooperative"] else "",
                r["cooperative"].live_units if r["cooperative"] else 0,
            ]
            for r in view["kelurahan"]
        ],
    )
    return workbook_bytes(sheets)

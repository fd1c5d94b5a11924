"""BUMDes and their business units from and to a spreadsheet: one sheet, a row per unit (or a BUMDes alone without
kategori). The BUMDes columns must agree across the rows of one desa; a kelurahan row is refused with the reason,
since kelurahan have no BUMDes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kopdes.accounts.choices import Capability
from kopdes.core.choices import BusinessCategory
from kopdes.core.importing import (
    ImportResult,
    RowChange,
    RowCheck,
    changes_of,
    check_headers,
    model_errors,
    region_checker,
    run_import,
)
from kopdes.core.scoping import user_can
from kopdes.core.tabular import RowError, cell_text
from kopdes.mapping.choices import BumdesLegalStatus, BumdesPerformance, BumdesUnitStatus
from kopdes.mapping.io.checks import check_village, parse_category, unknown_category
from kopdes.mapping.models import Bumdes, BumdesUnit
from kopdes.regions.choices import RegionKind
from kopdes.regions.models import Region

BUMDES_IMPORT_KIND = "bumdes"  # ImportRecord.kind (the importer is registered in apps.py)

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
    if not check_headers(table, BUMDES_COLUMNS, BUMDES_REQUIRED, errors):
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
    in_scope = region_checker(user)
    plans: dict[str, _BumdesPlan] = {}
    first_row: dict[str, int] = {}
    seen_units: dict[tuple, int] = {}
    for number, cells in table.rows:
        row = RowCheck(number, errors)
        code = cell_text(cells.get("kode_wilayah"))
        region = regions.get(code)
        if not check_village(row, code, region, in_scope):
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
            unknown_category(row, raw_category)
            continue
        if (code, category) in seen_units:
            row.err(
                "kategori", _("Unit kategori ini sudah ada di baris %(row)d.") % {"row": seen_units[(code, category)]}
            )
            continue
        seen_units[(code, category)] = number
        existing = stored_units.get((code, category))
        probe = BumdesUnit(category=category, **{**({} if existing is None else _unit_fields(existing)), **unit_values})
        model_errors(row, probe, UNIT_COLUMN_OF, exclude=["bumdes"])
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
        model_errors(RowCheck(first_row[code], errors), probe, BUMDES_COLUMN_OF)
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
                    changes_of(p.bumdes, p.values, BUMDES_COLUMN_OF, had_value=had_value),
                )
            )
        for action, unit, category, values, number in p.units:
            if action != "unchanged":
                had_value = action != "created"
                subject = _("unit %(category)s") % {"category": BusinessCategory(category).label}
                out.append(
                    RowChange(
                        number,
                        p.village,
                        action,
                        subject,
                        changes_of(unit, values, UNIT_COLUMN_OF, had_value=had_value),
                    )
                )
    return out


def bumdes_import(*, actor, data: bytes, file_name: str, dry_run: bool = False) -> ImportResult:
    """BUMDes and their units from one sheet: a row per unit (or a BUMDes alone without kategori). The BUMDes
    columns must agree across the rows of one desa; a kelurahan row is refused with the reason."""
    if actor is not None and not user_can(actor, Capability.MANAGE_BUMDES):
        raise PermissionDenied
    return run_import(
        BUMDES_IMPORT_KIND,
        actor=actor,
        data=data,
        file_name=file_name,
        dry_run=dry_run,
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

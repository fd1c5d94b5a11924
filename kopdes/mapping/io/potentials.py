"""Village potentials from and to a spreadsheet: one column specification for the template, the export and the
import. A row is keyed by village, category and commodity; an empty cell keeps what is stored."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kopdes.accounts.choices import Capability
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
from kopdes.mapping.io.checks import check_village, parse_category, unknown_category
from kopdes.mapping.models import VillagePotential
from kopdes.regions.models import Region

POTENTIALS_IMPORT_KIND = "potentials"  # ImportRecord.kind (the importer is registered in apps.py)

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
POTENTIAL_COLUMN_OF = {"village": "kode_wilayah", "category": "kategori", "commodity": "komoditas"} | {
    model_field: column for column, (model_field, _kind) in POTENTIAL_FIELDS.items()
}


def potentials_import(*, actor, data: bytes, file_name: str, dry_run: bool = False) -> ImportResult:
    """Validate the whole file, then (unless dry_run or any error) write every change in one transaction."""
    if actor is not None and not user_can(actor, Capability.MAP_POTENTIAL):
        raise PermissionDenied
    return run_import(
        POTENTIALS_IMPORT_KIND,
        actor=actor,
        data=data,
        file_name=file_name,
        dry_run=dry_run,
        validate=_validate,
        apply=_apply,
        describe=_describe,
    )


def _validate(table, user):
    errors: list[RowError] = []
    counts: Counter = Counter()
    if not check_headers(table, POTENTIAL_COLUMNS, POTENTIAL_REQUIRED, errors):
        return [], errors, counts
    codes = {cell_text(row.get("kode_wilayah")) for _n, row in table.rows}
    regions = Region.objects.in_bulk(list(codes))
    stored = {(p.village_id, p.category, p.commodity): p for p in VillagePotential.objects.filter(village_id__in=codes)}
    in_scope = region_checker(user)
    seen: dict[tuple, int] = {}
    plans = []
    for number, cells in table.rows:
        row = RowCheck(number, errors)
        code = cell_text(cells.get("kode_wilayah"))
        region = regions.get(code)
        village_ok = check_village(row, code, region, in_scope)
        category = parse_category(cells.get("kategori"))
        if not cell_text(cells.get("kategori")):
            row.err("kategori", _("Kategori wajib diisi."))
        elif category is None:
            unknown_category(row, cell_text(cells.get("kategori")))
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
        model_errors(row, instance, POTENTIAL_COLUMN_OF, exclude=["created_by"])
        if existing is not None:
            for name, value in before.items():  # keep the stored object as stored until the write
                setattr(existing, name, value)
        if row.count:
            continue
        action = "created" if existing is None else "updated" if changed else "unchanged"
        counts[action] += 1
        plans.append((action, instance if existing is None else existing, {n: values[n] for n in changed}, number))
    return plans, errors, counts


def _apply(plans, *, user, reason: str) -> None:
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


def _describe(plans) -> list[RowChange]:
    return [
        RowChange(
            number,
            instance.village,
            action,
            instance.commodity,
            changes_of(instance, values, POTENTIAL_COLUMN_OF, had_value=action != "created"),
        )
        for action, instance, values, number in plans
        if action != "unchanged"
    ]


def potential_export_rows(queryset):
    """Rows of the potentials in POTENTIAL_COLUMNS order (round-trips through the import)."""
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

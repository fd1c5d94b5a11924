"""Import and export of the cooperative registry in the columns regency offices use (STYLE.md rule 9).

One column specification serves the template, the export and the import, so that export → edit → import
round-trips. The whole file is validated before anything is written; then everything is written in one
transaction with bulk statements (and their history rows), so a 10,000-row file stays quick."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kopdes.cooperatives.choices import CooperativeKind, Scheme, UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative
from kopdes.cooperatives.rules import cooperative_kind_for, governance_warnings
from kopdes.cooperatives.services import default_cooperative_name
from kopdes.core.importing import Change, import_record_create, region_checker
from kopdes.core.importing import ImportResult as BaseImportResult
from kopdes.core.models import ImportRecord
from kopdes.core.tabular import RowError, Table, TableError, cell_text, parse_date, read_table
from kopdes.formation.choices import MilestoneKind, MilestoneStatus
from kopdes.formation.models import Milestone
from kopdes.formation.rules import derive_phase
from kopdes.formation.services import milestone_order_errors
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region

IMPORT_KIND = "cooperatives"  # ImportRecord.kind of registry imports (the importer: formation/importers.py)

COLUMNS = [
    "kode_wilayah",
    "nama_koperasi",
    "jenis",
    "skema",
    "tgl_sosialisasi",
    "tgl_musdesus",
    "no_akta",
    "tgl_akta",
    "notaris",
    "no_sk_ahu",
    "tgl_sk_ahu",
    "nik_koperasi",
    "nib",
    "npwp",
    "bank",
    "no_rekening",
    "tgl_operasional",
]
# Column → cooperative field.
FIELD_COLUMNS = {
    "nama_koperasi": "name",
    "skema": "scheme",
    "no_akta": "akta_number",
    "notaris": "notary",
    "no_sk_ahu": "sk_ahu_number",
    "nik_koperasi": "nik_koperasi",
    "nib": "nib",
    "npwp": "npwp",
    "bank": "bank_name",
    "no_rekening": "bank_account",
}
UNIQUE_FIELDS = {"sk_ahu_number": "no_sk_ahu", "nik_koperasi": "nik_koperasi", "nib": "nib", "npwp": "npwp"}
# Milestone → (date column, identifier column): reached when either is given.
MILESTONE_COLUMNS = {
    MilestoneKind.SOSIALISASI: ("tgl_sosialisasi", None),
    MilestoneKind.MUSDESUS: ("tgl_musdesus", None),
    MilestoneKind.AKTA: ("tgl_akta", "no_akta"),
    MilestoneKind.BADAN_HUKUM: ("tgl_sk_ahu", "no_sk_ahu"),
    MilestoneKind.NIK_KOPERASI: (None, "nik_koperasi"),
    MilestoneKind.NIB: (None, "nib"),
    MilestoneKind.NPWP: (None, "npwp"),
    MilestoneKind.REKENING: (None, "no_rekening"),
    MilestoneKind.OPERASIONAL: ("tgl_operasional", None),
}
EXAMPLE_ROW = {
    "kode_wilayah": "64.02.01.2001",
    "nama_koperasi": "Koperasi Desa Merah Putih Perian",
    "jenis": "KDMP",
    "skema": "pendirian_baru",
    "tgl_sosialisasi": "2025-04-14",
    "tgl_musdesus": "10 Mei 2025",
    "no_akta": "12",
    "tgl_akta": "02/06/2025",
    "notaris": "Siti Rahmah, S.H., M.Kn.",
    "no_sk_ahu": "AHU-0012345.AH.01.29.TAHUN 2025",
    "tgl_sk_ahu": "2025-06-10",
}


@dataclass
class RowPlan:
    row: int
    village: Region
    cooperative: Cooperative | None
    fields: dict[str, object]
    milestones: dict[str, datetime.date | None]
    action: str = "unchanged"  # created / updated / unchanged
    changed_fields: list[str] = field(default_factory=list)
    changed_milestones: list[str] = field(default_factory=list)
    # Milestones stored before this import (kind → date), so a preview can show "old → new".
    previous_milestones: dict[str, datetime.date | None] = field(default_factory=dict)

    def changes(self) -> list[Change]:
        """What this row would change, column by column, for the preview page (all given values for a new row)."""
        if self.action == "unchanged":
            return []
        columns = {model_field: column for column, model_field in FIELD_COLUMNS.items()}
        columns["name"] = "nama_koperasi"
        names = list(self.fields) if self.cooperative is None else self.changed_fields
        out = [
            Change(
                columns.get(name, name),
                getattr(self.cooperative, name) if self.cooperative is not None else None,
                self.fields[name],
                had_value=self.cooperative is not None,
            )
            for name in names
        ]
        for kind in self.changed_milestones:
            date_column, id_column = MILESTONE_COLUMNS[kind]
            out.append(
                Change(
                    date_column or id_column,
                    self.previous_milestones.get(kind),
                    self.milestones[kind],
                    had_value=kind in self.previous_milestones,
                    milestone=MilestoneKind(kind).label,
                )
            )
        return out


@dataclass
class ImportResult(BaseImportResult):
    plans: list[RowPlan] = field(default_factory=list)


def _validate(table: Table, user) -> tuple[list[RowPlan], list[RowError]]:
    errors: list[RowError] = []
    unknown = [h for h in table.headers if h and h not in COLUMNS]
    for header in unknown:
        errors.append(RowError(1, header, _("Kolom tidak dikenal. Kolom yang dikenal: %s.") % ", ".join(COLUMNS)))
    if "kode_wilayah" not in table.headers:
        errors.append(RowError(1, "kode_wilayah", _("Kolom wajib kode_wilayah tidak ada.")))
        return [], errors

    codes = {cell_text(row.get("kode_wilayah")) for _, row in table.rows}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    cooperatives = {c.village_id: c for c in Cooperative.objects.filter(village_id__in=codes)}
    milestones: dict[int, dict[str, Milestone]] = {}
    for m in Milestone.objects.filter(cooperative__village_id__in=codes).reached():
        milestones.setdefault(m.cooperative_id, {})[m.kind] = m
    operating = set(
        BusinessUnit.objects.filter(cooperative__village_id__in=codes, status=UnitStatus.BEROPERASI).values_list(
            "cooperative_id", flat=True
        )
    )
    in_scope = region_checker(user)

    # Identifiers already used by cooperatives elsewhere, and how often each appears in the file.
    file_values = {f: Counter() for f in UNIQUE_FIELDS}
    for _row_number, row in table.rows:
        for model_field, column in UNIQUE_FIELDS.items():
            value = cell_text(row.get(column))
            if value:
                file_values[model_field][value] += 1
    taken: dict[tuple[str, str], str] = {}
    lookup = Q()
    for model_field, counter in file_values.items():
        if counter:
            lookup |= Q(**{f"{model_field}__in": list(counter)})
    if lookup:
        for coop in Cooperative.objects.filter(lookup).only("village_id", *UNIQUE_FIELDS):
            for model_field in UNIQUE_FIELDS:
                value = getattr(coop, model_field)
                if value:
                    taken[(model_field, value)] = coop.village_id

    seen_codes: dict[str, int] = {}
    plans = []
    for row_number, row in table.rows:
        row_errors: list[RowError] = []

        def err(column: str, message: str, row_errors=row_errors, row_number=row_number) -> None:
            row_errors.append(RowError(row_number, column, message))

        code = cell_text(row.get("kode_wilayah"))
        region = regions.get(code)
        if not code:
            err("kode_wilayah", _("Kode wilayah wajib diisi."))
        elif region is None:
            err("kode_wilayah", _("Kode wilayah %(code)s tidak dikenal.") % {"code": code})
        elif region.level != RegionLevel.VILLAGE:
            err(
                "kode_wilayah",
                _("%(code)s adalah kode %(level)s, bukan desa/kelurahan.")
                % {"code": code, "level": region.get_level_display().lower()},
            )
        elif not in_scope(code):
            err("kode_wilayah", _("%(code)s di luar wilayah Anda.") % {"code": code})
        elif code in seen_codes:
            err(
                "kode_wilayah",
                _("Desa/kelurahan yang sama sudah ada di baris %(row)d.") % {"row": seen_codes[code]},
            )
        if code and code not in seen_codes:
            seen_codes[code] = row_number
        if row_errors:
            errors.extend(row_errors)
            continue

        coop = cooperatives.get(code)
        expected_kind = cooperative_kind_for(region.kind)
        jenis = cell_text(row.get("jenis")).upper()
        if jenis and jenis not in CooperativeKind.values:
            err("jenis", _("Jenis harus KDMP atau KKMP."))
        elif jenis and jenis != expected_kind:
            err(
                "jenis",
                _("%(code)s adalah %(kind)s, jadi jenisnya %(expected)s.")
                % {"code": code, "kind": region.get_kind_display().lower(), "expected": expected_kind},
            )

        fields: dict[str, object] = {}
        for column, model_field in FIELD_COLUMNS.items():
            if column not in table.headers:
                continue
            value = cell_text(row.get(column))
            if column == "skema" and value:
                value = value.lower().replace(" ", "_")
                if value not in Scheme.values:
                    err("skema", _("Skema harus salah satu dari: %s.") % ", ".join(Scheme.values))
                    continue
            if not value:
                continue  # an empty cell means "not known here", never "erase"
            limit = Cooperative._meta.get_field(model_field).max_length
            if len(value) > limit:
                err(column, _("Terlalu panjang (paling banyak %(n)d karakter).") % {"n": limit})
                continue
            fields[model_field] = value
        for model_field, column in UNIQUE_FIELDS.items():
            value = fields.get(model_field)
            if not value:
                continue
            if file_values[model_field][value] > 1:
                err(column, _("%(value)s dipakai lebih dari sekali dalam berkas.") % {"value": value})
            owner = taken.get((model_field, value))
            if owner and owner != code:
                err(column, _("%(value)s sudah dipakai koperasi di %(owner)s.") % {"value": value, "owner": owner})

        # Milestones reached according to the file.
        stored = milestones.get(coop.pk, {}) if coop else {}
        dates: dict[str, datetime.date | None] = {kind: m.date for kind, m in stored.items()}
        file_milestones: dict[str, datetime.date | None] = {}
        for kind, (date_column, id_column) in MILESTONE_COLUMNS.items():
            raw_date = row.get(date_column) if date_column else None
            identifier = cell_text(row.get(id_column)) if id_column else ""
            date = None
            if raw_date not in (None, ""):
                try:
                    date = parse_date(raw_date)
                except (ValueError, TypeError):
                    err(
                        date_column,
                        _("Tanggal %(value)s tidak dapat dibaca (contoh: 2025-06-10, 10/06/2025, 10 Juni 2025).")
                        % {"value": raw_date},
                    )
                    continue
            if date is None and not identifier:
                continue
            if date is None and kind in stored:
                date = stored[kind].date  # the identifier confirms what is stored; keep its date
            file_milestones[kind] = date
        merged = {**dates, **file_milestones}
        changed = []
        for kind, date in file_milestones.items():
            if kind in stored and stored[kind].date == date:
                continue
            if kind in stored and stored[kind].status == MilestoneStatus.VERIFIED:
                err(
                    MILESTONE_COLUMNS[kind][0] or MILESTONE_COLUMNS[kind][1],
                    _("Tahapan %(kind)s sudah diverifikasi; ubah tanggalnya di halaman koperasi.")
                    % {"kind": MilestoneKind(kind).label},
                )
                continue
            others = {k: v for k, v in merged.items() if k != kind}
            for message in milestone_order_errors(
                kind=kind, date=date, existing=others, has_operating_unit=bool(coop and coop.pk in operating)
            ):
                err(MILESTONE_COLUMNS[kind][0] or MILESTONE_COLUMNS[kind][1], message)
            changed.append(kind)

        if row_errors:
            errors.extend(row_errors)
            continue
        plan = RowPlan(row=row_number, village=region, cooperative=coop, fields=fields, milestones=file_milestones)
        plan.changed_milestones = changed
        plan.previous_milestones = dates
        if coop is None:
            plan.action = "created"
            plan.fields.setdefault("name", default_cooperative_name(region))
        else:
            plan.changed_fields = [f for f, v in fields.items() if getattr(coop, f) != v]
            plan.action = "updated" if (plan.changed_fields or changed) else "unchanged"
        plans.append(plan)
    return plans, errors


def cooperatives_import(*, actor, data: bytes, file_name: str, dry_run: bool = False) -> ImportResult:
    """Validate the whole file, then (unless dry_run or any error) write every change in one transaction."""
    result = ImportResult(dry_run=dry_run)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        table = read_table(data, file_name)
    except TableError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        _record(result, actor, file_name, sha256)
        return result
    result.notes.extend(table.notes)
    result.rows = len(table.rows)
    plans, errors = _validate(table, actor)
    result.errors = errors
    result.plans = plans
    counts = Counter(plan.action for plan in plans)
    result.created, result.updated, result.unchanged = counts["created"], counts["updated"], counts["unchanged"]
    if errors or dry_run:
        if errors:
            result.created = result.updated = result.unchanged = 0
        _record(result, actor, file_name, sha256)
        return result
    with transaction.atomic():
        record = _record(result, actor, file_name, sha256)
        _apply(plans, actor=actor, reason=record.change_reason)
    return result


def _record(result: ImportResult, actor, file_name: str, sha256: str) -> ImportRecord:
    return import_record_create(IMPORT_KIND, result=result, actor=actor, file_name=file_name, sha256=sha256)


def _apply(plans: list[RowPlan], *, actor, reason: str) -> None:
    user = actor if getattr(actor, "pk", None) else None
    empty_board_warnings = len(governance_warnings([]))
    new = [p for p in plans if p.action == "created"]
    changed = [p for p in plans if p.action == "updated"]

    if new:
        objects = [
            Cooperative(
                village=p.village,
                kind=cooperative_kind_for(p.village.kind),
                warning_count=empty_board_warnings,
                # A new cooperative has no business unit yet, so its phase follows from the file alone.
                phase=derive_phase(p.milestones, has_operating_unit=False),
                **p.fields,
            )
            for p in new
        ]
        created = bulk_create_with_history(
            objects, Cooperative, batch_size=1000, default_user=user, default_change_reason=reason
        )
        by_village = {c.village_id: c for c in created}
        if any(c.pk is None for c in created):  # backends without RETURNING
            by_village = {
                c.village_id: c for c in Cooperative.objects.filter(village_id__in=[p.village.code for p in new])
            }
        for p in new:
            p.cooperative = by_village[p.village.code]
            p.changed_milestones = list(p.milestones)

    updated_coops = []
    update_fields: set[str] = set()
    for p in changed:
        if p.changed_fields:
            for name in p.changed_fields:
                setattr(p.cooperative, name, p.fields[name])
            p.cooperative.version += 1
            update_fields.update(p.changed_fields)
            updated_coops.append(p.cooperative)
    if updated_coops:
        bulk_update_with_history(
            updated_coops,
            Cooperative,
            [*sorted(update_fields), "version", "updated_at"],
            batch_size=1000,
            default_user=user,
            default_change_reason=reason,
        )

    touched = [p for p in plans if p.changed_milestones]
    if not touched:
        return
    stored = {
        (m.cooperative_id, m.kind): m
        for m in Milestone.objects.filter(cooperative__in=[p.cooperative for p in touched])
    }
    to_create, to_update = [], []
    for p in touched:
        for kind in p.changed_milestones:
            date = p.milestones[kind]
            existing = stored.get((p.cooperative.pk, kind))
            if existing is None:
                to_create.append(
                    Milestone(
                        cooperative=p.cooperative,
                        kind=kind,
                        date=date,
                        status=MilestoneStatus.CLAIMED,
                        recorded_by=user,
                        note=reason,
                    )
                )
            else:
                existing.date = date
                existing.status = MilestoneStatus.CLAIMED
                existing.recorded_by = user
                to_update.append(existing)
    if to_create:
        bulk_create_with_history(to_create, Milestone, batch_size=2000, default_user=user, default_change_reason=reason)
    if to_update:
        bulk_update_with_history(
            to_update,
            Milestone,
            ["date", "status", "recorded_by"],
            batch_size=2000,
            default_user=user,
            default_change_reason=reason,
        )
    _refresh_phases([p.cooperative.pk for p in touched if p.action == "updated"])


def _refresh_phases(cooperative_ids: list[int]) -> None:
    """Derived phases of the touched cooperatives, recomputed from their stored facts in a few queries."""
    reached: dict[int, set[str]] = {pk: set() for pk in cooperative_ids}
    for coop_id, kind in (
        Milestone.objects.filter(cooperative_id__in=cooperative_ids).reached().values_list("cooperative_id", "kind")
    ):
        reached[coop_id].add(kind)
    operating = set(
        BusinessUnit.objects.filter(cooperative_id__in=cooperative_ids, status=UnitStatus.BEROPERASI).values_list(
            "cooperative_id", flat=True
        )
    )
    by_phase: dict[int, list[int]] = {}
    for pk in cooperative_ids:
        by_phase.setdefault(derive_phase(reached[pk], pk in operating), []).append(pk)
    for phase, ids in by_phase.items():  # at most seven UPDATE statements
        for start in range(0, len(ids), 5000):
            Cooperative.objects.filter(pk__in=ids[start : start + 5000]).exclude(phase=phase).update(phase=phase)


def export_rows(queryset):
    """Rows of the registry in COLUMNS order, for the XLSX/CSV export (round-trips through the import)."""
    dates: dict[int, dict[str, datetime.date | None]] = {}
    coops = list(queryset.order_by("village_id"))
    ids = [c.pk for c in coops]
    for start in range(0, len(ids), 5000):
        for coop_id, kind, date in (
            Milestone.objects.filter(cooperative_id__in=ids[start : start + 5000])
            .reached()
            .values_list("cooperative_id", "kind", "date")
        ):
            dates.setdefault(coop_id, {})[kind] = date
    for coop in coops:
        d = dates.get(coop.pk, {})
        yield [
            coop.village_id,
            coop.name,
            coop.kind,
            coop.scheme,
            d.get("sosialisasi"),
            d.get("musdesus"),
            coop.akta_number,
            d.get("akta"),
            coop.notary,
            coop.sk_ahu_number or "",
            d.get("badan_hukum"),
            coop.nik_koperasi or "",
            coop.nib or "",
            coop.npwp or "",
            coop.bank_name,
            coop.bank_account,
            d.get("operasional"),
        ]

"""Writes of the exchange app: importing a national statistics snapshot, and an officer's mapping decision."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import NullIf, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from kopdes.core.importing import import_record_create
from kopdes.core.models import ImportRecord
from kopdes.core.scoping import code_prefix_q, scope_for
from kopdes.core.tabular import RowError, TableError
from kopdes.exchange.choices import MatchMethod, UnitStatus
from kopdes.exchange.io import ID_COLUMNS, LEVEL_LABELS, ParsedFile, parse_file
from kopdes.exchange.models import FIGURE_FIELDS, ROLLUP_FIELDS, NationalRollup, NationalSnapshot, NationalUnit
from kopdes.exchange.reconcile import LEVELS, StoredUnit, UnitState, load_stored, reconcile
from kopdes.regions.models import Region

IMPORT_KIND = "simkopdes"
BATCH = 2000
PREVIEW_LIMIT = 300
ANALYZE_AFTER_ROWS = 5000  # an import that writes this many rows refreshes the planner's statistics
STATE_FIELDS = ["status", "method", "region_id", "score", "candidates", "area_code"]
UNIT_FIELDS = [
    "level",
    "national_id",
    "name",
    "parent_id",
    "status",
    "method",
    "region_id",
    "score",
    "candidates",
    "area_code",
]


@dataclass
class SnapshotImportResult:
    """What an import found and did. `matched`/`unmatched`/`ambiguous` count the file's rows by the match of the
    row's own unit (unmatched includes units an officer marked as no Kemendagri region, also counted in
    `ignored`); `by_method` says how the matched rows were matched: "id" from the mapping table, else by name."""

    file_name: str = ""
    sha256: str = ""
    level: str = ""
    snapshot_date: datetime.date | None = None
    rows: int = 0
    matched: int = 0
    unmatched: int = 0
    ambiguous: int = 0
    ignored: int = 0
    by_method: dict[str, int] = field(default_factory=lambda: {"id": 0, "exact": 0, "fuzzy": 0})
    replaced: int = 0
    written: int = 0
    # Units of every level (the file's parents too) by status, for the preview.
    units: dict[str, Counter] = field(default_factory=dict)
    review: list[dict] = field(default_factory=list)
    fuzzy: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    notes: list[str] = field(default_factory=list)
    record: ImportRecord | None = None
    dry_run: bool = False
    skipped_outside: int = 0  # rows of other regions in an officer's upload of a wider file
    scope_code: str = ""  # the officer's region: only its snapshot rows are replaced

    @property
    def ok(self) -> bool:
        return not self.error_count

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "matched": self.matched,
            "unmatched": self.unmatched,
            "ambiguous": self.ambiguous,
            "by_method": dict(self.by_method),
            "ignored": self.ignored,
            "level": self.level,
            "snapshot_date": self.snapshot_date.isoformat() if self.snapshot_date else None,
            "replaced": self.replaced,
            "written": self.written,
            "dry_run": self.dry_run,
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
            "error_count": self.error_count,
            "skipped_outside": self.skipped_outside,
        }


def snapshot_import(
    *, actor, data: bytes, file_name: str, snapshot_date: datetime.date, dry_run: bool = False
) -> SnapshotImportResult:
    """Import a national statistics file (province, regency, kecamatan or village level, told by its header) as
    the snapshot of `snapshot_date`.

    The whole file is read, validated and matched first; if any row is invalid, or (for an officer bound to a
    region) falls outside their region, nothing is stored. Otherwise, in one transaction: the mapping table learns
    the file's units and their matches, and the snapshot rows of the same date and level for the regencies (village
    and kecamatan files) or provinces (regency files) in the file, or for all provinces (province files), are
    replaced by the file's rows — readers see the old snapshot or the new one, never a mix."""
    result = SnapshotImportResult(
        file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), snapshot_date=snapshot_date, dry_run=dry_run
    )
    try:
        parsed = parse_file(data, file_name)
    except TableError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        result.error_count = 1
        _record(result, actor)
        return result
    result.notes.extend(parsed.notes)
    result.level = parsed.level
    result.rows = len(parsed.rows)
    if parsed.error_count:
        result.errors, result.error_count = parsed.errors, parsed.error_count
        _record(result, actor)
        return result

    stored = load_stored(parsed.units)
    states = reconcile(parsed.units.values(), stored)
    _keep_in_scope(parsed, states, actor, result)
    _summarise(parsed, states, result)
    if result.error_count or dry_run:
        _record(result, actor)
        return result
    with transaction.atomic():
        record = _record(result, actor)
        ids = _save_units(parsed, states, stored)
        result.replaced = _replace_snapshot(parsed, ids, states, snapshot_date, record, scope_code=result.scope_code)
        rollup_refresh([snapshot_date])
        result.written = len(parsed.rows)
        record.created, record.updated = result.written, result.replaced
        record.save(update_fields=["created", "updated"])
        if connection.vendor == "postgresql" and result.written >= ANALYZE_AFTER_ROWS:
            transaction.on_commit(_analyze_tables)
    return result


def _analyze_tables() -> None:
    """Refresh PostgreSQL's statistics of the exchange tables after a large import. Without it, a re-import soon
    after a first whole-country import plans the replacement's DELETE (snapshot ⋈ unit ⋈ unit) from the
    statistics of the empty tables, as nested loops over 83,000 × 91,000 rows: minutes instead of a second."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {NationalUnit._meta.db_table}, {NationalSnapshot._meta.db_table}")


def _keep_in_scope(parsed: ParsedFile, states: dict[str, UnitState], actor, result: SnapshotImportResult) -> None:
    """An officer bound to a region imports the rows that match inside it. Rows that match elsewhere (the national
    file holds every regency) are skipped and counted, not errors; only a row that matches nowhere, and whose parent
    does not tell either, is refused, since it might be one of theirs."""
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.everything:
        return
    column = ID_COLUMNS[parsed.level][1]
    # When the file's units that hold the user's region matched, a unit matched nowhere up its whole chain (a
    # province of elsewhere whose name did not match) cannot be theirs either.
    own_branch = any(
        state.area_code and (scope.covers_code(state.area_code) or _scope_inside(scope, state.area_code))
        for state in states.values()
    )
    kept = []
    for row in parsed.rows:
        row_number, key, _figures = row
        spec = parsed.units[key]
        own = states[key].area_code
        area, up = own, spec.parent_key
        while not area and up:
            area = states[up].area_code if up in states else ""
            up = parsed.units[up].parent_key if up in parsed.units else ""
        if own and scope.covers_code(own):
            kept.append(row)
        elif (area and not scope.covers_code(area) and not _scope_inside(scope, area)) or (not area and own_branch):
            result.skipped_outside += 1  # matched (or its parent did) somewhere else
        else:
            result.error_count += 1
            if len(result.errors) < 1000:
                if own:  # a unit that holds the user's region (a province row for a regency officer)
                    message = _("%(name)s lebih luas dari wilayah Anda; tingkat ini hanya diimpor petugas nasional.")
                else:
                    message = _(
                        "%(name)s tidak dapat dicocokkan ke wilayah Kemendagri; periksa namanya atau putuskan di "
                        "halaman pencocokan."
                    )
                result.errors.append(RowError(row_number, column, message % {"name": spec.name}))
    if result.skipped_outside:
        result.notes.append(
            _("%(count)d baris di luar wilayah Anda dilewati; hanya baris wilayah Anda yang diimpor.")
            % {"count": result.skipped_outside}
        )
        if not kept and not result.error_count:
            result.error_count = 1
            result.errors.append(RowError(0, "", _("Berkas ini tidak berisi satu baris pun untuk wilayah Anda.")))
    parsed.rows = kept
    needed = set()
    for _row_number, key, _figures in kept:
        while key and key not in needed:
            needed.add(key)
            key = parsed.units[key].parent_key
    parsed.units = {key: spec for key, spec in parsed.units.items() if key in needed}
    result.scope_code = scope.region_code or ""


def _scope_inside(scope, area: str) -> bool:
    """Does the user's region lie inside `area` (a province row of a regency officer)? Such a row is theirs in part:
    not skipped as elsewhere."""
    return bool(scope.region_code) and (scope.region_code == area or scope.region_code.startswith(f"{area}."))


def _summarise(parsed: ParsedFile, states: dict[str, UnitState], result: SnapshotImportResult) -> None:
    for _row_number, key, _figures in parsed.rows:
        state = states[key]
        if state.status == UnitStatus.MATCHED:
            result.matched += 1
            result.by_method["id" if state.via_id else state.method] += 1
        elif state.status == UnitStatus.AMBIGUOUS:
            result.ambiguous += 1
        else:
            result.unmatched += 1
            result.ignored += state.status == UnitStatus.IGNORED
    result.units = {level: Counter() for level in LEVELS[: LEVELS.index(parsed.level) + 1]}
    fuzzy_codes = []
    for spec in parsed.units.values():
        state = states[spec.key]
        result.units[spec.level][state.status] += 1
        if state.status in (UnitStatus.UNMATCHED, UnitStatus.AMBIGUOUS) and len(result.review) < PREVIEW_LIMIT:
            parent = parsed.units.get(spec.parent_key) if spec.parent_key else None
            parent_state = states.get(spec.parent_key) if spec.parent_key else None
            result.review.append(
                {
                    "level": spec.level,
                    "level_label": LEVEL_LABELS[spec.level],
                    "national_id": spec.national_id,
                    "name": spec.name,
                    "parent": parent.name if parent else "",
                    "parent_matched": parent_state is None or parent_state.matched,
                    "status": state.status,
                    "candidates": state.candidates,
                }
            )
        elif state.method == MatchMethod.FUZZY and not state.via_id and len(result.fuzzy) < PREVIEW_LIMIT:
            result.fuzzy.append(
                {
                    "level": spec.level,
                    "level_label": LEVEL_LABELS[spec.level],
                    "name": spec.name,
                    "code": state.region_code,
                    "score": state.score,
                }
            )
            fuzzy_codes.append(state.region_code)
    names = dict(Region.objects.filter(code__in=fuzzy_codes).values_list("code", "name")) if fuzzy_codes else {}
    for item in result.fuzzy:
        item["region_name"] = names.get(item["code"], "")


def _record(result: SnapshotImportResult, actor) -> ImportRecord:
    return import_record_create(
        IMPORT_KIND, result=result, actor=actor, file_name=result.file_name, sha256=result.sha256
    )


def _save_units(parsed: ParsedFile, states: dict[str, UnitState], stored: dict[str, StoredUnit]) -> dict[str, int]:
    """Create the file's new units and update the changed ones (parents first, for their ids). Returns key → id."""
    ids: dict[str, int] = {}
    to_update: list[NationalUnit] = []
    by_level: dict[str, list] = {level: [] for level in LEVELS}
    for spec in parsed.units.values():
        by_level[spec.level].append(spec)
    for level in LEVELS:
        # Built and written a batch at a time: 83,000 unsaved model instances at once would cost some 120 MB.
        new: list[NationalUnit] = []
        for spec in by_level[level]:
            values = {
                "level": spec.level,
                "national_id": spec.national_id,
                "name": spec.name,
                "parent_id": ids[spec.parent_key] if spec.parent_key else None,
                **states[spec.key].fields(),
            }
            known = stored.get(spec.key)
            if known is None:
                new.append(NationalUnit(key=spec.key, **values))
                if len(new) >= BATCH:
                    _create_units(new, ids)
                continue
            ids[spec.key] = known.id
            if any(getattr(known, name) != values[name] for name in UNIT_FIELDS):
                to_update.append(NationalUnit(pk=known.id, key=spec.key, **values))
                if len(to_update) >= BATCH:
                    _update_units(to_update)
        _create_units(new, ids)
    _update_units(to_update)
    return ids


def _create_units(units: list[NationalUnit], ids: dict[str, int]) -> None:
    if not units:
        return
    NationalUnit.objects.bulk_create(units)
    if any(unit.pk is None for unit in units):  # backends that do not return ids
        found = dict(NationalUnit.objects.filter(key__in=[u.key for u in units]).values_list("key", "pk"))
        for unit in units:
            unit.pk = found[unit.key]
    ids.update((unit.key, unit.pk) for unit in units)
    units.clear()


def _update_units(units: list[NationalUnit]) -> None:
    if not units:
        return
    now = timezone.now()
    for unit in units:
        unit.updated_at = now
    NationalUnit.objects.bulk_update(units, [*UNIT_FIELDS, "updated_at"], batch_size=500)
    units.clear()


# Snapshot rows a file replaces: those of the same date and level under the units it covers.
COVERAGE = {
    "village": ("regency", "unit__parent__parent_id__in"),
    "district": ("regency", "unit__parent_id__in"),
    "regency": ("province", "unit__parent_id__in"),
    "province": (None, None),
}
SNAPSHOT_COLUMNS = ["snapshot_date", "level", "unit_id", "region_code", "import_record_id", *FIGURE_FIELDS]


def _replace_snapshot(
    parsed: ParsedFile,
    ids: dict[str, int],
    states: dict[str, UnitState],
    snapshot_date,
    record: ImportRecord,
    *,
    scope_code: str = "",
) -> int:
    """Replace the date's rows of the file's coverage; an officer's import (`scope_code`) replaces only the rows of
    their region, so the neighbouring regencies' rows of the same date stay."""
    coverage_level, lookup = COVERAGE[parsed.level]
    old = NationalSnapshot.objects.filter(snapshot_date=snapshot_date, level=parsed.level)
    if scope_code:
        old = old.filter(code_prefix_q("region_code", scope_code))
    if coverage_level is not None:
        covered = [ids[spec.key] for spec in parsed.units.values() if spec.level == coverage_level]
        old = old.filter(**{lookup: covered})
    replaced, _detail = old.delete()

    def values():
        for _row_number, key, figures in parsed.rows:
            yield (snapshot_date, parsed.level, ids[key], states[key].area_code or None, record.pk, *figures)

    if connection.vendor == "postgresql":
        # COPY: the whole country's 83,000 rows in about a second (see docs/decisions/0003-region-load-with-copy.md).
        table = NationalSnapshot._meta.db_table
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(SNAPSHOT_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in values():
                copy.write_row(row)
        return replaced
    batch: list[NationalSnapshot] = []
    for row in values():
        batch.append(NationalSnapshot(**dict(zip(SNAPSHOT_COLUMNS, row, strict=True))))
        if len(batch) >= BATCH:
            NationalSnapshot.objects.bulk_create(batch)
            batch.clear()
    NationalSnapshot.objects.bulk_create(batch)
    return replaced


# ---------------------------------------------------------------------------------------------------------------
# An officer's decision


@transaction.atomic
def mapping_decide(*, actor, unit: NationalUnit, region: Region | None) -> NationalUnit:
    """Record an officer's choice for a national unit: `region` (a Kemendagri region of the unit's level) or None
    for "not a Kemendagri region" (a stray entry such as a foreign place name). The choice is kept by every later
    import; the unit's children are matched again under the new region, and every stored snapshot row of the unit
    and its children gets the new region code at once."""
    unit = NationalUnit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)
    if region is not None:
        if region.level != unit.level:
            raise ValidationError(
                {
                    "region": _("%(name)s adalah %(level)s; pilih wilayah tingkat %(expected)s.")
                    % {
                        "name": region.name,
                        "level": region.get_level_display().lower(),
                        "expected": LEVEL_LABELS[unit.level],
                    }
                }
            )
        if actor is not None and not scope_for(actor).covers_code(region.code):
            raise ValidationError({"region": _("%(code)s di luar wilayah Anda.") % {"code": region.code}})
    parent_area = unit.parent.area_code if unit.parent_id else ""
    unit.region = region
    unit.status = UnitStatus.MATCHED if region is not None else UnitStatus.IGNORED
    unit.method = MatchMethod.MANUAL
    unit.score = None
    unit.area_code = region.code if region is not None else parent_area
    unit.decided_by = actor if getattr(actor, "pk", None) else None
    unit.decided_at = timezone.now()
    unit.full_clean(exclude=["key"])
    unit.save(
        update_fields=["region", "status", "method", "score", "area_code", "decided_by", "decided_at", "updated_at"]
    )
    _rematch_descendants(unit)
    _sync_snapshot_codes(unit)
    rollup_refresh(
        NationalSnapshot.objects.filter(Q(unit=unit) | Q(unit__key__startswith=f"{unit.key}/"))
        .values_list("snapshot_date", flat=True)
        .distinct()
        .order_by()
    )
    return unit


def _rematch_descendants(unit: NationalUnit) -> int:
    """Match the unit's descendants again under its (new) region; officers' own decisions below stay. Returns how
    many changed."""
    rows = list(NationalUnit.objects.filter(key__startswith=f"{unit.key}/").values_list(*StoredUnit._fields))
    if not rows:
        return 0
    stored = {row[1]: StoredUnit(*row) for row in rows}
    specs = [_StoredSpec(s.key, s.level, s.name, s.key.rsplit("/", 1)[0]) for s in stored.values()]
    fixed = {
        unit.key: UnitState(
            status=unit.status, method=unit.method, region_code=unit.region_id, area_code=unit.area_code
        )
    }
    states = reconcile(specs, stored, fixed=fixed)
    changed = []
    for key, known in stored.items():
        values = states[key].fields()
        if any(getattr(known, name) != value for name, value in values.items()):
            changed.append(NationalUnit(pk=known.id, **values))
    NationalUnit.objects.bulk_update(changed, STATE_FIELDS, batch_size=BATCH)
    return len(changed)


@dataclass(slots=True)
class _StoredSpec:
    key: str
    level: str
    name: str
    parent_key: str | None


def _sync_snapshot_codes(unit: NationalUnit) -> int:
    """Copy the area code of the unit and its descendants to their snapshot rows, in one UPDATE."""
    area = NationalUnit.objects.filter(pk=OuterRef("unit_id")).values("area_code")[:1]
    return NationalSnapshot.objects.filter(Q(unit=unit) | Q(unit__key__startswith=f"{unit.key}/")).update(
        region_code=NullIf(Subquery(area), Value(""))
    )


def rollup_refresh(dates) -> int:
    """Recompute the per-regency sums (`NationalRollup`) of these snapshot dates from the snapshot rows: one GROUP
    BY, a few hundred rows written. Called in the transaction of every change to the snapshot rows."""
    dates = sorted(set(dates))
    if not dates:
        return 0
    NationalRollup.objects.filter(snapshot_date__in=dates).delete()
    bucket = Case(
        When(level__in=["village", "district"], then=Substr("region_code", 1, 5)),
        default=F("region_code"),
        output_field=CharField(),
    )
    sums = (
        NationalSnapshot.objects.filter(snapshot_date__in=dates)
        .annotate(bucket=bucket)
        .values("snapshot_date", "level", "bucket")
        .annotate(n=Count("id"), **{name: Sum(name) for name in ROLLUP_FIELDS})
        .order_by()
    )
    rollups = [
        NationalRollup(
            snapshot_date=row["snapshot_date"],
            level=row["level"],
            region_code=row["bucket"],
            rows=row["n"],
            **{name: int(row[name] or 0) for name in ROLLUP_FIELDS},
        )
        for row in sums
    ]
    NationalRollup.objects.bulk_create(rollups, batch_size=BATCH)
    return len(rollups)

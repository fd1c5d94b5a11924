"""Benchmark steps of formation: the national-scale data set, one cooperative per village at a stage drawn from its
code (~8 milestones each) and a target for every regency, which the dashboard's step reads; then registry imports
of new villages (a regency-sized file and a 10,000-row file, then the same 10,000 rows again, every row found
unchanged)."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import time

from django.db import connection, models, transaction

from kopdes.cooperatives.choices import UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative
from kopdes.cooperatives.rules import cooperative_kind_for
from kopdes.core.devtools import BenchContext, Row
from kopdes.formation.choices import MilestoneKind, MilestoneStatus
from kopdes.formation.io import COLUMNS, cooperatives_import
from kopdes.formation.models import Milestone, Target
from kopdes.formation.rules import derive_phase
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region

KINDS = list(MilestoneKind.values)


def _stage(code: str) -> int:
    """A deterministic, plausible number of milestones reached (0..10) for a village code."""
    h = int(hashlib.md5(code.encode()).hexdigest()[:8], 16) % 100
    if h < 2:
        return 0
    if h < 5:
        return 2
    if h < 9:
        return 4
    if h < 80:
        return 9
    return 10


def generate(context: BenchContext) -> list[Row]:
    """One cooperative per village and ~8 milestones each, with bulk statements (no history for bench data)."""
    start = time.perf_counter()
    villages = Region.objects.filter(level=RegionLevel.VILLAGE)
    if context.provinces:
        villages = villages.filter(code__regex=r"^(" + "|".join(context.provinces) + r")\.")
    villages = list(villages.values_list("code", "name", "kind"))
    base = datetime.date(2025, 3, 1)
    with transaction.atomic():
        coops = []
        for code, name, kind in villages:
            stage = _stage(code)
            reached = KINDS[: min(stage, 9)]
            coops.append(
                Cooperative(
                    village_id=code,
                    name=f"Koperasi Merah Putih {name}",
                    kind=cooperative_kind_for(kind),
                    phase=derive_phase(reached, stage >= 10),
                    warning_count=0,
                )
            )
        Cooperative.objects.bulk_create(coops, batch_size=5000)
        ids = dict(Cooperative.objects.values_list("village_id", "id"))
        milestones, units = [], []
        for code, _name, _kind in villages:
            stage = _stage(code)
            coop_id = ids[code]
            for i, kind in enumerate(KINDS[:stage]):
                milestones.append(
                    Milestone(
                        cooperative_id=coop_id,
                        kind=kind,
                        date=base + datetime.timedelta(days=7 * i),
                        status=MilestoneStatus.VERIFIED if i < 4 else MilestoneStatus.CLAIMED,
                    )
                )
            if stage >= 10:
                units.append(
                    BusinessUnit(
                        cooperative_id=coop_id,
                        category="sembako",
                        status=UnitStatus.BEROPERASI,
                        since=datetime.date(2025, 7, 1),
                    )
                )
            if len(milestones) >= 50_000:
                Milestone.objects.bulk_create(milestones, batch_size=10_000)
                milestones.clear()
        Milestone.objects.bulk_create(milestones, batch_size=10_000)
        BusinessUnit.objects.bulk_create(units, batch_size=5000)
        regencies = Region.objects.filter(level=RegionLevel.REGENCY)
        if context.provinces:
            regencies = regencies.filter(parent_id__in=context.provinces)
        Target.objects.bulk_create(
            [
                Target(region_id=code, phase="operasional", percent=100, due_date=datetime.date(2025, 11, 28))
                for code in regencies.values_list("code", flat=True)
            ]
        )
    return [
        Row(
            "generate data set",
            f"{Cooperative.objects.count():,} cooperatives, {Milestone.objects.count():,} milestones",
            f"{time.perf_counter() - start:.1f} s",
        )
    ]


def measure_imports(context: BenchContext) -> list[Row]:
    villages = Region.objects.filter(level=RegionLevel.VILLAGE)
    regency_codes = list(villages.filter(code__startswith=f"{context.regency}.").values_list("code", flat=True))[:237]
    _delete_cooperatives(regency_codes)
    start = time.perf_counter()
    result = cooperatives_import(actor=None, data=_registry_file(regency_codes), file_name="bench-237.csv")
    assert result.ok, result.errors[:3]
    rows = [Row(f"import {len(regency_codes)}-row registry file", f"{time.perf_counter() - start:.2f} s", goal="≤ 3 s")]

    big_codes = list(villages.order_by("-code").values_list("code", flat=True)[:10_000])
    _delete_cooperatives(big_codes)
    start = time.perf_counter()
    result = cooperatives_import(actor=None, data=_registry_file(big_codes), file_name="bench-10000.csv")
    assert result.ok, result.errors[:3]
    rows.append(Row(f"import {len(big_codes):,}-row registry file", f"{time.perf_counter() - start:.2f} s"))
    start = time.perf_counter()
    again = cooperatives_import(actor=None, data=_registry_file(big_codes), file_name="bench-10000.csv")
    rows.append(
        Row(
            f"re-import the same {len(big_codes):,} rows",
            f"{time.perf_counter() - start:.2f} s ({again.unchanged:,} unchanged)",
        )
    )
    return rows


def _delete_cooperatives(codes: list[str]) -> None:
    """Make room for the import: the villages' cooperatives go with plain DELETEs (no signals or history), with what
    hangs off them in any app (milestones, gerai, …), found through the reverse relations so no app is named."""
    ids = list(Cooperative.objects.filter(village_id__in=codes).values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        _raw_delete(Cooperative, ids[start : start + 5000])


def _raw_delete(model: type[models.Model], pks: list) -> None:
    for relation in model._meta.related_objects:
        if relation.on_delete is not models.CASCADE:
            continue
        child = relation.related_model
        rows = child._base_manager.filter(**{f"{relation.field.name}__in": pks})
        if any(r.on_delete is models.CASCADE for r in child._meta.related_objects):
            _raw_delete(child, list(rows.values_list("pk", flat=True)))
        else:
            rows._raw_delete(connection.alias)
    model._base_manager.filter(pk__in=pks)._raw_delete(connection.alias)


def _registry_file(codes: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for code in codes:
        writer.writerow([code, "", "", "", "2025-04-01", "2025-04-20"] + [""] * (len(COLUMNS) - 6))
    return out.getvalue().encode()

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
    """Make room for the import: the villages' cooperatives go with plain statements (no signals or history), with
    everything that hangs off them in any app (milestones, gerai, officials, training participants, books, finance,
    …), found from the models' reverse relations, hidden ones (`related_name="+"`) included, so no app is named.
    One transaction per chunk; children go before their parents, so no foreign key is left dangling."""
    for start in range(0, len(codes), 5000):
        with transaction.atomic():
            _raw_delete(Cooperative, Cooperative.objects.filter(village_id__in=codes[start : start + 5000]))


def _reverse_relations(model: type[models.Model]) -> list:
    """The relations pointing at `model` through a real foreign key (history tables have none: db_constraint off)."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one) and f.field.db_constraint
    ]


def _raw_delete(model: type[models.Model], rows: models.QuerySet, path: tuple = ()) -> None:
    """Delete `rows` and, first, what points at them: a nullable SET_NULL link is cleared, any other (CASCADE, and
    PROTECT/RESTRICT too: this is the benchmark's scratch database) is deleted the same way, depth first."""
    for relation in _reverse_relations(model):
        child, field = relation.related_model, relation.field
        dependants = child._base_manager.filter(**{f"{field.name}__in": rows.values("pk")})
        if relation.on_delete is models.SET_NULL:
            dependants.update(**{field.name: None})
        elif child not in path:  # a relation back to a model being deleted (a cycle) is left to that step
            _raw_delete(child, dependants, (*path, model))
    rows._raw_delete(connection.alias)


def _registry_file(codes: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for code in codes:
        writer.writerow([code, "", "", "", "2025-04-01", "2025-04-20"] + [""] * (len(COLUMNS) - 6))
    return out.getvalue().encode()

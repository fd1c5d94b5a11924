"""Benchmark step of formation: the national-scale data set, one cooperative per village at a stage drawn from its
code (~8 milestones each), and a target for every regency. The dashboard's step reads it."""

from __future__ import annotations

import datetime
import hashlib
import time

from django.db import transaction

from kopdes.cooperatives.choices import UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative
from kopdes.cooperatives.rules import cooperative_kind_for
from kopdes.core.devtools import BenchContext, Row
from kopdes.formation.choices import MilestoneKind, MilestoneStatus
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

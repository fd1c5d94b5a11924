"""Benchmark steps of training: the coverage roll-up at national scale. `generate` gives every benchmark cooperative
(formation's step made them) a board of eight officials and every kecamatan a `dasar` tata kelola training whose
ketua and sekretaris invitations are mostly attended and passed (drawn from the village code), plus a regency
`madya` training for a tenth of the ketua who passed; `measure` times the "training" block and the coverage by child
region for the country, a province and a regency (each one aggregate over the code prefix)."""

from __future__ import annotations

import datetime
import hashlib
import time

from django.db import transaction

from kopdes.cooperatives.choices import Position
from kopdes.cooperatives.models import Cooperative, Official
from kopdes.core.devtools import BenchContext, Row, median_ms
from kopdes.core.scoping import system_region
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.training.choices import ParticipantSource
from kopdes.training.models import Course, Event, Participant, Provider
from kopdes.training.selectors import coverage_by_child, coverage_by_position, training_block

BOARD = [
    Position.KETUA,
    Position.WAKIL_KETUA_USAHA,
    Position.WAKIL_KETUA_ANGGOTA,
    Position.SEKRETARIS,
    Position.BENDAHARA,
    Position.PENGAWAS_KETUA,
    Position.PENGAWAS,
    Position.PENGAWAS,
]
DAY = datetime.date(2025, 10, 6)
CHUNK = 50_000


def _h(code: str, salt: str) -> int:
    return int(hashlib.md5(f"{code}|{salt}".encode()).hexdigest()[:8], 16) % 100


def generate(context: BenchContext) -> list[Row]:
    start = time.perf_counter()
    with transaction.atomic():
        dasar = Course.objects.create(
            code="B-TK-1", title="Tata kelola dasar", track="tata_kelola", tier="dasar", hours=16
        )
        madya = Course.objects.create(
            code="B-TK-2", title="Tata kelola madya", track="tata_kelola", tier="madya", hours=24
        )
        provider = Provider.objects.create(
            name="LPK Bench", kind="lpk", certification_number="BENCH-1", issuing_body="Kemnaker",
            valid_from=datetime.date(2024, 1, 1), valid_until=datetime.date(2028, 12, 31),
        )  # fmt: skip
        coops = list(Cooperative.objects.values_list("pk", "village_id").order_by("village_id"))
        officials = []
        for pk, code in coops:
            officials += [
                Official(cooperative_id=pk, name=f"Pengurus {i} {code}", gender="L" if i % 2 else "P",
                         nik=f"{i}{code.replace('.', '')}".ljust(16, "0")[:16], position=position)
                for i, position in enumerate(BOARD)
            ]  # fmt: skip
            if len(officials) >= CHUNK:
                Official.objects.bulk_create(officials, batch_size=10_000)
                officials.clear()
        Official.objects.bulk_create(officials, batch_size=10_000)
        districts = Region.objects.filter(level=RegionLevel.DISTRICT)
        regencies = Region.objects.filter(level=RegionLevel.REGENCY)
        if context.provinces:
            prefixes = tuple(f"{p}." for p in context.provinces)
            districts = [d for d in districts if d.code.startswith(prefixes)]
            regencies = [r for r in regencies if r.code.startswith(prefixes)]
        event_of = {}
        for region, course in [*((d, dasar) for d in districts), *((r, madya) for r in regencies)]:
            event_of[(region.code, course.tier)] = Event(
                kind="pelatihan", title=f"Pelatihan {course.tier} {region.name}", organiser_region=region,
                agency="Dinas Koperasi", start_date=DAY, end_date=DAY, capacity=10_000, course=course,
                provider=provider,
            )  # fmt: skip
        Event.objects.bulk_create(event_of.values(), batch_size=5000)
        ids = {(e.organiser_region_id, e.course_id): e.pk for e in Event.objects.all()}
        rows = []
        board = Official.objects.filter(position__in=[Position.KETUA, Position.SEKRETARIS]).values_list(
            "pk", "cooperative_id", "cooperative__village_id", "position", "name"
        )
        for official_id, coop_id, code, position, name in board.iterator(chunk_size=CHUNK):
            came = _h(code, position) < 80
            passed = came and _h(code, f"{position}-pass") < 85
            rows.append(
                Participant(
                    event_id=ids[(code[:8], dasar.pk)], cooperative_id=coop_id, official_id=official_id, name=name,
                    position=position, source=ParticipantSource.UNDANGAN, attended_on=DAY if came else None,
                    passed=passed, certificate_number=f"B/{official_id}" if passed else None,
                    track="tata_kelola", tier="dasar",
                )
            )  # fmt: skip
            if passed and position == Position.KETUA and _h(code, "madya") < 10:
                rows.append(
                    Participant(
                        event_id=ids[(code[:5], madya.pk)], cooperative_id=coop_id, official_id=official_id, name=name,
                        position=position, source=ParticipantSource.UNDANGAN, attended_on=DAY, passed=True,
                        certificate_number=f"B2/{official_id}", track="tata_kelola", tier="madya",
                    )
                )  # fmt: skip
            if len(rows) >= CHUNK:
                Participant.objects.bulk_create(rows, batch_size=10_000)
                rows.clear()
        Participant.objects.bulk_create(rows, batch_size=10_000)
    return [
        Row(
            "generate training data set",
            f"{Official.objects.count():,} officials, {Event.objects.count():,} events, "
            f"{Participant.objects.count():,} participants",
            f"{time.perf_counter() - start:.1f} s",
        )
    ]


def measure(context: BenchContext) -> list[Row]:
    rows = []
    for code in ("", context.province, context.regency):
        region = system_region(Region.objects.get(code=code) if code else None)
        label = code or "ID"
        rows.append(
            Row(f'"training" block {label}', f"{median_ms(lambda r=region: training_block(region=r), 5):.1f} ms")
        )
        rows.append(
            Row(
                f"coverage by child region {label}",
                f"{median_ms(lambda r=region: coverage_by_child(region=r), 5):.1f} ms",
            )
        )
    regency = system_region(Region.objects.get(code=context.regency))
    rows.append(
        Row(
            f"coverage by position {context.regency}",
            f"{median_ms(lambda: coverage_by_position(region=regency), 5):.1f} ms",
        )
    )
    return rows

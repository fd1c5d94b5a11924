"""Loading the Kemendagri regions shipped in data/wilayah (idn-area-data 4.0.1, ODbL)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kopdes.regions.models import Region

WILAYAH_DIR = settings.BASE_DIR / "data" / "wilayah"
FILES = (
    ("provinces.csv", None),
    ("regencies.csv", "province_code"),
    ("districts.csv", "regency_code"),
    ("villages.csv", "district_code"),
)
BATCH_SIZE = 5000


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_level: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _read_rows(directory: Path, provinces: set[str] | None) -> Iterator[tuple[str, str, str | None]]:
    for filename, parent_column in FILES:
        with open(directory / filename, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code = row["code"].strip()
                if provinces and code[:2] not in provinces:
                    continue
                parent = row[parent_column].strip() if parent_column else None
                yield code, row["name"].strip(), parent


@transaction.atomic
def regions_load(
    *,
    provinces: list[str] | None = None,
    directory: Path = WILAYAH_DIR,
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Upsert regions by code. Only rows whose name, parent or kind differ are written, so a second run of the
    same data writes nothing. Parents are loaded before children (the files are in level order)."""
    wanted = {code.strip() for code in provinces} if provinces else None
    existing = {
        code: (name, parent, kind)
        for code, name, parent, kind in Region.objects.values_list("code", "name", "parent_id", "kind").iterator(
            chunk_size=20_000
        )
    }
    result = LoadResult()
    to_create: list[Region] = []
    to_update: list[Region] = []

    def flush() -> None:
        if to_create:
            Region.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
            to_create.clear()
        if to_update:
            Region.objects.bulk_update(to_update, ["name", "parent", "kind", "level"], batch_size=BATCH_SIZE)
            to_update.clear()

    for code, name, parent in _read_rows(directory, wanted):
        level = Region.level_of(code)
        kind = Region.kind_of(code, name)
        result.by_level[level] = result.by_level.get(level, 0) + 1
        stored = existing.get(code)
        if stored is None:
            to_create.append(Region(code=code, name=name, level=level, kind=kind, parent_id=parent))
            result.created += 1
        elif stored != (name, parent, kind):
            to_update.append(Region(code=code, name=name, level=level, kind=kind, parent_id=parent))
            result.updated += 1
        else:
            result.unchanged += 1
        if len(to_create) + len(to_update) >= BATCH_SIZE:
            flush()
        if progress:
            progress(1)
    flush()
    return result


def regions_count_rows(*, provinces: list[str] | None = None, directory: Path = WILAYAH_DIR) -> int:
    """Rows the loader will read, for the progress bar."""
    wanted = {code.strip() for code in provinces} if provinces else None
    return sum(1 for _ in _read_rows(directory, wanted))

"""Loading the Kemendagri regions shipped in data/wilayah (idn-area-data 4.0.1, ODbL)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from kopdes.regions.choices import LEVEL_BY_DOTS
from kopdes.regions.models import SEARCH_KEY_SQL, Region, search_key

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
    same data writes nothing. Parents are loaded before children (the files are in level order).

    On PostgreSQL the rows are streamed with COPY into a temporary table and merged with one INSERT … ON CONFLICT
    (see docs/decisions/0003-region-load-with-copy.md); elsewhere they are compared in Python and bulk-written."""
    wanted = {code.strip() for code in provinces} if provinces else None
    if connection.vendor == "postgresql":
        return _regions_load_postgresql(directory, wanted, progress)
    existing = {
        code: (name, parent, kind, search_name)
        for code, name, parent, kind, search_name in Region.objects.values_list(
            "code", "name", "parent_id", "kind", "search_name"
        ).iterator(chunk_size=20_000)
    }
    result = LoadResult()
    to_create: list[Region] = []
    to_update: list[Region] = []

    def flush() -> None:
        if to_create:
            Region.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
            to_create.clear()
        if to_update:
            Region.objects.bulk_update(
                to_update, ["name", "parent", "kind", "level", "search_name"], batch_size=BATCH_SIZE
            )
            to_update.clear()

    for code, name, parent in _read_rows(directory, wanted):
        level = Region.level_of(code)
        kind = Region.kind_of(code, name)
        key = search_key(name)
        result.by_level[level] = result.by_level.get(level, 0) + 1
        stored = existing.get(code)
        row = {"code": code, "name": name, "level": level, "kind": kind, "parent_id": parent, "search_name": key}
        if stored is None:
            to_create.append(Region(**row))
            result.created += 1
        elif stored != (name, parent, kind, key):
            to_update.append(Region(**row))
            result.updated += 1
        else:
            result.unchanged += 1
        if len(to_create) + len(to_update) >= BATCH_SIZE:
            flush()
        if progress:
            progress(1)
    flush()
    return result


def regions_read_rows(
    *, provinces: list[str] | None = None, directory: Path = WILAYAH_DIR
) -> Iterator[tuple[str, str, str | None]]:
    """The (code, name, parent code) rows `regions_load` reads, parents first, for a caller that needs the same rows
    (the benchmark's COPY reference)."""
    wanted = {code.strip() for code in provinces} if provinces else None
    return _read_rows(directory, wanted)


def regions_count_rows(*, provinces: list[str] | None = None, directory: Path = WILAYAH_DIR) -> int:
    """Rows the loader will read, for the progress bar."""
    wanted = {code.strip() for code in provinces} if provinces else None
    return sum(1 for _ in _read_rows(directory, wanted))


MERGE_SQL = """
WITH incoming AS (
    SELECT code, name, parent,
           CASE length(code) - length(replace(code, '.', ''))
                WHEN 0 THEN 'province' WHEN 1 THEN 'regency' WHEN 2 THEN 'district' ELSE 'village' END AS level,
           CASE length(code) - length(replace(code, '.', ''))
                WHEN 1 THEN CASE WHEN lower(name) LIKE 'kota%%' THEN 'kota' ELSE 'kabupaten' END
                WHEN 3 THEN CASE WHEN substr(split_part(code, '.', 4), 1, 1) = '1' THEN 'kelurahan' ELSE 'desa' END
                ELSE '' END AS kind,
           SEARCH_KEY AS search_name,
           ord
    FROM region_load
)
INSERT INTO regions_region (code, name, level, kind, parent_id, search_name)
SELECT code, name, level, kind, parent, search_name FROM incoming ORDER BY ord
ON CONFLICT (code) DO UPDATE
    SET name = EXCLUDED.name, level = EXCLUDED.level, kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id,
        search_name = EXCLUDED.search_name
    WHERE (regions_region.name, regions_region.level, regions_region.kind, regions_region.parent_id,
           regions_region.search_name)
          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.kind, EXCLUDED.parent_id, EXCLUDED.search_name)
RETURNING (xmax = 0) AS inserted, level
""".replace("SEARCH_KEY", SEARCH_KEY_SQL.format(column="name"))


def _regions_load_postgresql(directory: Path, wanted: set[str] | None, progress) -> LoadResult:
    result = LoadResult()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE region_load (code text PRIMARY KEY, name text, parent text, ord serial) ON COMMIT DROP"
        )
        with cursor.copy("COPY region_load (code, name, parent) FROM STDIN") as copy:
            for code, name, parent in _read_rows(directory, wanted):
                copy.write_row((code, name, parent))
                level = LEVEL_BY_DOTS[code.count(".")]
                result.by_level[level] = result.by_level.get(level, 0) + 1
                if progress:
                    progress(1)
        cursor.execute(MERGE_SQL)
        for inserted, _level in cursor.fetchall():
            if inserted:
                result.created += 1
            else:
                result.updated += 1
    result.unchanged = sum(result.by_level.values()) - result.created - result.updated
    return result

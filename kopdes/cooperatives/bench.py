"""Benchmark step of cooperatives: registry imports of new villages, a regency-sized file and a 10,000-row file,
then the same 10,000 rows again (every row found unchanged)."""

from __future__ import annotations

import csv
import io
import time

from django.db import connection, models

from kopdes.cooperatives.io import COLUMNS, cooperatives_import
from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import BenchContext, Row
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region


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

"""The demo's regions: Kalimantan Timur (province 64), whose villages every later demo step works in. Loaded from the
shipped files when any of them is missing; a second run finds them all and writes nothing."""

from __future__ import annotations

from django.db.models import Q

from kopdes.core.devtools import DemoContext
from kopdes.regions.models import Region
from kopdes.regions.services import regions_count_rows, regions_load

PROVINCE = "64"  # Kalimantan Timur


def load(context: DemoContext) -> None:
    stored = Region.objects.filter(Q(code=PROVINCE) | Q(code__startswith=f"{PROVINCE}.")).count()
    if stored >= regions_count_rows(provinces=[PROVINCE]):
        return
    result = regions_load(provinces=[PROVINCE])
    context.counts["regions_created"] += result.created
    context.counts["regions_updated"] += result.updated
    context.messages.append(f"Wilayah provinsi {PROVINCE} (Kalimantan Timur) dimuat.")

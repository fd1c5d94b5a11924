"""The maps in `kopdes load_demo`. After the 21 August 2025 sosialisasi in Tenggarong the Kukar office asked the
cooperatives of kec. Tenggarong to record where their gerai stands; they did, each inside its village (recorded
through the service, so checked against the village polygon). Not everything fits: two Paser cooperatives carry
the national data's placeholder −6.2, 106.8 (a point in Jakarta) and one Loa Janan cooperative was given a point in
Samarinda, both copied into the registry before locations were checked: the regency's "lokasi koperasi" list
shows them.

The points inside the villages need the polygons (`make demo` runs `kopdes load_boundaries` first); without them
only the copied points are written. A location already recorded is left as it is, so a second run writes nothing."""

from __future__ import annotations

from decimal import Decimal

import shapely

from kopdes.cooperatives.models import Cooperative
from kopdes.cooperatives.services import cooperative_update
from kopdes.core.devtools import DemoContext
from kopdes.regions.models import Boundary

TENGGARONG = "64.02.06"
TENGGARONG_LOCATED = 10
COPIED = {  # village → (lat, lon) copied from the national data / typed in Samarinda
    "64.01.04.2002": (Decimal("-6.200000"), Decimal("106.800000")),  # Janju, Paser
    "64.01.04.2003": (Decimal("-6.200000"), Decimal("106.800000")),
    "64.02.03.2001": (Decimal("-0.501700"), Decimal("117.153600")),  # Loa Janan, a point in Samarinda
}


def _inside(display: str) -> tuple[Decimal, Decimal]:
    point = shapely.from_geojson(display).representative_point()
    return Decimal(f"{point.y:.6f}"), Decimal(f"{point.x:.6f}")


def load(context: DemoContext) -> None:
    recorded = 0
    cooperatives = list(
        Cooperative.objects.filter(village__parent_id=TENGGARONG).order_by("village_id")[:TENGGARONG_LOCATED]
    )
    polygons = dict(
        Boundary.objects.filter(region_id__in=[c.village_id for c in cooperatives]).values_list("region_id", "geometry")
    )
    for cooperative in cooperatives:
        if cooperative.latitude is not None or cooperative.village_id not in polygons:
            continue
        lat, lon = _inside(polygons[cooperative.village_id])
        cooperative_update(
            actor=context.actor,
            cooperative=cooperative,
            version=cooperative.version,
            data={"latitude": lat, "longitude": lon},
        )
        recorded += 1
    copied = 0
    for village, (lat, lon) in COPIED.items():
        copied += Cooperative.objects.filter(village_id=village, latitude__isnull=True).update(
            latitude=lat, longitude=lon
        )
    context.counts["cooperative_locations_created"] += recorded + copied
    context.messages.append(
        f"Peta: {recorded} lokasi koperasi di Kec. Tenggarong dicatat; {copied} lokasi salinan yang perlu diperiksa."
    )

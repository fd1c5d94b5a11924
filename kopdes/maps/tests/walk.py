"""The maps' rows of the route walk (kopdes/tests/test_route_walk.py): the suspicious-locations page and the map
endpoints of Kukar (and of Muara Muntai for the camat), and the location check of Perian. The walk loads no
polygons: the maps answer with no features, which is enough for the statuses and the scope."""

from __future__ import annotations

from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE
from kopdes.tests.walk import Case

MUARA_MUNTAI = "64.02.01"
CHECK = f"village={KUKAR_VILLAGE}&lat=-0.5017&lon=117.1536"

# fmt: off
# Statuses in PERSONAS order:   anon natl kukr pasr cmat pngr bpti kads dpmd
# Read-only pages and endpoints: 200 inside the scope (the bupati included), 404 outside it.
PAGES = {
    "maps:locations": [
        Case("302  200  200  404  404  404  200  404  200", args={"code": KUKAR}),
        Case("302  200  200  404  200  404  200  404  200", args={"code": MUARA_MUNTAI}, label="kecamatan"),
        Case("302  200  200  404  200  404  200  404  200", args={"code": MUARA_MUNTAI}, query="dekat=1",
             label="near"),
    ],
}
API = {
    ("GET", "/api/v1/regions/{code}/boundaries"): [
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}),
        Case("401  200  200  404  200  404  200  404  200", args={"code": MUARA_MUNTAI}, label="kecamatan"),
        Case("401  200  404  404  404  404  404  404  404", args={"code": "ID"}, label="country"),
    ],
    ("GET", "/api/v1/regions/{code}/points"): [
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}),
    ],
    ("GET", "/api/v1/regions/{code}/locations"): [
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}),
    ],
    ("GET", "/api/v1/locations/check"): [
        Case("401  200  200  404  200  200  200  200  200", query=CHECK),
    ],
}
# fmt: on

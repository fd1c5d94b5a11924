"""Operations' rows of the route walk (kopdes/tests/test_route_walk.py): the NIK access log (regency admins only; read
roles and the board get 403) and a cooperative's data archive (its board, the kepala desa and the offices; 404 outside
the region, 403 for the roles that only read)."""

from __future__ import annotations

from kopdes.tests.walk import Case


def _coop(w) -> dict:
    return {"pk": w.coop.pk}


# fmt: off
# Statuses in PERSONAS order:   anon natl kukr pasr cmat pngr bpti kads dpmd
PAGES = {
    "operations:nik_log": [
        Case("302  200  200  200  403  403  403  403  403"),
        Case("302  200  200  200  403  403  403  403  403", query="q=Perian", htmx=True, label="htmx"),
    ],
    "operations:archive_download": [Case("302  200  200  404  403  200  403  200  403", args=_coop)],
}
API: dict = {}
# fmt: on

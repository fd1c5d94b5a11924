"""The assessment's rows of the route walk (kopdes/tests/test_route_walk.py): Kukar assessed for the current month
(the Perian cooperative, not yet legal, is "belum berbadan hukum"), and a visit by the camat of Muara Muntai to
Perian with a photo (its position becomes the reference of later visits)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from kopdes.tests.factories import KUKAR, PNG_BYTES
from kopdes.tests.walk import Case

LAT, LON = "-0.700000", "116.700000"


def build(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from kopdes.assessment import services

    today = timezone.localdate()
    services.assess_month(month=today.replace(day=1), region_code=KUKAR, today=today)
    world.as_visit = services.visit_record(
        actor=world.users["camat"], cooperative=world.coop, visited_on=today - datetime.timedelta(days=3),
        latitude=Decimal(LAT), longitude=Decimal(LON), checklist=["office_open"], notes="Kantor Rahasia Perian buka.",
        photo=SimpleUploadedFile("gerai.png", PNG_BYTES, content_type="image/png"), today=today,
    )  # fmt: skip


def _coop(w) -> dict:
    return {"pk": w.coop.pk}


def _coop_id(w) -> dict:
    return {"cooperative_id": w.coop.pk}


def _visit(w) -> dict:
    from django.utils import timezone

    return {"visited_on": timezone.localdate().isoformat(), "checklist": ["office_open", "gerai_open"],
            "notes": "Kunjungan walk.", "latitude": LAT, "longitude": LON, "verdict": "confirm",
            "category_proposed": ""}  # fmt: skip


def _weights_form(w) -> dict:
    from kopdes.assessment.choices import DEFAULT_WEIGHTS

    return {**{f"w_{key}": value for key, value in DEFAULT_WEIGHTS.items()}, "visit_radius_m": 2500, "version": 0}


def _weights_json(w) -> dict:
    from kopdes.assessment.choices import DEFAULT_WEIGHTS

    return {"weights": dict(DEFAULT_WEIGHTS), "visit_radius_m": 2500}


REGION = f"region={KUKAR}"
ONE = "/api/v1/cooperatives/{cooperative_id}"

# fmt: off
# Statuses in PERSONAS order:   anon natl kukr pasr cmat pngr bpti kads dpmd
# Region pages are for users bound to a region (a pengurus has none: 404). Only the regency's office (admin) sets
# the weights and queues the run; field visits are recorded by the offices, DPMD and the camat (not the pengurus,
# the kepala desa or the read-only bupati: 403).
PAGES = {
    "assessment:region": [
        Case("302  200  200  200  200  404  200  200  200", label="own region"),
        Case("302  200  200  404  404  404  200  404  200", query=REGION, label="Kukar"),
        Case("302  200  200  404  404  404  200  404  200", query=REGION + "&format=xlsx", label="xlsx"),
        Case("302  200  200  404  404  404  200  404  200", query=REGION + "&category=papan_nama", htmx=True,
             label="htmx"),
    ],
    "assessment:run": [Case("302  302  302  404  404  404  403  404  403", method="POST", query=REGION)],
    "assessment:weights": [
        Case("302  200  200  404  404  404  200  404  200", query=REGION),
        Case("302  302  302  404  404  404  403  404  403", method="POST", query=REGION, body=_weights_form),
    ],
    "assessment:cooperative": [Case("302  200  200  404  200  200  200  200  200", args=_coop)],
    "assessment:visit_create": [
        Case("302  200  200  404  200  403  403  403  200", args=_coop),
        Case("302  302  302  404  302  403  403  403  302", method="POST", args=_coop, body=_visit),
    ],
    "assessment:visit_photo": [
        Case("302  200  200  404  200  200  200  200  200", args=lambda w: {"pk": w.as_visit.pk}),
    ],
}
API = {
    ("GET", ONE + "/assessment"): [Case("401  200  200  404  200  200  200  200  200", args=_coop_id)],
    ("GET", ONE + "/assessments"): [Case("401  200  200  404  200  200  200  200  200", args=_coop_id)],
    ("GET", ONE + "/visits"): [Case("401  200  200  404  200  200  200  200  200", args=_coop_id)],
    ("POST", ONE + "/visits"): [
        Case("401  201  201  404  201  403  403  403  201", args=_coop_id, multipart=True, body=_visit),
    ],
    ("GET", "/api/v1/assessment/attention"): [Case("401  200  200  404  404  404  200  404  200", query=REGION)],
    ("GET", "/api/v1/assessment/weights/{regency_code}"): [
        Case("401  200  200  404  404  404  200  404  200", args={"regency_code": KUKAR}),
    ],
    ("PUT", "/api/v1/assessment/weights/{regency_code}"): [
        Case("401  200  200  404  404  404  403  404  403", args={"regency_code": KUKAR}, body=_weights_json),
    ],
}
# fmt: on

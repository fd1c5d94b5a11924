"""The periodic reports' rows of the route walk (kopdes/tests/test_route_walk.py): the camat of Muara Muntai sent
the kecamatan's October report (waiting for the Kukar office's review; its narrative is "Rahasia Kecamatan"), and
the pengurus of Perian opened the cooperative's October report (a draft; its problems are "Rahasia Perian")."""

from __future__ import annotations

import datetime

from kopdes.tests.factories import KUKAR, MUARA_MUNTAI
from kopdes.tests.walk import Case


def build(world) -> None:
    from kopdes.regions.models import Region
    from kopdes.reporting import services

    october = datetime.date(2026, 10, 1)
    camat, pengurus = world.users["camat"], world.users["pengurus"]
    report = services.report_open(
        actor=camat, kind="camat_bulanan", district=Region.objects.get(code=MUARA_MUNTAI), period_start=october
    )
    services.report_submit(
        actor=camat, report=report, version=report.version, data={"narrative": "Laporan Rahasia Kecamatan"}
    )
    world.rp_camat = report
    coop_report = services.report_open(
        actor=pengurus, kind="koperasi_bulanan", cooperative=world.coop, period_start=october
    )
    services.report_save(
        actor=pengurus, report=coop_report, version=coop_report.version, data={"problems": "Modal Rahasia Perian"}
    )
    coop_report.refresh_from_db()
    world.rp_coop = coop_report


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def _id(name):
    return lambda w: {"report_id": getattr(w, name).pk}


def _version(name, **extra):
    return lambda w: {"version": getattr(w, name).version, **extra}


def _new_camat_page(w) -> dict:
    return {"kind": "camat_bulanan", "period": "2026-09", "district": MUARA_MUNTAI}


def _settings(w) -> dict:
    forms = ("camat_bulanan", "koperasi_bulanan", "pendamping_bulanan")
    return {**{f"{k}_period_type": "bulanan" for k in forms}, **{f"{k}_due_day": 12 for k in forms}}


API_ROOT = "/api/v1/reporting"
ONE = API_ROOT + "/reports/{report_id}"

# fmt: off
# Statuses in PERSONAS order:   anon natl kukr pasr cmat pngr bpti kads dpmd
# The camat's report is seen in its kecamatan's region (not by the pengurus or the kepala desa of Perian); the
# cooperative's by its region and its pengurus. The camat writes the kecamatan's, the pengurus and the kepala desa
# the cooperative's, the office (admin) any; the office reviews; the bupati and the DPMD only read (403).
PAGES = {
    "reporting:report_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  200  200  200  200  200  200  200  200", query="status=submitted&period=2026-10", label="filter"),
    ],
    "reporting:report_create": [
        Case("302  200  200  200  200  200  403  200  403"),
        # POST: September's camat report of Muara Muntai; outside the district list the form refuses it (400)
        Case("302  302  302  400  302  400  403  400  403", method="POST", body=_new_camat_page),
    ],
    "reporting:report_detail": [
        Case("302  200  200  404  200  404  200  404  200", args=_pk("rp_camat")),
        Case("302  200  200  404  200  200  200  200  200", args=_pk("rp_coop"), label="cooperative"),
        # POST: save the cooperative's draft (its pengurus, the kepala desa, the office)
        Case("302  302  302  404  403  302  403  302  403", method="POST", args=_pk("rp_coop"),
             body=_version("rp_coop", problems="Stok", action="save")),
    ],
    "reporting:report_review": [
        Case("302  302  302  404  403  404  403  404  403", method="POST", args=_pk("rp_camat"),
             body=_version("rp_camat", action="approve")),
    ],
    "reporting:rates": [
        Case("302  200  200  200  200  200  200  200  200", label="own region"),
        Case("302  200  200  404  404  404  200  404  200", query=f"region={KUKAR}&period=2026-10", label="Kukar"),
    ],
    "reporting:consolidated": [
        Case("302  200  200  404  404  404  200  404  200", query=f"region={KUKAR}&period=2026-10"),
    ],
    "reporting:consolidated_pdf": [
        Case("302  200  200  404  404  404  200  404  200", query=f"region={KUKAR}&period=2026-10"),
    ],
    "reporting:report_settings": [
        Case("302  200  200  404  404  404  200  404  200", query=f"region={KUKAR}"),
        # POST: the office of the regency sets the forms; the read-only roles get 403
        Case("302  302  302  404  404  404  403  404  403", method="POST", query=f"region={KUKAR}", body=_settings),
    ],
}

API = {
    ("GET", API_ROOT + "/reports"): [
        Case("401  200  200  200  200  200  200  200  200"),
    ],
    ("POST", API_ROOT + "/reports"): [
        Case("401  201  201  400  201  400  403  400  403", body=_new_camat_page),
    ],
    ("GET", ONE): [
        Case("401  200  200  404  200  404  200  404  200", args=_id("rp_camat")),
    ],
    ("PATCH", ONE): [
        Case("401  200  200  404  403  200  403  200  403", args=_id("rp_coop"),
             body=_version("rp_coop", problems="Stok")),
    ],
    ("POST", ONE + "/submit"): [
        Case("401  200  200  404  403  200  403  200  403", args=_id("rp_coop"), body=_version("rp_coop")),
    ],
    ("POST", ONE + "/return"): [
        Case("401  200  200  404  403  404  403  404  403", args=_id("rp_camat"),
             body=_version("rp_camat", comments={"narrative": "Lengkapi."})),
    ],
    ("POST", ONE + "/approve"): [
        Case("401  200  200  404  403  404  403  404  403", args=_id("rp_camat"), body=_version("rp_camat")),
    ],
    ("GET", API_ROOT + "/rates/{code}"): [
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}),
    ],
    ("GET", API_ROOT + "/progress/{code}"): [
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}),
    ],
}
# fmt: on

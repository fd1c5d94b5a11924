"""The route walk: every URL pattern of the project and every operation of the API, requested as every persona, and
the status compared with a table of expectations (NetBox's view test cases, as one table for the whole house).

Adding a page or an endpoint
----------------------------
1. `test_every_route_has_a_row` fails and names each URL pattern or API operation that has no row (and each row
   whose route no longer exists).
2. Where the rows go: the base apps' (core, accounts, regions, cooperatives, formation, mapping, exchange, dashboard,
   the API's own pages) are PAGES and API below; every other app keeps its rows in `<app>/tests/walk.py`, found
   through INSTALLED_APPS with nothing to register (kopdes/tests/walk.py shows one). A new app touches no file here.
3. If the request needs an object, build it: base objects in `build_world` below, an app's in the `build(world)` of
   its walk module. Objects live in Kukar: the cooperative of Perian (64.02.01.2001) in kec. Muara Muntai, the
   personas' home; put a marker text of MARKS in its name so a page that shows it to the wrong persona fails.
4. The row: pages are keyed by URL name ("app:name"; an unnamed pattern by its route, "/koperasi/impor/"), the API
   by (METHOD, "/api/v1/path/{param}") as the OpenAPI document writes it. A row is a list of `Case`s: the method,
   the URL arguments or path parameters, the query, the body (form fields for pages, JSON for the API) and
   `expect`, nine statuses in PERSONAS order:

       anonymous  national  kukar  paser  camat  pengurus  bupati  kades  dpmd

   (national admin; Kukar and Paser dinas officers; the camat of Muara Muntai; the pengurus of the Perian
   cooperative; the read-only bupati of Kukar; the kepala desa of Perian; DPMD Kukar.) Reads answer 200 inside the
   persona's scope and 404 outside it. Writes send a body that would succeed, so the roles allowed to write get the
   success status (201/204 in the API, usually a 302 after a page's POST) and the others the 403 of their role
   (the read-only bupati included) or the 404 of their scope; say in a comment why a status is not one of these.
   Anonymous visitors get 302 to the sign-in page on pages (checked: the redirect must go there), 401 on the API.
   A new importer adds its cases to "core:import" and "core:import_template" (`test_every_importer_has_cases`).
5. Run `pytest kopdes/tests/test_route_walk.py`; a failure names the route, the case and the persona.

A new persona (a role such as pendamping or mitra) is a new column: add it to `factories.PERSONAS` and give every
row its status.

Besides the status, every text response is searched for the marker texts of objects the persona must not see
(MARKS): a list or a page that shows another region's rows fails even when its status is right.

The world is built once for the module inside a transaction that is rolled back at the end; each request runs in
the test's own savepoint, so a write (a delete included) never changes what the next case sees."""

from __future__ import annotations

import datetime
import importlib
import json
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kopdes.tests import factories
from kopdes.tests.factories import (
    KUKAR,
    KUKAR_VILLAGE,
    MUARA_MUNTAI,
    PASER_VILLAGE,
    PERSONA_PASSWORD,
    cooperative,
    persona,
    upload,
)
from kopdes.tests.walk import (
    MARKS,
    MUARA_ALOH,
    MUARA_LEKA,
    PERSONAS,
    TENGGARONG_KELURAHAN,
    Case,
    World,
    coop,
    coop_id,
)

D = datetime.date
NEW_PASSWORD = "Sandi-baru-2026!"
AKTA = {"akta_number": "12", "notary": "Notaris Perian"}  # recording the akta records its number once


# --- the world ------------------------------------------------------------------------------------------------------


def build_world() -> World:
    from kopdes.cooperatives import services as coop_services
    from kopdes.core.models import ExportJob, ImportRecord
    from kopdes.exchange.models import NationalUnit
    from kopdes.formation import services as formation_services
    from kopdes.formation.io import IMPORT_KIND
    from kopdes.mapping import services as mapping_services
    from kopdes.regions.models import Region

    users = {name: persona(name) for name in factories.PERSONAS if name != "pengurus"}
    perian = Region.objects.get(code=KUKAR_VILLAGE)
    coop = cooperative(KUKAR_VILLAGE, name="Koperasi Rahasia Perian")
    users["pengurus"] = persona("pengurus", cooperative=coop)
    official = coop_services.official_create(
        actor=None, cooperative=coop, name="Ketua Rahasia Perian", nik="6402010101900001", gender="L", position="ketua"
    )
    # A planned sembako gerai where the BUMDes runs a successful sembako unit: an overlap, decided below.
    gerai = coop_services.business_unit_create(actor=None, cooperative=coop, category="sembako", status="rencana")
    document = coop_services.document_upload(
        actor=users["kukar"],
        cooperative=coop,
        kind="berita_acara",
        uploaded_file=upload(),
        title="Berita acara Rahasia Perian",
    )
    formation_services.milestone_record(actor=None, cooperative=coop, kind="sosialisasi", date=D(2025, 4, 1))
    musdesus = formation_services.milestone_record(
        actor=None, cooperative=coop, kind="musdesus", date=D(2025, 4, 20), document=document
    )
    target = formation_services.target_create(
        actor=None,
        region=Region.objects.get(code=KUKAR),
        phase="musdesus",
        percent=Decimal("50"),
        due_date=D(2026, 12, 31),
        note="Rahasia Kabupaten",
    )
    district_target = formation_services.target_create(
        actor=None, region=Region.objects.get(code=MUARA_MUNTAI), phase="sosialisasi", count=5, due_date=D(2026, 6, 30)
    )
    bumdes = mapping_services.bumdes_register(actor=None, village=perian, name="BUMDes Rahasia Perian")
    bumdes_unit = mapping_services.bumdes_unit_create(
        actor=None, bumdes=bumdes, category="sembako", status="aktif", performance="berhasil", year=2025
    )
    potential = mapping_services.potential_create(
        actor=None, village=perian, category="perikanan", commodity="Patin Rahasia Perian"
    )
    decision = mapping_services.overlap_decide(
        actor=users["dpmd"], cooperative=coop, category="sembako", decision="kemitraan", note="Bermitra"
    )
    tenggarong = Region.objects.get(code=TENGGARONG_KELURAHAN)
    tenggarong_coop = cooperative(TENGGARONG_KELURAHAN, name="Koperasi Rahasia Tenggarong")
    paser_coop = cooperative(PASER_VILLAGE, name="Koperasi Rahasia Paser")
    mapping_services.potential_create(
        actor=None, village=tenggarong, category="pertanian", commodity="Sayur Rahasia Tenggarong"
    )
    import_record = ImportRecord.objects.create(
        kind=IMPORT_KIND,
        user=users["kukar"],
        scope_code=KUKAR,
        file_name="Rahasia Kabupaten.xlsx",
        sha256="0" * 64,
        status=ImportRecord.Status.APPLIED,
        rows=1,
        created=1,
    )
    pengurus_import = ImportRecord.objects.create(
        kind=IMPORT_KIND,
        user=users["pengurus"],
        file_name="koperasi-perian.xlsx",
        sha256="1" * 64,
        status=ImportRecord.Status.APPLIED,
        rows=1,
        updated=1,
    )
    export_job = ExportJob.objects.create(
        user=users["kukar"], kind="cooperatives", format="csv", status=ExportJob.Status.DONE, rows_total=2
    )
    export_job.file.save("koperasi.csv", ContentFile(b"kode_wilayah\n64.02.01.2001\n"))
    national_unit = NationalUnit.objects.create(
        key="23/347/9001/90002",
        level="village",
        national_id="90002",
        name="Kampung Rahasia Kecamatan",
        area_code=MUARA_MUNTAI,
    )
    for item in (coop, official, gerai, document, musdesus, target, bumdes, bumdes_unit, potential, decision):
        item.refresh_from_db()
    sessions = {}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return World(
        users=users,
        sessions=sessions,
        coop=coop,
        tenggarong_coop=tenggarong_coop,
        paser_coop=paser_coop,
        official=official,
        gerai=gerai,
        document=document,
        musdesus=musdesus,
        target=target,
        district_target=district_target,
        bumdes=bumdes,
        bumdes_unit=bumdes_unit,
        potential=potential,
        decision=decision,
        import_record=import_record,
        pengurus_import=pengurus_import,
        export_job=export_job,
        national_unit=national_unit,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once inside a transaction that is rolled back after the module's last test; each test runs
    in a savepoint inside it (pytest-django's `db`), so a test's writes are gone before the next one."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            for module in APP_WALKS:
                if hasattr(module, "build"):
                    module.build(built)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


# --- the table ------------------------------------------------------------------------------------------------------


def cooperative_form(w) -> dict:
    from kopdes.cooperatives.services import COOPERATIVE_EDITABLE_FIELDS

    values = {name: getattr(w.coop, name) for name in COOPERATIVE_EDITABLE_FIELDS}
    values = {name: "" if value is None else value for name, value in values.items()}
    return values | {"name": "Koperasi Merah Putih Perian", "version": w.coop.version}


def official_form(**extra) -> dict:
    return {"name": "Sekretaris Baru", "nik": "6402010101900009", "gender": "P", "position": "sekretaris"} | extra


def potential_csv() -> dict:
    from kopdes.mapping.io.potentials import POTENTIAL_COLUMNS

    row = {"kode_wilayah": KUKAR_VILLAGE, "kategori": "pertanian", "komoditas": "Jagung"}
    lines = [",".join(POTENTIAL_COLUMNS), ",".join(row.get(column, "") for column in POTENTIAL_COLUMNS)]
    return {"file": upload("\n".join(lines).encode(), "potensi.csv")}


# fmt: off
# Statuses in PERSONAS order:     anon natl kukr pasr cmat pngr bpti kads dpmd
PAGES: dict[str, list[Case]] = {
    # pengurus of one cooperative open on it, everyone else on their region (anonymous: sign in)
    "dashboard:dashboard": [Case("302  302  302  302  302  302  302  302  302")],
    "dashboard:region_detail": [
        Case("302  200  404  404  404  404  404  404  404", args={"code": "ID"}, label="country"),
        Case("302  200  200  404  404  404  200  404  200", args={"code": KUKAR}, label="regency"),
        Case("302  200  200  404  200  404  200  404  200", args={"code": MUARA_MUNTAI}, label="district"),
        Case("302  200  200  404  200  200  200  200  200", args={"code": KUKAR_VILLAGE}, label="village"),
        Case("302  200  200  404  404  404  200  404  200", args={"code": KUKAR}, htmx=True, label="regency htmx"),
    ],
    "dashboard:region_briefing": [  # the bupati's one-page PDF: country, province or regency only
        Case("302  200  200  404  404  404  200  404  200", args={"code": KUKAR}, label="regency"),
        Case("302  404  404  404  404  404  404  404  404", args={"code": MUARA_MUNTAI}, label="district"),
    ],
    "regions:region_search": [
        Case("302  200  200  200  200  200  200  200  200", query="q=muara"),
        Case("302  200  200  200  200  200  200  200  200", query="field=village&village=muara&level=village",
             htmx=True, label="datalist htmx"),
    ],
    "formation:target_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        # a Muara Muntai target: the kecamatan is outside Paser, the village roles and the pengurus (404)
        Case("302  302  302  404  403  404  403  404  403", method="POST", body=lambda w: {
            "region": MUARA_MUNTAI, "phase": "akta", "percent": "50", "due_date": "2026-12-31"}),
    ],
    "formation:target_edit": [  # the Kukar target: a regency row, so kecamatan and village roles do not see it
        Case("302  200  200  404  404  404  403  404  403", args=lambda w: {"pk": w.target.pk}),
        Case("302  302  302  404  404  404  403  404  403", method="POST", args=lambda w: {"pk": w.target.pk},
             body=lambda w: {"version": w.target.version, "phase": "musdesus", "percent": "60",
                             "due_date": "2026-12-31"}),
        Case("302  200  200  404  403  404  403  404  403", args=lambda w: {"pk": w.district_target.pk},
             label="district"),
    ],
    "formation:milestone_record": [
        Case("302  302  302  404  302  302  403  302  302", method="POST", args=coop,
             body=lambda w: {"kind": "akta", "date": "2025-05-05", **AKTA}),
    ],
    "formation:milestone_verify": [
        Case("302  302  302  404  403  403  403  403  403", method="POST", args=lambda w: {"pk": w.musdesus.pk}),
    ],
    "formation:milestone_reject": [
        Case("302  302  302  404  403  403  403  403  403", method="POST", args=lambda w: {"pk": w.musdesus.pk},
             body=lambda w: {"note": "Berita acara tidak ditandatangani"}),
    ],
    # an export job is its owner's alone (the Kukar officer's): 404 for everyone else, national admin included
    "core:export_job_detail": [
        Case("302  404  200  404  404  404  404  404  404", args=lambda w: {"pk": w.export_job.pk}),
        Case("302  404  200  404  404  404  404  404  404", args=lambda w: {"pk": w.export_job.pk}, htmx=True,
             label="htmx"),
    ],
    "core:export_job_download": [
        Case("302  404  200  404  404  404  404  404  404", args=lambda w: {"pk": w.export_job.pk}),
    ],
    "core:import_record_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  200  200  200  200  200  200  200  200", query="jenis=koperasi", label="one kind"),
    ],
    # the Kukar officer's import is seen in Kukar (scope_code 64.02): not by kecamatan, village or cooperative roles
    "core:import_record_detail": [
        Case("302  200  200  404  404  404  200  404  200", args=lambda w: {"pk": w.import_record.pk}),
        Case("302  200  404  404  404  200  404  404  404", args=lambda w: {"pk": w.pengurus_import.pk},
             label="the pengurus's"),
    ],
    "core:import": [
        # importing registers or edits cooperatives
        Case("302  200  200  200  403  200  403  200  403", args={"slug": "koperasi"}, label="koperasi"),
        Case("302  200  200  200  200  403  403  200  200", args={"slug": "potensi"}, label="potensi"),
        Case("302  200  200  200  403  403  403  403  200", args={"slug": "bumdes"}, label="bumdes"),
        Case("302  200  200  200  403  403  403  403  403", args={"slug": "simkopdes"}, label="simkopdes"),
        Case("302  404  404  404  404  404  404  404  404", args={"slug": "tidak-ada"}, label="unknown"),
        # the dry run of a Perian row: a preview (200) in scope; for Paser the row is refused (400)
        Case("302  200  200  400  200  403  403  200  200", method="POST", args={"slug": "potensi"},
             body=lambda w: potential_csv(), label="potensi upload"),
        Case("302  200  200  400  200  403  403  200  200", method="POST", args={"slug": "potensi"},
             body=lambda w: potential_csv(), htmx=True, label="potensi upload htmx"),
        # confirming bytes that were never previewed
        Case("302  400  400  400  400  403  403  400  400", method="POST", args={"slug": "potensi"},
             body=lambda w: {"sha256": "0" * 64, "file_name": "potensi.csv", "options": ""},
             label="potensi confirm unknown"),
    ],
    "core:import_template": [
        Case("302  200  200  200  403  200  403  200  403", args={"slug": "koperasi", "fmt": "xlsx"},
             label="koperasi"),
        Case("302  200  200  200  200  403  403  200  200", args={"slug": "potensi", "fmt": "csv"}, label="potensi"),
        Case("302  200  200  200  403  403  403  403  200", args={"slug": "bumdes", "fmt": "xlsx"}, label="bumdes"),
        # SIMKOPDES has one template per level (the variant route); without a level there is none
        Case("302  404  404  404  403  403  403  403  403", args={"slug": "simkopdes", "fmt": "csv"},
             label="simkopdes"),
        Case("302  404  404  404  404  403  403  404  404", args={"slug": "potensi", "fmt": "pdf"}, label="pdf"),
    ],
    "core:import_template_variant": [
        Case("302  200  200  200  403  403  403  403  403",
             args={"slug": "simkopdes", "variant": "village", "fmt": "csv"}, label="simkopdes"),
    ],
    "/impor/riwayat/": [Case("308  308  308  308  308  308  308  308  308")],
    "accounts:login": [
        Case("200  200  200  200  200  200  200  200  200"),
        Case("200  200  200  200  200  200  200  200  200", method="POST",
             body=lambda w: {"username": "nasional", "password": "salah"}, label="wrong password"),
    ],
    "accounts:logout": [Case("302  302  302  302  302  302  302  302  302", method="POST")],
    "accounts:password_change": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  302  302  302  302  302  302  302  302", method="POST", body=lambda w: {
            "old_password": PERSONA_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}),
    ],
    "cooperatives:cooperative_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  200  200  200  200  200  200  200  200", htmx=True, label="htmx"),
    ],
    "cooperatives:cooperative_export": [
        Case("302  200  200  200  200  200  200  200  200", query="format=csv"),
        # a small list: the POST of the export button leads to the download (GET)
        Case("302  302  302  302  302  302  302  302  302", method="POST", body=lambda w: {"format": "csv"}),
    ],
    "/koperasi/impor/": [Case("308  308  308  308  308  308  308  308  308")],
    "/koperasi/impor/templat.<str:fmt>": [Case("308  308  308  308  308  308  308  308  308", args={"fmt": "xlsx"})],
    "/koperasi/impor/riwayat/": [Case("308  308  308  308  308  308  308  308  308")],
    "/koperasi/impor/riwayat/<int:pk>/": [
        Case("308  308  308  308  308  308  308  308  308", args=lambda w: {"pk": w.import_record.pk}),
    ],
    "cooperatives:cooperative_register": [
        Case("302  200  200  200  403  403  403  200  403"),
        # Muara Leka: outside Paser and outside the kades's own village, so the form refuses it (400)
        Case("302  302  302  400  403  403  403  400  403", method="POST",
             body=lambda w: {"village": MUARA_LEKA, "scheme": "pendirian_baru"}),
    ],
    "cooperatives:cooperative_detail": [
        Case("302  200  200  404  200  200  200  200  200", args=coop),
        Case("302  200  200  404  404  404  200  404  200", args=lambda w: {"pk": w.tenggarong_coop.pk},
             label="Tenggarong"),
        Case("302  200  404  200  404  404  404  404  404", args=lambda w: {"pk": w.paser_coop.pk}, label="Paser"),
    ],
    "cooperatives:cooperative_history": [  # scoped as the cooperative's page
        Case("302  200  200  404  200  200  200  200  200", args=coop),
        Case("302  200  200  404  404  404  200  404  200", args=lambda w: {"pk": w.tenggarong_coop.pk},
             label="Tenggarong"),
        Case("302  200  404  200  404  404  404  404  404", args=lambda w: {"pk": w.paser_coop.pk}, label="Paser"),
    ],
    "cooperatives:cooperative_edit": [
        Case("302  200  200  404  403  200  403  200  403", args=coop),
        Case("302  302  302  404  403  302  403  302  403", method="POST", args=coop, body=cooperative_form),
    ],
    "cooperatives:official_create": [
        Case("302  302  302  404  403  302  403  302  403", method="POST", args=coop,
             body=lambda w: official_form()),
    ],
    "cooperatives:unit_create": [
        Case("302  302  302  404  403  302  403  302  403", method="POST", args=coop,
             body=lambda w: {"category": "klinik", "status": "rencana"}),
    ],
    "cooperatives:document_upload": [
        Case("302  302  302  404  403  302  403  302  403", method="POST", args=coop,
             body=lambda w: {"kind": "akta", "title": "Akta", "file": upload()}),
    ],
    "cooperatives:official_edit": [
        Case("302  200  200  404  403  200  403  200  403", args=lambda w: {"pk": w.official.pk}),
        Case("302  302  302  404  403  302  403  302  403", method="POST", args=lambda w: {"pk": w.official.pk},
             body=lambda w: official_form(name="Ketua Perian", nik=w.official.nik, gender="L", position="ketua")),
        Case("302  302  302  404  403  302  403  302  403", method="POST", args=lambda w: {"pk": w.official.pk},
             body=lambda w: {"delete": "1"}, label="delete"),
    ],
    "cooperatives:unit_edit": [
        Case("302  200  200  404  403  200  403  200  403", args=lambda w: {"pk": w.gerai.pk}),
        Case("302  302  302  404  403  302  403  302  403", method="POST", args=lambda w: {"pk": w.gerai.pk},
             body=lambda w: {"category": "sembako", "name": "Gerai sembako", "status": "pembangunan"}),
    ],
    "cooperatives:document_download": [
        Case("302  200  200  404  200  200  200  200  200", args=lambda w: {"pk": w.document.pk}),
    ],
    "mapping:regency_view": [
        Case("302  200  200  200  200  200  200  200  200", label="home"),
        Case("302  200  200  404  404  404  200  404  200", query=f"region={KUKAR}", label="Kukar"),
        Case("302  200  200  404  200  200  200  200  200", query=f"region={KUKAR_VILLAGE}&format=xlsx",
             label="Perian xlsx"),
    ],
    "mapping:potential_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  200  200  200  200  200  200  200  200", htmx=True, label="htmx"),
        Case("302  200  200  200  200  200  200  200  200", query="format=csv", label="csv"),
    ],
    "mapping:potential_create": [
        Case("302  200  200  200  200  403  403  200  200"),
        # Perian: outside Paser, so the form refuses it (400)
        Case("302  302  302  400  302  403  403  302  302", method="POST", body=lambda w: {
            "village": KUKAR_VILLAGE, "category": "pertanian", "commodity": "Jagung"}),
    ],
    "mapping:potential_edit": [
        Case("302  200  200  404  200  403  403  200  200", args=lambda w: {"pk": w.potential.pk}),
        Case("302  302  302  404  302  403  403  302  302", method="POST", args=lambda w: {"pk": w.potential.pk},
             body=lambda w: {"category": "perikanan", "commodity": "Patin keramba", "volume": "10"}),
    ],
    "mapping:potential_delete": [
        Case("302  302  302  404  302  403  403  302  302", method="POST", args=lambda w: {"pk": w.potential.pk}),
    ],
    "/pemetaan/impor/<slug:slug>/": [
        Case("308  308  308  308  308  308  308  308  308", args={"slug": "potensi"}),
    ],
    "/pemetaan/impor/<slug:slug>/templat.<str:fmt>": [
        Case("308  308  308  308  308  308  308  308  308", args={"slug": "bumdes", "fmt": "csv"}),
    ],
    "mapping:bumdes_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  200  200  200  200  200  200  200  200", htmx=True, label="htmx"),
        Case("302  200  200  200  200  200  200  200  200", query="format=xlsx", label="xlsx"),
    ],
    "mapping:bumdes_create": [
        Case("302  200  200  200  403  403  403  403  200"),
        # Muara Leka: outside Paser, so the form refuses it (400)
        Case("302  302  302  400  403  403  403  403  302", method="POST", body=lambda w: {
            "village": MUARA_LEKA, "name": "BUMDes Muara Leka", "legal_status": "belum_berbadan_hukum"}),
    ],
    "mapping:bumdes_detail": [Case("302  200  200  404  200  200  200  200  200", args=lambda w: {"pk": w.bumdes.pk})],
    "mapping:bumdes_edit": [
        Case("302  200  200  404  403  403  403  403  200", args=lambda w: {"pk": w.bumdes.pk}),
        Case("302  302  302  404  403  403  403  403  302", method="POST", args=lambda w: {"pk": w.bumdes.pk},
             body=lambda w: {"name": "BUMDes Perian", "legal_status": "berbadan_hukum",
                             "registration_number": "AHU-0001"}),
    ],
    "mapping:bumdes_delete": [
        Case("302  302  302  404  403  403  403  403  302", method="POST", args=lambda w: {"pk": w.bumdes.pk}),
    ],
    "mapping:unit_create": [
        Case("302  302  302  404  403  403  403  403  302", method="POST", args=lambda w: {"pk": w.bumdes.pk},
             body=lambda w: {"category": "pariwisata", "status": "aktif", "performance": "berhasil"}),
    ],
    "mapping:unit_edit": [
        Case("302  200  200  404  403  403  403  403  200", args=lambda w: {"pk": w.bumdes_unit.pk}),
        Case("302  302  302  404  403  403  403  403  302", method="POST", args=lambda w: {"pk": w.bumdes_unit.pk},
             body=lambda w: {"category": "sembako", "status": "aktif", "performance": "belum_optimal"}),
    ],
    "mapping:unit_delete": [
        Case("302  302  302  404  403  403  403  403  302", method="POST", args=lambda w: {"pk": w.bumdes_unit.pk}),
    ],
    "mapping:verdict_check": [
        Case("302  200  200  200  200  200  200  200  200"),
        # Perian is unknown to the Paser officer (400, as a code that does not exist)
        Case("302  200  200  400  200  200  200  200  200", query=f"village={KUKAR_VILLAGE}&category=sembako",
             label="Perian"),
        Case("302  200  200  400  200  200  200  200  200", query=f"village={KUKAR_VILLAGE}&category=sembako",
             htmx=True, label="Perian htmx"),
    ],
    "mapping:overlap_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  200  200  200  200  200  200  200  200", htmx=True, label="htmx"),
        Case("302  200  200  200  200  200  200  200  200", query="state=resolved", label="resolved"),
    ],
    "mapping:overlap_decide": [
        Case("302  302  302  404  403  403  403  302  302", method="POST", body=lambda w: {
            "cooperative": w.coop.pk, "category": "sembako", "decision": "tidak_masuk", "note": "Tidak masuk"}),
    ],
    "/simkopdes/impor/": [Case("308  308  308  308  308  308  308  308  308")],
    "/simkopdes/impor/simpan/": [Case("308  308  308  308  308  308  308  308  308")],
    "/simkopdes/impor/templat-<slug:level>.<str:fmt>": [
        Case("308  308  308  308  308  308  308  308  308", args={"level": "village", "fmt": "csv"}),
    ],
    "exchange:mapping_review": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  200  200  200  200  200  200  200  200", htmx=True, label="htmx"),
    ],
    # the unit is filed under Muara Muntai: the village and cooperative roles do not see it
    "exchange:mapping_decide": [
        Case("302  302  302  404  403  404  403  404  403", method="POST",
             args=lambda w: {"pk": w.national_unit.pk}, body=lambda w: {"region": MUARA_ALOH}),
        # from the review table: the decided row comes back as a fragment instead of a redirect
        Case("302  200  200  404  403  404  403  404  403", method="POST", htmx=True,
             args=lambda w: {"pk": w.national_unit.pk}, body=lambda w: {"region": MUARA_ALOH}, label="htmx"),
    ],
    "exchange:comparison": [
        Case("302  200  404  404  404  404  404  404  404", args={"code": "ID"}, label="country"),
        Case("302  200  200  404  404  404  200  404  200", args={"code": KUKAR}, label="regency"),
        Case("302  200  200  404  200  404  200  404  200", args={"code": MUARA_MUNTAI}, label="district"),
        Case("302  200  200  404  200  200  200  200  200", args={"code": KUKAR_VILLAGE}, label="village"),
    ],
    "exchange:comparison_export": [
        Case("302  200  200  404  404  404  200  404  200", args={"code": KUKAR}, label="regency"),
        Case("302  200  200  404  200  200  200  200  200", args={"code": KUKAR_VILLAGE}, label="village"),
    ],
    # django-ninja's own pages: the API root and its documents (public while KOPDES_API_DOCS_PUBLIC is on)
    "api:api-root": [Case("404  404  404  404  404  404  404  404  404")],
    "api:openapi-json": [Case("200  200  200  200  200  200  200  200  200")],
    "api:openapi-view": [Case("200  200  200  200  200  200  200  200  200")],
}

COOP = "/api/v1/cooperatives/{cooperative_id}"


# Statuses in PERSONAS order:                                 anon natl kukr pasr cmat pngr bpti kads dpmd
API: dict[tuple[str, str], list[Case]] = {
    ("GET", "/api/v1/regions/search"): [Case("401  200  200  200  200  200  200  200  200", query="q=muara")],
    ("GET", "/api/v1/regions/{code}"): [
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}, label="regency"),
        Case("401  200  200  404  200  200  200  200  200", args={"code": KUKAR_VILLAGE}, label="village"),
    ],
    ("GET", "/api/v1/regions/{code}/children"): [
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}),
    ],
    ("GET", "/api/v1/cooperatives"): [Case("401  200  200  200  200  200  200  200  200")],
    # Muara Leka: outside Paser, the kades's village and the pengurus's cooperative (404 before the role)
    ("POST", "/api/v1/cooperatives"): [
        Case("401  201  201  404  403  404  403  404  403", body=lambda w: {"village": MUARA_LEKA}),
    ],
    ("GET", COOP): [
        Case("401  200  200  404  200  200  200  200  200", args=coop_id),
        Case("401  200  200  404  404  404  200  404  200", args=lambda w: {"cooperative_id": w.tenggarong_coop.pk},
             label="Tenggarong"),
        Case("401  200  404  200  404  404  404  404  404", args=lambda w: {"cooperative_id": w.paser_coop.pk},
             label="Paser"),
    ],
    ("PATCH", COOP): [
        Case("401  200  200  404  403  200  403  200  403", args=coop_id,
             body=lambda w: {"version": w.coop.version, "notary": "Notaris Baru"}),
    ],
    ("GET", COOP + "/officials"): [Case("401  200  200  404  200  200  200  200  200", args=coop_id)],
    ("POST", COOP + "/officials"): [
        Case("401  201  201  404  403  201  403  201  403", args=coop_id, body=lambda w: official_form()),
    ],
    ("DELETE", COOP + "/officials/{official_id}"): [
        Case("401  204  204  404  403  204  403  204  403",
             args=lambda w: {"cooperative_id": w.coop.pk, "official_id": w.official.pk}),
    ],
    ("GET", COOP + "/units"): [Case("401  200  200  404  200  200  200  200  200", args=coop_id)],
    ("POST", COOP + "/units"): [
        Case("401  201  201  404  403  201  403  201  403", args=coop_id, body=lambda w: {"category": "klinik"}),
    ],
    ("PATCH", COOP + "/units/{unit_id}"): [
        Case("401  200  200  404  403  200  403  200  403",
             args=lambda w: {"cooperative_id": w.coop.pk, "unit_id": w.gerai.pk},
             body=lambda w: {"status": "pembangunan"}),
    ],
    ("GET", COOP + "/documents"): [Case("401  200  200  404  200  200  200  200  200", args=coop_id)],
    ("POST", COOP + "/documents"): [
        Case("401  201  201  404  403  201  403  201  403", args=coop_id, multipart=True,
             body=lambda w: {"kind": "akta", "file": upload()}),
    ],
    ("GET", "/api/v1/progress/{code}"): [
        Case("401  200  404  404  404  404  404  404  404", args={"code": "ID"}, label="country"),
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}, label="regency"),
        Case("401  200  200  404  200  200  200  200  200", args={"code": KUKAR_VILLAGE}, label="village"),
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}, query="as_of=2025-04-10",
             label="regency as of a past day"),
    ],
    ("GET", "/api/v1/progress/{code}/trend"): [
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}, label="regency"),
        Case("401  200  200  404  200  200  200  200  200", args={"code": KUKAR_VILLAGE}, label="village"),
    ],
    ("GET", COOP + "/milestones"): [Case("401  200  200  404  200  200  200  200  200", args=coop_id)],
    ("POST", COOP + "/milestones"): [
        Case("401  201  201  404  201  201  403  201  201", args=coop_id,
             body=lambda w: {"kind": "akta", "date": "2025-05-05", **AKTA}),
    ],
    ("POST", "/api/v1/milestones/{milestone_id}/verify"): [
        Case("401  200  200  404  403  403  403  403  403", args=lambda w: {"milestone_id": w.musdesus.pk}),
    ],
    ("POST", "/api/v1/milestones/{milestone_id}/reject"): [
        Case("401  200  200  404  403  403  403  403  403", args=lambda w: {"milestone_id": w.musdesus.pk},
             body=lambda w: {"note": "Berita acara tidak ditandatangani"}),
    ],
    ("GET", "/api/v1/targets"): [Case("401  200  200  200  200  200  200  200  200")],
    ("POST", "/api/v1/targets"): [
        Case("401  201  201  404  403  404  403  404  403", body=lambda w: {
            "region": MUARA_MUNTAI, "phase": "akta", "percent": 50, "due_date": "2026-12-31"}),
    ],
    ("PATCH", "/api/v1/targets/{target_id}"): [
        Case("401  200  200  404  404  404  403  404  403", args=lambda w: {"target_id": w.target.pk},
             body=lambda w: {"version": w.target.version, "note": "Dipercepat"}),
    ],
    ("GET", "/api/v1/potentials"): [Case("401  200  200  200  200  200  200  200  200")],
    # Perian is in the pengurus's scope (the village of the cooperative), so the role answers: 403
    ("POST", "/api/v1/potentials"): [
        Case("401  201  201  404  201  403  403  201  201", body=lambda w: {
            "village": KUKAR_VILLAGE, "category": "pertanian", "commodity": "Jagung"}),
    ],
    ("GET", "/api/v1/potentials/{potential_id}"): [
        Case("401  200  200  404  200  200  200  200  200", args=lambda w: {"potential_id": w.potential.pk}),
    ],
    ("PATCH", "/api/v1/potentials/{potential_id}"): [
        Case("401  200  200  404  200  403  403  200  200", args=lambda w: {"potential_id": w.potential.pk},
             body=lambda w: {"volume": 12}),
    ],
    ("DELETE", "/api/v1/potentials/{potential_id}"): [
        Case("401  204  204  404  204  403  403  204  204", args=lambda w: {"potential_id": w.potential.pk}),
    ],
    ("GET", "/api/v1/bumdes"): [Case("401  200  200  200  200  200  200  200  200")],
    ("POST", "/api/v1/bumdes"): [
        Case("401  201  201  404  403  404  403  404  201",
             body=lambda w: {"village": MUARA_LEKA, "name": "BUMDes Muara Leka"}),
    ],
    ("GET", "/api/v1/bumdes/{bumdes_id}"): [
        Case("401  200  200  404  200  200  200  200  200", args=lambda w: {"bumdes_id": w.bumdes.pk}),
    ],
    ("PATCH", "/api/v1/bumdes/{bumdes_id}"): [
        Case("401  200  200  404  403  403  403  403  200", args=lambda w: {"bumdes_id": w.bumdes.pk},
             body=lambda w: {"registration_number": "AHU-0001"}),
    ],
    ("DELETE", "/api/v1/bumdes/{bumdes_id}"): [
        Case("401  204  204  404  403  403  403  403  204", args=lambda w: {"bumdes_id": w.bumdes.pk}),
    ],
    ("GET", "/api/v1/bumdes/{bumdes_id}/units"): [
        Case("401  200  200  404  200  200  200  200  200", args=lambda w: {"bumdes_id": w.bumdes.pk}),
    ],
    ("POST", "/api/v1/bumdes/{bumdes_id}/units"): [
        Case("401  201  201  404  403  403  403  403  201", args=lambda w: {"bumdes_id": w.bumdes.pk},
             body=lambda w: {"category": "pariwisata"}),
    ],
    ("PATCH", "/api/v1/bumdes/{bumdes_id}/units/{unit_id}"): [
        Case("401  200  200  404  403  403  403  403  200",
             args=lambda w: {"bumdes_id": w.bumdes.pk, "unit_id": w.bumdes_unit.pk},
             body=lambda w: {"performance": "belum_optimal"}),
    ],
    ("DELETE", "/api/v1/bumdes/{bumdes_id}/units/{unit_id}"): [
        Case("401  204  204  404  403  403  403  403  204",
             args=lambda w: {"bumdes_id": w.bumdes.pk, "unit_id": w.bumdes_unit.pk}),
    ],
    ("GET", "/api/v1/villages/{code}/verdict"): [
        Case("401  200  200  404  200  200  200  200  200", args={"code": KUKAR_VILLAGE}, query="category=sembako"),
    ],
    ("GET", COOP + "/verdicts"): [Case("401  200  200  404  200  200  200  200  200", args=coop_id)],
    ("GET", "/api/v1/overlaps"): [
        Case("401  200  200  200  200  200  200  200  200"),
        Case("401  200  200  200  200  200  200  200  200", query="state=resolved", label="resolved"),
    ],
    ("POST", "/api/v1/overlap-decisions"): [
        Case("401  201  201  404  403  403  403  201  201", body=lambda w: {
            "cooperative": w.coop.pk, "category": "sembako", "decision": "tidak_masuk", "note": "Tidak masuk"}),
    ],
    ("GET", "/api/v1/simkopdes/national/{code}"): [
        Case("401  200  200  404  404  404  200  404  200", args={"code": KUKAR}, label="regency"),
        Case("401  200  200  404  200  200  200  200  200", args={"code": KUKAR_VILLAGE}, label="village"),
    ],
    ("GET", "/api/v1/simkopdes/review"): [Case("401  200  200  200  200  200  200  200  200")],
    ("POST", "/api/v1/simkopdes/mappings/{unit_id}"): [
        Case("401  200  200  404  403  404  403  404  403", args=lambda w: {"unit_id": w.national_unit.pk},
             body=lambda w: {"region": MUARA_ALOH}),
    ],
}
# fmt: on


def _app_walks() -> list:
    """The `<app>/tests/walk.py` modules of the installed kopdes apps, in INSTALLED_APPS order."""
    modules = []
    for app in apps.get_app_configs():
        if not app.name.startswith("kopdes."):
            continue
        name = f"{app.name}.tests.walk"
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:  # no walk of its own (an error inside one is raised)
            if exc.name not in (name, f"{app.name}.tests"):
                raise
    return modules


def _merged(base: dict, attribute: str) -> dict:
    """This module's rows with every app's: an app's cases for a key that already has a row are added to it."""
    table = {key: list(cases) for key, cases in base.items()}
    for module in APP_WALKS:
        for key, cases in getattr(module, attribute, {}).items():
            table.setdefault(key, []).extend(cases)
    return table


APP_WALKS = _app_walks()
WALK_PAGES = _merged(PAGES, "PAGES")
WALK_API = _merged(API, "API")


# --- what the project routes ----------------------------------------------------------------------------------------

SKIPPED_NAMESPACES = {"admin"}  # Django's admin has its own permission tests
SKIPPED_NAMES = {"set_language"}  # Django's language switch (kopdes/core/tests/test_language.py)
NINJA_PAGES = {"api:api-root", "api:openapi-json", "api:openapi-view"}  # not operations of the OpenAPI document


def _patterns(resolver: URLResolver, prefix: str = "", namespaces: tuple = ()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield name, "/" + prefix + str(pattern.pattern), namespaces


def page_routes() -> dict[str, str]:
    """Every URL pattern outside the admin as its row key (the URL name, or the route of an unnamed pattern) → its
    route. The API's operation patterns are left to API_ROUTES (they are checked against the OpenAPI document)."""
    routes = {}
    for name, route, namespaces in _patterns(get_resolver()):
        if set(namespaces) & SKIPPED_NAMESPACES or name in SKIPPED_NAMES:
            continue
        if namespaces[:1] == ("api",) and name not in NINJA_PAGES:
            continue
        assert (name or route) not in routes, f"two URL patterns are {name or route}: one of them is never walked"
        routes[name or route] = route
    return routes


def api_pattern_paths() -> set[str]:
    """The paths of the API's URL patterns, written as the OpenAPI document writes them ("/api/v1/x/{id}")."""
    return {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for name, route, namespaces in _patterns(get_resolver())
        if namespaces[:1] == ("api",) and name not in NINJA_PAGES
    }


def api_operations(client) -> set[tuple[str, str]]:
    document = client.get(reverse("api:openapi-json")).json()
    return {(method.upper(), path) for path, operations in document["paths"].items() for method in operations}


def test_every_route_has_a_row(client, db):
    """A new page or endpoint fails here until its row is added (see the module docstring); a row whose route is
    gone fails too."""
    routes = page_routes()
    operations = api_operations(client)
    problems = [f"page without a row: {key} ({routes[key]})" for key in routes if key not in WALK_PAGES]
    problems += [f"row without a page: {key}" for key in WALK_PAGES if key not in routes]
    problems += [f"API operation without a row: {m} {path}" for m, path in sorted(operations - set(WALK_API))]
    problems += [f"row without an API operation: {m} {path}" for m, path in sorted(set(WALK_API) - operations)]
    documented = {path for _method, path in operations}
    problems += [f"API route missing from the OpenAPI document: {path}" for path in api_pattern_paths() - documented]
    assert not problems, "\n".join([*problems, "(how to add rows: kopdes/tests/test_route_walk.py, at the top)"])


def test_every_importer_has_cases():
    """Each registered importer's page and template are walked (they answer differently per role)."""
    from kopdes.core import registry

    slugs = {importer.slug for importer in registry.importers}
    for key in ("core:import", "core:import_template"):
        walked = {case.args.get("slug") for case in WALK_PAGES[key] if isinstance(case.args, dict)}
        assert slugs <= walked, f"{key}: no case for {sorted(slugs - walked)}"


# --- the walk -------------------------------------------------------------------------------------------------------


def _fill(route: str, arguments: dict) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(arguments[match.group(1)]), route)


def _page_url(key: str, arguments: dict) -> str:
    if key.startswith("/"):
        return _fill(key, arguments)
    return reverse(key, kwargs=arguments)


def _walk_cases():
    for key, cases in WALK_PAGES.items():
        for case in cases:
            yield pytest.param("page", key, case, id=f"{key} {case.name}")
    for (method, path), cases in WALK_API.items():
        for case in cases:
            label = f" {case.label}" if case.label else ""
            # an API row's method is its key's
            yield pytest.param("api", (method, path), replace(case, method=method), id=f"{method} {path}{label}")


def _request(client, kind: str, key, case: Case, world: World):
    arguments = case.arguments(world)
    body = case.body(world) if case.body else None
    if kind == "page":
        url = _page_url(key, arguments)
    else:
        url = key[1].format(**arguments)
    if case.query:
        url = f"{url}?{case.query}"
    method = case.method.upper()
    headers = {"HX-Request": "true"} if case.htmx else {}
    if method == "GET":
        return client.get(url, headers=headers)
    if kind == "page" or case.multipart:
        if method != "POST":
            raise AssertionError("pages and multipart API requests are POSTs")
        return client.post(url, body or {}, headers=headers)
    return client.generic(method, url, json.dumps(body) if body is not None else "", content_type="application/json")


def _errors(response) -> str:
    """What a failed request says: a page's form errors, or the start of the body."""
    text = response.content.decode("utf-8", errors="replace") if not getattr(response, "streaming", False) else ""
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', text, flags=re.S)
    if errors:
        return "; ".join(re.sub(r"<[^>]+>", " ", error).strip() for error in errors)
    return text[:300]


WALK_PDF = b"%PDF-1.7\n%kopdes route walk: the HTML given to WeasyPrint, not laid out\n"


class WalkPDF:
    """WeasyPrint's HTML for the walk: laying out a PDF costs 1-4 s a request and the walk asks for dozens, while
    the walk checks the status and what the document shows. So the page is rendered as usual (its template, its
    queries, its scoping) and the "PDF" is that HTML behind a PDF header, which the leak check then reads. The real
    layout is tested by each PDF's own tests (dashboard/tests/test_summary.py, taskforce/tests/test_views.py)."""

    def __init__(self, *args, string: str = "", **kwargs):
        self.html = string

    def write_pdf(self, *args, **kwargs) -> bytes:
        return WALK_PDF + self.html.encode()


@pytest.fixture(autouse=True)
def _pdf_without_layout(monkeypatch):
    try:
        import weasyprint
    except (ImportError, OSError):  # no Pango: the PDF views fail as they would in use
        return
    monkeypatch.setattr(weasyprint, "HTML", WalkPDF)


def _leaked_marks(response, persona_name: str) -> list[str]:
    content_type = response.get("Content-Type", "")
    if getattr(response, "streaming", False):
        return []
    if content_type.startswith("application/pdf") and response.content.startswith(WALK_PDF):
        pass  # the walk's PDF: the HTML it was made from (WalkPDF)
    elif not (content_type.startswith("text/") or content_type.startswith("application/json")):
        return []
    text = response.content.decode("utf-8", errors="replace")
    return [mark for mark, hidden_from in MARKS.items() if persona_name in hidden_from and mark in text]


@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize(("kind", "key", "case"), list(_walk_cases()))
def test_walk(world, db, client, kind, key, case, persona_name):
    if persona_name != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona_name]
    response = _request(client, kind, key, case, world)
    expected = case.status_for(persona_name)
    where = f"{case.method} {key if kind == 'page' else key[1]} [{case.name}] as {persona_name}"
    to_sign_in = kind == "page" and persona_name == "anonymous" and expected == 302
    if to_sign_in and case.htmx:
        # a fragment asked without a session: htmx is told to open the sign-in page (HX-Redirect), no 302 to follow
        expected = 204
    detail = response.get("Location", "") or response.get("HX-Redirect", "") or _errors(response)
    assert response.status_code == expected, f"{where}: {response.status_code}, expected {expected} ({detail})"
    if to_sign_in:
        location = response["HX-Redirect"] if case.htmx else response["Location"]
        assert location.startswith(resolve_url(settings.LOGIN_URL)), f"{where}: {location}"
    leaks = _leaked_marks(response, persona_name)
    assert not leaks, f"{where}: shows {leaks}, which {persona_name} must not see"

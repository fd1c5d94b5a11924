"""The Satgas's rows of the route walk (kopdes/tests/test_route_walk.py): Kukar's Satgas decree and a rakor with a
decision to every camat of Kukar (the Muara Muntai item is the camat persona's) and one about the Perian
cooperative (seen by its kepala desa, its pengurus and the camat above it)."""

from __future__ import annotations

import datetime

from kopdes.tests.factories import KUKAR, upload
from kopdes.tests.walk import Case

D = datetime.date


def build(world) -> None:
    from kopdes.regions.models import Region
    from kopdes.taskforce import services

    kukar = Region.objects.get(code=KUKAR)
    world.tf_agency = services.agency_create(actor=None, region=kukar, name="Dinas Koperasi", short_name="DX")
    world.tf_decree = services.decree_create(
        actor=None, region=kukar, kind="keputusan", number="100/K.1/2025", date=D(2025, 5, 2),
        title="Satgas Rahasia Kabupaten", signer_name="Bupati",
    )  # fmt: skip
    world.tf_meeting = services.meeting_create(
        actor=None, region=kukar, decree=world.tf_decree, kind="rakor", title="Rakor Satgas", date=D(2025, 6, 10),
        place="Pendopo Rahasia Kabupaten", chair_name="Bupati", minutes="Notulen",
    )  # fmt: skip
    world.tf_decision = services.decision_create(
        actor=None, meeting=world.tf_meeting, text="Camat memetakan potensi", assignee_kind="camat",
        assignee_region=kukar, due_date=D(2025, 7, 31),
    )  # fmt: skip
    world.tf_item = world.tf_decision.items.get(unit_id="64.02.01")
    coop_decision = services.decision_create(
        actor=None, meeting=world.tf_meeting, text="Pendampingan Rahasia Perian", assignee_kind="agency",
        assignee_agency=world.tf_agency, subject_cooperative=world.coop, due_date=D(2025, 8, 31),
    )  # fmt: skip
    world.tf_coop_item = coop_decision.items.get()
    world.tf_attachment = services.attachment_add(actor=None, uploaded_file=upload(), title="Daftar hadir",
                                                  meeting=world.tf_meeting)  # fmt: skip


def _item(w) -> dict:
    return {"pk": w.tf_item.pk}


def _meeting(w) -> dict:
    return {"pk": w.tf_meeting.pk}


def _decree(w) -> dict:
    return {"pk": w.tf_decree.pk}


def _update(w) -> dict:
    return {"version": w.tf_item.version, "status": "in_progress", "text": "Pendataan dimulai", "date": "2025-07-01"}


def _decision_form(w) -> dict:
    return {"text": "DPMD menyusun pola pendampingan", "assignee_kind": "agency", "assignee_agency": w.tf_agency.pk,
            "due_date": "2025-09-30"}  # fmt: skip


def _meeting_form(w) -> dict:
    return {"region": KUKAR, "kind": "rakor", "title": "Rakor", "date": "2025-06-10", "place": "Tenggarong",
            "chair_name": "Bupati", "online_participants": "0"}  # fmt: skip


# fmt: off
# Statuses in PERSONAS order:     anon natl kukr pasr cmat pngr bpti kads dpmd
# Kukar's decree, meeting and decisions belong to the regency: kecamatan, village and cooperative roles get 404;
# writing them is the dinas officers' (MANAGE_TASKFORCE), DPMD and the bupati 403.
REGENCY_READ = "302  200  200  404  404  404  200  404  200"
REGENCY_WRITE = "302  302  302  404  404  404  403  404  403"
PAGES = {
    "taskforce:home": [Case("302  200  200  200  200  200  200  200  200")],
    "taskforce:action_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  200  200  200  200  200  200  200  200", query="state=overdue&mine=on", htmx=True, label="htmx"),
        Case("302  200  200  200  200  200  200  200  200", query="format=csv", label="csv"),
    ],
    "taskforce:agency_matrix": [Case("302  200  200  200  200  200  200  200  200")],
    # the camat of Muara Muntai's item: the regency and the camat; the kepala desa and pengurus of Perian do not
    "taskforce:action_detail": [
        Case("302  200  200  404  200  404  200  404  200", args=_item),
        Case("302  302  302  404  302  404  403  404  302", method="POST", args=_item, body=_update, label="update"),
        Case("302  200  200  404  200  200  200  200  200", args=lambda w: {"pk": w.tf_coop_item.pk},
             label="about Perian"),
    ],
    "taskforce:agency_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        # Paser's officer names a regency outside its scope: the form says so (400)
        Case("302  302  302  400  403  403  403  403  403", method="POST",
             body=lambda w: {"region": KUKAR, "name": "Bappeda", "short_name": "BAPPEDA"}),
    ],
    "taskforce:letterhead_edit": [
        Case(REGENCY_READ, args={"code": KUKAR}),
        Case(REGENCY_WRITE, method="POST", args={"code": KUKAR},
             body=lambda w: {"government": "Pemerintah Kabupaten Kutai Kartanegara"}),
    ],
    "taskforce:decree_list": [Case("302  200  200  200  200  200  200  200  200")],
    "taskforce:decree_create": [
        Case("302  200  200  200  403  403  403  403  403"),
        Case("302  302  302  400  403  403  403  403  403", method="POST", body=lambda w: {
            "region": KUKAR, "kind": "surat_edaran", "number": "500/1/2025", "date": "2025-05-01", "title": "SE",
            "signer_name": "Bupati"}),
    ],
    "taskforce:decree_detail": [Case(REGENCY_READ, args=_decree)],
    "taskforce:member_add": [
        Case(REGENCY_WRITE, method="POST", args=_decree,
             body=lambda w: {"name": "Sekda", "position": "Sekretaris Daerah", "role": "ketua"}),
    ],
    "taskforce:decree_attach": [
        Case(REGENCY_WRITE, method="POST", args=_decree, body=lambda w: {"title": "SK", "file": upload()}),
    ],
    "taskforce:decree_decision_create": [Case(REGENCY_WRITE, method="POST", args=_decree, body=_decision_form)],
    "taskforce:meeting_list": [Case("302  200  200  200  200  200  200  200  200")],
    "taskforce:meeting_create": [
        Case("302  200  200  200  403  403  403  403  403"),
        Case("302  302  302  400  403  403  403  403  403", method="POST", body=_meeting_form),
    ],
    "taskforce:meeting_detail": [Case(REGENCY_READ, args=_meeting)],
    "taskforce:meeting_edit": [
        Case("302  200  200  404  404  404  403  404  403", args=_meeting),
        Case(REGENCY_WRITE, method="POST", args=_meeting,
             body=lambda w: _meeting_form(w) | {"version": w.tf_meeting.version, "title": "Rakor Satgas I"}),
    ],
    "taskforce:attendance_set": [
        Case(REGENCY_WRITE, method="POST", args=_meeting,
             body=lambda w: {"agency": w.tf_agency.pk, "status": "hadir"}),
    ],
    "taskforce:decision_create": [Case(REGENCY_WRITE, method="POST", args=_meeting, body=_decision_form)],
    "taskforce:meeting_sign": [
        Case(REGENCY_WRITE, method="POST", args=_meeting, body=lambda w: {"version": w.tf_meeting.version}),
    ],
    "taskforce:meeting_attach": [
        Case(REGENCY_WRITE, method="POST", args=_meeting, body=lambda w: {"title": "Foto", "file": upload()}),
    ],
    "taskforce:meeting_minutes_pdf": [Case(REGENCY_READ, args=_meeting)],
    "taskforce:decision_detail": [Case(REGENCY_READ, args=lambda w: {"pk": w.tf_decision.pk})],
    "taskforce:attachment_download": [Case(REGENCY_READ, args=lambda w: {"pk": w.tf_attachment.pk})],
}

API_READ = "401  200  200  404  404  404  200  404  200"
API_CREATE = "401  201  201  404  404  404  403  404  403"
API_WRITE = "401  200  200  404  404  404  403  404  403"
EVERYONE = "401  200  200  200  200  200  200  200  200"
B = "/api/v1/taskforce"
API = {
    ("GET", B + "/agencies"): [Case(EVERYONE)],
    ("POST", B + "/agencies"): [Case(API_CREATE, body=lambda w: {"region": KUKAR, "name": "Bappeda",
                                                                  "short_name": "BAPPEDA"})],
    ("GET", B + "/decrees"): [Case(EVERYONE)],
    ("POST", B + "/decrees"): [Case(API_CREATE, body=lambda w: {
        "region": KUKAR, "kind": "surat_edaran", "number": "500/1/2025", "date": "2025-05-01", "title": "SE",
        "signer_name": "Bupati"})],
    ("GET", B + "/decrees/{decree_id}"): [Case(API_READ, args=lambda w: {"decree_id": w.tf_decree.pk})],
    ("GET", B + "/decrees/{decree_id}/members"): [Case(API_READ, args=lambda w: {"decree_id": w.tf_decree.pk})],
    ("POST", B + "/decrees/{decree_id}/members"): [
        Case(API_CREATE, args=lambda w: {"decree_id": w.tf_decree.pk},
             body=lambda w: {"name": "Sekda", "position": "Sekretaris Daerah", "role": "ketua"}),
    ],
    ("GET", B + "/meetings"): [Case(EVERYONE)],
    ("POST", B + "/meetings"): [Case(API_CREATE, body=lambda w: {
        "region": KUKAR, "title": "Rakor", "date": "2025-06-10", "place": "Tenggarong", "chair_name": "Bupati"})],
    ("GET", B + "/meetings/{meeting_id}"): [Case(API_READ, args=lambda w: {"meeting_id": w.tf_meeting.pk})],
    ("GET", B + "/meetings/{meeting_id}/decisions"): [
        Case(API_READ, args=lambda w: {"meeting_id": w.tf_meeting.pk}),
    ],
    ("POST", B + "/meetings/{meeting_id}/attendance"): [
        Case(API_WRITE, args=lambda w: {"meeting_id": w.tf_meeting.pk},
             body=lambda w: {"district": "64.02.01", "status": "diwakili", "representative": "Sekcam"}),
    ],
    ("POST", B + "/meetings/{meeting_id}/sign"): [
        Case(API_WRITE, args=lambda w: {"meeting_id": w.tf_meeting.pk},
             body=lambda w: {"version": w.tf_meeting.version}),
    ],
    # a decision of Kukar's meeting: the meeting is the regency's (404 outside), writing it the officers' (403)
    ("POST", B + "/decisions"): [
        Case(API_CREATE, body=lambda w: {"meeting": w.tf_meeting.pk, "text": "Camat melapor", "assignee_kind": "camat",
                                         "assignee_region": "64.02.01", "due_date": "2025-08-31"}),
    ],
    ("GET", B + "/decisions/{decision_id}"): [Case(API_READ, args=lambda w: {"decision_id": w.tf_decision.pk})],
    ("GET", B + "/items"): [
        Case(EVERYONE),
        Case(EVERYONE, query="state=overdue&mine=true", label="mine overdue"),
    ],
    ("GET", B + "/items/{item_id}"): [
        Case("401  200  200  404  200  404  200  404  200", args=lambda w: {"item_id": w.tf_item.pk}),
        Case("401  200  200  404  200  200  200  200  200", args=lambda w: {"item_id": w.tf_coop_item.pk},
             label="about Perian"),
    ],
    ("GET", B + "/items/{item_id}/updates"): [
        Case("401  200  200  404  200  404  200  404  200", args=lambda w: {"item_id": w.tf_item.pk}),
    ],
    ("POST", B + "/items/{item_id}/updates"): [
        Case("401  201  201  404  201  404  403  404  201", args=lambda w: {"item_id": w.tf_item.pk},
             body=lambda w: {"version": w.tf_item.version, "status": "in_progress", "text": "Pendataan dimulai"}),
    ],
}
# fmt: on

"""Training's rows of the route walk (kopdes/tests/test_route_walk.py): a Kukar training (organised by the regency,
so kecamatan, village and cooperative roles do not see it) with the Perian ketua invited, a Muara Muntai session
(the camat's own), and the national catalogue (read by all, edited by the national admin only)."""

from __future__ import annotations

import datetime

from kopdes.tests.factories import KUKAR, MUARA_MUNTAI
from kopdes.tests.walk import Case

D = datetime.date


def build(world) -> None:
    from kopdes.regions.models import Region
    from kopdes.training import services

    world.tr_course = services.course_create(
        actor=None, code="TK-1", title="Tata kelola dasar", track="tata_kelola", tier="dasar", hours=16
    )
    world.tr_provider = services.provider_create(
        actor=None, name="LPK Kaltim", kind="lpk", certification_number="LPK-1", issuing_body="Kemnaker",
        valid_from=D(2025, 1, 1), valid_until=D(2027, 12, 31),
    )  # fmt: skip
    common = {"kind": "pelatihan", "agency": "DiskopUKM", "capacity": 50, "course": world.tr_course,
              "provider": world.tr_provider, "start_date": D(2025, 9, 10), "end_date": D(2025, 9, 11)}  # fmt: skip
    world.tr_event = services.event_create(
        actor=None, organiser_region=Region.objects.get(code=KUKAR), title="Pelatihan Rahasia Kabupaten", **common
    )
    world.tr_district_event = services.event_create(
        actor=None, organiser_region=Region.objects.get(code=MUARA_MUNTAI), title="Pelatihan Rahasia Kecamatan",
        **common,
    )  # fmt: skip
    world.tr_funding = services.funding_add(actor=None, event=world.tr_event, source="apbd", amount_rp=25_000_000)
    world.tr_participant = services.participant_register(
        actor=None, event=world.tr_event, cooperative=world.coop, official=world.official, source="undangan"
    )


def _event(w) -> dict:
    return {"pk": w.tr_event.pk}


def _participant(w) -> dict:
    return {"pk": w.tr_event.pk, "participant_pk": w.tr_participant.pk}


def _api_event(w) -> dict:
    return {"event_id": w.tr_event.pk}


def _api_participant(w) -> dict:
    return {"event_id": w.tr_event.pk, "participant_id": w.tr_participant.pk}


def _event_form(w) -> dict:
    return {"kind": "sosialisasi", "title": "Sosialisasi", "organiser_region": MUARA_MUNTAI, "agency": "Kecamatan",
            "start_date": "2025-10-01", "end_date": "2025-10-01", "capacity": "40",
            "quota_per_cooperative": "2"}  # fmt: skip


def _course(w) -> dict:
    return {"code": "KU-9", "title": "Pembukuan", "track": "keuangan", "tier": "dasar", "hours": 16}


def _provider(w) -> dict:
    return {"name": "Politeknik", "kind": "perguruan_tinggi", "certification_number": "P-9", "issuing_body": "BNSP",
            "valid_from": "2025-01-01", "valid_until": "2027-01-01"}  # fmt: skip


# fmt: off
# Statuses in PERSONAS order:   anon natl kukr pasr cmat pngr bpti kads dpmd
ALL = "302  200  200  200  200  200  200  200  200"
NATIONAL_ONLY = "302  200  403  403  403  403  403  403  403"
EVENT_READ = "302  200  200  404  404  404  200  404  200"  # the regency's event
EVENT_WRITE = "302  200  200  404  404  404  403  404  200"  # manage_training: admins, DPMD, camat
EVENT_POST = "302  302  302  404  404  404  403  404  302"
PAGES = {
    "training:event_list": [Case(ALL), Case(ALL, query="kind=pelatihan&q=pelatihan", htmx=True, label="htmx")],
    "training:event_create": [
        Case("302  200  200  200  200  403  403  403  200"),
        Case("302  302  302  400  302  403  403  403  302", method="POST", body=_event_form),
    ],
    "training:event_detail": [
        Case(EVENT_READ, args=_event),
        Case(EVENT_READ, args=_event, query="format=xlsx", label="xlsx"),
        Case(EVENT_READ, args=_event, query="q=ketua", htmx=True, label="htmx"),
    ],
    "training:event_edit": [
        Case(EVENT_WRITE, args=_event),
        Case(EVENT_POST, method="POST", args=_event, body=lambda w: {
            "title": "Pelatihan Rahasia Kabupaten", "agency": "DiskopUKM", "start_date": "2025-09-10",
            "end_date": "2025-09-11", "capacity": "60", "quota_per_cooperative": "2", "course": w.tr_course.pk,
            "provider": w.tr_provider.pk, "version": w.tr_event.version}),
    ],
    "training:funding_add": [
        Case(EVENT_POST, method="POST", args=_event, body=lambda w: {"source": "mitra", "amount_rp": "5000000"}),
    ],
    "training:invite": [
        Case(EVENT_WRITE, args=_event),
        Case(EVENT_POST, method="POST", args=_event, body=lambda w: {"region": MUARA_MUNTAI, "min_phase": "0"}),
    ],
    "training:invitation_print": [Case(EVENT_READ, args=_event)],
    "training:door": [
        Case(EVENT_WRITE, args=_event),
        Case(EVENT_WRITE, args=_event, query="q=ketua&day=2025-09-10", htmx=True, label="search htmx"),
        Case("302  200  200  404  200  404  403  404  200", args=lambda w: {"pk": w.tr_district_event.pk},
             label="kecamatan"),
    ],
    "training:check_in": [
        Case(EVENT_WRITE, method="POST", args=_participant, body=lambda w: {"day": "2025-09-10"}),
    ],
    "training:walk_in": [
        Case(EVENT_WRITE, method="POST", args=_event,
             body=lambda w: {"cooperative": w.coop.pk, "name": "Tamu", "day": "2025-09-10"}),
    ],
    "training:result": [
        Case(EVENT_POST, method="POST", args=_participant, body=lambda w: {"passed": "", "pre_score": "50"}),
    ],
    "training:course_list": [Case(ALL), Case(ALL, query="tier=dasar", htmx=True, label="htmx")],
    "training:course_create": [
        Case(NATIONAL_ONLY),
        Case("302  302  403  403  403  403  403  403  403", method="POST", body=_course),
    ],
    "training:course_edit": [Case(NATIONAL_ONLY, args=lambda w: {"pk": w.tr_course.pk})],
    "training:provider_list": [Case(ALL)],
    "training:provider_create": [
        Case(NATIONAL_ONLY),
        Case("302  302  403  403  403  403  403  403  403", method="POST", body=_provider),
    ],
    "training:provider_edit": [Case(NATIONAL_ONLY, args=lambda w: {"pk": w.tr_provider.pk})],
    # the user's own region; a pengurus reads coverage on the cooperative page
    "training:coverage": [
        Case("302  200  200  200  200  404  200  200  200"),
        Case("302  200  200  404  404  404  200  404  200", query=f"region={KUKAR}", label="Kukar"),
    ],
    "training:needs": [
        Case(ALL),
        Case(ALL, query="tier=madya&format=csv", label="csv"),
    ],
    "core:import": [
        Case("302  200  200  200  200  403  403  403  200", args={"slug": "kehadiran-pelatihan"},
             label="kehadiran-pelatihan"),
    ],
    "core:import_template": [
        Case("302  200  200  200  200  403  403  403  200", args={"slug": "kehadiran-pelatihan", "fmt": "xlsx"},
             label="kehadiran-pelatihan"),
    ],
}

API_ALL = "401  200  200  200  200  200  200  200  200"
API_READ = "401  200  200  404  404  404  200  404  200"
API_NATIONAL = "401  200  403  403  403  403  403  403  403"
T = "/api/v1/training"
API = {
    ("GET", f"{T}/courses"): [Case(API_ALL)],
    ("POST", f"{T}/courses"): [Case("401  201  403  403  403  403  403  403  403", body=_course)],
    ("GET", f"{T}/courses/{{course_id}}"): [Case(API_ALL, args=lambda w: {"course_id": w.tr_course.pk})],
    ("PATCH", f"{T}/courses/{{course_id}}"): [
        Case(API_NATIONAL, args=lambda w: {"course_id": w.tr_course.pk}, body=lambda w: {"hours": 20}),
    ],
    ("GET", f"{T}/providers"): [Case(API_ALL)],
    ("POST", f"{T}/providers"): [Case("401  201  403  403  403  403  403  403  403", body=_provider)],
    ("GET", f"{T}/providers/{{provider_id}}"): [Case(API_ALL, args=lambda w: {"provider_id": w.tr_provider.pk})],
    ("PATCH", f"{T}/providers/{{provider_id}}"): [
        Case(API_NATIONAL, args=lambda w: {"provider_id": w.tr_provider.pk}, body=lambda w: {"issuing_body": "BNSP"}),
    ],
    ("GET", f"{T}/events"): [Case(API_ALL)],
    ("POST", f"{T}/events"): [
        Case("401  201  201  404  201  404  403  404  201", body=lambda w: {
            "kind": "sosialisasi", "title": "Sosialisasi", "organiser_region": MUARA_MUNTAI, "agency": "Kecamatan",
            "start_date": "2025-10-01", "end_date": "2025-10-01", "capacity": 40}),
    ],
    ("GET", f"{T}/events/{{event_id}}"): [Case(API_READ, args=_api_event)],
    ("PATCH", f"{T}/events/{{event_id}}"): [
        Case("401  200  200  404  404  404  403  404  200", args=_api_event,
             body=lambda w: {"version": w.tr_event.version, "capacity": 60}),
    ],
    ("DELETE", f"{T}/events/{{event_id}}"): [Case("401  204  204  404  404  404  403  404  204", args=_api_event)],
    ("POST", f"{T}/events/{{event_id}}/funding"): [
        Case("401  201  201  404  404  404  403  404  201", args=_api_event,
             body=lambda w: {"source": "mitra", "amount_rp": 5_000_000}),
    ],
    ("DELETE", f"{T}/events/{{event_id}}/funding/{{line_id}}"): [
        Case("401  204  204  404  404  404  403  404  204",
             args=lambda w: {"event_id": w.tr_event.pk, "line_id": w.tr_funding.pk}),
    ],
    ("POST", f"{T}/events/{{event_id}}/invitations"): [
        Case("401  200  200  404  404  404  403  404  200", args=_api_event, body=lambda w: {}),
    ],
    ("GET", f"{T}/events/{{event_id}}/participants"): [Case(API_READ, args=_api_event)],
    ("POST", f"{T}/events/{{event_id}}/participants"): [
        Case("401  201  201  404  404  404  403  404  201", args=_api_event,
             body=lambda w: {"cooperative": w.coop.pk, "name": "Peserta Baru"}),
    ],
    ("POST", f"{T}/events/{{event_id}}/walk-ins"): [
        Case("401  201  201  404  404  404  403  404  201", args=_api_event,
             body=lambda w: {"cooperative": w.coop.pk, "name": "Tamu", "day": "2025-09-10"}),
    ],
    ("DELETE", f"{T}/events/{{event_id}}/participants/{{participant_id}}"): [
        Case("401  204  204  404  404  404  403  404  204", args=_api_participant),
    ],
    ("POST", f"{T}/events/{{event_id}}/participants/{{participant_id}}/attendance"): [
        Case("401  200  200  404  404  404  403  404  200", args=_api_participant,
             body=lambda w: {"day": "2025-09-10"}),
    ],
    ("DELETE", f"{T}/events/{{event_id}}/participants/{{participant_id}}/attendance"): [
        Case("401  204  204  404  404  404  403  404  204", args=_api_participant),
    ],
    ("PUT", f"{T}/events/{{event_id}}/participants/{{participant_id}}/result"): [
        Case("401  200  200  404  404  404  403  404  200", args=_api_participant,
             body=lambda w: {"passed": False, "pre_score": 50}),
    ],
    ("GET", f"{T}/coverage/{{code}}"): [Case(API_READ, args={"code": KUKAR})],
    ("GET", f"{T}/coverage/{{code}}/needs"): [Case(API_READ, args={"code": KUKAR})],
}
# fmt: on

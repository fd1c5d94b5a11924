"""The consultation service's rows of the route walk (kopdes/tests/test_route_walk.py): the kepala desa of Perian
asked the Kukar office three questions about Perian (routed to the office, so the camat of Muara Muntai does not
see them): one waiting, one answered (to close and publish), one closed today (to reopen); an article published
from an earlier answer (everyone signed in reads it); a facilitator-team contact of Perian."""

from __future__ import annotations

from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE, upload
from kopdes.tests.walk import Case


def build(world) -> None:
    from kopdes.helpdesk import services
    from kopdes.regions.models import Region

    perian = Region.objects.get(code=KUKAR_VILLAGE)
    kades, office = world.users["kades"], world.users["kukar"]

    def ask(title: str, **extra):
        return services.consultation_ask(actor=kades, village=perian, topic="legalitas", title=title,
                                         question="Kapan akta koperasi Rahasia Perian selesai?", **extra)  # fmt: skip

    def answer(consultation):
        services.message_add(actor=office, consultation=consultation, version=consultation.version, kind="jawaban",
                             text="Minggu depan.")  # fmt: skip
        consultation.refresh_from_db()
        return consultation

    world.hd_consultation = ask("Akta Rahasia Perian", files=[upload()], asker_phone="081234567890")
    world.hd_attachment = world.hd_consultation.attachments.get()
    world.hd_answered = answer(ask("NIB Rahasia Perian"))
    world.hd_closed = answer(ask("NPWP Rahasia Perian"))
    services.consultation_close(actor=kades, consultation=world.hd_closed, version=world.hd_closed.version)
    published = answer(ask("SK AHU Rahasia Perian"))
    world.hd_article = services.article_publish(
        actor=office, consultation=published, title="Kapan SK AHU koperasi terbit?", question="Kapan SK AHU terbit?",
        answer="Beberapa hari kerja setelah notaris mengunggah akta.", reviewed=True,
    )  # fmt: skip
    world.hd_contact = services.contact_create(actor=office, region=perian, kind="tim_fasilitator",
                                               name="Sekretaris Desa Rahasia Perian", phone="081250001111")  # fmt: skip


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def _id(name, key="consultation_id"):
    return lambda w: {key: getattr(w, name).pk}


def _version(name, **extra):
    return lambda w: {"version": getattr(w, name).version, **extra}


def _ask(w) -> dict:
    return {"village": KUKAR_VILLAGE, "topic": "usaha", "title": "Gerai apa yang cocok?", "question": "Mohon saran."}


def _article(w) -> dict:
    return {"title": "Mendaftar NIB koperasi", "question": "Bagaimana mendaftar NIB?",
            "answer": "Lewat OSS dengan data SK AHU.", "reviewed": True}  # fmt: skip


def _contact(w) -> dict:
    return {"region": KUKAR_VILLAGE, "kind": "tim_fasilitator", "name": "Anggota BPD", "phone": "081250002222"}


def _settings(w) -> dict:
    topics = ("pembentukan", "legalitas", "keuangan", "usaha", "pembiayaan", "lainnya")
    return {**{f"{t}_responder": "dinas" for t in topics}, **{f"{t}_days": 3 for t in topics}}


API_ROOT = "/api/v1/helpdesk"
ONE = API_ROOT + "/consultations/{consultation_id}"

# fmt: off
# Statuses in PERSONAS order:   anon natl kukr pasr cmat pngr bpti kads dpmd
# The consultations are routed to the office: the camat does not see them (404). Only the kinds of user who ask
# (camat, pengurus, kepala desa) may ask; an office answers (403 for the others who see it). The pengurus of
# Perian sees them through the cooperative.
PAGES = {
    "helpdesk:consultation_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  200  200  200  200  200  200  200  200", query="state=overdue", label="overdue"),
        Case("302  200  200  200  200  200  200  200  200", query="state=open", htmx=True, label="htmx"),
    ],
    "helpdesk:consultation_create": [
        Case("302  403  403  403  200  200  403  200  403"),
        Case("302  403  403  403  200  200  403  200  403", query="title=akta", htmx=True, label="similar"),
        # POST: a question about Perian; the asking roles get the consultation page
        Case("302  403  403  403  302  302  403  302  403", method="POST", body=_ask),
    ],
    "helpdesk:consultation_detail": [
        Case("302  200  200  404  404  200  200  200  200", args=_pk("hd_consultation")),
        # POST: the office answers, the asker replies; others who see it may not write
        Case("302  302  302  404  404  403  403  302  403", method="POST", args=_pk("hd_consultation"),
             body=_version("hd_consultation", kind="jawaban", text="Segera.")),
    ],
    "helpdesk:consultation_close": [
        Case("302  302  302  404  404  403  403  302  403", method="POST", args=_pk("hd_answered"),
             body=_version("hd_answered")),
    ],
    "helpdesk:consultation_reopen": [
        # only the asker reopens (closed today: inside the 14 days)
        Case("302  403  403  404  404  403  403  302  403", method="POST", args=_pk("hd_closed"),
             body=_version("hd_closed", text="Masih belum jelas.")),
    ],
    "helpdesk:article_publish": [
        Case("302  302  302  404  404  403  403  403  403", method="POST", args=_pk("hd_answered"), body=_article),
    ],
    "helpdesk:attachment_download": [
        Case("302  200  200  404  404  200  200  200  200", args=_pk("hd_attachment")),
    ],
    "helpdesk:article_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        Case("302  200  200  200  200  200  200  200  200", query="q=akta", htmx=True, label="search"),
    ],
    "helpdesk:article_detail": [Case("302  200  200  200  200  200  200  200  200", args=_pk("hd_article"))],
    "helpdesk:article_withdraw": [
        # the publishing regency's office (and the national admin); Paser's office has the capability but not the
        # region (403, the article being readable by everyone)
        Case("302  302  302  403  403  403  403  403  403", method="POST", args=_pk("hd_article")),
    ],
    "helpdesk:service_level": [
        Case("302  200  200  200  200  200  200  200  200", label="own region"),
        Case("302  200  200  404  404  404  200  404  200", query=f"region={KUKAR}", label="Kukar"),
    ],
    "helpdesk:topic_settings": [
        Case("302  200  200  404  404  404  200  404  200", query=f"region={KUKAR}"),
        Case("302  302  302  404  404  404  403  404  403", method="POST", query=f"region={KUKAR}", body=_settings),
    ],
    "helpdesk:contact_list": [
        Case("302  200  200  200  200  200  200  200  200"),
        # POST: a team member of Perian; outside the scope the region field refuses it (400)
        Case("302  302  302  400  302  403  403  302  302", method="POST", body=_contact),
    ],
    "helpdesk:contact_delete": [
        Case("302  302  302  404  302  403  403  302  302", method="POST", args=_pk("hd_contact")),
    ],
}
API = {
    ("GET", API_ROOT + "/consultations"): [Case("401  200  200  200  200  200  200  200  200")],
    ("POST", API_ROOT + "/consultations"): [
        Case("401  403  403  403  201  201  403  201  403", body=_ask),
    ],
    ("GET", ONE): [Case("401  200  200  404  404  200  200  200  200", args=_id("hd_consultation"))],
    ("POST", ONE + "/messages"): [
        Case("401  201  201  404  404  403  403  403  403", args=_id("hd_consultation"),
             body=_version("hd_consultation", kind="jawaban", text="Segera.")),
    ],
    ("POST", ONE + "/attachments"): [
        Case("401  201  201  404  404  403  403  201  403", args=_id("hd_consultation"), multipart=True,
             body=lambda w: {"file": upload()}),
    ],
    ("POST", ONE + "/close"): [
        Case("401  200  200  404  404  403  403  200  403", args=_id("hd_answered"), body=_version("hd_answered")),
    ],
    ("POST", ONE + "/reopen"): [
        Case("401  403  403  404  404  403  403  200  403", args=_id("hd_closed"),
             body=_version("hd_closed", text="Masih belum jelas.")),
    ],
    ("POST", ONE + "/article"): [
        Case("401  201  201  404  404  403  403  403  403", args=_id("hd_answered"), body=_article),
    ],
    ("GET", API_ROOT + "/articles"): [Case("401  200  200  200  200  200  200  200  200")],
    ("GET", API_ROOT + "/articles/similar"): [
        Case("401  200  200  200  200  200  200  200  200", query="q=akta%20notaris"),
    ],
    ("GET", API_ROOT + "/articles/{article_id}"): [
        Case("401  200  200  200  200  200  200  200  200", args=_id("hd_article", "article_id")),
    ],
    ("POST", API_ROOT + "/articles/{article_id}/withdraw"): [
        Case("401  200  200  403  403  403  403  403  403", args=_id("hd_article", "article_id")),
    ],
    ("GET", API_ROOT + "/service-level"): [
        Case("401  200  200  404  404  404  200  404  200", query=f"region={KUKAR}"),
    ],
    ("GET", API_ROOT + "/contacts"): [Case("401  200  200  200  200  200  200  200  200")],
    ("POST", API_ROOT + "/contacts"): [Case("401  201  201  404  201  403  403  201  201", body=_contact)],
    ("DELETE", API_ROOT + "/contacts/{contact_id}"): [
        Case("401  204  204  404  204  403  403  204  204", args=_id("hd_contact", "contact_id")),
    ],
}
# fmt: on

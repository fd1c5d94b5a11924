"""The consultation list as a spreadsheet: one column specification for the page's export and the background
export. The question's text and the asker's phone stay out (the list is for following up deadlines)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils import timezone

from kopdes.helpdesk.choices import Status
from kopdes.helpdesk.models import Consultation

CONSULTATION_COLUMNS = [
    "id",
    "judul",
    "topik",
    "kode_desa",
    "desa",
    "koperasi",
    "penanya_sebagai",
    "dijawab_oleh",
    "diajukan",
    "tenggat",
    "status",
    "lewat_tenggat",
    "dijawab_pertama",
    "lama_jawaban_hari_kerja",
    "tepat_waktu",
    "penjawab",
]


def consultation_export_rows(items: Iterable[Consultation]) -> Iterator[list]:
    today = timezone.localdate()
    for c in items:
        yield [
            c.pk,
            c.title,
            c.get_topic_display(),
            c.village_id,
            c.village.name,
            c.cooperative.name if c.cooperative_id else "",
            c.get_asker_role_display(),
            c.get_responder_display(),
            c.asked_on,
            c.due_date,
            c.get_status_display(),
            "ya" if c.status == Status.BARU and c.due_date < today else "",
            c.first_answered_on or "",
            "" if c.response_days is None else c.response_days,
            "" if c.answered_on_time is None else ("ya" if c.answered_on_time else "tidak"),
            str(c.first_answered_by) if c.first_answered_by_id else "",
        ]

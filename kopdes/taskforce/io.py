"""The action list as a spreadsheet: one column specification for the page's export and the background export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils import timezone

from kopdes.taskforce.choices import ACTIVE_STATUSES
from kopdes.taskforce.models import ActionItem

ACTION_COLUMNS = [
    "id",
    "sumber",
    "no_keputusan",
    "keputusan",
    "pelaksana",
    "kode_wilayah",
    "tentang",
    "tenggat",
    "status",
    "lewat_tenggat",
    "tanggal_selesai",
    "alasan_dibatalkan",
]


def action_export_rows(items: Iterable[ActionItem]) -> Iterator[list]:
    today = timezone.localdate()
    for item in items:
        decision = item.decision
        source = decision.meeting or decision.decree
        subject = item.subject_cooperative.name if item.subject_cooperative_id else ""
        if not subject and item.subject_region_id:
            subject = item.subject_region.name
        yield [
            item.pk,
            str(source),
            decision.number,
            decision.text,
            item.unit.name if item.unit_id else str(item.agency),
            item.scope_code,
            subject,
            item.due_date,
            item.get_status_display(),
            "ya" if item.status in ACTIVE_STATUSES and item.due_date < today else "",
            item.closed_on or "",
            item.dropped_reason,
        ]

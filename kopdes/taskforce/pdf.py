"""The minutes of a meeting as a PDF on the regency's letterhead (WeasyPrint), with attendance and decisions."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from kopdes.taskforce.models import Letterhead, Meeting
from kopdes.taskforce.selectors import source_decisions


def minutes_html(meeting: Meeting) -> str:
    with translation.override("id"):
        return render_to_string(
            "taskforce/minutes_pdf.html",
            {
                "meeting": meeting,
                "letterhead": Letterhead.objects.filter(region_id=meeting.region_id).first(),
                "attendance": list(meeting.attendance.select_related("agency", "district")),
                "decisions": source_decisions(meeting=meeting),
            },
        )


def minutes_pdf(meeting: Meeting) -> bytes:
    from weasyprint import HTML  # heavy import (cairo, pango), only when a PDF is asked for

    return HTML(string=minutes_html(meeting)).write_pdf()

"""The bupati's one-page briefing: the summary screen of a region as a PDF (WeasyPrint), tables instead of charts."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from kopdes.formation.choices import PHASE_BY_KEY, PHASE_KEYS, Phase

BRIEFING_ROWS = 8  # rows of each list that fit one A4 page with the rest


def briefing_html(*, overview: dict, today: datetime.date, child_level_label: str) -> str:
    document = overview["document"]
    labels = {key: Phase(number).label for key, number in PHASE_BY_KEY.items()}
    trend = overview["trend"]
    # The trend as a few columns: the first month, every quarter, and the last.
    months = trend["months"]
    picks = sorted({0, len(months) - 1, *range(len(months) - 1, -1, -3)})[-6:]
    return render_to_string(
        "dashboard/briefing_pdf.html",
        {
            "overview": overview,
            "document": document,
            "today": today,
            "child_level_label": child_level_label,
            "basis_label": labels[overview["basis"]["phase"]],
            "phases": [{"label": labels[key], "count": document["phases"][key]} for key in PHASE_KEYS],
            "trend_months": [months[i] for i in picks],
            "trend_rows": [
                {"label": labels[key], "counts": [trend["phases"][key][i] for i in picks]} for key in PHASE_KEYS
            ],
            "ranking": overview["ranking"][:BRIEFING_ROWS],
            "stuck": overview["stuck"][:BRIEFING_ROWS],
            "targets": document.get("targets") or [],
            "overlaps": document.get("overlaps"),
        },
    )


def briefing_pdf(**kwargs) -> bytes:
    from weasyprint import HTML  # heavy import (cairo, pango), only when a PDF is asked for

    return HTML(string=briefing_html(**kwargs)).write_pdf()

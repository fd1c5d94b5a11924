"""The bupati's one-page briefing: the summary screen of a region as a PDF (WeasyPrint), tables and a static map."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from kopdes.formation.choices import PHASE_BY_KEY, PHASE_KEYS, Phase
from kopdes.regions.boundaries import ATTRIBUTION
from kopdes.regions.choices import NATIONAL_CODE
from kopdes.regions.svg import NO_DATA_FILL, children_svg

BRIEFING_ROWS = 8  # rows of each list that fit one A4 page with the rest
MAP_WIDTH = 230  # px: beside the ranking, so the briefing stays one page
# The children's share of villages at the ranking's phase, in four classes (from at least `floor` percent).
MAP_CLASSES = ((75, "#1a7f37"), (50, "#8cc084"), (25, "#f2c14e"), (0, "#e4572e"))


def _share_fill(pct) -> str:
    if pct is None:
        return NO_DATA_FILL
    return next(colour for floor, colour in MAP_CLASSES if pct >= floor)


def briefing_map(*, code: str, ranking: list[dict]) -> str:
    """The children of the region coloured by their share at the ranking's phase, as inline SVG ("" when no
    boundaries are loaded): what the region page's choropleth shows, drawn without a script for the PDF."""
    fills = {row["code"]: _share_fill(row["pct"]) for row in ranking}
    titles = {row["code"]: row["name"] for row in ranking}
    svg = children_svg("" if code == NATIONAL_CODE else code, fills=fills, titles=titles, width=MAP_WIDTH)
    return mark_safe(svg)  # noqa: S308 - built by regions.svg, every name and colour escaped there


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
            "map_svg": briefing_map(code=document["region"]["code"], ranking=overview["ranking"]),
            "map_attribution": ATTRIBUTION,
            "map_classes": [{"floor": floor, "colour": colour} for floor, colour in MAP_CLASSES],
            "stuck": overview["stuck"][:BRIEFING_ROWS],
            "targets": document.get("targets") or [],
            "overlaps": document.get("overlaps"),
        },
    )


def briefing_pdf(**kwargs) -> bytes:
    from weasyprint import HTML  # heavy import (cairo, pango), only when a PDF is asked for

    return HTML(string=briefing_html(**kwargs)).write_pdf()

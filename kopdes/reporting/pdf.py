"""The regency's consolidated monthly report as a PDF on its letterhead (WeasyPrint): summary, per kecamatan,
problems raised and follow-ups, from the approved reports and the registry."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from kopdes.reporting import rules, selectors


def consolidated_html(*, user, region, period: rules.Period) -> str:
    data = selectors.consolidated(user=user, region=region, period=period)
    with translation.override("id"):
        return render_to_string(
            "reporting/consolidated_pdf.html",
            {
                **data,
                "region": region,
                "period": period,
                "period_label": rules.period_label(period.start),
                "letterhead": selectors.letterhead(region.code),
                "today": timezone.localdate(),
            },
        )


def consolidated_pdf(*, user, region, period: rules.Period) -> bytes:
    from weasyprint import HTML  # heavy import (cairo, pango), only when a PDF is asked for

    return HTML(string=consolidated_html(user=user, region=region, period=period)).write_pdf()

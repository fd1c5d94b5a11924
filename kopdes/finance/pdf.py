"""The dossier of a financing application as a PDF (WeasyPrint, as the taskforce minutes and the dashboard
briefing): cover, the PMK 49/2025 prerequisites with their document numbers, the business proposal's budget by
financed activity and stage, the village's deliberation and approval, the bank's agreement, the Dana Desa figures
and, once disbursed, the schedule."""

from __future__ import annotations

from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kopdes.finance import selectors
from kopdes.finance.choices import Spending
from kopdes.finance.models import Application


def dossier_html(application: Application) -> str:
    lines = list(application.lines.all())
    totals = dict(application.lines.values_list("spending").annotate(t=Sum("amount_rp")).order_by())
    instalments = list(application.instalments.order_by("no"))
    with translation.override("id"):
        return render_to_string(
            "finance/dossier_pdf.html",
            {
                "application": application,
                "cooperative": application.cooperative,
                "prerequisites": selectors.prerequisites(application.cooperative),
                "lines": lines,
                "capex": totals.get(Spending.CAPEX, 0),
                "opex": totals.get(Spending.OPEX, 0),
                "proposal_total": sum(line.amount_rp for line in lines),
                "disbursements": list(application.disbursements.all()),
                "instalments": instalments,
                "total_interest": sum(i.interest_rp for i in instalments),
                "printed": timezone.localdate(),
            },
        )


def dossier_pdf(application: Application) -> bytes:
    from weasyprint import HTML  # heavy import (cairo, pango), only when a PDF is asked for

    return HTML(string=dossier_html(application)).write_pdf()

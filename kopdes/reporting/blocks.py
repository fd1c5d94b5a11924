"""What reporting registers at the hubs (`kopdes.core.registry`): the "reporting" progress block with its
region-page panel, the cooperative panel (its monthly reports), the reports' history on the cooperative page and
the menu entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kopdes.core import registry
from kopdes.core.scoping import scope_for
from kopdes.reporting.api import ReportingBlock
from kopdes.reporting.models import Report
from kopdes.reporting.permissions import may_write_any
from kopdes.reporting.selectors import cooperative_reports, reporting_block


def _build(region, document, as_of=None):
    return reporting_block(region=region, as_of=as_of)


def cooperative_panel(request, cooperative, forms: dict) -> dict:
    return {"reports": cooperative_reports(user=request.user, cooperative=cooperative)}


def _visible(user) -> bool:
    scope = scope_for(user)
    return scope.signed_in and (scope.everything or scope.region_code is not None or may_write_any(user))


def register() -> None:
    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="reporting",
            build=_build,
            schema=ReportingBlock,
            template="reporting/panels/reporting.html",
            order=90,
            as_of=True,
        )
    )
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="reporting", template="reporting/panels/cooperative.html", context=cooperative_panel, order=95
        )
    )
    registry.cooperative_history.register(
        registry.HistorySource(
            key="reporting",
            label=_("Laporan berkala"),
            rows=lambda cooperative_id: Report.history.filter(cooperative_id=cooperative_id),
            order=95,
        )
    )
    registry.menu_items.register(
        registry.MenuItem(
            key="reporting",
            label=_("Laporan"),
            url=lambda user: reverse("reporting:report_list"),
            visible=_visible,
            order=75,
        )
    )

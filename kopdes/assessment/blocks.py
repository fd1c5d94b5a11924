"""What the assessment registers at the hubs (`kopdes.core.registry`): the "activity" progress block with its
region-page panel, the cooperative panel (latest score, category, reasons, missing evidence, a contesting visit),
the visits' and weights' history on the cooperative page, and the menu entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kopdes.core import registry
from kopdes.core.scoping import region_user, scope_for


def cooperative_panel(request, cooperative, forms: dict) -> dict:
    from kopdes.assessment.selectors import cooperative_panel as panel
    from kopdes.assessment.services import may_visit

    return {"activity": panel(cooperative=cooperative), "activity_cooperative": cooperative,
            "may_visit": may_visit(request.user)}  # fmt: skip


def register() -> None:
    from kopdes.assessment.api import ActivityBlock
    from kopdes.assessment.models import Visit
    from kopdes.assessment.selectors import activity_block, pendamping_visits

    # A pendamping's monthly report counts their field visits, no longer typed.
    registry.pendamping_sources.register(registry.ReportSource(key="visits", figures=pendamping_visits))

    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="activity",
            build=lambda region, document: activity_block(region=region),
            schema=ActivityBlock,
            template="assessment/panels/activity.html",
            order=58,
        )
    )
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="activity", template="assessment/panels/cooperative.html", context=cooperative_panel, order=25
        )
    )
    registry.cooperative_history.register(
        registry.HistorySource(
            key="activity",
            label=_("Kunjungan lapangan"),
            rows=lambda cooperative_id: Visit.history.filter(cooperative_id=cooperative_id),
            order=95,
        )
    )
    registry.menu_items.register(
        registry.MenuItem(
            key="activity",
            label=_("Penilaian"),
            url=lambda user: reverse("assessment:region"),
            visible=lambda user: scope_for(user).signed_in and region_user(user),
            order=58,
        )
    )

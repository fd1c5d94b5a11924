"""What finance registers at the hubs: the "financing" and "partnerships" blocks of the progress document with their
region-page panels, the cooperative panel (its partnerships, applications, schedule, arrears) and the history of its
applications on the cooperative page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kopdes.core import registry


def register() -> None:
    from kopdes.finance import panels
    from kopdes.finance.api import FinancingBlockOut, PartnershipsBlockOut
    from kopdes.finance.models import Application
    from kopdes.finance.selectors import financing_block, partnerships_block

    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="financing",
            build=lambda region, document: financing_block(region=region),
            schema=FinancingBlockOut,
            template="finance/panels/financing.html",
            order=70,
        )
    )
    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="partnerships",
            build=lambda region, document: partnerships_block(region=region),
            schema=PartnershipsBlockOut,
            template="finance/panels/partnerships.html",
            order=71,
        )
    )
    from kopdes.cooperatives.selectors import milestones_prefetch

    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="finance",
            template="finance/panels/cooperative.html",
            context=panels.cooperative,
            order=70,
            prefetch=(milestones_prefetch(),),  # the prerequisites' dates (selectors.prerequisites)
        )
    )
    registry.cooperative_history.register(
        registry.HistorySource(
            key="finance",
            label=_("Pembiayaan"),
            rows=lambda cooperative_id: Application.history.filter(cooperative_id=cooperative_id),
            order=70,
            related=("bank",),  # Application.__str__
        )
    )

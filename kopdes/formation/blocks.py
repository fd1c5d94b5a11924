"""What formation registers at the hubs: the spine of the progress document ("phases"), the "targets" block, the
milestone panel of the cooperative page and the milestones' history (see `kopdes.core.registry`)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from kopdes.core import registry
from kopdes.formation.choices import PHASE_BY_KEY, Phase


def _phase_label(key: str) -> str:
    return Phase(PHASE_BY_KEY[key]).label


def decorate_targets(targets: list[dict]) -> list[dict]:
    return [
        {**t, "phase_label": _phase_label(t["phase"]), "due_date": datetime.date.fromisoformat(t["due_date"])}
        for t in targets
    ]


def register() -> None:
    from kopdes.formation import panels
    from kopdes.formation.api import PhasesBlock, TargetAttainment
    from kopdes.formation.models import Milestone
    from kopdes.formation.selectors import progress_summary, region_targets

    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="phases",
            build=lambda region, document: progress_summary(region=region),
            schema=PhasesBlock,
            order=10,
            spread=True,
        )
    )
    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="targets",
            build=lambda region, document: region_targets(region=region, summary=document),
            schema=list[TargetAttainment],
            template="formation/panels/targets.html",
            order=50,
            decorate=decorate_targets,
        )
    )
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="milestones", template="formation/panels/milestones.html", context=panels.milestones, order=20
        )
    )
    registry.cooperative_history.register(
        registry.HistorySource(
            key="milestones",
            label=_("Tahapan"),
            rows=lambda cooperative_id: Milestone.history.filter(cooperative_id=cooperative_id),
            order=50,
        )
    )

"""What training registers at the hubs (see `kopdes.core.registry`): the "training" block of the progress document
with its region-page panel, the menu entry, the cooperative panel (its officials' training record and coverage),
the participants' history on the cooperative page, and the attendance-sheet importer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kopdes.core import registry


def register() -> None:
    from kopdes.training import panels
    from kopdes.training.api import TrainingBlockOut
    from kopdes.training.importers import AttendanceImporter
    from kopdes.training.models import Participant
    from kopdes.training.selectors import training_block

    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="training",
            build=lambda region, document: training_block(region=region),
            schema=TrainingBlockOut,
            template="training/panels/training.html",
            order=50,
        )
    )
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="training", template="training/panels/cooperative.html", context=panels.cooperative, order=60
        )
    )
    registry.cooperative_history.register(
        registry.HistorySource(
            key="training",
            label=_("Pelatihan"),
            rows=lambda cooperative_id: Participant.history.filter(cooperative_id=cooperative_id),
            order=60,
        )
    )
    registry.importer_register(AttendanceImporter())
    registry.menu_items.register(
        registry.MenuItem(
            key="training", label=_("Pelatihan"), url=lambda user: reverse("training:event_list"), order=45
        )
    )

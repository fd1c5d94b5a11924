"""What the Satgas app registers at the hubs (`kopdes.core.registry`): the "actions" progress block with its
region-page panel (overdue actions), the cooperative panel (actions about that cooperative), the items' history on
the cooperative page and the action list's export."""

from __future__ import annotations

import dataclasses
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopdes.core import registry
from kopdes.taskforce.api import ActionsBlock
from kopdes.taskforce.io import ACTION_COLUMNS, action_export_rows
from kopdes.taskforce.models import ActionItem
from kopdes.taskforce.selectors import ActionFilters, action_counts, action_list, cooperative_actions

EXPORT_KIND = "taskforce_actions"


def _filters(params: dict):
    known = {f.name for f in dataclasses.fields(ActionFilters)}
    return ActionFilters(**{key: value for key, value in (params or {}).items() if key in known})


def _rows(user, params: dict):
    return action_export_rows(action_list(user=user, filters=_filters(params)).iterator(chunk_size=2000))


def _count(user, params: dict) -> int:
    return action_list(user=user, filters=_filters(params)).count()


def _describe(params: dict) -> str:
    filters = _filters(params)
    parts = [f"{_('wilayah')} {filters.region}" if filters.region else str(_("seluruh wilayah Anda"))]
    if filters.state:
        parts.append(filters.state)
    if filters.mine:
        parts.append(str(_("tindakan saya")))
    return "; ".join(str(part) for part in parts)


ACTIONS_EXPORTER = registry.ListExporter(
    key=EXPORT_KIND,
    label=_("Tindakan Satgas"),
    columns=ACTION_COLUMNS,
    count=_count,
    rows=_rows,
    file_stem=lambda params: f"tindakan-satgas-{params.get('region') or 'semua'}-{timezone.localdate():%Y%m%d}",
    sheet_title="Tindakan",
    describe=_describe,
    back_url=lambda params: reverse("taskforce:action_list"),
)


def decorate_actions(data: dict) -> dict:
    return {
        **data,
        "overdue_items": [
            {**item, "due_date": datetime.date.fromisoformat(item["due_date"])} for item in data["overdue_items"]
        ],
    }


def cooperative_panel(request, cooperative, forms: dict) -> dict:
    return {"taskforce_actions": cooperative_actions(user=request.user, cooperative=cooperative)}


def register() -> None:
    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="actions",
            build=lambda region, document: action_counts(region=region),
            schema=ActionsBlock,
            template="taskforce/panels/actions.html",
            order=60,
            decorate=decorate_actions,
        )
    )
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            "taskforce_actions", "taskforce/panels/cooperative_actions.html", cooperative_panel, order=70
        )  # fmt: skip
    )
    registry.cooperative_history.register(
        registry.HistorySource(
            key="taskforce_actions",
            label=_("Tindakan Satgas"),
            rows=lambda cooperative_id: ActionItem.history.filter(subject_cooperative_id=cooperative_id),
            order=80,
            related=("decision", "unit", "agency"),  # ActionItem.__str__
        )
    )
    registry.list_exporters.register(ACTIONS_EXPORTER)
    registry.menu_items.register(
        registry.MenuItem(key="taskforce", label=_("Satgas"), url=lambda user: reverse("taskforce:home"), order=45)
    )

"""What the consultation service registers at the hubs (`kopdes.core.registry`): the "consultations" progress
block with its region-page panel, the cooperative panel (its consultations and who to contact), the
consultations' history on the cooperative page, the consultation list's export and the menu entry."""

from __future__ import annotations

import dataclasses

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopdes.core import registry
from kopdes.core.scoping import scope_for
from kopdes.helpdesk.api import ConsultationsBlock
from kopdes.helpdesk.io import CONSULTATION_COLUMNS, consultation_export_rows
from kopdes.helpdesk.models import Consultation
from kopdes.helpdesk.selectors import (
    ConsultationFilters,
    consultation_list,
    consultations_block,
    cooperative_consultations,
)

EXPORT_KIND = "helpdesk_consultations"


def _filters(params: dict):
    known = {f.name for f in dataclasses.fields(ConsultationFilters)}
    return ConsultationFilters(**{key: value for key, value in (params or {}).items() if key in known})


def _rows(user, params: dict):
    return consultation_export_rows(consultation_list(user=user, filters=_filters(params)).iterator(chunk_size=2000))


def _count(user, params: dict) -> int:
    return consultation_list(user=user, filters=_filters(params)).count()


def _describe(params: dict) -> str:
    filters = _filters(params)
    parts = [f"{_('wilayah')} {filters.region}" if filters.region else str(_("seluruh wilayah Anda"))]
    if filters.state:
        parts.append(filters.state)
    if filters.topic:
        parts.append(filters.topic)
    return "; ".join(str(part) for part in parts)


def cooperative_panel(request, cooperative, forms: dict) -> dict:
    return {"helpdesk": cooperative_consultations(user=request.user, cooperative=cooperative)}


def register() -> None:
    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="consultations",
            build=lambda region, document: consultations_block(region=region),
            schema=ConsultationsBlock,
            template="helpdesk/panels/consultations.html",
            order=70,
        )
    )
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="helpdesk", template="helpdesk/panels/cooperative.html", context=cooperative_panel, order=80
        )
    )
    registry.cooperative_history.register(
        registry.HistorySource(
            key="helpdesk",
            label=_("Konsultasi"),
            rows=lambda cooperative_id: Consultation.history.filter(cooperative_id=cooperative_id),
            order=90,
        )
    )
    registry.list_exporters.register(
        registry.ListExporter(
            key=EXPORT_KIND,
            label=_("Konsultasi"),
            columns=CONSULTATION_COLUMNS,
            count=_count,
            rows=_rows,
            file_stem=lambda params: f"konsultasi-{params.get('region') or 'semua'}-{timezone.localdate():%Y%m%d}",
            sheet_title="Konsultasi",
            describe=_describe,
            back_url=lambda params: reverse("helpdesk:consultation_list"),
        )
    )
    registry.menu_items.register(
        registry.MenuItem(
            key="helpdesk",
            label=_("Konsultasi"),
            url=lambda user: reverse("helpdesk:consultation_list"),
            visible=lambda user: scope_for(user).signed_in,
            order=70,
        )
    )

"""What formation registers at the hubs (see `kopdes.core.registry`): the spine of the progress document ("phases"),
the "targets" block, the milestone panel of the cooperative page and the milestones' history, the registry's
importer and its list export (the registry file carries the formation dates, so formation owns its columns)."""

from __future__ import annotations

import dataclasses
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopdes.cooperatives.selectors import CooperativeFilters, cooperative_list
from kopdes.core import registry
from kopdes.formation.choices import PHASE_BY_KEY, Phase
from kopdes.formation.io import COLUMNS, IMPORT_KIND, export_rows


def _phase_label(key: str) -> str:
    return Phase(PHASE_BY_KEY[key]).label


def decorate_targets(targets: list[dict]) -> list[dict]:
    return [
        {**t, "phase_label": _phase_label(t["phase"]), "due_date": datetime.date.fromisoformat(t["due_date"])}
        for t in targets
    ]


def _refresh_phase(sender, *, cooperative, **kwargs) -> None:
    from kopdes.formation.services import cooperative_refresh_phase

    cooperative_refresh_phase(cooperative)


def _registry_params(params: dict) -> CooperativeFilters:
    known = {f.name for f in dataclasses.fields(CooperativeFilters)}
    return CooperativeFilters(**{key: value for key, value in (params or {}).items() if key in known})


def _registry_rows(user, params: dict):
    return export_rows(cooperative_list(user=user, filters=_registry_params(params)))


def _registry_count(user, params: dict) -> int:
    return cooperative_list(user=user, filters=_registry_params(params)).count()


def _registry_describe(params: dict) -> str:
    filters = _registry_params(params)
    parts = [f"{_('wilayah')} {filters.region}" if filters.region else str(_("seluruh wilayah Anda"))]
    if filters.phase is not None:
        parts.append(f"{_('tahap')} {filters.phase} {Phase(filters.phase).label}")
    parts += [value for value in (filters.kind, filters.scheme) if value]
    if filters.has_warnings is not None:
        parts.append(str(_("ada peringatan") if filters.has_warnings else _("tanpa peringatan")))
    if filters.q:
        parts.append(f'"{filters.q}"')
    return "; ".join(str(part) for part in parts)


REGISTRY_EXPORTER = registry.ListExporter(
    key=IMPORT_KIND,
    label=_("Registri koperasi"),
    columns=COLUMNS,
    count=_registry_count,
    rows=_registry_rows,
    file_stem=lambda params: f"koperasi-{params.get('region') or 'semua'}-{timezone.localdate():%Y%m%d}",
    sheet_title="Koperasi",
    describe=_registry_describe,
    back_url=lambda params: reverse("cooperatives:cooperative_list"),
)


def register() -> None:
    from kopdes.cooperatives.signals import business_units_changed
    from kopdes.formation.importers import RegistryImporter

    registry.importer_register(RegistryImporter())
    registry.list_exporters.register(REGISTRY_EXPORTER)

    business_units_changed.connect(_refresh_phase, dispatch_uid="formation.refresh_phase")
    from kopdes.formation import panels
    from kopdes.formation.api import PhasesBlock, TargetAttainment
    from kopdes.formation.models import Milestone
    from kopdes.formation.selectors import progress_summary, progress_summary_as_of, region_targets

    def phases(region, document, as_of=None):
        if as_of is None:
            return progress_summary(region=region)
        return progress_summary_as_of(region=region, as_of=as_of)

    registry.progress_blocks.register(
        registry.ProgressBlock(key="phases", build=phases, schema=PhasesBlock, order=10, spread=True, as_of=True)
    )
    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="targets",
            # Against the document's phase totals, so as of a past day when the document is.
            build=lambda region, document, as_of=None: region_targets(region=region, summary=document),
            schema=list[TargetAttainment],
            template="formation/panels/targets.html",
            order=20,
            decorate=decorate_targets,
            as_of=True,
        )
    )
    from kopdes.cooperatives.selectors import milestones_prefetch

    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="checklist",
            template="formation/panels/checklist.html",
            context=panels.checklist,
            order=5,
            prefetch=(milestones_prefetch(), "business_units"),
        )
    )
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="milestones",
            template="formation/panels/milestones.html",
            context=panels.milestones,
            order=20,
            prefetch=(milestones_prefetch(),),
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

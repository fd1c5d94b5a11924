"""The registry's own sections of the cooperative page (board, gerai, documents) and the history of its records,
registered like any other app's (`kopdes.core.registry`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kopdes.accounts.choices import Capability
from kopdes.cooperatives import selectors
from kopdes.cooperatives.forms import BusinessUnitForm, DocumentForm, OfficialForm
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Document, Official
from kopdes.core import registry
from kopdes.core.scoping import user_can


def _form(request, forms: dict, name: str, form_class):
    if not user_can(request.user, Capability.EDIT_COOPERATIVE):
        return None
    return forms.get(name) or form_class()


def officials(request, cooperative, forms: dict) -> dict:
    officials = registry.prefetched(cooperative, "officials")
    if officials is None:
        officials = list(selectors.official_list(user=request.user, cooperative=cooperative))
    for official, nik in zip(officials, selectors.officials_nik_for(request.user, officials), strict=True):
        official.nik_shown = nik  # one access-log write for the whole board
    return {
        "officials": officials,
        "official_form": _form(request, forms, "official_form", OfficialForm),
    }


def units(request, cooperative, forms: dict) -> dict:
    units = registry.prefetched(cooperative, "business_units")
    if units is None:
        units = selectors.business_unit_list(user=request.user, cooperative=cooperative)
    return {
        "units": units,
        "unit_form": _form(request, forms, "unit_form", BusinessUnitForm),
    }


def documents(request, cooperative, forms: dict) -> dict:
    return {
        "documents": selectors.document_list(user=request.user, cooperative=cooperative),
        "document_form": _form(request, forms, "document_form", DocumentForm),
    }


def register() -> None:
    for key, template, context, order, prefetch in [
        ("officials", "cooperatives/panels/officials.html", officials, 30, ("officials",)),
        ("units", "cooperatives/panels/units.html", units, 40, ("business_units",)),
        ("documents", "cooperatives/panels/documents.html", documents, 60, ()),
    ]:
        registry.cooperative_panels.register(registry.CooperativePanel(key, template, context, order, prefetch))
    for key, label, model, field, order in [
        ("cooperative", _("Profil koperasi"), Cooperative, "id", 10),
        ("officials", _("Pengurus/pengawas"), Official, "cooperative_id", 20),
        ("units", _("Gerai"), BusinessUnit, "cooperative_id", 30),
        ("documents", _("Dokumen"), Document, "cooperative_id", 40),
    ]:
        registry.cooperative_history.register(
            registry.HistorySource(
                key, label, lambda pk, model=model, field=field: model.history.filter(**{field: pk}), order
            )
        )

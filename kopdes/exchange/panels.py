"""What exchange adds to other apps' pages: the cooperative page's "Beda dengan SIMKOPDES" panel and the registry
list's filter of the same name (cooperatives may not import exchange: they meet at core.registry)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kopdes.core import registry
from kopdes.exchange.selectors import cooperative_disagreements, cooperatives_differing

LIST_FILTER_KEY = "beda_simkopdes"


def disagreements(request, cooperative, forms: dict) -> dict:
    return {"simkopdes": cooperative_disagreements(cooperative)}


def register() -> None:
    registry.cooperative_panels.register(
        registry.CooperativePanel("simkopdes", "exchange/panels/cooperative.html", disagreements, order=60)
    )
    registry.list_filters.register(
        registry.ListFilter(
            key=LIST_FILTER_KEY,
            list="cooperatives",
            label=_("Beda dengan SIMKOPDES"),
            help_text=_("NIB, NPWP atau akun SIMKOPDES tercatat berbeda dari data desa SIMKOPDES terakhir."),
            apply=cooperatives_differing,
        )
    )

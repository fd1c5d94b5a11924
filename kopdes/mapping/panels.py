"""The BUMDes overlap check of the cooperative page: each live gerai with its verdict and the decision taken."""

from __future__ import annotations

from kopdes.core import registry
from kopdes.mapping.selectors import cooperative_verdicts


def overlap_check(request, cooperative, forms: dict) -> dict:
    return {"verdicts": cooperative_verdicts(cooperative=cooperative)}


def register() -> None:
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            "overlap_check", "mapping/panels/overlap_check.html", overlap_check, order=45, prefetch=("business_units",)
        )
    )

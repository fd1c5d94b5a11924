"""The training panel of the cooperative page: its current officials with the tiers each passed (NIK masked unless
the role needs it), coverage by position, and the events its people were listed for."""

from __future__ import annotations

from kopdes.cooperatives.selectors import official_nik_for
from kopdes.training.choices import TIERS
from kopdes.training.selectors import cooperative_training


def cooperative(request, cooperative, forms: dict) -> dict:
    data = cooperative_training(user=request.user, cooperative=cooperative)
    for official in data["officials"]:
        official.nik_shown = official_nik_for(request.user, official)
        official.tiers_passed = [tier for tier in TIERS if getattr(official, f"passed_{tier}")]
    return {"training": data}

"""The training panel of the cooperative page: its current officials with the tiers each passed (NIK masked unless
the role needs it), coverage by position, and the events its people were listed for."""

from __future__ import annotations

from kopdes.cooperatives.selectors import officials_nik_for
from kopdes.training.choices import TIERS
from kopdes.training.selectors import cooperative_training


def cooperative(request, cooperative, forms: dict) -> dict:
    data = cooperative_training(user=request.user, cooperative=cooperative)
    niks = officials_nik_for(request.user, data["officials"])  # one access-log write for the whole list
    for official, nik in zip(data["officials"], niks, strict=True):
        official.nik_shown = nik
        official.tiers_passed = [tier for tier in TIERS if getattr(official, f"passed_{tier}")]
    return {"training": data}

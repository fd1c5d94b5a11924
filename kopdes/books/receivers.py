"""What the books hear from other apps through the lower layers' signals: bank financing events sent by the finance
app (`kopdes.cooperatives.signals.financing_event`) post to the cooperative's ledger when it keeps books here."""

from __future__ import annotations

from kopdes.books import services


def on_financing_event(
    sender,
    *,
    cooperative,
    event: str,
    date,
    reference: str,
    principal_rp: int,
    interest_rp: int = 0,
    from_dana_desa: bool = False,
    description: str = "",
    actor=None,
    **kwargs,
):
    return services.financing_post(
        cooperative=cooperative, event=event, day=date, reference=reference, principal=principal_rp,
        interest=interest_rp, from_dana_desa=from_dana_desa, description=description, actor=actor,
    )  # fmt: skip

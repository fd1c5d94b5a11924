"""Signals the registry sends so that apps deriving facts from it stay in step without the registry knowing them.

`business_units_changed(sender=Cooperative, cooperative=...)` is sent inside the writing transaction whenever a gerai
of the cooperative is created or changed: formation listens and derives the phase again (a cooperative is
"beroperasi" when a gerai operates).

`financing_event(sender, cooperative=..., event="pencairan"|"angsuran", date=..., reference=..., principal_rp=...,
interest_rp=..., from_dana_desa=False, description=..., actor=...)` is sent by the finance app inside the writing
transaction when a bank disburses a loan to the cooperative or the cooperative pays an instalment; the books post it
to the cooperative's ledger when it keeps its books in Kopdes (finance and books sit on one layer and never import
each other). `reference` is unique per event, so an event sent twice posts once."""

from django.dispatch import Signal

business_units_changed = Signal()
financing_event = Signal()

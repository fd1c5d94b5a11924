"""Signals the registry sends so that apps deriving facts from it stay in step without the registry knowing them.

`business_units_changed(sender=Cooperative, cooperative=...)` is sent inside the writing transaction whenever a gerai
of the cooperative is created or changed: formation listens and derives the phase again (a cooperative is
"beroperasi" when a gerai operates)."""

from django.dispatch import Signal

business_units_changed = Signal()

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitStatus(models.TextChoices):
    MATCHED = "matched", _("Cocok")
    UNMATCHED = "unmatched", _("Belum cocok")
    AMBIGUOUS = "ambiguous", _("Meragukan")
    IGNORED = "ignored", _("Bukan wilayah Kemendagri")


class MatchMethod(models.TextChoices):
    """How a unit's region was found. An import reports a fourth way, "id": the unit was already in the mapping
    table (matched by any of these in an earlier import or by an officer)."""

    EXACT = "exact", _("Nama sama")
    FUZZY = "fuzzy", _("Nama mirip")
    MANUAL = "manual", _("Ditetapkan petugas")


# Statuses the review page lists.
OPEN_STATUSES = (UnitStatus.UNMATCHED, UnitStatus.AMBIGUOUS)

"""Writes of the mapping app: potentials, the BUMDes registry and overlap decisions. Views, the API, the
import and the demo loader all come through here (STYLE.md rule 1)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopdes.cooperatives.models import Cooperative
from kopdes.core.choices import BusinessCategory
from kopdes.mapping.choices import OverlapDecisionKind, Verdict
from kopdes.mapping.models import Bumdes, BumdesUnit, OverlapDecision, VillagePotential
from kopdes.mapping.selectors import village_verdict
from kopdes.regions.choices import RegionKind, RegionLevel
from kopdes.regions.models import Region

POTENTIAL_FIELDS = (
    "category",
    "commodity",
    "volume",
    "volume_unit",
    "value_rp",
    "people",
    "source",
    "recorded_on",
)
BUMDES_FIELDS = ("name", "legal_status", "registration_number")
UNIT_FIELDS = ("category", "name", "status", "performance", "revenue_rp", "year")


def _history_actor(actor):
    """The user the history records: None for a script run without a saved user."""
    return actor if getattr(actor, "pk", None) else None


def _save(instance, *, actor, update_fields=None) -> None:
    instance._history_user = _history_actor(actor)
    instance.save(update_fields=update_fields)


def _apply(instance, data: dict[str, Any], *, actor):
    """Set the checked and cleaned fields, validate the whole record, and save only those fields."""
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    _save(instance, actor=actor, update_fields=[*data, "updated_at"])
    return instance


def _delete(instance, *, actor) -> None:
    instance._history_user = _history_actor(actor)
    instance.delete()


def _check_fields(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _strip(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


def _require_village(village: Region, field: str = "village") -> None:
    if village.level != RegionLevel.VILLAGE:
        raise ValidationError(
            {field: _("Kode %(code)s bukan kode desa/kelurahan.") % {"code": village.code}}, code="not_village"
        )


# --- potentials ---------------------------------------------------------------------------------------------


@transaction.atomic
def potential_create(*, actor, village: Region, **fields: Any) -> VillagePotential:
    _check_fields(fields, POTENTIAL_FIELDS)
    _require_village(village)
    potential = VillagePotential(village=village, created_by=_history_actor(actor))
    for name, value in _strip(fields).items():
        setattr(potential, name, value)
    potential.full_clean()
    _save(potential, actor=actor)
    return potential


@transaction.atomic
def potential_update(*, actor, potential: VillagePotential, data: dict[str, Any]) -> VillagePotential:
    _check_fields(data, POTENTIAL_FIELDS)
    return _apply(potential, _strip(data), actor=actor)


@transaction.atomic
def potential_delete(*, actor, potential: VillagePotential) -> None:
    _delete(potential, actor=actor)


# --- BUMDes -------------------------------------------------------------------------------------------------


def kelurahan_refusal(village: Region) -> ValidationError:
    return ValidationError(
        {
            "village": _(
                "%(name)s adalah kelurahan. Kelurahan tidak memiliki BUMDes (BUMDes hanya dibentuk oleh desa); "
                "di kelurahan koperasi memimpin usaha."
            )
            % {"name": village.name}
        },
        code="kelurahan",
    )


def _normalise_bumdes(data: dict[str, Any]) -> dict[str, Any]:
    data = _strip(data)
    if "registration_number" in data and not data["registration_number"]:
        data["registration_number"] = None  # empty is "unknown", not a value the uniqueness rule compares
    return data


@transaction.atomic
def bumdes_register(*, actor, village: Region, name: str, **fields: Any) -> Bumdes:
    """Register the BUMDes of a desa. Refused for a kelurahan, with the reason."""
    _check_fields(fields, BUMDES_FIELDS)
    _require_village(village)
    if village.kind == RegionKind.KELURAHAN:
        raise kelurahan_refusal(village)
    bumdes = Bumdes(village=village, name=name.strip(), **_normalise_bumdes(fields))
    bumdes.full_clean()
    _save(bumdes, actor=actor)
    return bumdes


@transaction.atomic
def bumdes_update(*, actor, bumdes: Bumdes, data: dict[str, Any]) -> Bumdes:
    _check_fields(data, BUMDES_FIELDS)
    return _apply(bumdes, _normalise_bumdes(data), actor=actor)


@transaction.atomic
def bumdes_delete(*, actor, bumdes: Bumdes) -> None:
    for unit in bumdes.units.all():  # one history row per unit, not a silent cascade
        _delete(unit, actor=actor)
    _delete(bumdes, actor=actor)


@transaction.atomic
def bumdes_unit_create(*, actor, bumdes: Bumdes, category: str, **fields: Any) -> BumdesUnit:
    _check_fields({"category": category, **fields}, UNIT_FIELDS)
    unit = BumdesUnit(bumdes=bumdes, category=category, **_strip(fields))
    unit.full_clean()
    _save(unit, actor=actor)
    return unit


@transaction.atomic
def bumdes_unit_update(*, actor, unit: BumdesUnit, data: dict[str, Any]) -> BumdesUnit:
    _check_fields(data, UNIT_FIELDS)
    return _apply(unit, _strip(data), actor=actor)


@transaction.atomic
def bumdes_unit_delete(*, actor, unit: BumdesUnit) -> None:
    _delete(unit, actor=actor)


# --- overlap decisions --------------------------------------------------------------------------------------


@transaction.atomic
def overlap_decide(
    *,
    actor,
    cooperative: Cooperative,
    category: str,
    decision: str,
    note: str,
    agreement_number: str = "",
) -> OverlapDecision:
    """Record (or change) how an overlap of the cooperative's `category` with the BUMDes was resolved. Only a
    `tumpang_tindih` verdict needs, and accepts, a decision; taking over needs the written agreement's number."""
    errors: dict[str, str] = {}
    if category not in BusinessCategory.values:
        raise ValidationError({"category": _("Kategori usaha %(value)s tidak dikenal.") % {"value": category}})
    if decision not in OverlapDecisionKind.values:
        errors["decision"] = _("Keputusan harus salah satu dari: %s.") % ", ".join(OverlapDecisionKind.values)
    note = (note or "").strip()
    agreement_number = (agreement_number or "").strip()
    if not note:
        errors["note"] = _("Tuliskan alasan atau isi keputusan.")
    if decision == OverlapDecisionKind.AMBIL_ALIH and not agreement_number:
        errors["agreement_number"] = _("Pengambilalihan unit BUMDes memerlukan nomor kesepakatan tertulis.")
    verdict = village_verdict(village=cooperative.village, category=category)
    if verdict.verdict != Verdict.TUMPANG_TINDIH:
        errors["category"] = _(
            "Keputusan hanya dicatat untuk putusan tumpang tindih; putusan untuk usaha ini adalah "
            "'%(verdict)s': %(reason)s"
        ) % {"verdict": verdict.label, "reason": verdict.reason}
    if errors:
        raise ValidationError(errors)
    current = OverlapDecision.objects.select_for_update().filter(cooperative=cooperative, category=category).first()
    item = current or OverlapDecision(cooperative=cooperative, category=category)
    item.bumdes_unit_id = verdict.unit.unit_id if verdict.unit else None
    item.verdict = verdict.verdict
    item.verdict_reason = verdict.reason[:300]
    item.decision = decision
    item.agreement_number = agreement_number
    item.note = note
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.full_clean()
    _save(item, actor=actor)
    return item

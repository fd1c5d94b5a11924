"""Writes for formation: milestones with their evidence and order rules, and targets."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kopdes.cooperatives.choices import UnitStatus
from kopdes.cooperatives.models import Cooperative, Document
from kopdes.cooperatives.services import cooperative_identifiers_set
from kopdes.core.exceptions import ConflictError
from kopdes.formation.choices import (
    DEPENDS_ON,
    DOCUMENT_REQUIRED_TO_VERIFY,
    OPTIONAL_PREREQUISITES,
    MilestoneKind,
    MilestoneStatus,
)
from kopdes.formation.models import Milestone, Target
from kopdes.formation.rules import MILESTONE_IDENTIFIERS, derive_phase
from kopdes.regions.models import Region


def cooperative_refresh_phase(cooperative: Cooperative) -> int:
    """Recompute the derived phase in the same transaction as the change that moved it."""
    reached = Milestone.objects.filter(cooperative=cooperative).reached().values_list("kind", flat=True)
    operating = cooperative.business_units.filter(status=UnitStatus.BEROPERASI).exists()
    phase = derive_phase(reached, operating)
    if phase != cooperative.phase:
        Cooperative.objects.filter(pk=cooperative.pk).update(phase=phase)
        cooperative.phase = phase
    return phase


def milestone_order_errors(
    *,
    kind: str,
    date: datetime.date | None,
    existing: dict[str, datetime.date | None],
    has_operating_unit: bool,
) -> list[str]:
    """Why a milestone of `kind` on `date` cannot follow the milestones `existing` (kind → date, not rejected).

    Shared by the form, the API and the importer so they all say the same thing. A milestone whose date is not
    known (None) still needs its prerequisite, but dates are only compared when both are known."""
    errors = []
    label = MilestoneKind(kind).label
    if date is not None and date > timezone.localdate():
        errors.append(_("Tanggal %(kind)s tidak boleh di masa depan.") % {"kind": label})
    prerequisite = DEPENDS_ON[MilestoneKind(kind)]
    if prerequisite is not None:
        if prerequisite not in existing and prerequisite not in OPTIONAL_PREREQUISITES:
            errors.append(
                _("%(kind)s belum bisa dicatat: tahapan %(before)s belum ada.")
                % {"kind": label, "before": MilestoneKind(prerequisite).label}
            )
        before = existing.get(prerequisite)
        if before is not None and date is not None and date < before:
            errors.append(
                _("Tanggal %(kind)s (%(date)s) tidak boleh sebelum %(before)s (%(before_date)s).")
                % {
                    "kind": label,
                    "date": date_format(date),
                    "before": MilestoneKind(prerequisite).label,
                    "before_date": date_format(before),
                }
            )
    for later_kind, depends in DEPENDS_ON.items():
        later = existing.get(later_kind)
        if depends == kind and later is not None and date is not None and later < date:
            errors.append(
                _("Tanggal %(kind)s (%(date)s) tidak boleh sesudah %(later)s (%(later_date)s).")
                % {
                    "kind": label,
                    "date": date_format(date),
                    "later": MilestoneKind(later_kind).label,
                    "later_date": date_format(later),
                }
            )
    if kind == MilestoneKind.OPERASIONAL and not has_operating_unit:
        errors.append(_("Mulai beroperasi membutuhkan minimal satu unit usaha (gerai) berstatus beroperasi."))
    return errors


def _existing_dates(cooperative: Cooperative, *, exclude_pk: int | None = None) -> dict[str, datetime.date | None]:
    queryset = cooperative.milestones.reached()
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return dict(queryset.values_list("kind", "date"))


@transaction.atomic
def milestone_record(
    *,
    actor,
    cooperative: Cooperative,
    kind: str,
    date: datetime.date,
    document: Document | None = None,
    note: str = "",
    identifiers: dict[str, str] | None = None,
) -> Milestone:
    """Record (claim) a milestone. The order rules are checked against what is stored; the phase follows.

    `identifiers` are what the step gives the cooperative (`rules.MILESTONE_IDENTIFIERS`: the akta's number and
    notary, the SK AHU's number, the NIB…); they are written to the cooperative in the same transaction, so nobody
    types them again under "Ubah data". A number another cooperative holds refuses the whole record."""
    # Lock the cooperative so two people recording at once are checked one after the other.
    caller_copy, cooperative = cooperative, Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    if kind not in MilestoneKind.values:
        raise ValidationError({"kind": _("Jenis tahapan tidak dikenal: %(kind)s.") % {"kind": kind}})
    if date is None:
        raise ValidationError({"date": _("Isi tanggal tahapan.")})
    if cooperative.milestones.filter(kind=kind).reached().exists():
        raise ValidationError({"kind": _("Tahapan %(kind)s sudah dicatat.") % {"kind": MilestoneKind(kind).label}})
    if document is not None and document.cooperative_id != cooperative.pk:
        raise ValidationError({"document": _("Dokumen bukan milik koperasi ini.")})
    operating = cooperative.business_units.filter(status=UnitStatus.BEROPERASI).exists()
    errors = milestone_order_errors(
        kind=kind, date=date, existing=_existing_dates(cooperative), has_operating_unit=operating
    )
    if errors:
        raise ValidationError({"date": errors})
    identifiers = {field: value for field, value in (identifiers or {}).items() if value not in (None, "")}
    allowed = MILESTONE_IDENTIFIERS.get(kind, ())
    unknown = [field for field in identifiers if field not in allowed]
    if unknown:
        raise ValidationError(
            {field: _("Bukan data tahapan %(kind)s.") % {"kind": MilestoneKind(kind).label} for field in unknown}
        )
    changed = cooperative_identifiers_set(actor=actor, cooperative=cooperative, values=identifiers)
    for field in [*changed, "version"]:
        setattr(caller_copy, field, getattr(cooperative, field))
    # A rejected earlier record of the same kind is replaced: the new claim starts its own history.
    milestone = cooperative.milestones.filter(kind=kind).first() or Milestone(cooperative=cooperative, kind=kind)
    milestone.date = date
    milestone.document = document
    milestone.note = note
    milestone.status = MilestoneStatus.CLAIMED
    milestone.recorded_by = actor
    milestone.verified_by = None
    milestone.verified_at = None
    milestone.rejected_on = None
    milestone.full_clean()
    milestone._history_user = actor
    milestone.save()
    caller_copy.phase = cooperative_refresh_phase(cooperative)
    return milestone


@transaction.atomic
def milestone_verify(*, actor, milestone: Milestone) -> Milestone:
    """Confirm a claimed milestone against its evidence. A rejected one stays rejected: it counts again only when
    it is recorded anew (with new evidence), so verifying it here would raise the phase on refused evidence."""
    # Read the status under a lock: a rejection saved since the caller read the row must win.
    stored = Milestone.objects.select_for_update().only("status").get(pk=milestone.pk)
    if stored.status == MilestoneStatus.REJECTED:
        raise ValidationError(
            {
                "status": _(
                    "Tahapan %(kind)s sudah ditolak dan tidak bisa diverifikasi. Catat ulang tahapan ini dengan "
                    "bukti yang benar, lalu verifikasi catatan baru itu."
                )
                % {"kind": milestone.get_kind_display()}
            },
            code="rejected",
        )
    if milestone.kind in DOCUMENT_REQUIRED_TO_VERIFY and milestone.document_id is None:
        raise ValidationError(
            {"document": _("%(kind)s hanya bisa diverifikasi dengan dokumen.") % {"kind": milestone.get_kind_display()}}
        )
    milestone.status = MilestoneStatus.VERIFIED
    milestone.verified_by = actor
    milestone.verified_at = timezone.now()
    milestone._history_user = actor
    milestone.save(update_fields=["status", "verified_by", "verified_at"])
    cooperative_refresh_phase(milestone.cooperative)
    return milestone


@transaction.atomic
def milestone_reject(*, actor, milestone: Milestone, note: str) -> Milestone:
    if not note.strip():
        raise ValidationError({"note": _("Tuliskan alasan penolakan.")})
    milestone.status = MilestoneStatus.REJECTED
    milestone.note = note.strip()[:300]
    milestone.verified_by = actor
    milestone.verified_at = timezone.now()
    milestone.rejected_on = timezone.localdate()  # from this day on it no longer counts (progress "as of")
    milestone._history_user = actor
    milestone.save(update_fields=["status", "note", "verified_by", "verified_at", "rejected_on"])
    cooperative_refresh_phase(milestone.cooperative)
    return milestone


TARGET_FIELDS = ("phase", "count", "percent", "due_date", "expected_pct", "note")


def _target_clean(target: Target) -> None:
    if target.percent is not None and not isinstance(target.percent, Decimal):
        target.percent = Decimal(str(target.percent))
    if target.expected_pct is not None and not isinstance(target.expected_pct, Decimal):
        target.expected_pct = Decimal(str(target.expected_pct))
    target.full_clean()


@transaction.atomic
def target_create(*, actor, region: Region, **fields: Any) -> Target:
    unknown = set(fields) - set(TARGET_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    target = Target(region=region, created_by=actor, **fields)
    _target_clean(target)
    target._history_user = actor
    target.save()
    return target


@transaction.atomic
def target_update(*, actor, target: Target, version: int, data: dict[str, Any]) -> Target:
    claimed = Target.objects.filter(pk=target.pk, version=version).update(version=version + 1)
    if not claimed:
        raise ConflictError(
            _("Target ini sudah diubah orang lain sejak Anda membukanya."),
            current=Target.objects.get(pk=target.pk),
        )
    for field, value in data.items():
        if field not in TARGET_FIELDS:
            raise ValidationError({field: _("Kolom tidak dikenal.")})
        setattr(target, field, value)
    target.version = version + 1
    _target_clean(target)
    target._history_user = actor
    target.save()
    return target

"""Writes of the Satgas app: agencies, the letterhead, decrees and their members, meetings with attendance and
minutes, decisions fanned out into action items, and the updates that carry the items to done. Views, the API and
the demo loader all come through here (STYLE.md rule 1)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kopdes.cooperatives.models import Cooperative
from kopdes.core.exceptions import ConflictError
from kopdes.core.scoping import code_prefix_q, scope_for
from kopdes.core.uploads import inspect_upload
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.taskforce import rules
from kopdes.taskforce.choices import CLOSED_STATUSES, ActionStatus, AssigneeKind
from kopdes.taskforce.models import (
    ActionItem,
    ActionUpdate,
    Agency,
    Attachment,
    Attendance,
    Decision,
    Decree,
    DecreeMember,
    Letterhead,
    Meeting,
)

DECREE_FIELDS = ("kind", "number", "date", "title", "signer_name", "signer_position", "summary")
MEETING_FIELDS = (
    "decree",
    "kind",
    "title",
    "date",
    "place",
    "chair_name",
    "chair_position",
    "online_participants",
    "agenda",
    "minutes",
)


def _history_actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _save(instance, *, actor, update_fields=None) -> None:
    instance._history_user = _history_actor(actor)
    instance.save(update_fields=update_fields)


def _strip(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


def _check_fields(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _require_regency(region: Region, field: str = "region") -> None:
    if region.level != RegionLevel.REGENCY:
        raise ValidationError(
            {field: _("Satgas dibentuk di kabupaten/kota: %(code)s bukan kode kabupaten/kota.") % {"code": region.code}}
        )


def _claim(model, instance, version: int) -> None:
    """Take the record's version or refuse: someone saved it since the user loaded it (409)."""
    claimed = model.objects.filter(pk=instance.pk, version=version).update(version=version + 1)
    if not claimed:
        current = model.objects.get(pk=instance.pk)
        raise ConflictError(
            _("Data ini sudah diubah orang lain sejak Anda membukanya. Muat ulang lalu ulangi perubahan Anda."),
            current=current,
        )
    instance.version = version + 1


# --- agencies and letterhead -------------------------------------------------------------------------------------


@transaction.atomic
def agency_create(*, actor, region: Region, name: str, short_name: str, head_title: str = "", role: str = "",
                  order: int = 100) -> Agency:  # fmt: skip
    _require_regency(region)
    agency = Agency(region=region, **_strip({"name": name, "short_name": short_name, "head_title": head_title}))
    agency.role = role
    agency.order = order
    agency.full_clean()
    _save(agency, actor=actor)
    return agency


@transaction.atomic
def letterhead_set(*, actor, region: Region, government: str, office: str = "", address: str = "",
                   contact: str = "") -> Letterhead:  # fmt: skip
    """The regency's letterhead, set once and changed in place."""
    _require_regency(region)
    letterhead = Letterhead.objects.filter(region=region).first() or Letterhead(region=region)
    for name, value in _strip(
        {"government": government, "office": office, "address": address, "contact": contact}
    ).items():
        setattr(letterhead, name, value)
    letterhead.full_clean()
    _save(letterhead, actor=actor)
    return letterhead


# --- decrees and members -----------------------------------------------------------------------------------------


@transaction.atomic
def decree_create(*, actor, region: Region, **fields: Any) -> Decree:
    _check_fields(fields, DECREE_FIELDS)
    _require_regency(region)
    decree = Decree(region=region, created_by=_history_actor(actor), **_strip(fields))
    decree.full_clean()
    _save(decree, actor=actor)
    return decree


@transaction.atomic
def decree_update(*, actor, decree: Decree, version: int, data: dict[str, Any]) -> Decree:
    _check_fields(data, DECREE_FIELDS)
    _claim(Decree, decree, version)
    for name, value in _strip(data).items():
        setattr(decree, name, value)
    decree.full_clean()
    _save(decree, actor=actor, update_fields=[*data, "version", "updated_at"])
    return decree


@transaction.atomic
def member_add(*, actor, decree: Decree, name: str, position: str, role: str, agency: Agency | None = None,
               order: int | None = None) -> DecreeMember:  # fmt: skip
    if agency is not None and agency.region_id != decree.region_id:
        raise ValidationError({"agency": _("OPD ini bukan perangkat daerah %(code)s.") % {"code": decree.region_id}})
    if order is None:
        order = (decree.members.aggregate(last=Max("order"))["last"] or 0) + 1
    member = DecreeMember(
        decree=decree, agency=agency, role=role, order=order, **_strip({"name": name, "position": position})
    )
    member.full_clean()
    _save(member, actor=actor)
    return member


@transaction.atomic
def member_remove(*, actor, member: DecreeMember) -> None:
    member._history_user = _history_actor(actor)
    member.delete()


# --- documents ---------------------------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor, uploaded_file, title: str = "", decree: Decree | None = None,
                   meeting: Meeting | None = None, update: ActionUpdate | None = None) -> Attachment:  # fmt: skip
    """Store a document after checking its real type and size (`kopdes.core.uploads`)."""
    content_type, extension, sha256 = inspect_upload(uploaded_file)
    owner_code = (
        decree.region_id if decree else meeting.region_id if meeting else update.item.scope_code if update else ""
    )
    attachment = Attachment(
        decree=decree,
        meeting=meeting,
        update=update,
        title=title.strip(),
        original_name=(getattr(uploaded_file, "name", "") or f"dokumen.{extension}").rsplit("/", 1)[-1][:255],
        content_type=content_type,
        size=uploaded_file.size,
        sha256=sha256,
        scope_code=owner_code,
        uploaded_by=_history_actor(actor),
    )
    attachment.file.save(f"{sha256[:16]}.{extension}", uploaded_file, save=False)
    try:
        attachment.full_clean()
    except ValidationError:
        attachment.file.delete(save=False)
        raise
    _save(attachment, actor=actor)
    return attachment


# --- meetings ----------------------------------------------------------------------------------------------------


def _check_meeting_decree(meeting: Meeting) -> None:
    if meeting.decree_id and meeting.decree.region_id != meeting.region_id:
        raise ValidationError({"decree": _("SK ini milik kabupaten/kota lain.")})


@transaction.atomic
def meeting_create(*, actor, region: Region, **fields: Any) -> Meeting:
    _check_fields(fields, MEETING_FIELDS)
    _require_regency(region)
    meeting = Meeting(region=region, created_by=_history_actor(actor), **_strip(fields))
    _check_meeting_decree(meeting)
    meeting.full_clean()
    _save(meeting, actor=actor)
    return meeting


def _refuse_signed(meeting: Meeting) -> None:
    if meeting.is_signed:
        raise ValidationError(
            _("Notulen rapat ini sudah ditandatangani %(date)s: rapat dan keputusannya terkunci.")
            % {"date": timezone.localtime(meeting.signed_at).date().isoformat()},
            code="locked",
        )


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, version: int, data: dict[str, Any]) -> Meeting:
    _check_fields(data, MEETING_FIELDS)
    _refuse_signed(meeting)
    _claim(Meeting, meeting, version)
    for name, value in _strip(data).items():
        setattr(meeting, name, value)
    _check_meeting_decree(meeting)
    meeting.full_clean()
    _save(meeting, actor=actor, update_fields=[*data, "version", "updated_at"])
    return meeting


@transaction.atomic
def meeting_sign(*, actor, meeting: Meeting, version: int) -> Meeting:
    """Sign the minutes: from now on the meeting and its decisions are locked."""
    _refuse_signed(meeting)
    if not meeting.minutes.strip():
        raise ValidationError({"minutes": _("Notulen masih kosong: isi notulen sebelum ditandatangani.")})
    if not meeting.decisions.exists():
        raise ValidationError(_("Rapat ini belum mempunyai keputusan."))
    _claim(Meeting, meeting, version)
    meeting.signed_at = timezone.now()
    meeting.signed_by = _history_actor(actor)
    _save(meeting, actor=actor, update_fields=["signed_at", "signed_by", "version", "updated_at"])
    return meeting


@transaction.atomic
def attendance_set(*, actor, meeting: Meeting, status: str, agency: Agency | None = None,
                   district: Region | None = None, representative: str = "") -> Attendance:  # fmt: skip
    """Record (or change) whether an agency or the camat of a kecamatan attended."""
    _refuse_signed(meeting)
    if agency is not None and agency.region_id != meeting.region_id:
        raise ValidationError({"agency": _("OPD ini bukan perangkat daerah %(code)s.") % {"code": meeting.region_id}})
    if district is not None and (district.level != RegionLevel.DISTRICT or district.parent_id != meeting.region_id):
        raise ValidationError({"district": _("Kecamatan ini tidak berada di %(code)s.") % {"code": meeting.region_id}})
    lookup = {"agency": agency} if agency is not None else {"district": district}
    row = Attendance.objects.filter(meeting=meeting, **lookup).first() or Attendance(meeting=meeting, **lookup)
    row.status = status
    row.representative = representative.strip()
    row.full_clean()
    _save(row, actor=actor)
    return row


# --- decisions and their items -----------------------------------------------------------------------------------


def _units(decision: Decision) -> list[Region]:
    level = rules.UNIT_LEVEL[decision.assignee_kind]
    return list(
        Region.objects.filter(code_prefix_q("code", decision.assignee_region_id), level=level).only("code", "name")
    )


@transaction.atomic
def decision_create(
    *,
    actor,
    text: str,
    assignee_kind: str,
    due_date: datetime.date,
    meeting: Meeting | None = None,
    decree: Decree | None = None,
    assignee_agency: Agency | None = None,
    assignee_region: Region | None = None,
    subject_region: Region | None = None,
    subject_cooperative: Cooperative | None = None,
    corrects: Decision | None = None,
) -> Decision:
    """Record a decision of a meeting (or an instruction of a circular) and fan it out into action items: one for
    an agency, or one per kecamatan (camat) or per desa/kelurahan (kepala desa and lurah) of `assignee_region`.
    After the minutes are signed only a correction may be added; the items of the decision it corrects that are
    still open are dropped with that reason."""
    if (meeting is None) == (decree is None):
        raise TypeError("a decision comes from exactly one meeting or decree")
    source = meeting or decree
    if meeting is not None:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    owner_code = source.region_id
    if subject_cooperative is not None and subject_region is None:
        subject_region = subject_cooperative.village
    if corrects is not None and (corrects.meeting_id, corrects.decree_id) != (
        getattr(meeting, "pk", None),
        getattr(decree, "pk", None),
    ):
        raise ValidationError({"corrects": _("Keputusan yang dikoreksi harus dari rapat/surat yang sama.")})
    errors = rules.decision_errors(
        owner_code=owner_code,
        source_date=source.date,
        due_date=due_date,
        assignee_kind=assignee_kind,
        agency_region_code=assignee_agency.region_id if assignee_agency else None,
        assignee_code=assignee_region.code if assignee_region else None,
        assignee_level=assignee_region.level if assignee_region else None,
        subject_code=subject_region.code if subject_region else None,
        locked=bool(meeting and meeting.is_signed),
        correction=corrects is not None,
    )
    if errors:
        raise ValidationError(errors)
    siblings = Decision.objects.filter(meeting=meeting) if meeting else Decision.objects.filter(decree=decree)
    decision = Decision(
        region_id=owner_code,
        meeting=meeting,
        decree=decree,
        number=(siblings.aggregate(last=Max("number"))["last"] or 0) + 1,
        text=text.strip(),
        assignee_kind=assignee_kind,
        assignee_agency=assignee_agency if assignee_kind == AssigneeKind.AGENCY else None,
        assignee_region=assignee_region if assignee_kind != AssigneeKind.AGENCY else None,
        subject_region=subject_region,
        subject_cooperative=subject_cooperative,
        due_date=due_date,
        corrects=corrects,
        created_by=_history_actor(actor),
    )
    decision.full_clean()
    _save(decision, actor=actor)
    _fan_out(decision, actor=actor)
    if corrects is not None:
        _drop_corrected(corrects, by=decision, actor=actor)
    return decision


def _fan_out(decision: Decision, *, actor) -> list[ActionItem]:
    subject_code = decision.subject_region_id
    coop_code = decision.subject_cooperative.village_id if decision.subject_cooperative_id else None
    common = {
        "decision": decision,
        "subject_region_id": subject_code,
        "subject_cooperative_id": decision.subject_cooperative_id,
        "due_date": decision.due_date,
    }
    if decision.assignee_kind == AssigneeKind.AGENCY:
        scope = rules.item_scope_code(
            unit_code=None, subject_cooperative_code=coop_code, subject_code=subject_code, owner_code=decision.region_id
        )
        items = [ActionItem(agency=decision.assignee_agency, scope_code=scope, **common)]
    else:
        items = [ActionItem(unit_id=unit.code, scope_code=unit.code, **common) for unit in _units(decision)]
        if not items:
            raise ValidationError({"assignee_region": _("Tidak ada unit di wilayah ini.")})
    for item in items:
        item.full_clean(exclude=["decision"], validate_unique=False, validate_constraints=False)
    return bulk_create_with_history(items, ActionItem, default_user=_history_actor(actor), batch_size=500)


def _drop_corrected(old: Decision, *, by: Decision, actor) -> None:
    reason = _("Dikoreksi oleh keputusan no. %(number)d.") % {"number": by.number}
    today = timezone.localdate()
    for item in old.items.exclude(status__in=CLOSED_STATUSES).select_related("decision"):
        ActionUpdate.objects.create(item=item, date=today, text=reason, status=ActionStatus.DROPPED,
                                    author=_history_actor(actor))  # fmt: skip
        item.status = ActionStatus.DROPPED
        item.dropped_reason = reason
        item.closed_on = today
        item.version += 1
        _save(item, actor=actor, update_fields=["status", "dropped_reason", "closed_on", "version", "updated_at"])


@transaction.atomic
def decision_update(*, actor, decision: Decision, text: str | None = None,
                    due_date: datetime.date | None = None) -> Decision:  # fmt: skip
    """Change the wording or the due date before the minutes are signed; open items take the new due date."""
    if decision.meeting_id:
        _refuse_signed(Meeting.objects.select_for_update().get(pk=decision.meeting_id))
    source = decision.source
    if due_date is not None:
        if due_date < source.date:
            raise ValidationError(
                {"due_date": _("Tenggat tidak boleh sebelum tanggal rapat/surat (%(date)s).") % {
                    "date": source.date.isoformat()}}
            )  # fmt: skip
        decision.due_date = due_date
        for item in decision.items.exclude(status__in=CLOSED_STATUSES):
            item.due_date = due_date
            item.version += 1
            _save(item, actor=actor, update_fields=["due_date", "version", "updated_at"])
    if text is not None:
        decision.text = text.strip()
    decision.full_clean()
    _save(decision, actor=actor, update_fields=["text", "due_date"])
    return decision


# --- updates -----------------------------------------------------------------------------------------------------


def may_close(user, item: ActionItem) -> bool:
    if user is None:  # the demo loader and scripts run by the operator
        return True
    scope = scope_for(user)
    return rules.may_close(
        everything=scope.everything,
        user_region_code=scope.region_code,
        unit_code=item.unit_id,
        owner_code=item.decision.region_id,
    )


@transaction.atomic
def action_update_add(*, actor, item: ActionItem, version: int, status: str, text: str,
                      date: datetime.date | None = None, uploaded_file=None) -> ActionUpdate:  # fmt: skip
    """Report progress on an item and move it to `status`. Closing (done or dropped) and reopening take an update
    with what was done (or why it was dropped), by the item's own official or the regency."""
    text = (text or "").strip()
    date = date or timezone.localdate()
    if not text:
        raise ValidationError({"text": _("Tuliskan perkembangannya: tindakan tidak ditutup tanpa laporan.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("Tanggal tidak boleh di masa depan.")})
    if date < item.decision.source.date:
        raise ValidationError({"date": _("Tanggal sebelum keputusan dibuat.")})
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Status tidak dikenal.")})
    changes_closing = status in CLOSED_STATUSES or item.status in CLOSED_STATUSES
    if changes_closing and status != item.status and not may_close(_history_actor(actor), item):
        raise ValidationError(
            {"status": _("Tindakan ini hanya dapat ditutup atau dibuka lagi oleh pelaksananya atau kabupaten/kota.")}
        )
    _claim(ActionItem, item, version)
    update = ActionUpdate(item=item, date=date, text=text, status=status, author=_history_actor(actor))
    update.full_clean()
    update.save()
    item.status = status
    item.closed_on = date if status in CLOSED_STATUSES else None
    item.dropped_reason = text if status == ActionStatus.DROPPED else ""
    item.full_clean(validate_unique=False)
    _save(item, actor=actor, update_fields=["status", "closed_on", "dropped_reason", "version", "updated_at"])
    if uploaded_file is not None:
        attachment_add(actor=actor, uploaded_file=uploaded_file, update=update)
    return update

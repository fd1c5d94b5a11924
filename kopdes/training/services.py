"""Writes of the training app: the catalogue, events with their funding, invitations, registrations, attendance at
the door and results. Views, the API, the attendance import and the demo all come through here (STYLE.md rule 1);
every refusal is a ValidationError naming the field and the rule, and nothing is written when one is raised."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kopdes.cooperatives.choices import Position
from kopdes.cooperatives.models import Cooperative, Official
from kopdes.core.exceptions import ConflictError
from kopdes.core.scoping import code_covers, code_prefix_q
from kopdes.regions.choices import RegionKind, RegionLevel
from kopdes.regions.models import Region
from kopdes.training import rules
from kopdes.training.choices import DEFAULT_INVITED_POSITIONS, EventKind, FundingSource, ParticipantSource
from kopdes.training.models import Course, Event, EventFunding, Participant, Provider

COURSE_FIELDS = ("code", "title", "track", "tier", "hours", "competencies")
PROVIDER_FIELDS = ("name", "kind", "certification_number", "issuing_body", "valid_from", "valid_until", "document")
EVENT_FIELDS = (
    "kind",
    "title",
    "agency",
    "start_date",
    "end_date",
    "venue",
    "online_link",
    "capacity",
    "quota_per_cooperative",
    "invited_positions",
    "course",
    "provider",
    "note",
)
ORGANISER_LEVELS = (RegionLevel.PROVINCE, RegionLevel.REGENCY, RegionLevel.DISTRICT)


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _save(instance, *, actor, update_fields=None) -> None:
    instance._history_user = _actor(actor)
    instance.save(update_fields=update_fields)


def _check_fields(data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _strip(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


def current_q(prefix: str = "") -> Q:
    """Officials still in office today (no end of term, or one not yet passed)."""
    today = timezone.localdate()
    return Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": today})


# --- catalogue ------------------------------------------------------------------------------------------------


@transaction.atomic
def course_create(*, actor, **fields: Any) -> Course:
    _check_fields(fields, COURSE_FIELDS)
    course = Course(**_strip(fields))
    course.full_clean()
    _save(course, actor=actor)
    return course


@transaction.atomic
def course_update(*, actor, course: Course, data: dict[str, Any]) -> Course:
    _check_fields(data, COURSE_FIELDS)
    for name, value in _strip(data).items():
        setattr(course, name, value)
    course.full_clean()
    _save(course, actor=actor, update_fields=list(data))
    if {"track", "tier"} & set(data):
        Participant.objects.filter(event__course=course).update(track=course.track, tier=course.tier)
    return course


@transaction.atomic
def provider_create(*, actor, **fields: Any) -> Provider:
    _check_fields(fields, PROVIDER_FIELDS)
    provider = Provider(**_strip(fields))
    provider.full_clean()
    _save(provider, actor=actor)
    return provider


@transaction.atomic
def provider_update(*, actor, provider: Provider, data: dict[str, Any]) -> Provider:
    """Change a provider; a certification that no longer covers a planned session is refused (sessions already
    held keep the certification they were held under: only events not yet ended are checked)."""
    _check_fields(data, PROVIDER_FIELDS)
    for name, value in _strip(data).items():
        setattr(provider, name, value)
    provider.full_clean()
    today = timezone.localdate()
    for event in provider.events.filter(end_date__gte=today):
        error = rules.certification_error(
            valid_from=provider.valid_from, valid_until=provider.valid_until, start=event.start_date, end=event.end_date
        )
        if error:
            raise ValidationError({"valid_until": f"{event.title}: {error}"})
    _save(provider, actor=actor, update_fields=list(data))
    return provider


# --- events ---------------------------------------------------------------------------------------------------


def _event_clean(event: Event) -> None:
    """The event's own fields, then the rules that need more than one field."""
    event.full_clean()
    errors: dict[str, str] = {}
    if event.organiser_region.level not in ORGANISER_LEVELS:
        errors["organiser_region"] = _("Penyelenggara adalah provinsi, kabupaten/kota atau kecamatan.")
    if event.kind == EventKind.PELATIHAN:
        if event.course_id is None:
            errors["course"] = _("Pelatihan memerlukan materi dari katalog.")
        if event.provider_id is None:
            errors["provider"] = _("Pelatihan memerlukan lembaga pelatihan bersertifikat.")
    elif event.course_id is not None:
        errors["course"] = _("Materi katalog hanya untuk kegiatan jenis pelatihan.")
    if event.provider_id is not None and "provider" not in errors:
        error = rules.certification_error(
            valid_from=event.provider.valid_from,
            valid_until=event.provider.valid_until,
            start=event.start_date,
            end=event.end_date,
        )
        if error:
            errors["provider"] = error
    unknown = [p for p in event.invited_positions or [] if p not in Position.values]
    if unknown:
        errors["invited_positions"] = _("Jabatan tidak dikenal: %s.") % ", ".join(map(str, unknown))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(*, actor, organiser_region: Region, funding: list[dict] | None = None, **fields: Any) -> Event:
    """Plan an event in `organiser_region`; `funding` lines ({"source", "amount_rp", "village"}) may come with it."""
    _check_fields(fields, EVENT_FIELDS)
    event = Event(organiser_region=organiser_region, created_by=_actor(actor), **_strip(fields))
    _event_clean(event)
    _save(event, actor=actor)
    for line in funding or []:
        funding_add(actor=actor, event=event, **line)
    return event


@transaction.atomic
def event_update(*, actor, event: Event, version: int, data: dict[str, Any]) -> Event:
    """Change an event seen at `version`; someone else's save in between is a ConflictError (409)."""
    _check_fields(data, EVENT_FIELDS)
    claimed = Event.objects.filter(pk=event.pk, version=version).update(version=version + 1)
    if not claimed:
        raise ConflictError(
            _("Kegiatan ini sudah diubah orang lain sejak Anda membukanya."), current=Event.objects.get(pk=event.pk)
        )
    for name, value in _strip(data).items():
        setattr(event, name, value)
    event.version = version + 1
    _event_clean(event)
    if (
        event.participants.filter(attended_on__isnull=False)
        .exclude(attended_on__range=(event.start_date, event.end_date))
        .exists()
    ):
        raise ValidationError({"start_date": _("Sudah ada kehadiran di luar tanggal baru kegiatan ini.")})
    _save(event, actor=actor)
    course = event.course
    event.participants.update(track=course.track if course else "", tier=course.tier if course else "")
    return event


@transaction.atomic
def event_delete(*, actor, event: Event) -> None:
    if event.participants.filter(attended_on__isnull=False).exists():
        raise ValidationError(_("Kegiatan yang sudah ada kehadirannya tidak dapat dihapus."))
    for row in [*event.participants.all(), *event.funding.all()]:
        row._history_user = _actor(actor)
        row.delete()
    event._history_user = _actor(actor)
    event.delete()


@transaction.atomic
def funding_add(*, actor, event: Event, source: str, amount_rp: int, village: Region | None = None) -> EventFunding:
    """A funding line; an APBDes line names the desa that pays, inside the organiser's region (a kelurahan has no
    village budget), and no other source names one."""
    line = EventFunding(event=event, source=source, amount_rp=amount_rp, village=village)
    line.full_clean(validate_constraints=False)
    if source == FundingSource.APBDES:
        if village is None:
            raise ValidationError({"village": _("Dana APBDes memerlukan desa yang membayar.")})
        if village.level != RegionLevel.VILLAGE or village.kind == RegionKind.KELURAHAN:
            raise ValidationError(
                {"village": _("%(name)s bukan desa: kelurahan tidak memiliki APBDes.") % {"name": village.name}}
            )
        if not code_covers(event.organiser_region_id, village.code):
            raise ValidationError({"village": _("Desa pembayar berada di luar wilayah penyelenggara.")})
    elif village is not None:
        raise ValidationError({"village": _("Hanya dana APBDes yang menyebut desa pembayar.")})
    line.validate_constraints()
    _save(line, actor=actor)
    return line


@transaction.atomic
def funding_delete(*, actor, line: EventFunding) -> None:
    line._history_user = _actor(actor)
    line.delete()


# --- participants ---------------------------------------------------------------------------------------------


def _passed(official_ids) -> dict[int, set[tuple[str, str]]]:
    """(track, tier) pairs each official has passed."""
    result: dict[int, set[tuple[str, str]]] = {}
    rows = Participant.objects.filter(official_id__in=list(official_ids), passed=True).exclude(tier="")
    for official_id, track, tier in rows.values_list("official_id", "track", "tier"):
        result.setdefault(official_id, set()).add((track, tier))
    return result


def _person_errors(event: Event, cooperative: Cooperative, official: Official | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    error = rules.organiser_region_error(
        organiser_code=event.organiser_region_id, village_code=cooperative.village_id, cooperative=cooperative.name
    )
    if error:
        errors["cooperative"] = error
    if official is not None:
        if official.cooperative_id != cooperative.pk:
            errors["official"] = _("Pengurus/pengawas ini bukan dari koperasi tersebut.")
        elif event.participants.filter(official=official).exists():
            errors["official"] = _("%(name)s sudah terdaftar di kegiatan ini.") % {"name": official.name}
        elif event.course_id is not None:
            error = rules.prerequisite_error(
                track=event.course.track, tier=event.course.tier, passed=_passed([official.pk]).get(official.pk, set())
            )
            if error:
                errors["official"] = f"{official.name}: {error}"
    return errors


def _listed(event: Event) -> int:
    """Invited and registered people (walk-ins are counted separately and do not use the capacity)."""
    return event.participants.exclude(source=ParticipantSource.LANGSUNG).count()


def _new_participant(event, cooperative, official, name, position, source, attended_on=None) -> Participant:
    name = (official.name if official else (name or "")).strip()
    if not name:
        raise ValidationError({"name": _("Tuliskan nama peserta.")})
    participant = Participant(
        event=event,
        cooperative=cooperative,
        official=official,
        name=name,
        position=official.position if official else (position or ""),
        source=source,
        attended_on=attended_on,
        checked_in_at=timezone.now() if attended_on else None,
        track=event.course.track if event.course_id else "",
        tier=event.course.tier if event.course_id else "",
    )
    participant.full_clean()
    return participant


def _lock(event: Event) -> Event:
    """Registrations and check-ins of one event are serialised on its row (capacity, certificate numbers)."""
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("course", "provider", "organiser_region")
        .get(pk=event.pk)
    )


@transaction.atomic
def participant_register(
    *,
    actor,
    event: Event,
    cooperative: Cooperative,
    official: Official | None = None,
    name: str = "",
    position: str = "",
    source: str = ParticipantSource.PENDAFTARAN,
) -> Participant:
    """Put one person on the event's list (invited or registered), within the capacity."""
    if source == ParticipantSource.LANGSUNG:
        raise ValueError("walk-ins come through walk_in_add")
    event = _lock(event)
    errors = _person_errors(event, cooperative, official)
    capacity = rules.capacity_error(capacity=event.capacity, taken=_listed(event))
    if capacity:
        errors["__all__"] = capacity
    if errors:
        raise ValidationError(errors)
    participant = _new_participant(event, cooperative, official, name, position, source)
    _save(participant, actor=actor)
    return participant


@transaction.atomic
def walk_in_add(
    *,
    actor,
    event: Event,
    day: datetime.date,
    cooperative: Cooperative,
    official: Official | None = None,
    name: str = "",
    position: str = "",
) -> Participant:
    """Someone who came without being on the list: recorded as present, counted as a walk-in. Beyond the
    capacity is allowed (the door cannot turn people away) and flagged on the event."""
    event = _lock(event)
    errors = _person_errors(event, cooperative, official)
    day_error = rules.attendance_day_error(day=day, start=event.start_date, end=event.end_date)
    if day_error:
        errors["attended_on"] = day_error
    if (
        official is None
        and name
        and event.participants.filter(
            cooperative=cooperative, official__isnull=True, name__iexact=name.strip()
        ).exists()
    ):
        errors["name"] = _("%(name)s dari koperasi ini sudah tercatat di kegiatan ini.") % {"name": name.strip()}
    if errors:
        raise ValidationError(errors)
    participant = _new_participant(
        event, cooperative, official, name, position, ParticipantSource.LANGSUNG, attended_on=day
    )
    _save(participant, actor=actor)
    return participant


@transaction.atomic
def attendance_record(*, actor, participant: Participant, day: datetime.date) -> Participant:
    """Tick a listed person in at the door (again on the same day changes nothing)."""
    event = participant.event
    error = rules.attendance_day_error(day=day, start=event.start_date, end=event.end_date)
    if error:
        raise ValidationError({"attended_on": error})
    if participant.attended_on == day:
        return participant
    participant.attended_on = day
    participant.checked_in_at = timezone.now()
    _save(participant, actor=actor, update_fields=["attended_on", "checked_in_at"])
    return participant


@transaction.atomic
def attendance_clear(*, actor, participant: Participant) -> Participant:
    """Undo a tick made by mistake; a walk-in is removed instead, a passed participant keeps the record."""
    if participant.passed:
        raise ValidationError({"attended_on": _("Peserta sudah lulus; batalkan kelulusan dulu.")})
    if participant.source == ParticipantSource.LANGSUNG:
        participant._history_user = _actor(actor)
        participant.delete()
        return participant
    participant.attended_on = None
    participant.checked_in_at = None
    _save(participant, actor=actor, update_fields=["attended_on", "checked_in_at"])
    return participant


@transaction.atomic
def participant_delete(*, actor, participant: Participant) -> None:
    if participant.attended_on is not None:
        raise ValidationError(_("Peserta yang sudah hadir tidak dihapus; batalkan kehadirannya dulu."))
    participant._history_user = _actor(actor)
    participant.delete()


def next_certificate_number(event: Event) -> str:
    """The next free number of the event's series: <course>/<organiser>/<year>/<event>-<n>."""
    prefix = f"{event.course.code}/{event.organiser_region_id}/{event.start_date.year}/{event.pk}-"
    taken = set(
        Participant.objects.filter(certificate_number__startswith=prefix).values_list("certificate_number", flat=True)
    )
    n = len(taken) + 1
    while f"{prefix}{n:03d}" in taken:
        n += 1
    return f"{prefix}{n:03d}"


@transaction.atomic
def result_record(
    *,
    actor,
    participant: Participant,
    passed: bool,
    pre_score: int | None = None,
    post_score: int | None = None,
    certificate_number: str | None = None,
) -> Participant:
    """The result of a training: scores (optional), passed, and the certificate number — typed, or the next of
    the event's series when a passed participant has none. Only trainings have results, only those present pass."""
    event = _lock(participant.event)
    if not event.is_training:
        raise ValidationError({"passed": _("Hanya pelatihan yang memiliki hasil dan sertifikat.")})
    if passed and participant.attended_on is None:
        raise ValidationError({"passed": _("Hanya peserta yang hadir yang dapat lulus.")})
    certificate_number = (certificate_number or "").strip() or None
    if passed and certificate_number is None:
        certificate_number = participant.certificate_number or next_certificate_number(event)
    if not passed:
        certificate_number = None
    if (
        certificate_number
        and Participant.objects.filter(certificate_number=certificate_number).exclude(pk=participant.pk).exists()
    ):
        raise ValidationError({"certificate_number": _("Nomor sertifikat %s sudah dipakai.") % certificate_number})
    participant.passed = passed
    participant.pre_score = pre_score
    participant.post_score = post_score
    participant.certificate_number = certificate_number
    participant.full_clean()
    try:
        with transaction.atomic():
            _save(
                participant,
                actor=actor,
                update_fields=["passed", "pre_score", "post_score", "certificate_number"],
            )
    except IntegrityError as exc:  # two people typing the same number at the same moment
        raise ValidationError({"certificate_number": _("Nomor sertifikat ini sudah dipakai.")}) from exc
    return participant


# --- invitations from the registry ----------------------------------------------------------------------------


@dataclass
class InvitationResult:
    invited: int = 0
    cooperatives: int = 0
    already_listed: int = 0
    missing_prerequisite: int = 0
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def invitations_generate(
    *,
    actor,
    event: Event,
    region_code: str = "",
    min_phase: int = 0,
    positions: list[str] | None = None,
    cooperative_ids: set[int] | None = None,
) -> InvitationResult:
    """Invite, per cooperative of `region_code` (inside the organiser's region) at phase `min_phase` or beyond,
    up to the event's quota of current officials in the order of `positions` (the event's invited positions, or
    ketua, bendahara, sekretaris, ketua pengawas). People already listed are kept; for a training, officials
    without the lower tier are left out and counted. The whole batch is refused beyond the capacity."""
    event = _lock(event)
    region_code = (region_code or event.organiser_region_id).strip()
    if not code_covers(event.organiser_region_id, region_code):
        raise ValidationError({"region": _("Wilayah undangan berada di luar wilayah penyelenggara.")})
    order = list(positions or event.invited_positions or DEFAULT_INVITED_POSITIONS)
    cooperatives = Cooperative.objects.filter(code_prefix_q("village__code", region_code), phase__gte=min_phase)
    if cooperative_ids is not None:
        cooperatives = cooperatives.filter(pk__in=cooperative_ids)
    officials = list(
        Official.objects.filter(current_q(), cooperative__in=cooperatives, position__in=order)
        .select_related("cooperative")
        .order_by("cooperative__village_id", "id")
    )
    listed = set(event.participants.exclude(official=None).values_list("official_id", flat=True))
    passed = _passed(o.pk for o in officials) if event.course_id else {}
    result = InvitationResult()
    by_cooperative: dict[int, list[Official]] = {}
    for official in officials:
        by_cooperative.setdefault(official.cooperative_id, []).append(official)
    new: list[Participant] = []
    for rows in by_cooperative.values():
        rows.sort(key=lambda o: order.index(o.position))
        quota = event.quota_per_cooperative - sum(1 for o in rows if o.pk in listed)
        added = 0
        for official in rows:
            if official.pk in listed:
                result.already_listed += 1
                continue
            if added >= quota:
                continue
            if event.course_id and rules.prerequisite_error(
                track=event.course.track, tier=event.course.tier, passed=passed.get(official.pk, set())
            ):
                result.missing_prerequisite += 1
                continue
            new.append(
                Participant(
                    event=event,
                    cooperative=official.cooperative,
                    official=official,
                    name=official.name,
                    position=official.position,
                    source=ParticipantSource.UNDANGAN,
                    track=event.course.track if event.course_id else "",
                    tier=event.course.tier if event.course_id else "",
                )
            )
            added += 1
        if added:
            result.cooperatives += 1
    error = rules.capacity_error(capacity=event.capacity, taken=_listed(event), adding=len(new))
    if error and new:
        raise ValidationError({"__all__": error})
    bulk_create_with_history(new, Participant, batch_size=2000, default_user=_actor(actor))
    result.invited = len(new)
    return result

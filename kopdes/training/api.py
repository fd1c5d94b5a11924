"""API of the training app under /api/v1/training: the catalogue (courses, providers), events with their funding,
invitations, participants, attendance at the door, results and coverage. Scoped like every endpoint: the catalogue
is readable by every signed-in user and changed by national admins only (403 otherwise); an event outside the
user's region is 404, a role that may not change it 403."""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.models import Official
from kopdes.cooperatives.selectors import cooperative_get, official_nik_for
from kopdes.core.api import (
    ConflictOut,
    Date,
    ErrorOut,
    InputSchema,
    ObjectId,
    Pagination,
    PatchSchema,
    RefId,
    RegionCode,
    SearchText,
    choice_type,
    integer,
    model_type,
)
from kopdes.core.scoping import get_object_for_user, require
from kopdes.regions.models import Region
from kopdes.regions.selectors import region_for_user
from kopdes.training import selectors, services
from kopdes.training.choices import Tier
from kopdes.training.models import Course, Event, EventFunding, Participant, Provider

router = Router()


class TrainingBlockOut(Schema):
    """The "training" key of the progress document. `officials`: current officials of the region's cooperatives;
    `trained_<tier>`: distinct current officials with at least one passed course of that tier; `events`: events
    whose organiser region is inside the region; `invited`, `attended` (walk-ins included) and `walk_ins`: people
    (one per person and event) over those events."""

    officials: int
    trained_dasar: int
    trained_madya: int
    trained_lanjut: int
    events: int
    invited: int
    attended: int
    walk_ins: int


def _catalogue_editor(request) -> None:
    if not selectors.may_edit_catalogue(request.user):
        raise PermissionDenied


# --- courses ---


class CourseOut(Schema):
    id: int
    code: str
    title: str
    track: choice_type(Course, "track")
    tier: choice_type(Course, "tier")
    hours: int
    competencies: str


class CourseIn(InputSchema):
    code: model_type(Course, "code")
    title: model_type(Course, "title")
    track: model_type(Course, "track")
    tier: model_type(Course, "tier")
    hours: model_type(Course, "hours")
    competencies: model_type(Course, "competencies") = ""


class CoursePatch(PatchSchema):
    title: model_type(Course, "title") = None
    hours: model_type(Course, "hours") = None
    competencies: model_type(Course, "competencies") = None


class CourseQuery(Schema):
    track: choice_type(Course, "track") | Literal[""] = ""
    tier: choice_type(Course, "tier") | Literal[""] = ""
    q: SearchText = ""


@router.get("/courses", response=list[CourseOut], summary="Katalog materi pelatihan")
@paginate(Pagination)
def course_list_api(request, filters: Query[CourseQuery]):
    return selectors.course_list(user=request.user, filters=selectors.CourseFilters(**filters.dict()))


@router.post("/courses", response={201: CourseOut}, summary="Tambah materi (admin nasional)")
def course_create_api(request, payload: CourseIn):
    _catalogue_editor(request)
    return Status(201, services.course_create(actor=request.user, **payload.dict()))


@router.get("/courses/{course_id}", response=CourseOut, summary="Satu materi")
def course_detail_api(request, course_id: ObjectId):
    return get_object_for_user(Course, request.user, pk=course_id)


@router.patch("/courses/{course_id}", response=CourseOut, summary="Ubah materi (admin nasional)")
def course_update_api(request, course_id: ObjectId, payload: CoursePatch):
    course = get_object_for_user(Course, request.user, pk=course_id)
    _catalogue_editor(request)
    return services.course_update(actor=request.user, course=course, data=payload.dict(exclude_unset=True))


# --- providers ---


class ProviderOut(Schema):
    id: int
    name: str
    kind: choice_type(Provider, "kind")
    certification_number: str
    issuing_body: str
    valid_from: datetime.date
    valid_until: datetime.date
    status: Literal["valid", "expiring", "expired", "not_yet"]

    @staticmethod
    def resolve_status(obj):
        return selectors.provider_status(obj)


class ProviderIn(InputSchema):
    name: model_type(Provider, "name")
    kind: model_type(Provider, "kind")
    certification_number: model_type(Provider, "certification_number")
    issuing_body: model_type(Provider, "issuing_body")
    valid_from: Date
    valid_until: Date


class ProviderPatch(PatchSchema):
    name: model_type(Provider, "name") = None
    certification_number: model_type(Provider, "certification_number") = None
    issuing_body: model_type(Provider, "issuing_body") = None
    valid_from: Date = None
    valid_until: Date = None


class ProviderQuery(Schema):
    kind: choice_type(Provider, "kind") | Literal[""] = ""
    q: SearchText = ""
    valid_on: datetime.date | None = None


@router.get("/providers", response=list[ProviderOut], summary="Lembaga pelatihan bersertifikat")
@paginate(Pagination)
def provider_list_api(request, filters: Query[ProviderQuery]):
    return selectors.provider_list(user=request.user, filters=selectors.ProviderFilters(**filters.dict()))


@router.post("/providers", response={201: ProviderOut}, summary="Tambah lembaga (admin nasional)")
def provider_create_api(request, payload: ProviderIn):
    _catalogue_editor(request)
    return Status(201, services.provider_create(actor=request.user, **payload.dict()))


@router.get("/providers/{provider_id}", response=ProviderOut, summary="Satu lembaga")
def provider_detail_api(request, provider_id: ObjectId):
    return get_object_for_user(Provider, request.user, pk=provider_id)


@router.patch("/providers/{provider_id}", response=ProviderOut, summary="Ubah lembaga (admin nasional)")
def provider_update_api(request, provider_id: ObjectId, payload: ProviderPatch):
    provider = get_object_for_user(Provider, request.user, pk=provider_id)
    _catalogue_editor(request)
    return services.provider_update(actor=request.user, provider=provider, data=payload.dict(exclude_unset=True))


# --- events ---


class FundingOut(Schema):
    id: int
    source: choice_type(EventFunding, "source")
    amount_rp: int
    village: str | None = Field(None, alias="village_id")


class FundingIn(InputSchema):
    source: model_type(EventFunding, "source")
    amount_rp: model_type(EventFunding, "amount_rp")
    village: RegionCode | None = None


# Django's URL pattern uses look-arounds pydantic's regex engine lacks: the API states the simple form, and the
# service's full_clean applies Django's own check.
OnlineLink = Annotated[str, Field(max_length=300, pattern=r"^(https?://\S+)?$")]
POSITIONS = Literal[tuple(value for value, _label in Official._meta.get_field("position").flatchoices)]  # type: ignore[valid-type]


class EventOut(Schema):
    id: int
    version: int
    kind: choice_type(Event, "kind")
    title: str
    organiser_region: str = Field(alias="organiser_region_id")
    agency: str
    start_date: datetime.date
    end_date: datetime.date
    venue: str
    online_link: str
    capacity: int
    quota_per_cooperative: int
    invited_positions: list[str]
    course: int | None = Field(None, alias="course_id")
    provider: int | None = Field(None, alias="provider_id")
    note: str


class EventDetailOut(EventOut):
    funding: list[FundingOut]
    counts: dict[str, int]

    @staticmethod
    def resolve_funding(obj):
        return list(obj.funding.all())

    @staticmethod
    def resolve_counts(obj):
        return selectors.event_counts(obj)


class EventIn(InputSchema):
    kind: model_type(Event, "kind")
    title: model_type(Event, "title")
    organiser_region: RegionCode
    agency: model_type(Event, "agency")
    start_date: Date
    end_date: Date
    venue: model_type(Event, "venue") = ""
    online_link: OnlineLink = ""
    capacity: model_type(Event, "capacity")
    quota_per_cooperative: model_type(Event, "quota_per_cooperative") = 2
    invited_positions: list[POSITIONS] = Field(default_factory=list, max_length=7)
    course: RefId | None = None
    provider: RefId | None = None
    note: model_type(Event, "note") = ""
    funding: list[FundingIn] = Field(default_factory=list, max_length=50)


class EventPatch(PatchSchema):
    version: integer(ge=1, le=2**31 - 1)
    title: model_type(Event, "title") = None
    agency: model_type(Event, "agency") = None
    start_date: Date = None
    end_date: Date = None
    venue: model_type(Event, "venue") = None
    online_link: OnlineLink = None
    capacity: model_type(Event, "capacity") = None
    quota_per_cooperative: model_type(Event, "quota_per_cooperative") = None
    invited_positions: list[POSITIONS] = Field(None, max_length=7)
    provider: RefId | None = None
    note: model_type(Event, "note") = None


class EventQuery(Schema):
    region: SearchText = ""
    kind: choice_type(Event, "kind") | Literal[""] = ""
    year: int | None = Field(None, ge=2000, le=2100)
    q: SearchText = ""


def _event(request, event_id: int) -> Event:
    return selectors.event_get(user=request.user, pk=event_id)


def _catalogue_row(model, pk: int | None, field: str):
    if pk is None:
        return None
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: _("Tidak ditemukan di katalog.")})
    return row


def _village(request, code: str | None) -> Region | None:
    if code is None:
        return None
    village = Region.objects.for_user(request.user).filter(code=code).first()
    if village is None:
        raise ValidationError({"village": _("Kode desa tidak dikenal atau di luar wilayah Anda.")})
    return village


@router.get("/events", response=list[EventOut], summary="Kegiatan dalam cakupan Anda")
@paginate(Pagination)
def event_list_api(request, filters: Query[EventQuery]):
    return selectors.event_list(user=request.user, filters=selectors.EventFilters(**filters.dict()))


@router.post("/events", response={201: EventDetailOut, 400: ErrorOut}, summary="Rencanakan kegiatan")
def event_create_api(request, payload: EventIn):
    region = get_object_for_user(Region, request.user, code=payload.organiser_region)
    require(request.user, Capability.MANAGE_TRAINING)
    data = payload.dict()
    data.pop("organiser_region")
    funding = [
        {"source": line["source"], "amount_rp": line["amount_rp"], "village": _village(request, line["village"])}
        for line in data.pop("funding")
    ]
    data["course"] = _catalogue_row(Course, data["course"], "course")
    data["provider"] = _catalogue_row(Provider, data["provider"], "provider")
    event = services.event_create(actor=request.user, organiser_region=region, funding=funding, **data)
    return Status(201, event)


@router.get("/events/{event_id}", response=EventDetailOut, summary="Satu kegiatan dengan dana dan jumlah peserta")
def event_detail_api(request, event_id: ObjectId):
    return _event(request, event_id)


@router.patch(
    "/events/{event_id}", response={200: EventDetailOut, 400: ErrorOut, 409: ConflictOut}, summary="Ubah kegiatan"
)
def event_update_api(request, event_id: ObjectId, payload: EventPatch):
    event = _event(request, event_id)
    require(request.user, Capability.MANAGE_TRAINING)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "provider" in data:
        data["provider"] = _catalogue_row(Provider, data["provider"], "provider")
    return services.event_update(actor=request.user, event=event, version=version, data=data)


@router.delete("/events/{event_id}", response={204: None, 400: ErrorOut}, summary="Hapus kegiatan")
def event_delete_api(request, event_id: ObjectId):
    event = _event(request, event_id)
    require(request.user, Capability.MANAGE_TRAINING)
    services.event_delete(actor=request.user, event=event)
    return Status(204, None)


@router.post("/events/{event_id}/funding", response={201: FundingOut, 400: ErrorOut}, summary="Tambah sumber dana")
def funding_create_api(request, event_id: ObjectId, payload: FundingIn):
    event = _event(request, event_id)
    require(request.user, Capability.MANAGE_TRAINING)
    line = services.funding_add(
        actor=request.user,
        event=event,
        source=payload.source,
        amount_rp=payload.amount_rp,
        village=_village(request, payload.village),
    )
    return Status(201, line)


@router.delete("/events/{event_id}/funding/{line_id}", response={204: None}, summary="Hapus sumber dana")
def funding_delete_api(request, event_id: ObjectId, line_id: ObjectId):
    event = _event(request, event_id)
    require(request.user, Capability.MANAGE_TRAINING)
    services.funding_delete(actor=request.user, line=get_object_or_404(EventFunding, event=event, pk=line_id))
    return Status(204, None)


# --- invitations, participants, attendance, results ---


class InvitationIn(InputSchema):
    region: RegionCode | None = None
    min_phase: integer(ge=0, le=6) = 0
    positions: list[POSITIONS] = Field(default_factory=list, max_length=7)


class InvitationOut(Schema):
    invited: int
    cooperatives: int
    already_listed: int
    missing_prerequisite: int


class ParticipantOut(Schema):
    id: int
    event: int = Field(alias="event_id")
    cooperative: int = Field(alias="cooperative_id")
    cooperative_name: str
    official: int | None = Field(None, alias="official_id")
    nik: str
    name: str
    position: str
    source: choice_type(Participant, "source")
    attended_on: datetime.date | None
    pre_score: int | None
    post_score: int | None
    passed: bool
    certificate_number: str | None
    tier: str
    track: str

    @staticmethod
    def resolve_cooperative_name(obj):
        return obj.cooperative.name

    @staticmethod
    def resolve_nik(obj, context):
        if obj.official is None:
            return ""
        return official_nik_for(context["request"].user, obj.official)


class ParticipantIn(InputSchema):
    cooperative: RefId
    official: RefId | None = None
    name: model_type(Participant, "name") = ""
    position: model_type(Participant, "position") = ""


class WalkInIn(ParticipantIn):
    day: Date | None = None


class ParticipantQuery(Schema):
    q: SearchText = ""
    source: choice_type(Participant, "source") | Literal[""] = ""
    attended: bool | None = None
    district: SearchText = ""


class AttendanceIn(InputSchema):
    day: Date | None = None


class ResultIn(InputSchema):
    passed: bool
    pre_score: model_type(Participant, "pre_score") = None
    post_score: model_type(Participant, "post_score") = None
    certificate_number: model_type(Participant, "certificate_number") = None


def _person(request, event: Event, payload) -> dict:
    cooperative = cooperative_get(user=request.user, pk=payload.cooperative)
    official = None
    if payload.official is not None:
        official = Official.objects.for_user(request.user).filter(pk=payload.official).first()
        if official is None:
            raise ValidationError({"official": _("Pengurus/pengawas tidak ditemukan.")})
    return {"cooperative": cooperative, "official": official, "name": payload.name, "position": payload.position}


def _participant(request, event: Event, participant_id: int) -> Participant:
    return get_object_for_user(
        Participant.objects.select_related("cooperative", "official", "event"),
        request.user,
        pk=participant_id,
        event=event,
    )


@router.post(
    "/events/{event_id}/invitations",
    response={200: InvitationOut, 400: ErrorOut},
    summary="Undang pengurus dari registri (per wilayah, tahap, jabatan)",
)
def invitations_api(request, event_id: ObjectId, payload: InvitationIn):
    event = _event(request, event_id)
    require(request.user, Capability.MANAGE_TRAINING)
    if payload.region:
        region_for_user(user=request.user, code=payload.region)
    result = services.invitations_generate(
        actor=request.user,
        event=event,
        region_code=payload.region or "",
        min_phase=payload.min_phase,
        positions=payload.positions or None,
        cooperative_ids=set(selectors.region_cooperatives(user=request.user, event=event).values_list("pk", flat=True)),
    )
    return result.__dict__


@router.get("/events/{event_id}/participants", response=list[ParticipantOut], summary="Peserta kegiatan")
@paginate(Pagination)
def participant_list_api(request, event_id: ObjectId, filters: Query[ParticipantQuery]):
    event = _event(request, event_id)
    return selectors.participant_list(
        user=request.user, event=event, filters=selectors.ParticipantFilters(**filters.dict())
    )


@router.post(
    "/events/{event_id}/participants", response={201: ParticipantOut, 400: ErrorOut}, summary="Daftarkan peserta"
)
def participant_create_api(request, event_id: ObjectId, payload: ParticipantIn):
    event = _event(request, event_id)
    require(request.user, Capability.MANAGE_TRAINING)
    person = _person(request, event, payload)
    return Status(201, services.participant_register(actor=request.user, event=event, **person))


@router.post(
    "/events/{event_id}/walk-ins",
    response={201: ParticipantOut, 400: ErrorOut},
    summary="Catat peserta yang datang langsung (hadir)",
)
def walk_in_api(request, event_id: ObjectId, payload: WalkInIn):
    event = _event(request, event_id)
    require(request.user, Capability.MANAGE_TRAINING)
    person = _person(request, event, payload)
    day = payload.day or timezone.localdate()
    return Status(201, services.walk_in_add(actor=request.user, event=event, day=day, **person))


@router.delete("/events/{event_id}/participants/{participant_id}", response={204: None, 400: ErrorOut})
def participant_delete_api(request, event_id: ObjectId, participant_id: ObjectId):
    event = _event(request, event_id)
    participant = _participant(request, event, participant_id)
    require(request.user, Capability.MANAGE_TRAINING)
    services.participant_delete(actor=request.user, participant=participant)
    return Status(204, None)


@router.post(
    "/events/{event_id}/participants/{participant_id}/attendance",
    response={200: ParticipantOut, 400: ErrorOut},
    summary="Catat hadir (hari ini atau `day`)",
)
def attendance_api(request, event_id: ObjectId, participant_id: ObjectId, payload: AttendanceIn):
    event = _event(request, event_id)
    participant = _participant(request, event, participant_id)
    require(request.user, Capability.MANAGE_TRAINING)
    day = payload.day or timezone.localdate()
    return services.attendance_record(actor=request.user, participant=participant, day=day)


@router.delete(
    "/events/{event_id}/participants/{participant_id}/attendance",
    response={204: None, 400: ErrorOut},
    summary="Batalkan catatan hadir",
)
def attendance_clear_api(request, event_id: ObjectId, participant_id: ObjectId):
    event = _event(request, event_id)
    participant = _participant(request, event, participant_id)
    require(request.user, Capability.MANAGE_TRAINING)
    services.attendance_clear(actor=request.user, participant=participant)
    return Status(204, None)


@router.put(
    "/events/{event_id}/participants/{participant_id}/result",
    response={200: ParticipantOut, 400: ErrorOut},
    summary="Hasil pelatihan: nilai, lulus, nomor sertifikat",
)
def result_api(request, event_id: ObjectId, participant_id: ObjectId, payload: ResultIn):
    event = _event(request, event_id)
    participant = _participant(request, event, participant_id)
    require(request.user, Capability.MANAGE_TRAINING)
    return services.result_record(actor=request.user, participant=participant, **payload.dict())


# --- coverage ---


class CoverageRowOut(Schema):
    officials: int
    trained_dasar: int
    trained_madya: int
    trained_lanjut: int
    pct_dasar: float | None
    pct_madya: float | None
    pct_lanjut: float | None


class PositionCoverageOut(CoverageRowOut):
    group: str
    label: str


class ChildCoverageOut(CoverageRowOut):
    code: str
    name: str


class CoverageOut(Schema):
    region: str
    block: TrainingBlockOut
    by_position: list[PositionCoverageOut]
    by_child: list[ChildCoverageOut]


class NeedsOut(Schema):
    official: int = Field(alias="pk")
    name: str
    position: str
    cooperative: int = Field(alias="cooperative_id")
    cooperative_name: str
    village: str
    ready: bool

    @staticmethod
    def resolve_cooperative_name(obj):
        return obj.cooperative.name

    @staticmethod
    def resolve_village(obj):
        return obj.cooperative.village_id


@router.get("/coverage/{code}", response=CoverageOut, summary="Cakupan pelatihan pengurus per jabatan dan wilayah")
def coverage_api(request, code: RegionCode):
    region = region_for_user(user=request.user, code=code)
    for_display = [{**row, "label": str(row["label"])} for row in selectors.coverage_by_position(region=region)]
    return {
        "region": region.code or "ID",
        "block": selectors.training_block(region=region),
        "by_position": for_display,
        "by_child": selectors.coverage_by_child(region=region),
    }


@router.get(
    "/coverage/{code}/needs", response=list[NeedsOut], summary="Pengurus yang belum lulus jenjang (untuk undangan)"
)
@paginate(Pagination)
def needs_api(
    request,
    code: RegionCode,
    tier: Literal[tuple(Tier.values)] = "dasar",
    track: choice_type(Course, "track") | Literal[""] = "",
):  # type: ignore[valid-type]
    region = region_for_user(user=request.user, code=code)
    return selectors.needs_tier(user=request.user, region=region.code, tier=tier, track=track)

"""API of the Satgas app under /api/v1/taskforce: agencies, decrees and their members, meetings with attendance,
decisions (fanned out into items), items and their updates. Scoped like every endpoint: outside the user's
regions is 404, a role that may not change it is 403, a stale version 409."""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.models import Cooperative
from kopdes.core.api import (
    ConflictOut,
    Date,
    ErrorOut,
    InputSchema,
    ObjectId,
    Pagination,
    QueryId,
    RefId,
    RegionCode,
    SearchText,
    choice_type,
    integer,
    model_type,
)
from kopdes.core.scoping import get_object_for_user, require
from kopdes.regions.models import Region
from kopdes.taskforce import selectors, services
from kopdes.taskforce.choices import ActionState
from kopdes.taskforce.models import (
    ActionItem,
    ActionUpdate,
    Agency,
    Attendance,
    Decision,
    Decree,
    DecreeMember,
    Meeting,
)

router = Router()
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# --- the progress block -----------------------------------------------------------------------------------------


class SatgasActionChildOut(Schema):
    code: str
    name: str
    open: int
    overdue: int
    done: int


class SatgasOverdueItemOut(Schema):
    id: int
    description: str
    assignee: str
    scope_code: str
    due_date: datetime.date
    days_late: int


class ActionsBlock(Schema):
    """ "actions" of the progress document: items whose unit or subject lies in the region (a regency-wide item
    counts for its regency), open (not yet closed), overdue (open past the due date) and done."""

    open: int
    overdue: int
    done: int
    children: list[SatgasActionChildOut]
    overdue_items: list[SatgasOverdueItemOut]


# --- agencies ----------------------------------------------------------------------------------------------------


class SatgasAgencyOut(Schema):
    id: int
    region: str
    name: str
    short_name: str
    head_title: str
    role: choice_type(Agency, "role")

    @staticmethod
    def resolve_region(obj):
        return obj.region_id


class SatgasAgencyIn(InputSchema):
    region: RegionCode
    name: model_type(Agency, "name")
    short_name: model_type(Agency, "short_name")
    head_title: model_type(Agency, "head_title") = ""
    role: model_type(Agency, "role") = ""


class SatgasRegionQuery(Schema):
    region: SearchText = ""


def _regency(request, code: str) -> Region:
    return get_object_for_user(Region, request.user, code=code)


@router.get("/agencies", response=list[SatgasAgencyOut], summary="Perangkat daerah (OPD) dalam cakupan Anda")
@paginate(Pagination)
def agency_list_api(request, filters: Query[SatgasRegionQuery]):
    return selectors.agency_list(user=request.user, region=filters.region)


@router.post("/agencies", response={201: SatgasAgencyOut, **ERRORS}, summary="Catat perangkat daerah (OPD)")
def agency_create_api(request, payload: SatgasAgencyIn):
    region = _regency(request, payload.region)
    require(request.user, Capability.MANAGE_TASKFORCE)
    data = payload.dict()
    data.pop("region")
    return Status(201, services.agency_create(actor=request.user, region=region, **data))


# --- decrees -----------------------------------------------------------------------------------------------------


class SatgasMemberOut(Schema):
    id: int
    name: str
    position: str
    agency: int | None
    agency_name: str
    role: choice_type(DecreeMember, "role")

    @staticmethod
    def resolve_agency(obj):
        return obj.agency_id

    @staticmethod
    def resolve_agency_name(obj):
        return obj.agency.short_name if obj.agency_id else ""


class SatgasDecreeOut(Schema):
    id: int
    region: str
    kind: choice_type(Decree, "kind")
    number: str
    date: datetime.date
    title: str
    signer_name: str
    signer_position: str
    summary: str
    version: int

    @staticmethod
    def resolve_region(obj):
        return obj.region_id


class SatgasDecreeDetailOut(SatgasDecreeOut):
    members: list[SatgasMemberOut]

    @staticmethod
    def resolve_members(obj):
        return selectors.decree_members(decree=obj)


class SatgasDecreeIn(InputSchema):
    region: RegionCode
    kind: model_type(Decree, "kind") = "keputusan"
    number: model_type(Decree, "number")
    date: Date
    title: model_type(Decree, "title")
    signer_name: model_type(Decree, "signer_name")
    signer_position: model_type(Decree, "signer_position") = ""
    summary: model_type(Decree, "summary") = ""


class SatgasMemberIn(InputSchema):
    name: model_type(DecreeMember, "name")
    position: model_type(DecreeMember, "position")
    role: model_type(DecreeMember, "role")
    agency: RefId | None = None


def _decree(request, decree_id: int) -> Decree:
    return get_object_for_user(Decree.objects.select_related("region"), request.user, pk=decree_id)


def _agency(request, agency_id: int | None) -> Agency | None:
    if agency_id is None:
        return None
    agency = Agency.objects.for_user(request.user).filter(pk=agency_id).first()
    if agency is None:
        raise ValidationError({"agency": _("OPD tidak dikenal atau di luar wilayah Anda.")})
    return agency


@router.get("/decrees", response=list[SatgasDecreeOut], summary="SK dan surat edaran dalam cakupan Anda")
@paginate(Pagination)
def decree_list_api(request, filters: Query[SatgasRegionQuery]):
    return selectors.decree_list(user=request.user, region=filters.region)


@router.post("/decrees", response={201: SatgasDecreeDetailOut, **ERRORS}, summary="Catat SK atau surat edaran")
def decree_create_api(request, payload: SatgasDecreeIn):
    region = _regency(request, payload.region)
    require(request.user, Capability.MANAGE_TASKFORCE)
    data = payload.dict()
    data.pop("region")
    return Status(201, services.decree_create(actor=request.user, region=region, **data))


@router.get(
    "/decrees/{decree_id}", response=SatgasDecreeDetailOut, summary="Satu SK/surat edaran dengan anggota Satgas"
)
def decree_detail_api(request, decree_id: ObjectId):
    return _decree(request, decree_id)


@router.get("/decrees/{decree_id}/members", response=list[SatgasMemberOut], summary="Anggota Satgas menurut SK")
def member_list_api(request, decree_id: ObjectId):
    return selectors.decree_members(decree=_decree(request, decree_id))


@router.post("/decrees/{decree_id}/members", response={201: SatgasMemberOut, **ERRORS}, summary="Tambah anggota Satgas")
def member_create_api(request, decree_id: ObjectId, payload: SatgasMemberIn):
    decree = _decree(request, decree_id)
    require(request.user, Capability.MANAGE_TASKFORCE)
    data = payload.dict()
    agency = _agency(request, data.pop("agency"))
    return Status(201, services.member_add(actor=request.user, decree=decree, agency=agency, **data))


# --- meetings ----------------------------------------------------------------------------------------------------


class SatgasAttendanceOut(Schema):
    agency: int | None
    district: str | None
    name: str
    status: choice_type(Attendance, "status")
    representative: str

    @staticmethod
    def resolve_agency(obj):
        return obj.agency_id

    @staticmethod
    def resolve_district(obj):
        return obj.district_id

    @staticmethod
    def resolve_name(obj):
        return obj.agency.short_name if obj.agency_id else f"Camat {obj.district.name}"


class SatgasMeetingOut(Schema):
    id: int
    region: str
    decree: int | None
    kind: choice_type(Meeting, "kind")
    title: str
    date: datetime.date
    place: str
    chair_name: str
    chair_position: str
    online_participants: int
    agenda: str
    minutes: str
    signed_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_region(obj):
        return obj.region_id

    @staticmethod
    def resolve_decree(obj):
        return obj.decree_id


class SatgasMeetingDetailOut(SatgasMeetingOut):
    attendance: list[SatgasAttendanceOut]

    @staticmethod
    def resolve_attendance(obj):
        return list(obj.attendance.select_related("agency", "district"))


class SatgasMeetingIn(InputSchema):
    region: RegionCode
    decree: RefId | None = None
    kind: model_type(Meeting, "kind") = "rakor"
    title: model_type(Meeting, "title")
    date: Date
    place: model_type(Meeting, "place")
    chair_name: model_type(Meeting, "chair_name")
    chair_position: model_type(Meeting, "chair_position") = ""
    online_participants: model_type(Meeting, "online_participants") = 0
    agenda: model_type(Meeting, "agenda") = ""
    minutes: model_type(Meeting, "minutes") = ""


class SatgasVersionIn(InputSchema):
    version: integer(ge=1, le=2**31 - 1)


class SatgasAttendanceIn(InputSchema):
    agency: RefId | None = None
    district: RegionCode | None = None
    status: model_type(Attendance, "status")
    representative: model_type(Attendance, "representative") = ""


def _meeting(request, meeting_id: int) -> Meeting:
    return get_object_for_user(Meeting.objects.select_related("region", "decree"), request.user, pk=meeting_id)


@router.get("/meetings", response=list[SatgasMeetingOut], summary="Rapat Satgas dalam cakupan Anda")
@paginate(Pagination)
def meeting_list_api(request, filters: Query[SatgasRegionQuery]):
    return selectors.meeting_list(user=request.user, region=filters.region)


@router.post("/meetings", response={201: SatgasMeetingDetailOut, **ERRORS}, summary="Catat rapat Satgas")
def meeting_create_api(request, payload: SatgasMeetingIn):
    region = _regency(request, payload.region)
    require(request.user, Capability.MANAGE_TASKFORCE)
    data = payload.dict()
    data.pop("region")
    decree_id = data.pop("decree")
    decree = get_object_for_user(Decree, request.user, pk=decree_id) if decree_id else None
    return Status(201, services.meeting_create(actor=request.user, region=region, decree=decree, **data))


@router.get("/meetings/{meeting_id}", response=SatgasMeetingDetailOut, summary="Satu rapat dengan kehadirannya")
def meeting_detail_api(request, meeting_id: ObjectId):
    return _meeting(request, meeting_id)


@router.post(
    "/meetings/{meeting_id}/attendance",
    response={200: SatgasAttendanceOut, **ERRORS},
    summary="Catat kehadiran OPD/camat",
)
def attendance_api(request, meeting_id: ObjectId, payload: SatgasAttendanceIn):
    meeting = _meeting(request, meeting_id)
    require(request.user, Capability.MANAGE_TASKFORCE)
    if (payload.agency is None) == (payload.district is None):
        raise ValidationError({"agency": _("Isi OPD atau kecamatan, salah satu.")})
    district = Region.objects.filter(code=payload.district).first() if payload.district else None
    if payload.district and district is None:
        raise ValidationError({"district": _("Kecamatan tidak dikenal.")})
    return services.attendance_set(
        actor=request.user,
        meeting=meeting,
        agency=_agency(request, payload.agency),
        district=district,
        status=payload.status,
        representative=payload.representative,
    )


@router.post(
    "/meetings/{meeting_id}/sign",
    response={200: SatgasMeetingDetailOut, **ERRORS, 409: ConflictOut},
    summary="Tandatangani notulen (rapat dan keputusannya terkunci)",
)
def meeting_sign_api(request, meeting_id: ObjectId, payload: SatgasVersionIn):
    meeting = _meeting(request, meeting_id)
    require(request.user, Capability.MANAGE_TASKFORCE)
    return services.meeting_sign(actor=request.user, meeting=meeting, version=payload.version)


# --- decisions ---------------------------------------------------------------------------------------------------


class SatgasDecisionOut(Schema):
    id: int
    region: str
    meeting: int | None
    decree: int | None
    number: int
    text: str
    assignee_kind: choice_type(Decision, "assignee_kind")
    assignee_agency: int | None
    assignee_region: str | None
    subject_region: str | None
    subject_cooperative: int | None
    due_date: datetime.date
    corrects: int | None
    items: int

    @staticmethod
    def resolve_region(obj):
        return obj.region_id

    @staticmethod
    def resolve_meeting(obj):
        return obj.meeting_id

    @staticmethod
    def resolve_decree(obj):
        return obj.decree_id

    @staticmethod
    def resolve_assignee_agency(obj):
        return obj.assignee_agency_id

    @staticmethod
    def resolve_assignee_region(obj):
        return obj.assignee_region_id

    @staticmethod
    def resolve_subject_region(obj):
        return obj.subject_region_id

    @staticmethod
    def resolve_subject_cooperative(obj):
        return obj.subject_cooperative_id

    @staticmethod
    def resolve_corrects(obj):
        return obj.corrects_id

    @staticmethod
    def resolve_items(obj):
        return obj.items.count()


class SatgasComplianceOut(Schema):
    district: str
    name: str
    total: int
    done: int
    dropped: int
    overdue: int


class SatgasDecisionDetailOut(SatgasDecisionOut):
    compliance: list[SatgasComplianceOut]

    @staticmethod
    def resolve_compliance(obj):
        return selectors.decision_compliance(decision=obj)


class SatgasDecisionIn(InputSchema):
    meeting: RefId | None = None
    decree: RefId | None = None
    text: model_type(Decision, "text")
    assignee_kind: model_type(Decision, "assignee_kind")
    assignee_agency: RefId | None = None
    assignee_region: RegionCode | None = None
    subject_region: RegionCode | None = None
    subject_cooperative: RefId | None = None
    due_date: Date
    corrects: RefId | None = None


def _region_in_scope(request, code: str | None, field: str) -> Region | None:
    if not code:
        return None
    region = Region.objects.for_user(request.user).filter(code=code).first()
    if region is None:
        raise ValidationError({field: _("Kode wilayah tidak dikenal atau di luar wilayah Anda.")})
    return region


@router.post(
    "/decisions", response={201: SatgasDecisionDetailOut, **ERRORS}, summary="Catat keputusan (dan tindakannya)"
)
def decision_create_api(request, payload: SatgasDecisionIn):
    if (payload.meeting is None) == (payload.decree is None):
        raise ValidationError({"meeting": _("Isi rapat atau surat, salah satu.")})
    meeting = _meeting(request, payload.meeting) if payload.meeting else None
    decree = _decree(request, payload.decree) if payload.decree else None
    require(request.user, Capability.MANAGE_TASKFORCE)
    cooperative = None
    if payload.subject_cooperative:
        cooperative = Cooperative.objects.for_user(request.user).filter(pk=payload.subject_cooperative).first()
        if cooperative is None:
            raise ValidationError({"subject_cooperative": _("Koperasi tidak dikenal atau di luar wilayah Anda.")})
    corrects = None
    if payload.corrects:
        corrects = Decision.objects.for_user(request.user).filter(pk=payload.corrects).first()
        if corrects is None:
            raise ValidationError({"corrects": _("Keputusan yang dikoreksi tidak dikenal.")})
    decision = services.decision_create(
        actor=request.user,
        meeting=meeting,
        decree=decree,
        text=payload.text,
        assignee_kind=payload.assignee_kind,
        assignee_agency=_agency(request, payload.assignee_agency),
        assignee_region=_region_in_scope(request, payload.assignee_region, "assignee_region"),
        subject_region=_region_in_scope(request, payload.subject_region, "subject_region"),
        subject_cooperative=cooperative,
        due_date=payload.due_date,
        corrects=corrects,
    )
    return Status(201, decision)


@router.get(
    "/decisions/{decision_id}",
    response=SatgasDecisionDetailOut,
    summary="Satu keputusan dengan kepatuhan per kecamatan",
)
def decision_detail_api(request, decision_id: ObjectId):
    return get_object_for_user(Decision, request.user, pk=decision_id)


@router.get("/meetings/{meeting_id}/decisions", response=list[SatgasDecisionOut], summary="Keputusan sebuah rapat")
def meeting_decisions_api(request, meeting_id: ObjectId):
    return list(_meeting(request, meeting_id).decisions.order_by("number"))


# --- items and updates -------------------------------------------------------------------------------------------


class SatgasItemOut(Schema):
    id: int
    decision: int
    description: str
    unit: str | None
    unit_name: str
    agency: int | None
    subject_region: str | None
    subject_cooperative: int | None
    due_date: datetime.date
    status: choice_type(ActionItem, "status")
    overdue: bool
    closed_on: datetime.date | None
    dropped_reason: str
    scope_code: str
    version: int

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_description(obj):
        return obj.decision.text

    @staticmethod
    def resolve_unit(obj):
        return obj.unit_id

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name if obj.unit_id else str(obj.agency)

    @staticmethod
    def resolve_agency(obj):
        return obj.agency_id

    @staticmethod
    def resolve_subject_region(obj):
        return obj.subject_region_id

    @staticmethod
    def resolve_subject_cooperative(obj):
        return obj.subject_cooperative_id

    @staticmethod
    def resolve_overdue(obj):
        return not obj.is_closed and obj.due_date < timezone.localdate()


class SatgasUpdateOut(Schema):
    id: int
    date: datetime.date
    text: str
    status: choice_type(ActionUpdate, "status")
    author: str

    @staticmethod
    def resolve_author(obj):
        return str(obj.author) if obj.author_id else ""


class SatgasItemQuery(Schema):
    region: SearchText = ""
    state: Literal[tuple(ActionState.values)] | Literal[""] = ""  # type: ignore[valid-type]
    agency: QueryId | None = None
    meeting: QueryId | None = None
    decree: QueryId | None = None
    decision: QueryId | None = None
    cooperative: QueryId | None = None
    mine: bool = False
    q: SearchText = ""


class SatgasUpdateIn(InputSchema):
    version: integer(ge=1, le=2**31 - 1)
    status: model_type(ActionUpdate, "status")
    text: model_type(ActionUpdate, "text")
    date: Date | None = None


@router.get("/items", response=list[SatgasItemOut], summary="Tindakan dalam cakupan Anda (mine = tindakan saya)")
@paginate(Pagination)
def item_list_api(request, filters: Query[SatgasItemQuery]):
    return selectors.action_list(user=request.user, filters=selectors.ActionFilters(**filters.dict()))


@router.get("/items/{item_id}", response=SatgasItemOut, summary="Satu tindakan")
def item_detail_api(request, item_id: ObjectId):
    return selectors.action_get(user=request.user, pk=item_id)


@router.get("/items/{item_id}/updates", response=list[SatgasUpdateOut], summary="Perkembangan sebuah tindakan")
def update_list_api(request, item_id: ObjectId):
    return selectors.action_updates(item=selectors.action_get(user=request.user, pk=item_id))


@router.post(
    "/items/{item_id}/updates",
    response={201: SatgasUpdateOut, **ERRORS, 409: ConflictOut},
    summary="Laporkan perkembangan (dan ubah status) sebuah tindakan",
)
def update_create_api(request, item_id: ObjectId, payload: SatgasUpdateIn):
    item = selectors.action_get(user=request.user, pk=item_id)
    require(request.user, Capability.UPDATE_ACTION)
    update = services.action_update_add(
        actor=request.user,
        item=item,
        version=payload.version,
        status=payload.status,
        text=payload.text,
        date=payload.date,
    )
    return Status(201, update)

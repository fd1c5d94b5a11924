import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import BaseModel

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.models import Document
from kopdes.cooperatives.selectors import cooperative_get
from kopdes.core.scoping import get_object_for_user, require
from kopdes.exchange.api import NationalOut
from kopdes.formation import services
from kopdes.formation.models import Milestone, Target
from kopdes.formation.selectors import milestone_list, progress_summary, target_attainment, target_list
from kopdes.mapping.api import OverlapCountsOut
from kopdes.regions.models import Region
from kopdes.regions.selectors import region_for_user

router = Router()


# The progress document is built as plain dicts by the selector; plain pydantic models validate them several times
# faster than ninja's attribute-resolving Schema (20+ children per request).
class RegionHeader(BaseModel):
    code: str
    name: str
    level: str


class VillageCounts(BaseModel):
    total: int
    desa: int
    kelurahan: int


class Phases(BaseModel):
    sosialisasi: int
    musdesus: int
    akta: int
    badan_hukum: int
    legalitas_lengkap: int
    operasional: int


class ChildSummary(BaseModel):
    region: RegionHeader
    villages: VillageCounts
    cooperatives: int
    phases: Phases


class TargetAttainment(BaseModel):
    id: int
    region: str
    phase: str
    due_date: datetime.date
    target: int
    achieved: int
    attainment_pct: float
    expected_pct: float | None
    expected: int | None
    on_track: bool


class ProgressOut(ChildSummary):
    children: list[ChildSummary]
    targets: list[TargetAttainment]
    national: NationalOut | None = None
    overlaps: OverlapCountsOut


@router.get("/progress/{code}", response=ProgressOut, summary="Progres pembentukan untuk satu wilayah (ID = nasional)")
def progress_api(request, code: str):
    return progress_summary(region=region_for_user(user=request.user, code=code))


class MilestoneOut(Schema):
    id: int
    kind: str
    date: datetime.date
    status: str
    document: int | None
    note: str

    @staticmethod
    def resolve_document(obj):
        return obj.document_id


class MilestoneIn(Schema):
    kind: str
    date: datetime.date
    document: int | None = None
    note: str = ""


class RejectIn(Schema):
    note: str


@router.get("/cooperatives/{cooperative_id}/milestones", response=list[MilestoneOut], summary="Tahapan")
def milestone_list_api(request, cooperative_id: int):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    return list(milestone_list(user=request.user, cooperative=cooperative))


@router.post("/cooperatives/{cooperative_id}/milestones", response={201: MilestoneOut}, summary="Catat tahapan")
def milestone_record_api(request, cooperative_id: int, payload: MilestoneIn):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.RECORD_MILESTONE)
    document = get_object_or_404(Document, cooperative=cooperative, pk=payload.document) if payload.document else None
    milestone = services.milestone_record(
        actor=request.user,
        cooperative=cooperative,
        kind=payload.kind,
        date=payload.date,
        document=document,
        note=payload.note,
    )
    return Status(201, milestone)


@router.post("/milestones/{milestone_id}/verify", response=MilestoneOut, summary="Verifikasi tahapan")
def milestone_verify_api(request, milestone_id: int):
    milestone = get_object_for_user(Milestone.objects.select_related("cooperative"), request.user, pk=milestone_id)
    require(request.user, Capability.VERIFY_MILESTONE)
    return services.milestone_verify(actor=request.user, milestone=milestone)


@router.post("/milestones/{milestone_id}/reject", response=MilestoneOut, summary="Tolak tahapan")
def milestone_reject_api(request, milestone_id: int, payload: RejectIn):
    milestone = get_object_for_user(Milestone.objects.select_related("cooperative"), request.user, pk=milestone_id)
    require(request.user, Capability.VERIFY_MILESTONE)
    return services.milestone_reject(actor=request.user, milestone=milestone, note=payload.note)


class TargetIn(Schema):
    region: str
    phase: str
    count: int | None = None
    percent: Decimal | None = None
    due_date: datetime.date
    expected_pct: Decimal | None = None
    note: str = ""


class TargetPatch(Schema):
    version: int
    phase: str | None = None
    count: int | None = None
    percent: Decimal | None = None
    due_date: datetime.date | None = None
    expected_pct: Decimal | None = None
    note: str | None = None


class TargetOut(TargetAttainment):
    version: int
    count: int | None
    percent: Decimal | None
    note: str


def _target_out(target: Target) -> dict:
    summary = progress_summary(region=target.region)
    return {
        **target_attainment(target, summary),
        "version": target.version,
        "count": target.count,
        "percent": target.percent,
        "note": target.note,
    }


@router.get("/targets", response=list[TargetOut], summary="Target dalam cakupan Anda")
def target_list_api(request, region: str = ""):
    return [_target_out(t) for t in target_list(user=request.user, region_code=region)]


@router.post("/targets", response={201: TargetOut}, summary="Buat target")
def target_create_api(request, payload: TargetIn):
    region = get_object_for_user(Region, request.user, code=payload.region)
    require(request.user, Capability.MANAGE_TARGETS)
    data = payload.dict()
    data.pop("region")
    return Status(201, _target_out(services.target_create(actor=request.user, region=region, **data)))


@router.patch("/targets/{target_id}", response=TargetOut, summary="Ubah target (dengan version)")
def target_update_api(request, target_id: int, payload: TargetPatch):
    target = get_object_for_user(Target, request.user, pk=target_id)
    require(request.user, Capability.MANAGE_TARGETS)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return _target_out(services.target_update(actor=request.user, target=target, version=version, data=data))

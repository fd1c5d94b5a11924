import datetime
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from pydantic import BaseModel

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.models import Cooperative, Document
from kopdes.cooperatives.selectors import cooperative_get
from kopdes.cooperatives.services import IDENTIFIER_FIELDS
from kopdes.core.api import (
    Date,
    InputSchema,
    ObjectId,
    PatchSchema,
    RefId,
    RegionCode,
    SearchText,
    choice_type,
    integer,
    model_type,
)
from kopdes.core.scoping import get_object_for_user, require
from kopdes.formation import services
from kopdes.formation.models import Milestone, Target
from kopdes.formation.selectors import milestone_list, target_list_with_attainment, targets_with_attainment
from kopdes.regions.models import Region

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


class PhasesBlock(ChildSummary):
    """The spine of the progress document (the "phases" block): the region's counts and its children's."""

    children: list[ChildSummary]


class MilestoneOut(Schema):
    id: int
    kind: choice_type(Milestone, "kind")
    date: datetime.date | None
    status: choice_type(Milestone, "status")
    document: int | None
    note: str

    @staticmethod
    def resolve_document(obj):
        return obj.document_id


class MilestoneIn(InputSchema):
    """A step to record, with what it gives the cooperative (record once): the akta's `akta_number` and `notary`,
    the SK's `sk_ahu_number`, `nik_koperasi`, `nib`, `npwp`, the account's `bank_account` and `bank_name`. They are
    stored on the cooperative; a field that is not the step's, or a number another cooperative holds, is refused."""

    kind: model_type(Milestone, "kind")
    date: Date
    document: RefId | None = None
    note: model_type(Milestone, "note") = ""
    akta_number: model_type(Cooperative, "akta_number") | None = None
    notary: model_type(Cooperative, "notary") | None = None
    sk_ahu_number: model_type(Cooperative, "sk_ahu_number") | None = None
    nik_koperasi: model_type(Cooperative, "nik_koperasi") | None = None
    nib: model_type(Cooperative, "nib") | None = None
    npwp: model_type(Cooperative, "npwp") | None = None
    bank_account: model_type(Cooperative, "bank_account") | None = None
    bank_name: model_type(Cooperative, "bank_name") | None = None

    def identifiers(self) -> dict[str, str]:
        return {field: value for field, value in self.dict().items() if field in IDENTIFIER_FIELDS and value}


class RejectIn(InputSchema):
    note: Annotated[str, Field(max_length=300, pattern=r"^[^\x00]*[^\s\x00][^\x00]*$")]


@router.get("/cooperatives/{cooperative_id}/milestones", response=list[MilestoneOut], summary="Tahapan")
def milestone_list_api(request, cooperative_id: ObjectId):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    return list(milestone_list(user=request.user, cooperative=cooperative))


@router.post("/cooperatives/{cooperative_id}/milestones", response={201: MilestoneOut}, summary="Catat tahapan")
def milestone_record_api(request, cooperative_id: ObjectId, payload: MilestoneIn):
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
        identifiers=payload.identifiers(),
    )
    return Status(201, milestone)


@router.post("/milestones/{milestone_id}/verify", response=MilestoneOut, summary="Verifikasi tahapan")
def milestone_verify_api(request, milestone_id: ObjectId):
    milestone = get_object_for_user(Milestone.objects.select_related("cooperative"), request.user, pk=milestone_id)
    require(request.user, Capability.VERIFY_MILESTONE)
    return services.milestone_verify(actor=request.user, milestone=milestone)


@router.post("/milestones/{milestone_id}/reject", response=MilestoneOut, summary="Tolak tahapan")
def milestone_reject_api(request, milestone_id: ObjectId, payload: RejectIn):
    milestone = get_object_for_user(Milestone.objects.select_related("cooperative"), request.user, pk=milestone_id)
    require(request.user, Capability.VERIFY_MILESTONE)
    return services.milestone_reject(actor=request.user, milestone=milestone, note=payload.note)


class TargetIn(InputSchema):
    region: RegionCode
    phase: model_type(Target, "phase")
    count: model_type(Target, "count") = None
    percent: model_type(Target, "percent") = None
    due_date: Date
    expected_pct: model_type(Target, "expected_pct") = None
    note: model_type(Target, "note") = ""


class TargetPatch(PatchSchema):
    version: integer(ge=1, le=2**31 - 1)
    phase: model_type(Target, "phase") = None
    count: model_type(Target, "count") = None
    percent: model_type(Target, "percent") = None
    due_date: Date = None
    expected_pct: model_type(Target, "expected_pct") = None
    note: model_type(Target, "note") = None


class TargetOut(TargetAttainment):
    version: int
    count: int | None
    percent: Decimal | None
    note: str


def _target_out(row: dict) -> dict:
    """A row of `targets_with_attainment` with the fields an editor needs next to the attainment."""
    target = row["target"]
    return {
        **row["attainment"],
        "version": target.version,
        "count": target.count,
        "percent": target.percent,
        "note": target.note,
    }


@router.get("/targets", response=list[TargetOut], summary="Target dalam cakupan Anda")
def target_list_api(request, region: SearchText = ""):
    return [_target_out(row) for row in target_list_with_attainment(user=request.user, region_code=region)]


@router.post("/targets", response={201: TargetOut}, summary="Buat target")
def target_create_api(request, payload: TargetIn):
    region = get_object_for_user(Region, request.user, code=payload.region)
    require(request.user, Capability.MANAGE_TARGETS)
    data = payload.dict()
    data.pop("region")
    target = services.target_create(actor=request.user, region=region, **data)
    return Status(201, _target_out(*targets_with_attainment([target])))


@router.patch("/targets/{target_id}", response=TargetOut, summary="Ubah target (dengan version)")
def target_update_api(request, target_id: ObjectId, payload: TargetPatch):
    target = get_object_for_user(Target, request.user, pk=target_id)
    require(request.user, Capability.MANAGE_TARGETS)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    target = services.target_update(actor=request.user, target=target, version=version, data=data)
    return _target_out(*targets_with_attainment([target]))

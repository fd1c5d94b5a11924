"""/api/v1/simkopdes: the national figures of a region, the units waiting for review, officers' decisions. Same
selectors and services as the pages; scope first (404), then capability (403)."""

import datetime
from typing import Literal

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from kopdes.accounts.choices import Capability
from kopdes.core.api import InputSchema, ObjectId, Pagination, RegionCode, SearchText, choice_type
from kopdes.core.scoping import get_object_for_user, require
from kopdes.exchange import services
from kopdes.exchange.choices import OPEN_STATUSES
from kopdes.exchange.models import NationalUnit
from kopdes.exchange.selectors import ReviewFilters, mapping_review_list, national_summary
from kopdes.regions.models import Region
from kopdes.regions.selectors import region_for_user

router = Router()


class NationalOut(Schema):
    snapshot_date: datetime.date
    source: str
    cooperatives: int
    accounts: int
    npwp: int
    nib: int
    rat: int
    transaction_value: int
    simpanan_pokok_amount: int
    simpanan_wajib_amount: int
    members_pokok: int
    members_wajib: int


@router.get(
    "/national/{code}",
    response=NationalOut | None,
    summary="Angka SIMKOPDES terbaru untuk satu wilayah (ID = nasional); null bila belum ada",
)
def national_api(request, code: RegionCode):
    return national_summary(region=region_for_user(user=request.user, code=code))


class CandidateOut(Schema):
    code: str
    name: str
    score: float | None = None


class NationalUnitOut(Schema):
    id: int
    level: choice_type(NationalUnit, "level")
    national_id: str
    name: str
    parent: str | None
    parent_region: str | None
    status: choice_type(NationalUnit, "status")
    method: choice_type(NationalUnit, "method")
    region: str | None
    area_code: str
    score: float | None
    candidates: list[CandidateOut]
    latest_cooperatives: int | None = None

    @staticmethod
    def resolve_parent(obj):
        return obj.parent.name if obj.parent_id else None

    @staticmethod
    def resolve_parent_region(obj):
        return obj.parent.region_id if obj.parent_id else None

    @staticmethod
    def resolve_region(obj):
        return obj.region_id

    @staticmethod
    def resolve_latest_cooperatives(obj):
        return getattr(obj, "latest_cooperatives", None)


class ReviewQuery(Schema):
    level: choice_type(NationalUnit, "level") | Literal[""] = ""
    status: Literal[(*(status.value for status in OPEN_STATUSES), "")] = ""  # type: ignore[valid-type]
    region: SearchText = ""
    actionable: bool = True
    q: SearchText = ""


@router.get("/review", response=list[NationalUnitOut], summary="Unit SIMKOPDES yang belum cocok atau meragukan")
@paginate(Pagination)
def review_api(request, filters: Query[ReviewQuery]):
    return mapping_review_list(user=request.user, filters=ReviewFilters(**filters.dict()))


class MappingDecisionIn(InputSchema):
    region: RegionCode | None = None


@router.post(
    "/mappings/{unit_id}",
    response=NationalUnitOut,
    summary="Tetapkan wilayah Kemendagri sebuah unit (region null = bukan wilayah Kemendagri)",
)
def decide_api(request, unit_id: ObjectId, payload: MappingDecisionIn):
    unit = get_object_for_user(NationalUnit.objects.select_related("parent"), request.user, pk=unit_id)
    require(request.user, Capability.IMPORT_SIMKOPDES)
    region = get_object_for_user(Region, request.user, code=payload.region) if payload.region else None
    unit = services.mapping_decide(actor=request.user, unit=unit, region=region)
    return NationalUnit.objects.select_related("parent").get(pk=unit.pk)

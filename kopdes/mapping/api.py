"""API of the mapping app: potentials, BUMDes and their units, verdicts and overlap decisions. Scoped like
every endpoint: outside the user's regions is 404, a role that may not change it is 403."""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.selectors import cooperative_get
from kopdes.core.api import (
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
    model_type,
)
from kopdes.core.scoping import get_object_for_user, require
from kopdes.mapping import selectors, services
from kopdes.mapping.choices import OverlapState
from kopdes.mapping.models import Bumdes, BumdesUnit, OverlapDecision, VillagePotential
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region

router = Router()


class OverlapCountsOut(Schema):
    open: int
    resolved: int


# --- potentials ---


class PotentialOut(Schema):
    id: int
    village: str
    village_name: str
    category: choice_type(VillagePotential, "category")
    commodity: str
    volume: Decimal | None
    volume_unit: str
    value_rp: int | None
    people: int | None
    source: str
    recorded_on: datetime.date | None

    @staticmethod
    def resolve_village(obj):
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj):
        return obj.village.name


def _potential_field(name: str):
    return model_type(VillagePotential, name)


class PotentialIn(InputSchema):
    village: RegionCode
    category: _potential_field("category")
    commodity: _potential_field("commodity")
    volume: _potential_field("volume") = None
    volume_unit: _potential_field("volume_unit") = ""
    value_rp: _potential_field("value_rp") = None
    people: _potential_field("people") = None
    source: _potential_field("source") = ""
    recorded_on: Date | None = None


class PotentialPatch(PatchSchema):
    category: _potential_field("category") = None
    commodity: _potential_field("commodity") = None
    volume: _potential_field("volume") = None
    volume_unit: _potential_field("volume_unit") = None
    value_rp: _potential_field("value_rp") = None
    people: _potential_field("people") = None
    source: _potential_field("source") = None
    recorded_on: Date | None = None


class PotentialQuery(Schema):
    region: SearchText = ""
    category: choice_type(VillagePotential, "category") | Literal[""] = ""
    q: SearchText = ""
    opportunity: bool | None = None


def _potential(request, potential_id: ObjectId) -> VillagePotential:
    return get_object_for_user(VillagePotential.objects.select_related("village"), request.user, pk=potential_id)


@router.get("/potentials", response=list[PotentialOut], summary="Potensi usaha desa dalam cakupan Anda")
@paginate(Pagination)
def potential_list_api(request, filters: Query[PotentialQuery]):
    return selectors.potential_list(user=request.user, filters=selectors.PotentialFilters(**filters.dict()))


@router.post("/potentials", response={201: PotentialOut}, summary="Catat potensi usaha desa")
def potential_create_api(request, payload: PotentialIn):
    village = get_object_for_user(Region, request.user, code=payload.village)
    require(request.user, Capability.MAP_POTENTIAL)
    data = payload.dict()
    data.pop("village")
    return Status(201, services.potential_create(actor=request.user, village=village, **data))


@router.get("/potentials/{potential_id}", response=PotentialOut, summary="Satu potensi")
def potential_detail_api(request, potential_id: ObjectId):
    return _potential(request, potential_id)


@router.patch("/potentials/{potential_id}", response=PotentialOut, summary="Ubah potensi")
def potential_update_api(request, potential_id: ObjectId, payload: PotentialPatch):
    potential = _potential(request, potential_id)
    require(request.user, Capability.MAP_POTENTIAL)
    return services.potential_update(actor=request.user, potential=potential, data=payload.dict(exclude_unset=True))


@router.delete("/potentials/{potential_id}", response={204: None}, summary="Hapus potensi")
def potential_delete_api(request, potential_id: ObjectId):
    potential = _potential(request, potential_id)
    require(request.user, Capability.MAP_POTENTIAL)
    services.potential_delete(actor=request.user, potential=potential)
    return Status(204, None)


# --- BUMDes ---


class BumdesUnitOut(Schema):
    id: int
    category: choice_type(BumdesUnit, "category")
    name: str
    status: choice_type(BumdesUnit, "status")
    performance: choice_type(BumdesUnit, "performance")
    revenue_rp: int | None
    year: int | None


class BumdesOut(Schema):
    id: int
    village: str
    village_name: str
    name: str
    legal_status: choice_type(Bumdes, "legal_status")
    registration_number: str | None

    @staticmethod
    def resolve_village(obj):
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj):
        return obj.village.name


class BumdesDetailOut(BumdesOut):
    units: list[BumdesUnitOut]

    @staticmethod
    def resolve_units(obj):
        return list(obj.units.all())


class BumdesIn(InputSchema):
    village: RegionCode
    name: model_type(Bumdes, "name")
    legal_status: model_type(Bumdes, "legal_status") = "belum_berbadan_hukum"
    registration_number: model_type(Bumdes, "registration_number") = ""


class BumdesPatch(PatchSchema):
    name: model_type(Bumdes, "name") = None
    legal_status: model_type(Bumdes, "legal_status") = None
    registration_number: model_type(Bumdes, "registration_number") = None


class BumdesQuery(Schema):
    region: SearchText = ""
    q: SearchText = ""
    category: choice_type(BumdesUnit, "category") | Literal[""] = ""
    legal_status: choice_type(Bumdes, "legal_status") | Literal[""] = ""


def _unit_field(name: str):
    return model_type(BumdesUnit, name)


class BumdesUnitIn(InputSchema):
    category: _unit_field("category")
    name: _unit_field("name") = ""
    status: _unit_field("status") = "aktif"
    performance: _unit_field("performance") = "belum_optimal"
    revenue_rp: _unit_field("revenue_rp") = None
    year: _unit_field("year") = None


class BumdesUnitPatch(PatchSchema):
    name: _unit_field("name") = None
    status: _unit_field("status") = None
    performance: _unit_field("performance") = None
    revenue_rp: _unit_field("revenue_rp") = None
    year: _unit_field("year") = None


def _bumdes(request, bumdes_id: ObjectId) -> Bumdes:
    return get_object_for_user(Bumdes.objects.select_related("village"), request.user, pk=bumdes_id)


@router.get("/bumdes", response=list[BumdesOut], summary="BUMDes dalam cakupan Anda")
@paginate(Pagination)
def bumdes_list_api(request, filters: Query[BumdesQuery]):
    return selectors.bumdes_list(user=request.user, filters=selectors.BumdesFilters(**filters.dict()))


@router.post("/bumdes", response={201: BumdesDetailOut}, summary="Daftarkan BUMDes sebuah desa")
def bumdes_create_api(request, payload: BumdesIn):
    village = get_object_for_user(Region, request.user, code=payload.village)
    require(request.user, Capability.MANAGE_BUMDES)
    data = payload.dict()
    data.pop("village")
    return Status(201, services.bumdes_register(actor=request.user, village=village, **data))


@router.get("/bumdes/{bumdes_id}", response=BumdesDetailOut, summary="Satu BUMDes dengan unit usahanya")
def bumdes_detail_api(request, bumdes_id: ObjectId):
    return _bumdes(request, bumdes_id)


@router.patch("/bumdes/{bumdes_id}", response=BumdesDetailOut, summary="Ubah BUMDes")
def bumdes_update_api(request, bumdes_id: ObjectId, payload: BumdesPatch):
    bumdes = _bumdes(request, bumdes_id)
    require(request.user, Capability.MANAGE_BUMDES)
    return services.bumdes_update(actor=request.user, bumdes=bumdes, data=payload.dict(exclude_unset=True))


@router.delete("/bumdes/{bumdes_id}", response={204: None}, summary="Hapus BUMDes dan unitnya")
def bumdes_delete_api(request, bumdes_id: ObjectId):
    bumdes = _bumdes(request, bumdes_id)
    require(request.user, Capability.MANAGE_BUMDES)
    services.bumdes_delete(actor=request.user, bumdes=bumdes)
    return Status(204, None)


@router.get("/bumdes/{bumdes_id}/units", response=list[BumdesUnitOut], summary="Unit usaha BUMDes")
def unit_list_api(request, bumdes_id: ObjectId):
    return list(selectors.bumdes_unit_list(user=request.user, bumdes=_bumdes(request, bumdes_id)))


@router.post("/bumdes/{bumdes_id}/units", response={201: BumdesUnitOut}, summary="Tambah unit usaha BUMDes")
def unit_create_api(request, bumdes_id: ObjectId, payload: BumdesUnitIn):
    bumdes = _bumdes(request, bumdes_id)
    require(request.user, Capability.MANAGE_BUMDES)
    return Status(201, services.bumdes_unit_create(actor=request.user, bumdes=bumdes, **payload.dict()))


@router.patch("/bumdes/{bumdes_id}/units/{unit_id}", response=BumdesUnitOut, summary="Ubah unit usaha BUMDes")
def unit_update_api(request, bumdes_id: ObjectId, unit_id: ObjectId, payload: BumdesUnitPatch):
    bumdes = _bumdes(request, bumdes_id)
    require(request.user, Capability.MANAGE_BUMDES)
    unit = get_object_or_404(BumdesUnit, bumdes=bumdes, pk=unit_id)
    return services.bumdes_unit_update(actor=request.user, unit=unit, data=payload.dict(exclude_unset=True))


@router.delete("/bumdes/{bumdes_id}/units/{unit_id}", response={204: None}, summary="Hapus unit usaha BUMDes")
def unit_delete_api(request, bumdes_id: ObjectId, unit_id: ObjectId):
    bumdes = _bumdes(request, bumdes_id)
    require(request.user, Capability.MANAGE_BUMDES)
    services.bumdes_unit_delete(actor=request.user, unit=get_object_or_404(BumdesUnit, bumdes=bumdes, pk=unit_id))
    return Status(204, None)


# --- verdicts and decisions ---


class VerdictOut(Schema):
    village: str
    village_name: str
    village_kind: str
    category: choice_type(OverlapDecision, "category")
    verdict: choice_type(OverlapDecision, "verdict")
    verdict_label: str
    reason: str
    bumdes_unit: int | None


def verdict_out(village: Region, category: str, result) -> dict:
    return {
        "village": village.code,
        "village_name": village.name,
        "village_kind": village.kind,
        "category": category,
        "verdict": result.verdict,
        "verdict_label": result.label,
        "reason": result.reason,
        "bumdes_unit": result.unit.unit_id if result.unit else None,
    }


@router.get(
    "/villages/{code}/verdict",
    response={200: VerdictOut, 400: ErrorOut},
    summary="Bolehkah koperasi menjalankan usaha ini?",
)
def verdict_api(request, code: RegionCode, category: choice_type(OverlapDecision, "category")):
    village = get_object_for_user(Region, request.user, code=code)
    if village.level != RegionLevel.VILLAGE:
        raise ValidationError({"code": _("Kode %(code)s bukan kode desa/kelurahan.") % {"code": code}})
    return verdict_out(village, category, selectors.village_verdict(village=village, category=category))


class LineVerdictOut(Schema):
    unit: int
    category: choice_type(OverlapDecision, "category")
    status: str
    verdict: choice_type(OverlapDecision, "verdict")
    reason: str
    decision: choice_type(OverlapDecision, "decision") | None


@router.get(
    "/cooperatives/{cooperative_id}/verdicts", response=list[LineVerdictOut], summary="Putusan untuk setiap gerai"
)
def cooperative_verdicts_api(request, cooperative_id: ObjectId):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    return [
        {
            "unit": row["unit"].pk,
            "category": row["unit"].category,
            "status": row["unit"].status,
            "verdict": row["verdict"].verdict,
            "reason": row["verdict"].reason,
            "decision": row["decision"].decision if row["decision"] else None,
        }
        for row in selectors.cooperative_verdicts(cooperative=cooperative)
    ]


class OverlapDecisionOut(Schema):
    id: int
    cooperative: int
    category: choice_type(OverlapDecision, "category")
    verdict: choice_type(OverlapDecision, "verdict")
    verdict_reason: str
    decision: choice_type(OverlapDecision, "decision")
    agreement_number: str
    note: str
    decided_by: str
    decided_at: datetime.datetime

    @staticmethod
    def resolve_cooperative(obj):
        return obj.cooperative_id

    @staticmethod
    def resolve_decided_by(obj):
        return obj.decided_by.get_username()


class OverlapOut(Schema):
    cooperative: int
    cooperative_name: str
    village: str
    village_name: str
    category: choice_type(OverlapDecision, "category")
    reason: str
    decision: OverlapDecisionOut | None


class OverlapQuery(Schema):
    region: SearchText = ""
    state: Literal[tuple(OverlapState.values)] = OverlapState.OPEN.value  # type: ignore[valid-type]
    category: choice_type(OverlapDecision, "category") | Literal[""] = ""


class OverlapDecisionIn(InputSchema):
    cooperative: RefId
    category: model_type(OverlapDecision, "category")
    decision: model_type(OverlapDecision, "decision")
    note: model_type(OverlapDecision, "note")
    agreement_number: model_type(OverlapDecision, "agreement_number") = ""


@router.get("/overlaps", response=list[OverlapOut], summary="Tumpang tindih dengan BUMDes (open/resolved)")
def overlap_list_api(request, filters: Query[OverlapQuery]):
    rows = selectors.overlap_list(user=request.user, filters=selectors.OverlapFilters(**filters.dict()))
    return [
        {
            "cooperative": row["cooperative"].pk,
            "cooperative_name": row["cooperative"].name,
            "village": row["village"].code,
            "village_name": row["village"].name,
            "category": row["category"],
            "reason": row["reason"],
            "decision": row["decision"],
        }
        for row in rows
    ]


@router.post("/overlap-decisions", response={201: OverlapDecisionOut}, summary="Catat keputusan atas tumpang tindih")
def decision_create_api(request, payload: OverlapDecisionIn):
    cooperative = cooperative_get(user=request.user, pk=payload.cooperative)
    require(request.user, Capability.DECIDE_OVERLAP)
    data = payload.dict()
    data.pop("cooperative")
    return Status(201, services.overlap_decide(actor=request.user, cooperative=cooperative, **data))

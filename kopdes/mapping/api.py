"""API of the mapping app: potentials, BUMDes and their units, verdicts and overlap decisions. Scoped like
every endpoint: outside the user's regions is 404, a role that may not change it is 403."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.selectors import cooperative_get
from kopdes.core.choices import BusinessCategory
from kopdes.core.scoping import get_object_for_user, require
from kopdes.mapping import selectors, services
from kopdes.mapping.models import Bumdes, BumdesUnit, VillagePotential
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
    category: str
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


class PotentialIn(Schema):
    village: str
    category: str
    commodity: str
    volume: Decimal | None = None
    volume_unit: str = ""
    value_rp: int | None = None
    people: int | None = None
    source: str = ""
    recorded_on: datetime.date | None = None


class PotentialPatch(Schema):
    category: str | None = None
    commodity: str | None = None
    volume: Decimal | None = None
    volume_unit: str | None = None
    value_rp: int | None = None
    people: int | None = None
    source: str | None = None
    recorded_on: datetime.date | None = None


class PotentialQuery(Schema):
    region: str = ""
    category: str = ""
    q: str = ""
    opportunity: bool | None = None


def _potential(request, potential_id: int) -> VillagePotential:
    return get_object_for_user(VillagePotential.objects.select_related("village"), request.user, pk=potential_id)


@router.get("/potentials", response=list[PotentialOut], summary="Potensi usaha desa dalam cakupan Anda")
@paginate(PageNumberPagination, page_size=50)
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
def potential_detail_api(request, potential_id: int):
    return _potential(request, potential_id)


@router.patch("/potentials/{potential_id}", response=PotentialOut, summary="Ubah potensi")
def potential_update_api(request, potential_id: int, payload: PotentialPatch):
    potential = _potential(request, potential_id)
    require(request.user, Capability.MAP_POTENTIAL)
    return services.potential_update(actor=request.user, potential=potential, data=payload.dict(exclude_unset=True))


@router.delete("/potentials/{potential_id}", response={204: None}, summary="Hapus potensi")
def potential_delete_api(request, potential_id: int):
    potential = _potential(request, potential_id)
    require(request.user, Capability.MAP_POTENTIAL)
    services.potential_delete(actor=request.user, potential=potential)
    return Status(204, None)


# --- BUMDes ---


class UnitOut(Schema):
    id: int
    category: str
    name: str
    status: str
    performance: str
    revenue_rp: int | None
    year: int | None


class BumdesOut(Schema):
    id: int
    village: str
    village_name: str
    name: str
    legal_status: str
    registration_number: str | None

    @staticmethod
    def resolve_village(obj):
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj):
        return obj.village.name


class BumdesDetailOut(BumdesOut):
    units: list[UnitOut]

    @staticmethod
    def resolve_units(obj):
        return list(obj.units.all())


class BumdesIn(Schema):
    village: str
    name: str
    legal_status: str = "belum_berbadan_hukum"
    registration_number: str = ""


class BumdesPatch(Schema):
    name: str | None = None
    legal_status: str | None = None
    registration_number: str | None = None


class BumdesQuery(Schema):
    region: str = ""
    q: str = ""
    category: str = ""
    legal_status: str = ""


class UnitIn(Schema):
    category: str
    name: str = ""
    status: str = "aktif"
    performance: str = "belum_optimal"
    revenue_rp: int | None = None
    year: int | None = None


class UnitPatch(Schema):
    name: str | None = None
    status: str | None = None
    performance: str | None = None
    revenue_rp: int | None = None
    year: int | None = None


def _bumdes(request, bumdes_id: int) -> Bumdes:
    return get_object_for_user(Bumdes.objects.select_related("village"), request.user, pk=bumdes_id)


@router.get("/bumdes", response=list[BumdesOut], summary="BUMDes dalam cakupan Anda")
@paginate(PageNumberPagination, page_size=50)
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
def bumdes_detail_api(request, bumdes_id: int):
    return _bumdes(request, bumdes_id)


@router.patch("/bumdes/{bumdes_id}", response=BumdesDetailOut, summary="Ubah BUMDes")
def bumdes_update_api(request, bumdes_id: int, payload: BumdesPatch):
    bumdes = _bumdes(request, bumdes_id)
    require(request.user, Capability.MANAGE_BUMDES)
    return services.bumdes_update(actor=request.user, bumdes=bumdes, data=payload.dict(exclude_unset=True))


@router.delete("/bumdes/{bumdes_id}", response={204: None}, summary="Hapus BUMDes dan unitnya")
def bumdes_delete_api(request, bumdes_id: int):
    bumdes = _bumdes(request, bumdes_id)
    require(request.user, Capability.MANAGE_BUMDES)
    services.bumdes_delete(actor=request.user, bumdes=bumdes)
    return Status(204, None)


@router.get("/bumdes/{bumdes_id}/units", response=list[UnitOut], summary="Unit usaha BUMDes")
def unit_list_api(request, bumdes_id: int):
    return list(selectors.bumdes_unit_list(user=request.user, bumdes=_bumdes(request, bumdes_id)))


@router.post("/bumdes/{bumdes_id}/units", response={201: UnitOut}, summary="Tambah unit usaha BUMDes")
def unit_create_api(request, bumdes_id: int, payload: UnitIn):
    bumdes = _bumdes(request, bumdes_id)
    require(request.user, Capability.MANAGE_BUMDES)
    return Status(201, services.bumdes_unit_create(actor=request.user, bumdes=bumdes, **payload.dict()))


@router.patch("/bumdes/{bumdes_id}/units/{unit_id}", response=UnitOut, summary="Ubah unit usaha BUMDes")
def unit_update_api(request, bumdes_id: int, unit_id: int, payload: UnitPatch):
    bumdes = _bumdes(request, bumdes_id)
    require(request.user, Capability.MANAGE_BUMDES)
    unit = get_object_or_404(BumdesUnit, bumdes=bumdes, pk=unit_id)
    return services.bumdes_unit_update(actor=request.user, unit=unit, data=payload.dict(exclude_unset=True))


@router.delete("/bumdes/{bumdes_id}/units/{unit_id}", response={204: None}, summary="Hapus unit usaha BUMDes")
def unit_delete_api(request, bumdes_id: int, unit_id: int):
    bumdes = _bumdes(request, bumdes_id)
    require(request.user, Capability.MANAGE_BUMDES)
    services.bumdes_unit_delete(actor=request.user, unit=get_object_or_404(BumdesUnit, bumdes=bumdes, pk=unit_id))
    return Status(204, None)


# --- verdicts and decisions ---


class VerdictOut(Schema):
    village: str
    village_name: str
    village_kind: str
    category: str
    verdict: str
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


def check_category(category: str) -> None:
    if category not in BusinessCategory.values:
        raise ValidationError(
            {"category": _("Kategori usaha %(value)s tidak dikenal.") % {"value": category or "(kosong)"}}
        )


@router.get("/villages/{code}/verdict", response=VerdictOut, summary="Bolehkah koperasi menjalankan usaha ini?")
def verdict_api(request, code: str, category: str = ""):
    village = get_object_for_user(Region, request.user, code=code)
    if village.level != RegionLevel.VILLAGE:
        raise ValidationError({"code": _("Kode %(code)s bukan kode desa/kelurahan.") % {"code": code}})
    check_category(category)
    return verdict_out(village, category, selectors.village_verdict(village=village, category=category))


class LineVerdictOut(Schema):
    unit: int
    category: str
    status: str
    verdict: str
    reason: str
    decision: str | None


@router.get(
    "/cooperatives/{cooperative_id}/verdicts", response=list[LineVerdictOut], summary="Putusan untuk setiap gerai"
)
def cooperative_verdicts_api(request, cooperative_id: int):
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


class DecisionOut(Schema):
    id: int
    cooperative: int
    category: str
    verdict: str
    verdict_reason: str
    decision: str
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
    category: str
    reason: str
    decision: DecisionOut | None


class OverlapQuery(Schema):
    region: str = ""
    state: str = "open"
    category: str = ""


class DecisionIn(Schema):
    cooperative: int
    category: str
    decision: str
    note: str
    agreement_number: str = ""


@router.get("/overlaps", response=list[OverlapOut], summary="Tumpang tindih dengan BUMDes (open/resolved)")
def overlap_list_api(request, filters: Query[OverlapQuery]):
    if filters.state not in ("open", "resolved"):
        raise ValidationError({"state": _("state harus open atau resolved.")})
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


@router.post("/overlap-decisions", response={201: DecisionOut}, summary="Catat keputusan atas tumpang tindih")
def decision_create_api(request, payload: DecisionIn):
    cooperative = cooperative_get(user=request.user, pk=payload.cooperative)
    require(request.user, Capability.DECIDE_OVERLAP)
    data = payload.dict()
    data.pop("cooperative")
    return Status(201, services.overlap_decide(actor=request.user, cooperative=cooperative, **data))

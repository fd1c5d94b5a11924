import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from kopdes.accounts.choices import Capability
from kopdes.cooperatives import services
from kopdes.cooperatives.models import BusinessUnit, Official
from kopdes.cooperatives.selectors import (
    CooperativeFilters,
    business_unit_list,
    cooperative_get,
    cooperative_list,
    cooperative_warnings,
    document_list,
    official_list,
    official_nik_for,
)
from kopdes.core.scoping import get_object_for_user, require
from kopdes.regions.models import Region

router = Router()


class CooperativeOut(Schema):
    id: int
    village: str
    village_name: str
    name: str
    kind: str
    scheme: str
    phase: int
    warning_count: int
    version: int

    @staticmethod
    def resolve_village(obj):
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj):
        return obj.village.name


class WarningOut(Schema):
    rule: str
    message: str


class CooperativeDetailOut(CooperativeOut):
    predecessor: str
    akta_number: str
    notary: str
    sk_ahu_number: str | None
    nik_koperasi: str | None
    nib: str | None
    npwp: str | None
    bank_name: str
    bank_account: str
    simkopdes_id: str | None
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    warnings: list[WarningOut]

    @staticmethod
    def resolve_warnings(obj):
        return [{"rule": w.rule, "message": w.message} for w in cooperative_warnings(obj)]


class CooperativeIn(Schema):
    village: str
    name: str = ""
    scheme: str = "pendirian_baru"
    predecessor: str = ""


class CooperativePatch(Schema):
    version: int
    name: str | None = None
    scheme: str | None = None
    predecessor: str | None = None
    akta_number: str | None = None
    notary: str | None = None
    sk_ahu_number: str | None = None
    nik_koperasi: str | None = None
    nib: str | None = None
    npwp: str | None = None
    bank_name: str | None = None
    bank_account: str | None = None
    simkopdes_id: str | None = None
    address: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class ListFilters(Schema):
    region: str = ""
    phase: int | None = None
    min_phase: int | None = None
    kind: str = ""
    scheme: str = ""
    has_warnings: bool | None = None
    q: str = ""


class OfficialOut(Schema):
    id: int
    name: str
    nik: str
    gender: str
    position: str
    village_office: str
    term_start: datetime.date | None
    term_end: datetime.date | None


class OfficialIn(Schema):
    name: str
    nik: str
    gender: str
    position: str
    village_office: str = ""
    phone: str = ""
    term_start: datetime.date | None = None
    term_end: datetime.date | None = None


class UnitOut(Schema):
    id: int
    category: str
    name: str
    status: str
    since: datetime.date | None


class UnitIn(Schema):
    category: str
    name: str = ""
    status: str = "rencana"
    since: datetime.date | None = None


class UnitPatch(Schema):
    name: str | None = None
    status: str | None = None
    since: datetime.date | None = None


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime.datetime


@router.get("", response=list[CooperativeOut], summary="Daftar koperasi dalam cakupan Anda")
@paginate(PageNumberPagination, page_size=50)
def cooperative_list_api(request, filters: Query[ListFilters]):
    return cooperative_list(user=request.user, filters=CooperativeFilters(**filters.dict()))


@router.post("", response={201: CooperativeDetailOut}, summary="Daftarkan koperasi untuk desa/kelurahan")
def cooperative_create_api(request, payload: CooperativeIn):
    village = get_object_for_user(Region, request.user, code=payload.village)
    require(request.user, Capability.REGISTER_COOPERATIVE)
    data = payload.dict()
    data.pop("village")
    return Status(201, services.cooperative_register(actor=request.user, village=village, **data))


@router.get("/{cooperative_id}", response=CooperativeDetailOut, summary="Satu koperasi")
def cooperative_detail_api(request, cooperative_id: int):
    return cooperative_get(user=request.user, pk=cooperative_id)


@router.patch("/{cooperative_id}", response=CooperativeDetailOut, summary="Ubah koperasi (dengan version)")
def cooperative_update_api(request, cooperative_id: int, payload: CooperativePatch):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.cooperative_update(actor=request.user, cooperative=cooperative, version=version, data=data)


@router.get("/{cooperative_id}/officials", response=list[OfficialOut], summary="Pengurus dan pengawas")
def official_list_api(request, cooperative_id: int):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    return [
        {**OfficialOut.from_orm(o).dict(), "nik": official_nik_for(request.user, o)}
        for o in official_list(user=request.user, cooperative=cooperative)
    ]


@router.post("/{cooperative_id}/officials", response={201: OfficialOut}, summary="Tambah pengurus/pengawas")
def official_create_api(request, cooperative_id: int, payload: OfficialIn):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    official = services.official_create(actor=request.user, cooperative=cooperative, **payload.dict())
    return Status(201, {**OfficialOut.from_orm(official).dict(), "nik": official_nik_for(request.user, official)})


@router.delete("/{cooperative_id}/officials/{official_id}", response={204: None}, summary="Hapus pengurus/pengawas")
def official_delete_api(request, cooperative_id: int, official_id: int):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    official = get_object_or_404(Official, cooperative=cooperative, pk=official_id)
    services.official_delete(actor=request.user, official=official)
    return Status(204, None)


@router.get("/{cooperative_id}/units", response=list[UnitOut], summary="Unit usaha (gerai)")
def unit_list_api(request, cooperative_id: int):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    return list(business_unit_list(user=request.user, cooperative=cooperative))


@router.post("/{cooperative_id}/units", response={201: UnitOut}, summary="Tambah unit usaha (gerai)")
def unit_create_api(request, cooperative_id: int, payload: UnitIn):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    return Status(201, services.business_unit_create(actor=request.user, cooperative=cooperative, **payload.dict()))


@router.patch("/{cooperative_id}/units/{unit_id}", response=UnitOut, summary="Ubah status unit usaha")
def unit_update_api(request, cooperative_id: int, unit_id: int, payload: UnitPatch):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    unit = get_object_or_404(BusinessUnit, cooperative=cooperative, pk=unit_id)
    return services.business_unit_update(actor=request.user, unit=unit, data=payload.dict(exclude_unset=True))


@router.get("/{cooperative_id}/documents", response=list[DocumentOut], summary="Dokumen")
def document_list_api(request, cooperative_id: int):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    return list(document_list(user=request.user, cooperative=cooperative))


@router.post("/{cooperative_id}/documents", response={201: DocumentOut}, summary="Unggah dokumen (PDF/JPEG/PNG)")
def document_upload_api(request, cooperative_id: int, kind: Form[str], file: File[UploadedFile], title: Form[str] = ""):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    document = services.document_upload(
        actor=request.user, cooperative=cooperative, kind=kind, uploaded_file=file, title=title
    )
    return Status(201, document)

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kopdes.accounts.choices import Capability
from kopdes.cooperatives import services
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Document, Official
from kopdes.cooperatives.selectors import (
    LIST_KEY,
    CooperativeFilters,
    business_unit_list,
    cooperative_get,
    cooperative_list,
    cooperative_warnings,
    document_list,
    official_list,
    official_nik_for,
)
from kopdes.core import registry
from kopdes.core.api import (
    NO_NUL,
    Date,
    InputSchema,
    ObjectId,
    Pagination,
    PatchSchema,
    RegionCode,
    SearchText,
    choice_type,
    integer,
    model_type,
)
from kopdes.core.scoping import get_object_for_user, require
from kopdes.regions.models import Region

router = Router()


class CooperativeOut(Schema):
    id: int
    village: str
    village_name: str
    name: str
    kind: choice_type(Cooperative, "kind")
    scheme: choice_type(Cooperative, "scheme")
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


def _field(name: str):
    return model_type(Cooperative, name)


class CooperativeIn(InputSchema):
    village: RegionCode
    name: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = Field(
        "", description="Kosong: nama baku dari desa/kelurahan."
    )
    scheme: _field("scheme") = "pendirian_baru"
    predecessor: _field("predecessor") = ""


class CooperativePatch(PatchSchema):
    version: integer(ge=1, le=2**31 - 1)
    name: _field("name") = None
    scheme: _field("scheme") = None
    predecessor: _field("predecessor") = None
    akta_number: _field("akta_number") = None
    notary: _field("notary") = None
    sk_ahu_number: _field("sk_ahu_number") = None
    nik_koperasi: _field("nik_koperasi") = None
    nib: _field("nib") = None
    npwp: _field("npwp") = None
    bank_name: _field("bank_name") = None
    bank_account: _field("bank_account") = None
    simkopdes_id: _field("simkopdes_id") = None
    address: _field("address") = None
    latitude: _field("latitude") = None
    longitude: _field("longitude") = None


def _registered_flags(schema: dict) -> None:
    """The flags the apps registered for the list, as the enum of the `flag` items in the OpenAPI document (read
    when the document is built, once every app's ready() has registered its filters), so a client, and the
    fuzzer, know the values the endpoint accepts; any other is refused with 422."""
    known = sorted(item.key for item in registry.list_filters_for(LIST_KEY))
    if known:
        schema.setdefault("items", {})["enum"] = known


class ListFilters(Schema):
    region: SearchText = ""
    phase: int | None = Field(None, ge=0, le=6)
    min_phase: int | None = Field(None, ge=0, le=6)
    kind: model_type(Cooperative, "kind") | Literal[""] = ""
    scheme: _field("scheme") | Literal[""] = ""
    has_warnings: bool | None = None
    q: SearchText = ""
    flag: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list,
        max_length=10,
        description="Saringan tambahan yang didaftarkan aplikasi lain, mis. `beda_simkopdes` (beda dengan SIMKOPDES).",
        json_schema_extra=_registered_flags,
    )


class OfficialOut(Schema):
    id: int
    name: str
    nik: str
    gender: choice_type(Official, "gender")
    position: choice_type(Official, "position")
    village_office: choice_type(Official, "village_office")
    term_start: datetime.date | None
    term_end: datetime.date | None


class OfficialIn(InputSchema):
    name: model_type(Official, "name")
    nik: model_type(Official, "nik")
    gender: model_type(Official, "gender")
    position: model_type(Official, "position")
    village_office: model_type(Official, "village_office") = ""
    phone: model_type(Official, "phone") = ""
    term_start: Date | None = None
    term_end: Date | None = None


class BusinessUnitOut(Schema):
    id: int
    category: choice_type(BusinessUnit, "category")
    name: str
    status: choice_type(BusinessUnit, "status")
    since: datetime.date | None


class BusinessUnitIn(InputSchema):
    category: model_type(BusinessUnit, "category")
    name: model_type(BusinessUnit, "name") = ""
    status: model_type(BusinessUnit, "status") = "rencana"
    since: Date | None = None


class BusinessUnitPatch(PatchSchema):
    name: model_type(BusinessUnit, "name") = None
    status: model_type(BusinessUnit, "status") = None
    since: Date | None = None


class DocumentOut(Schema):
    id: int
    kind: choice_type(Document, "kind")
    title: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime.datetime


@router.get("", response=list[CooperativeOut], summary="Daftar koperasi dalam cakupan Anda")
@paginate(Pagination)
def cooperative_list_api(request, filters: Query[ListFilters]):
    params = filters.dict()
    flags = params.pop("flag")
    known = {item.key for item in registry.list_filters_for(LIST_KEY)}
    unknown = [flag for flag in flags if flag not in known]
    if unknown:
        raise HttpError(422, f"flag tidak dikenal: {', '.join(unknown)}; yang ada: {', '.join(sorted(known))}")
    return cooperative_list(user=request.user, filters=CooperativeFilters(**params, flags=tuple(flags)))


@router.post("", response={201: CooperativeDetailOut}, summary="Daftarkan koperasi untuk desa/kelurahan")
def cooperative_create_api(request, payload: CooperativeIn):
    village = get_object_for_user(Region, request.user, code=payload.village)
    require(request.user, Capability.REGISTER_COOPERATIVE)
    data = payload.dict()
    data.pop("village")
    return Status(201, services.cooperative_register(actor=request.user, village=village, **data))


@router.get("/{cooperative_id}", response=CooperativeDetailOut, summary="Satu koperasi")
def cooperative_detail_api(request, cooperative_id: ObjectId):
    return cooperative_get(user=request.user, pk=cooperative_id)


@router.patch("/{cooperative_id}", response=CooperativeDetailOut, summary="Ubah koperasi (dengan version)")
def cooperative_update_api(request, cooperative_id: ObjectId, payload: CooperativePatch):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.cooperative_update(actor=request.user, cooperative=cooperative, version=version, data=data)


@router.get("/{cooperative_id}/officials", response=list[OfficialOut], summary="Pengurus dan pengawas")
def official_list_api(request, cooperative_id: ObjectId):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    return [
        {**OfficialOut.from_orm(o).dict(), "nik": official_nik_for(request.user, o)}
        for o in official_list(user=request.user, cooperative=cooperative)
    ]


@router.post("/{cooperative_id}/officials", response={201: OfficialOut}, summary="Tambah pengurus/pengawas")
def official_create_api(request, cooperative_id: ObjectId, payload: OfficialIn):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    official = services.official_create(actor=request.user, cooperative=cooperative, **payload.dict())
    return Status(201, {**OfficialOut.from_orm(official).dict(), "nik": official_nik_for(request.user, official)})


@router.delete("/{cooperative_id}/officials/{official_id}", response={204: None}, summary="Hapus pengurus/pengawas")
def official_delete_api(request, cooperative_id: ObjectId, official_id: ObjectId):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    official = get_object_or_404(Official, cooperative=cooperative, pk=official_id)
    services.official_delete(actor=request.user, official=official)
    return Status(204, None)


@router.get("/{cooperative_id}/units", response=list[BusinessUnitOut], summary="Unit usaha (gerai)")
def unit_list_api(request, cooperative_id: ObjectId):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    return list(business_unit_list(user=request.user, cooperative=cooperative))


@router.post("/{cooperative_id}/units", response={201: BusinessUnitOut}, summary="Tambah unit usaha (gerai)")
def unit_create_api(request, cooperative_id: ObjectId, payload: BusinessUnitIn):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    return Status(201, services.business_unit_create(actor=request.user, cooperative=cooperative, **payload.dict()))


@router.patch("/{cooperative_id}/units/{unit_id}", response=BusinessUnitOut, summary="Ubah status unit usaha")
def unit_update_api(request, cooperative_id: ObjectId, unit_id: ObjectId, payload: BusinessUnitPatch):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    unit = get_object_or_404(BusinessUnit, cooperative=cooperative, pk=unit_id)
    return services.business_unit_update(actor=request.user, unit=unit, data=payload.dict(exclude_unset=True))


@router.get("/{cooperative_id}/documents", response=list[DocumentOut], summary="Dokumen")
def document_list_api(request, cooperative_id: ObjectId):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    return list(document_list(user=request.user, cooperative=cooperative))


@router.post("/{cooperative_id}/documents", response={201: DocumentOut}, summary="Unggah dokumen (PDF/JPEG/PNG)")
def document_upload_api(
    request,
    cooperative_id: ObjectId,
    file: File[UploadedFile],
    kind: Form[model_type(Document, "kind")],
    title: Annotated[str, Form(max_length=200, pattern=NO_NUL)] = "",
):
    cooperative = cooperative_get(user=request.user, pk=cooperative_id)
    require(request.user, Capability.EDIT_COOPERATIVE)
    document = services.document_upload(
        actor=request.user, cooperative=cooperative, kind=kind, uploaded_file=file, title=title
    )
    return Status(201, document)

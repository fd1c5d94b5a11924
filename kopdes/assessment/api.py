"""API of the assessment: a cooperative's assessment of a month with its reasons and missing evidence, its
history, its field visits (record one: officers, camat, pendamping), the region's "perlu perhatian" list and the
regency's weights. A cooperative or region outside the user's scope is 404; a role that may not write 403."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from kopdes.accounts.choices import Capability
from kopdes.assessment import selectors, services
from kopdes.assessment.choices import CATEGORIES, CHECKLIST, INDICATORS, Category
from kopdes.assessment.models import Visit
from kopdes.cooperatives.models import Cooperative
from kopdes.core.api import ConflictOut, Date, ErrorOut, ObjectId, Pagination, RegionCode, integer
from kopdes.core.scoping import get_object_for_user, require
from kopdes.regions.models import Region
from kopdes.regions.selectors import region_for_user

router = Router()
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
Month = Field(default="", pattern=r"^(\d{4}-(0[1-9]|1[0-2]))?$", description="TTTT-BB; kosong: bulan terakhir")
CategoryName = Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]


class ActivityBlock(Schema):
    """The "activity" key of the progress document: the latest assessed month (`month`, "YYYY-MM", null before the
    first run) and the region's cooperatives in each category that month; the five counts add up to the region's
    cooperatives (one registered since the run counts as `belum_berbadan_hukum` or `papan_nama`)."""

    month: str | None
    aktif: int
    berkembang: int
    kurang_aktif: int
    papan_nama: int
    belum_berbadan_hukum: int


class ReasonOut(Schema):
    indicator: Literal[tuple(INDICATORS)]  # type: ignore[valid-type]
    points: float
    max: int
    evidence: str


class AssessmentOut(Schema):
    cooperative_id: int
    month: str
    score: int | None
    category: CategoryName
    trend: int | None
    reasons: list[ReasonOut]
    missing: list[str]
    next_step: str
    evidence_day: datetime.date
    contested_by_visit: CategoryName | None = None


class AttentionOut(AssessmentOut):
    cooperative_name: str
    village_code: str
    village_name: str


class MonthQuery(Schema):
    month: str = Month


class AttentionQuery(Schema):
    region: RegionCode = "ID"
    month: str = Month
    category: CategoryName | Literal[""] = ""


def _month(text: str):
    return services.parse_month(text) if text else None


def _out(assessment, contest=None) -> dict:
    return {
        "cooperative_id": assessment.cooperative_id,
        "month": f"{assessment.month:%Y-%m}",
        "score": assessment.score,
        "category": assessment.category,
        "trend": assessment.trend,
        "reasons": assessment.reasons,
        "missing": assessment.missing,
        "next_step": selectors.rules.next_step(assessment.reasons),
        "evidence_day": assessment.evidence_day,
        "contested_by_visit": contest.category_proposed if contest and contest.contested else None,
    }


def _cooperative(request, cooperative_id: int) -> Cooperative:
    return get_object_for_user(Cooperative.objects.select_related("village"), request.user, pk=cooperative_id)


@router.get(
    "/cooperatives/{cooperative_id}/assessment",
    response={200: AssessmentOut, **ERRORS},
    summary="Penilaian keaktifan koperasi satu bulan, dengan alasan dan bukti yang belum ada",
)
def assessment_api(request, cooperative_id: ObjectId, query: Query[MonthQuery]):
    cooperative = _cooperative(request, cooperative_id)
    assessment = selectors.assessment_of(cooperative=cooperative, month=_month(query.month))
    if assessment is None:
        return Status(404, {"detail": _("Koperasi ini belum dinilai untuk bulan itu."), "errors": []})
    return _out(assessment, selectors.contest_of(assessment))


@router.get(
    "/cooperatives/{cooperative_id}/assessments",
    response={200: list[AssessmentOut], **ERRORS},
    summary="Riwayat penilaian bulanan koperasi (terbaru dulu)",
)
def assessment_history_api(request, cooperative_id: ObjectId):
    cooperative = _cooperative(request, cooperative_id)
    return [_out(row) for row in selectors.cooperative_history(cooperative=cooperative)]


@router.get(
    "/assessment/attention",
    response={200: list[AttentionOut], **ERRORS},
    summary="Koperasi perlu perhatian: kategori terlemah dan penurunan terbesar dulu",
)
@paginate(Pagination)
def attention_api(request, filters: Query[AttentionQuery]):
    checked = region_for_user(user=request.user, code=filters.region)
    month = _month(filters.month) or selectors.latest_month(checked.code)
    if month is None:
        return []
    rows = selectors.attention_list(user=request.user, month=month, region=checked.code, category=filters.category)
    return [
        {
            **_out(row),
            "cooperative_name": row.cooperative.name,
            "village_code": row.village_id,
            "village_name": row.village.name,
        }
        for row in rows
    ]


# --- visits -------------------------------------------------------------------------------------------------------


class VisitOut(Schema):
    id: int
    cooperative_id: int
    visited_on: datetime.date
    visitor: str
    visitor_role: str
    checklist: dict[str, bool]
    notes: str
    latitude: float
    longitude: float
    location_status: str
    distance_m: int | None
    verdict: str
    category_seen: str
    category_proposed: str
    has_photo: bool

    @staticmethod
    def resolve_visitor(obj: Visit) -> str:
        return obj.visitor.get_full_name() or obj.visitor.username

    @staticmethod
    def resolve_checklist(obj: Visit) -> dict[str, bool]:
        return {item: bool(getattr(obj, item)) for item in CHECKLIST}

    @staticmethod
    def resolve_has_photo(obj: Visit) -> bool:
        return bool(obj.photo)


class VisitIn(Schema):
    visited_on: Date
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    checklist: list[Literal[tuple(CHECKLIST)]] = []  # type: ignore[valid-type]
    notes: str = Field("", max_length=3000)
    verdict: Literal["confirm", "contest"] = "confirm"
    category_proposed: CategoryName | Literal[""] = ""


@router.get(
    "/cooperatives/{cooperative_id}/visits",
    response={200: list[VisitOut], **ERRORS},
    summary="Kunjungan lapangan ke koperasi (terbaru dulu)",
)
def visit_list_api(request, cooperative_id: ObjectId):
    cooperative = _cooperative(request, cooperative_id)
    return selectors.visits_of(cooperative=cooperative)


@router.post(
    "/cooperatives/{cooperative_id}/visits",
    response={201: VisitOut, **ERRORS},
    summary="Catat kunjungan lapangan (posisi GPS harus di dalam atau dekat desa; foto opsional)",
)
def visit_create_api(request, cooperative_id: ObjectId, payload: Form[VisitIn], photo: File[UploadedFile] = None):
    cooperative = _cooperative(request, cooperative_id)
    require(request.user, Capability.VISIT_COOPERATIVE)
    visit = services.visit_record(
        actor=request.user,
        cooperative=cooperative,
        visited_on=payload.visited_on,
        latitude=payload.latitude,
        longitude=payload.longitude,
        checklist=payload.checklist,
        notes=payload.notes,
        verdict=payload.verdict,
        category_proposed=payload.category_proposed,
        photo=photo,
    )
    return Status(201, visit)


# --- weights ------------------------------------------------------------------------------------------------------


class WeightsOut(Schema):
    regency: str
    weights: dict[str, int]
    visit_radius_m: int
    version: int | None
    is_default: bool


class WeightsIn(Schema):
    weights: dict[Literal[tuple(INDICATORS)], integer(ge=0, le=100)]  # type: ignore[valid-type]
    visit_radius_m: integer(ge=100, le=50_000) = 3000
    version: integer(ge=0, le=10**9) | None = None


def _weights_out(row) -> dict:
    return {
        "regency": row.regency_id,
        "weights": services.rules.clean_weights(row.weights),
        "visit_radius_m": row.visit_radius_m,
        "version": row.version if row.pk else None,
        "is_default": row.pk is None,
    }


def _regency(request, code: str) -> Region:
    checked = region_for_user(user=request.user, code=code)
    if checked.region is None:
        from django.http import Http404

        raise Http404
    return checked.region


@router.get(
    "/assessment/weights/{regency_code}",
    response={200: WeightsOut, **ERRORS},
    summary="Bobot indikator penilaian kabupaten/kota",
)
def weights_api(request, regency_code: str):
    regency = _regency(request, regency_code)
    return _weights_out(services.settings_for(regency.code))


@router.put(
    "/assessment/weights/{regency_code}",
    response={200: WeightsOut, 409: ConflictOut, **ERRORS},
    summary="Ubah bobot indikator (jumlah 100; riwayat disimpan)",
)
def weights_update_api(request, regency_code: str, payload: WeightsIn):
    regency = _regency(request, regency_code)
    require(request.user, Capability.MANAGE_ASSESSMENT)
    row = services.weights_save(
        actor=request.user,
        regency=regency,
        weights=dict(payload.weights),
        visit_radius_m=payload.visit_radius_m,
        version=payload.version,
    )
    return _weights_out(row)


__all__ = ["ActivityBlock", "Category", "router"]

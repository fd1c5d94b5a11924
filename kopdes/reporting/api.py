"""The periodic reports' API: list, read, open, save, submit, return, approve; the reporting rate of a region and
the "reporting" block for any period. A village data system or the national one can pull the figures."""

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kopdes.cooperatives.models import Cooperative
from kopdes.core.api import ConflictOut, ErrorOut, InputSchema, ObjectId, Pagination, RefId, RegionCode, integer
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.regions.selectors import region_for_user
from kopdes.reporting import selectors, services
from kopdes.reporting.choices import FormKind, ReportStatus

router = Router()
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# A month of this century (the programme began in 2025): "0000-01" fitted the old \d{4} and made a 500 (schemathesis).
PeriodKey = Annotated[str, Field(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", max_length=7)]


class ReportingBlock(Schema):
    """ "reporting" of the progress document: the latest period whose due date has passed (all forms together,
    units in the region): reports expected (units that existed in the period), submitted (received), on time
    (first submitted by the due date) and approved."""

    period: str
    expected: int
    submitted: int
    on_time: int
    approved: int


class ReportOut(Schema):
    id: int
    kind: FormKind
    period: str
    period_start: datetime.date
    due_date: datetime.date
    region: str
    cooperative: int | None = None
    pendamping: int | None = None
    status: ReportStatus
    on_time: bool | None
    first_submitted_on: datetime.date | None
    approved_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_period(obj):
        return obj["period"] if isinstance(obj, dict) else obj.period_key

    @staticmethod
    def resolve_region(obj):
        return obj["region"] if isinstance(obj, dict) else obj.region_id

    @staticmethod
    def resolve_cooperative(obj):
        return obj["cooperative"] if isinstance(obj, dict) else obj.cooperative_id

    @staticmethod
    def resolve_pendamping(obj):
        return obj["pendamping"] if isinstance(obj, dict) else obj.pendamping_id


class ReportDetailOut(ReportOut):
    derived: dict
    from_books: bool
    figures: dict
    problems: str
    follow_up: str
    needs: str
    narrative: str
    findings: str
    comments: dict
    differences: dict = {}


class ReportQuery(Schema):
    kind: FormKind | None = None
    period: PeriodKey | None = None
    status: ReportStatus | None = None
    region: RegionCode | None = None


class ReportIn(InputSchema):
    kind: FormKind
    period: PeriodKey
    district: RegionCode | None = None
    cooperative: RefId | None = None


class ReportTypedIn(InputSchema):
    version: integer(ge=1)
    figures: dict[str, int | None] = {}
    problems: str | None = Field(None, max_length=3000)
    follow_up: str | None = Field(None, max_length=3000)
    needs: str | None = Field(None, max_length=3000)
    narrative: str | None = Field(None, max_length=3000)
    findings: str | None = Field(None, max_length=3000)

    def data(self) -> dict:
        return {key: value for key, value in self.dict().items() if key != "version" and value is not None}


class ReportReturnIn(InputSchema):
    version: integer(ge=1)
    comments: dict[str, str]


class ReportVersionIn(InputSchema):
    version: integer(ge=1)


class ReportingRateOut(Schema):
    expected: int
    submitted: int
    on_time: int
    approved: int
    rate: float | None
    timeliness: float | None


class ReportingRateChildOut(ReportingRateOut):
    code: str
    name: str


class ReportingRateFormOut(ReportingRateOut):
    kind: FormKind


class ReportingRatesOut(Schema):
    period: str
    due_date: datetime.date
    total: ReportingRateOut
    forms: list[ReportingRateFormOut]
    children: list[ReportingRateChildOut]


class ReportingPeriodQuery(Schema):
    period: PeriodKey | None = None


def _detail(report, user) -> dict:
    view = selectors.report_view(report, user)
    data = ReportOut.from_orm(report).dict()
    for name in ("figures", "problems", "follow_up", "needs", "narrative", "findings", "comments"):
        data[name] = getattr(report, name)
    data.update(derived=view["derived"], from_books=view["from_books"], differences=_plain(view["differences"]))
    return data


def _plain(differences: dict) -> dict:
    return {key: {"submitted": old, "today": new} for key, (old, new) in differences.items()}


def _period(code: str, key: str | None):
    try:
        return selectors.period_for(code, key, timezone.localdate())
    except ValueError as exc:
        raise ValidationError({"period": _("Periode tidak boleh di masa depan.")}) from exc


@router.get("/reports", response=list[ReportOut], summary="Laporan berkala dalam cakupan Anda")
@paginate(Pagination)
def report_list_api(request, query: Query[ReportQuery]):
    return selectors.report_list(
        user=request.user,
        kind=query.kind or "",
        period=query.period or "",
        status=query.status or "",
        region=query.region or "",
    )


@router.post("/reports", response={201: ReportDetailOut, **ERRORS}, summary="Buka laporan (terisi otomatis)")
def report_create_api(request, payload: ReportIn):
    district = cooperative = None
    if payload.kind == FormKind.CAMAT:
        district = (
            Region.objects.for_user(request.user)
            .filter(code=payload.district or "", level=RegionLevel.DISTRICT)
            .first()
        )
        if district is None:
            raise ValidationError({"district": _("Kecamatan tidak dikenal atau di luar wilayah Anda.")})
    elif payload.kind == FormKind.KOPERASI:
        cooperative = Cooperative.objects.for_user(request.user).filter(pk=payload.cooperative or 0).first()
        if cooperative is None:
            raise ValidationError({"cooperative": _("Koperasi tidak dikenal atau di luar wilayah Anda.")})
    report = services.report_open(
        actor=request.user,
        kind=payload.kind,
        period_start=datetime.date(int(payload.period[:4]), int(payload.period[5:]), 1),
        district=district,
        cooperative=cooperative,
    )
    return Status(201, _detail(report, request.user))


@router.get("/reports/{report_id}", response=ReportDetailOut, summary="Satu laporan dan angka turunannya")
def report_detail_api(request, report_id: ObjectId):
    return _detail(selectors.report_get(user=request.user, pk=report_id), request.user)


@router.patch(
    "/reports/{report_id}", response={200: ReportDetailOut, 409: ConflictOut, **ERRORS}, summary="Simpan isian"
)
def report_save_api(request, report_id: ObjectId, payload: ReportTypedIn):
    report = selectors.report_get(user=request.user, pk=report_id)
    services.report_save(actor=request.user, report=report, version=payload.version, data=payload.data())
    return _detail(report, request.user)


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportDetailOut, 409: ConflictOut, **ERRORS},
    summary="Kirim (atau kirim ulang) laporan; angka turunan dibekukan",
)
def report_submit_api(request, report_id: ObjectId, payload: ReportTypedIn):
    report = selectors.report_get(user=request.user, pk=report_id)
    services.report_submit(actor=request.user, report=report, version=payload.version, data=payload.data())
    return _detail(report, request.user)


@router.post(
    "/reports/{report_id}/return",
    response={200: ReportDetailOut, 409: ConflictOut, **ERRORS},
    summary="Kembalikan dengan catatan per isian (pemeriksa)",
)
def report_return_api(request, report_id: ObjectId, payload: ReportReturnIn):
    report = selectors.report_get(user=request.user, pk=report_id)
    services.report_return(actor=request.user, report=report, version=payload.version, comments=payload.comments)
    return _detail(report, request.user)


@router.post(
    "/reports/{report_id}/approve",
    response={200: ReportDetailOut, 409: ConflictOut, **ERRORS},
    summary="Setujui laporan (terkunci)",
)
def report_approve_api(request, report_id: ObjectId, payload: ReportVersionIn):
    report = selectors.report_get(user=request.user, pk=report_id)
    services.report_approve(actor=request.user, report=report, version=payload.version)
    return _detail(report, request.user)


@router.get(
    "/rates/{code}",
    response={200: ReportingRatesOut, **ERRORS},
    summary="Tingkat pelaporan dan ketepatan waktu per wilayah",
)
def rates_api(request, code: RegionCode, query: Query[ReportingPeriodQuery]):
    region = region_for_user(user=request.user, code=code)
    period = _period(region.code, query.period)
    data = selectors.reporting_rates(region=region, period=period)
    return {**data, "period": period.key, "due_date": period.due}


@router.get(
    "/progress/{code}", response={200: ReportingBlock, **ERRORS}, summary='Blok "reporting" untuk periode mana pun'
)
def block_api(request, code: RegionCode, query: Query[ReportingPeriodQuery]):
    region = region_for_user(user=request.user, code=code)
    _period(region.code, query.period)
    return selectors.reporting_block(region=region, period=query.period)

"""API of the finance app under /api/v1/finance: partners, partnerships, the rules table, applications with their
proposal lines, approval, the bank's steps, disbursements, the schedule and repayments. Scoped like every endpoint:
outside the user's region (or, for a bank's login, not addressed to its bank) is 404; a role that may not act 403."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.selectors import cooperative_get
from kopdes.core.api import Date, InputSchema, ObjectId, Pagination, RefId, choice_type, model_type
from kopdes.core.scoping import get_object_for_user, require, scope_for
from kopdes.finance import selectors, services
from kopdes.finance.choices import ApplicationStatus
from kopdes.finance.models import (
    Application,
    Disbursement,
    FinancingRule,
    Partner,
    Partnership,
    ProposalLine,
    Repayment,
)

router = Router()


class FinancingBlockOut(Schema):
    """The "financing" key of the progress document: applications in the region, the amount of those with a signed
    agreement or later (`approved_rp`), disbursed and outstanding principal, and applications with an overdue
    unpaid instalment (`in_arrears`)."""

    applications: int
    approved_rp: int
    disbursed_rp: int
    outstanding_rp: int
    in_arrears: int


class PartnershipsBlockOut(Schema):
    """The "partnerships" key: active partnerships in the region and their count by kind."""

    active: int
    by_kind: dict[str, int]


# --- rules ---


class FinRuleOut(Schema):
    key: str
    label: str
    value: int | None
    text: str
    legal_source: str
    note: str
    version: int

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj.get_key_display())


class FinRulePatch(InputSchema):
    version: int
    value: model_type(FinancingRule, "value")
    text: model_type(FinancingRule, "text") = ""
    legal_source: model_type(FinancingRule, "legal_source")
    note: model_type(FinancingRule, "note") = ""


@router.get("/rules", response=list[FinRuleOut], summary="Aturan pembiayaan (PMK 49/2025) dengan dasar hukumnya")
def rule_list_api(request):
    return selectors.rule_list(user=request.user)


@router.patch("/rules/{key}", response=FinRuleOut, summary="Ubah satu aturan (admin nasional)")
def rule_update_api(request, key: str, payload: FinRulePatch):
    rule = get_object_for_user(FinancingRule, request.user, key=key)
    _national_admin(request.user)
    return services.rule_update(actor=request.user, rule=rule, **payload.dict())


def _national_admin(user) -> None:
    if not scope_for(user).everything:
        raise PermissionDenied


# --- partners and partnerships ---


class FinPartnerOut(Schema):
    id: int
    name: str
    kind: choice_type(Partner, "kind")
    contact: str


class FinPartnerIn(InputSchema):
    name: model_type(Partner, "name")
    kind: model_type(Partner, "kind")
    contact: model_type(Partner, "contact") = ""


@router.get("/partners", response=list[FinPartnerOut], summary="Mitra")
@paginate(Pagination)
def partner_list_api(request):
    return selectors.partner_list(user=request.user)


@router.post("/partners", response={201: FinPartnerOut}, summary="Tambah mitra (admin nasional)")
def partner_create_api(request, payload: FinPartnerIn):
    require(request.user, Capability.MANAGE_PARTNERS)
    _national_admin(request.user)
    return Status(201, services.partner_create(actor=request.user, **payload.dict()))


class FinPartnershipOut(Schema):
    id: int
    cooperative_id: int
    cooperative: str
    village_code: str
    partner_id: int
    partner: str
    kind: choice_type(Partnership, "kind")
    status: choice_type(Partnership, "status")
    start_date: Date | None
    end_date: Date | None
    value_rp: int
    document_number: str
    version: int

    @staticmethod
    def resolve_cooperative(obj) -> str:
        return obj.cooperative.name

    @staticmethod
    def resolve_village_code(obj) -> str:
        return obj.cooperative.village_id

    @staticmethod
    def resolve_partner(obj) -> str:
        return obj.partner.name


class FinPartnershipIn(InputSchema):
    cooperative_id: RefId
    partner_id: RefId
    kind: model_type(Partnership, "kind")
    status: model_type(Partnership, "status") = "dijajaki"
    start_date: model_type(Partnership, "start_date") = None
    end_date: model_type(Partnership, "end_date") = None
    value_rp: model_type(Partnership, "value_rp") = 0
    document_number: model_type(Partnership, "document_number") = ""


class FinPartnershipQuery(Schema):
    region: str = ""
    status: Literal["", "dijajaki", "diajukan", "aktif", "berakhir", "ditolak"] = ""


@router.get("/partnerships", response=list[FinPartnershipOut], summary="Kemitraan koperasi")
@paginate(Pagination)
def partnership_list_api(request, query: Query[FinPartnershipQuery]):
    return selectors.partnership_list(user=request.user, region=query.region, status=query.status)


@router.post("/partnerships", response={201: FinPartnershipOut}, summary="Catat kemitraan koperasi")
def partnership_create_api(request, payload: FinPartnershipIn):
    data = payload.dict()
    cooperative = cooperative_get(user=request.user, pk=data.pop("cooperative_id"))
    partner = get_object_for_user(Partner, request.user, pk=data.pop("partner_id"))
    require(request.user, Capability.MANAGE_PARTNERSHIPS)
    return Status(
        201, services.partnership_create(actor=request.user, cooperative=cooperative, partner=partner, **data)
    )


# --- applications ---


class FinLineOut(Schema):
    id: int
    activity: choice_type(ProposalLine, "activity")
    spending: choice_type(ProposalLine, "spending")
    description: str
    stage: int
    amount_rp: int


class FinApplicationOut(Schema):
    id: int
    cooperative_id: int
    cooperative: str
    bank_id: int
    bank: str
    status: choice_type(Application, "status")
    amount_rp: int
    rate_bp: int
    tenor_months: int
    grace_months: int
    approver_office: str
    approver_name: str
    approval_number: str
    approved_on: Date | None
    agreement_number: str
    first_due_date: Date | None
    rejection_reason: str
    disbursed_rp: int
    outstanding_rp: int
    version: int

    @staticmethod
    def resolve_cooperative(obj) -> str:
        return obj.cooperative.name

    @staticmethod
    def resolve_bank(obj) -> str:
        return obj.bank.name


class FinPrerequisiteOut(Schema):
    key: str
    label: str
    number: str
    ok: bool


class FinApplicationDetailOut(FinApplicationOut):
    lines: list[FinLineOut]
    prerequisites: list[FinPrerequisiteOut]

    @staticmethod
    def resolve_lines(obj):
        return list(obj.lines.all())

    @staticmethod
    def resolve_prerequisites(obj):
        return [p | {"label": str(p["label"])} for p in selectors.prerequisites(obj.cooperative)]


class FinApplicationIn(InputSchema):
    cooperative_id: RefId
    bank_id: RefId
    amount_rp: model_type(Application, "amount_rp")
    tenor_months: int | None = None
    grace_months: int | None = None
    dana_desa_1_rp: model_type(Application, "dana_desa_1_rp") = 0
    dana_desa_2_rp: model_type(Application, "dana_desa_2_rp") = 0
    dana_desa_3_rp: model_type(Application, "dana_desa_3_rp") = 0


class FinApplicationQuery(Schema):
    region: str = ""
    status: Literal[("", *ApplicationStatus.values)] = ""  # type: ignore[valid-type]


@router.get("/applications", response=list[FinApplicationOut], summary="Pengajuan pembiayaan")
@paginate(Pagination)
def application_list_api(request, query: Query[FinApplicationQuery]):
    return selectors.application_list(
        user=request.user, filters=selectors.ApplicationFilters(region=query.region, status=query.status)
    )


@router.post("/applications", response={201: FinApplicationDetailOut}, summary="Buat draf pengajuan")
def application_create_api(request, payload: FinApplicationIn):
    data = payload.dict()
    cooperative = cooperative_get(user=request.user, pk=data.pop("cooperative_id"))
    bank = get_object_for_user(Partner, request.user, pk=data.pop("bank_id"))
    require(request.user, Capability.PREPARE_FINANCING)
    return Status(201, services.application_create(actor=request.user, cooperative=cooperative, bank=bank, **data))


@router.get("/applications/{application_id}", response=FinApplicationDetailOut, summary="Satu pengajuan")
def application_detail_api(request, application_id: ObjectId):
    return get_object_for_user(Application, request.user, pk=application_id)


class FinLineIn(InputSchema):
    activity: model_type(ProposalLine, "activity")
    spending: model_type(ProposalLine, "spending")
    description: model_type(ProposalLine, "description")
    stage: model_type(ProposalLine, "stage") = 1
    amount_rp: model_type(ProposalLine, "amount_rp")


@router.post("/applications/{application_id}/lines", response={201: FinLineOut}, summary="Tambah baris proposal")
def line_add_api(request, application_id: ObjectId, payload: FinLineIn):
    application = get_object_for_user(Application, request.user, pk=application_id)
    require(request.user, Capability.PREPARE_FINANCING)
    return Status(201, services.line_add(actor=request.user, application=application, **payload.dict()))


class FinApproveIn(InputSchema):
    version: int
    office: model_type(Application, "approver_office")
    name: model_type(Application, "approver_name")
    number: model_type(Application, "approval_number")
    approved_on: Date
    musyawarah_date: Date
    musyawarah_number: model_type(Application, "musyawarah_number")


@router.post(
    "/applications/{application_id}/approve",
    response=FinApplicationDetailOut,
    summary="Persetujuan kepala desa (KDMP) / bupati (KKMP)",
)
def application_approve_api(request, application_id: ObjectId, payload: FinApproveIn):
    application = get_object_for_user(Application, request.user, pk=application_id)
    require(request.user, Capability.APPROVE_FINANCING)
    return services.application_approve(actor=request.user, application=application, **payload.dict())


class FinAdvanceIn(InputSchema):
    version: int
    agreement_number: str = ""
    agreement_date: Date | None = None
    first_due_date: Date | None = None


@router.post(
    "/applications/{application_id}/advance",
    response=FinApplicationDetailOut,
    summary="Langkah berikutnya: diajukan ke bank, dinilai, perjanjian",
)
def application_advance_api(request, application_id: ObjectId, payload: FinAdvanceIn):
    application = get_object_for_user(Application, request.user, pk=application_id)
    _may_advance(request.user, application)
    return services.application_advance(actor=request.user, application=application, **payload.dict())


def _may_advance(user, application) -> None:
    """Submitting to the bank is the cooperative's step; assessing and signing the bank's."""
    require(
        user, Capability.PREPARE_FINANCING if application.status == "disetujui_desa" else Capability.DECIDE_FINANCING
    )


class FinRejectIn(InputSchema):
    version: int
    reason: model_type(Application, "rejection_reason")


@router.post("/applications/{application_id}/reject", response=FinApplicationDetailOut, summary="Tolak dengan alasan")
def application_reject_api(request, application_id: ObjectId, payload: FinRejectIn):
    application = get_object_for_user(Application, request.user, pk=application_id)
    require(request.user, Capability.DECIDE_FINANCING)
    return services.application_reject(actor=request.user, application=application, **payload.dict())


class FinDisbursementIn(InputSchema):
    date: Date
    amount_rp: model_type(Disbursement, "amount_rp")
    stage: int = 1
    reference: model_type(Disbursement, "reference") = ""


class FinDisbursementOut(Schema):
    id: int
    date: Date
    stage: int
    amount_rp: int
    reference: str


@router.post(
    "/applications/{application_id}/disbursements", response={201: FinDisbursementOut}, summary="Catat pencairan (bank)"
)
def disbursement_api(request, application_id: ObjectId, payload: FinDisbursementIn):
    application = get_object_for_user(Application, request.user, pk=application_id)
    require(request.user, Capability.DECIDE_FINANCING)
    return Status(201, services.disbursement_record(actor=request.user, application=application, **payload.dict()))


class FinInstalmentOut(Schema):
    no: int
    due_date: Date
    principal: int
    interest: int
    total: int
    balance: int
    paid: int

    @staticmethod
    def resolve_principal(obj) -> int:
        return obj.principal_rp

    @staticmethod
    def resolve_interest(obj) -> int:
        return obj.interest_rp

    @staticmethod
    def resolve_total(obj) -> int:
        return obj.total_rp

    @staticmethod
    def resolve_balance(obj) -> int:
        return obj.balance_rp

    @staticmethod
    def resolve_paid(obj) -> int:
        return obj.paid_rp


@router.get("/applications/{application_id}/schedule", response=list[FinInstalmentOut], summary="Jadwal angsuran")
def schedule_api(request, application_id: ObjectId):
    application = get_object_for_user(Application, request.user, pk=application_id)
    return selectors.schedule(user=request.user, application=application)


class FinRepaymentIn(InputSchema):
    date: Date
    amount_rp: model_type(Repayment, "amount_rp")
    prepayment: bool = False
    from_dana_desa: bool = False
    reference: model_type(Repayment, "reference") = ""


class FinRepaymentOut(Schema):
    id: int
    date: Date
    amount_rp: int
    prepayment: bool
    from_dana_desa: bool
    reference: str


@router.get("/applications/{application_id}/repayments", response=list[FinRepaymentOut], summary="Pembayaran")
def repayment_list_api(request, application_id: ObjectId):
    application = get_object_for_user(Application, request.user, pk=application_id)
    return application.repayments.all()


@router.post(
    "/applications/{application_id}/repayments",
    response={201: FinRepaymentOut},
    summary="Catat pembayaran angsuran (bank)",
)
def repayment_api(request, application_id: ObjectId, payload: FinRepaymentIn):
    application = get_object_for_user(Application, request.user, pk=application_id)
    require(request.user, Capability.DECIDE_FINANCING)
    return Status(201, services.repayment_record(actor=request.user, application=application, **payload.dict()))

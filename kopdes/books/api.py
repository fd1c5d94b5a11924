"""API of the books under /api/v1/cooperatives/{id}/books: the books' settings, members (NIK masked unless the role
needs it), simpanan, sales, costs, the journal (manual entries, reversals), statements, SHU and RAT. A cooperative
outside the user's scope is 404; a role that may not keep books (regency roles, the read-only pimpinan) 403."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kopdes.accounts.choices import Capability
from kopdes.books import selectors, services
from kopdes.books.choices import Account
from kopdes.books.models import BookSettings, Cost, JournalEntry, LoanProduct, Member, Rat, Sale, Saving
from kopdes.cooperatives.rules import mask_nik
from kopdes.cooperatives.selectors import nik_shown
from kopdes.core.api import (
    ConflictOut,
    Date,
    ErrorOut,
    InputSchema,
    ObjectId,
    Pagination,
    RefId,
    SearchText,
    choice_type,
    integer,
    model_type,
)
from kopdes.core.scoping import get_object_for_user, require, user_can

router = Router()
Rupiah = integer(ge=-(10**15), le=10**15)
Year = Query[int]
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class BooksBlockOut(Schema):
    """The "books" key of the progress document: `cooperatives_with_books` (cooperatives in the region with any
    journal entry), `members` (active members), `simpanan_rp` (simpanan balance), `sales_rp_last_30_days` (sales
    in the 30 days before today), `rat_last_year` (cooperatives whose RAT for the previous book year is recorded)."""

    cooperatives_with_books: int
    members: int
    simpanan_rp: int
    sales_rp_last_30_days: int
    rat_last_year: int


def _cooperative(request, cooperative_id: int):
    return selectors.books_cooperative(user=request.user, pk=cooperative_id)


def _keeper(request, cooperative_id: int):
    cooperative = _cooperative(request, cooperative_id)
    require(request.user, Capability.KEEP_BOOKS)
    return cooperative


# --- settings ---


class BooksOut(Schema):
    cooperative_id: int
    opened_on: datetime.date
    pokok_rp: int
    wajib_rp: int
    shu_division: dict[str, int]
    closed_through: datetime.date | None
    version: int


class BooksIn(InputSchema):
    opened_on: Date
    pokok_rp: model_type(BookSettings, "pokok_rp") = 100_000
    wajib_rp: model_type(BookSettings, "wajib_rp") = 10_000
    shu_division: dict[str, integer(ge=0, le=100)] | None = None


@router.get("/cooperatives/{cooperative_id}/books", response={200: BooksOut, **ERRORS}, summary="Pengaturan buku")
def books_detail_api(request, cooperative_id: ObjectId):
    cooperative = _cooperative(request, cooperative_id)
    settings = selectors.books_settings(cooperative=cooperative)
    if settings is None:
        return Status(404, {"detail": _("Koperasi ini belum membuka pembukuan."), "errors": []})
    return settings


@router.post("/cooperatives/{cooperative_id}/books", response={201: BooksOut, **ERRORS}, summary="Buka pembukuan")
def books_open_api(request, cooperative_id: ObjectId, payload: BooksIn):
    cooperative = _keeper(request, cooperative_id)
    return Status(201, services.books_open(actor=request.user, cooperative=cooperative, **payload.dict()))


# --- members ---


class MemberOut(Schema):
    id: int
    number: str
    nik: str
    name: str
    sex: str
    joined_on: datetime.date
    left_on: datetime.date | None
    simpanan_pokok: int
    simpanan_wajib: int
    simpanan_sukarela: int
    version: int


class MemberIn(InputSchema):
    number: model_type(Member, "number")
    nik: str = Field(min_length=16, max_length=16, pattern=r"^\d{16}$")
    name: model_type(Member, "name")
    sex: model_type(Member, "sex")
    joined_on: Date
    phone: model_type(Member, "phone") = ""


def _member_out(user, member, *, logged: bool = False) -> dict:
    show_nik = user_can(user, Capability.VIEW_NIK)
    if show_nik and not logged:
        nik_shown(user, [("member", member.pk, member.name, member.nik, member.cooperative_id)])
    return {
        "id": member.pk,
        "number": member.number,
        "nik": member.nik if show_nik else mask_nik(member.nik),
        "name": member.name,
        "sex": member.sex,
        "joined_on": member.joined_on,
        "left_on": member.left_on,
        "simpanan_pokok": getattr(member, "pokok", 0),
        "simpanan_wajib": getattr(member, "wajib", 0),
        "simpanan_sukarela": getattr(member, "sukarela", 0),
        "version": member.version,
    }


class MemberQuery(Schema):
    q: SearchText = ""


@router.get(
    "/cooperatives/{cooperative_id}/books/members", response={200: list[MemberOut], **ERRORS}, summary="Anggota"
)
@paginate(Pagination)
def member_list_api(request, cooperative_id: ObjectId, filters: Query[MemberQuery]):
    cooperative = _cooperative(request, cooperative_id)
    members = selectors.member_list(user=request.user, cooperative=cooperative, search=filters.q)
    return _MemberPage(request.user, members)


class _MemberPage:
    """The member list as the paginator reads it: counted in SQL, and only the page asked for is converted (and,
    when the NIK is shown whole, logged: one access-log write for the page, not one per member of the cooperative)."""

    def __init__(self, user, members):
        self.user, self.members = user, members

    def __len__(self) -> int:
        return self.members.count()

    def __getitem__(self, index):
        members = list(self.members[index])
        if user_can(self.user, Capability.VIEW_NIK):
            nik_shown(self.user, [("member", m.pk, m.name, m.nik, m.cooperative_id) for m in members])
        return [_member_out(self.user, m, logged=True) for m in members]


@router.post(
    "/cooperatives/{cooperative_id}/books/members", response={201: MemberOut, **ERRORS}, summary="Tambah anggota"
)
def member_create_api(request, cooperative_id: ObjectId, payload: MemberIn):
    cooperative = _keeper(request, cooperative_id)
    member = services.member_create(actor=request.user, cooperative=cooperative, **payload.dict())
    return Status(201, _member_out(request.user, member))


# --- simpanan ---


class SavingOut(Schema):
    id: int
    receipt: str = Field(alias="entry.number")
    date: datetime.date
    member_number: str = Field(alias="member.number")
    kind: choice_type(Saving, "kind")
    amount: int


class SavingIn(InputSchema):
    member_id: RefId
    date: Date
    kind: model_type(Saving, "kind")
    amount: Rupiah
    number: str = Field("", max_length=40, pattern=r"^[^\x00]*$")


@router.get(
    "/cooperatives/{cooperative_id}/books/savings", response={200: list[SavingOut], **ERRORS}, summary="Simpanan"
)
@paginate(Pagination)
def saving_list_api(request, cooperative_id: ObjectId):
    cooperative = _cooperative(request, cooperative_id)
    return Saving.objects.for_user(request.user).filter(cooperative=cooperative).select_related("entry", "member")


@router.post(
    "/cooperatives/{cooperative_id}/books/savings", response={201: SavingOut, **ERRORS}, summary="Catat simpanan"
)
def saving_create_api(request, cooperative_id: ObjectId, payload: SavingIn):
    cooperative = _keeper(request, cooperative_id)
    member = get_object_for_user(Member, request.user, pk=payload.member_id, cooperative=cooperative)
    saving = services.saving_record(
        actor=request.user, member=member, day=payload.date, kind=payload.kind, amount=payload.amount,
        number=payload.number,
    )  # fmt: skip
    return Status(201, saving)


# --- sales and costs ---


class SaleOut(Schema):
    id: int
    receipt: str = Field(alias="entry.number")
    date: datetime.date
    category: str
    member_id: int | None
    value: int
    cost: int


class SaleIn(InputSchema):
    date: Date
    category: model_type(Sale, "category")
    value: integer(ge=1, le=10**15)
    cost: integer(ge=0, le=10**15) = 0
    member_id: RefId | None = None
    number: str = Field("", max_length=40, pattern=r"^[^\x00]*$")


class PeriodQuery(Schema):
    start: datetime.date | None = None
    end: datetime.date | None = None


@router.get("/cooperatives/{cooperative_id}/books/sales", response={200: list[SaleOut], **ERRORS}, summary="Penjualan")
@paginate(Pagination)
def sale_list_api(request, cooperative_id: ObjectId, period: Query[PeriodQuery]):
    cooperative = _cooperative(request, cooperative_id)
    sales = Sale.objects.for_user(request.user).filter(cooperative=cooperative).select_related("entry")
    if period.start:
        sales = sales.filter(date__gte=period.start)
    if period.end:
        sales = sales.filter(date__lte=period.end)
    return sales.order_by("-date", "-pk")


@router.post(
    "/cooperatives/{cooperative_id}/books/sales", response={201: SaleOut, **ERRORS}, summary="Catat penjualan gerai"
)
def sale_create_api(request, cooperative_id: ObjectId, payload: SaleIn):
    cooperative = _keeper(request, cooperative_id)
    member = None
    if payload.member_id:
        member = get_object_for_user(Member, request.user, pk=payload.member_id, cooperative=cooperative)
    sale = services.sale_record(
        actor=request.user, cooperative=cooperative, day=payload.date, category=payload.category, value=payload.value,
        cost=payload.cost, member=member, number=payload.number,
    )  # fmt: skip
    return Status(201, sale)


class CostOut(Schema):
    id: int
    receipt: str = Field(alias="entry.number")
    date: datetime.date
    kind: str
    description: str
    amount: int


class CostIn(InputSchema):
    date: Date
    kind: model_type(Cost, "kind")
    amount: integer(ge=1, le=10**15)
    description: model_type(Cost, "description") = ""
    number: str = Field("", max_length=40, pattern=r"^[^\x00]*$")


@router.get("/cooperatives/{cooperative_id}/books/costs", response={200: list[CostOut], **ERRORS}, summary="Biaya")
@paginate(Pagination)
def cost_list_api(request, cooperative_id: ObjectId, period: Query[PeriodQuery]):
    cooperative = _cooperative(request, cooperative_id)
    costs = Cost.objects.for_user(request.user).filter(cooperative=cooperative).select_related("entry")
    if period.start:
        costs = costs.filter(date__gte=period.start)
    if period.end:
        costs = costs.filter(date__lte=period.end)
    return costs.order_by("-date", "-pk")


@router.post("/cooperatives/{cooperative_id}/books/costs", response={201: CostOut, **ERRORS}, summary="Catat biaya")
def cost_create_api(request, cooperative_id: ObjectId, payload: CostIn):
    cooperative = _keeper(request, cooperative_id)
    cost = services.cost_record(
        actor=request.user, cooperative=cooperative, day=payload.date, kind=payload.kind, amount=payload.amount,
        description=payload.description, number=payload.number,
    )  # fmt: skip
    return Status(201, cost)


# --- journal ---


class LineOut(Schema):
    account: str
    debit: int
    credit: int


class EntryOut(Schema):
    id: int
    date: datetime.date
    number: str
    kind: str
    description: str
    reverses_id: int | None
    lines: list[LineOut]


class LineIn(InputSchema):
    account: str = Field(pattern=r"^[1-6]\d{3}$", description="A code of the cooperative's chart of accounts.")
    debit: integer(ge=0, le=10**15) = 0
    credit: integer(ge=0, le=10**15) = 0


class EntryIn(InputSchema):
    date: Date
    description: model_type(JournalEntry, "description")
    lines: list[LineIn] = Field(min_length=2, max_length=50)
    number: str = Field("", max_length=40, pattern=r"^[^\x00]*$")


class ReverseIn(InputSchema):
    date: Date | None = None


@router.get("/cooperatives/{cooperative_id}/books/journal", response={200: list[EntryOut], **ERRORS}, summary="Jurnal")
@paginate(Pagination)
def journal_api(request, cooperative_id: ObjectId, period: Query[PeriodQuery]):
    cooperative = _cooperative(request, cooperative_id)
    return selectors.journal(user=request.user, cooperative=cooperative, start=period.start, end=period.end)


@router.post(
    "/cooperatives/{cooperative_id}/books/journal", response={201: EntryOut, **ERRORS}, summary="Jurnal umum (seimbang)"
)
def journal_create_api(request, cooperative_id: ObjectId, payload: EntryIn):
    cooperative = _keeper(request, cooperative_id)
    entry = services.manual_entry(
        actor=request.user, cooperative=cooperative, day=payload.date, description=payload.description,
        lines=[(line.account, line.debit, line.credit) for line in payload.lines], number=payload.number,
    )  # fmt: skip
    return Status(201, entry)


@router.post(
    "/cooperatives/{cooperative_id}/books/journal/{entry_id}/reverse",
    response={201: EntryOut, **ERRORS},
    summary="Balik jurnal (koreksi)",
)
def journal_reverse_api(request, cooperative_id: ObjectId, entry_id: ObjectId, payload: ReverseIn):
    cooperative = _keeper(request, cooperative_id)
    entry = get_object_for_user(JournalEntry, request.user, pk=entry_id, cooperative=cooperative)
    return Status(201, services.entry_reverse(actor=request.user, entry=entry, day=payload.date))


# --- statements, SHU, RAT ---


class LabaRugiOut(Schema):
    pendapatan: int
    hpp: int
    beban: int
    shu: int


class NeracaOut(Schema):
    aset: int
    kewajiban: int
    ekuitas: int


class StatementsOut(Schema):
    year: int
    laba_rugi: LabaRugiOut
    neraca: NeracaOut


class YearQuery(Schema):
    year: int = Field(ge=2000, le=2100)


@router.get(
    "/cooperatives/{cooperative_id}/books/statements",
    response={200: StatementsOut, **ERRORS},
    summary="Laba rugi dan neraca satu tahun",
)
def statements_api(request, cooperative_id: ObjectId, query: Query[YearQuery]):
    cooperative = _cooperative(request, cooperative_id)
    result = selectors.year_statements(cooperative=cooperative, year=query.year)
    return {"year": query.year, "laba_rugi": result["laba_rugi"], "neraca": result["neraca"]}


class ShuMemberOut(Schema):
    nomor_anggota: str
    jasa_modal: int
    jasa_anggota: int
    total: int


class ShuOut(Schema):
    shu: int
    pools: dict[str, int]
    members: list[ShuMemberOut]


@router.get("/cooperatives/{cooperative_id}/books/shu", response={200: ShuOut, **ERRORS}, summary="Pembagian SHU")
def shu_api(request, cooperative_id: ObjectId, query: Query[YearQuery]):
    cooperative = _cooperative(request, cooperative_id)
    return selectors.shu_for(cooperative=cooperative, year=query.year)


class RatOut(Schema):
    id: int
    year: int
    held_on: datetime.date
    members_total: int
    members_present: int
    quorum_met: bool
    statements_approved: bool
    shu_approved: bool
    shu_rp: int
    bagian_desa_rp: int
    decisions: str


class RatIn(InputSchema):
    year: integer(ge=2000, le=2100)
    held_on: Date
    members_present: integer(ge=0, le=1_000_000)
    decisions: model_type(Rat, "decisions") = ""
    statements_approved: bool = True
    shu_approved: bool = True


@router.get("/cooperatives/{cooperative_id}/books/rat", response={200: list[RatOut], **ERRORS}, summary="RAT")
def rat_list_api(request, cooperative_id: ObjectId):
    cooperative = _cooperative(request, cooperative_id)
    return list(Rat.objects.for_user(request.user).filter(cooperative=cooperative))


@router.post("/cooperatives/{cooperative_id}/books/rat", response={201: RatOut, **ERRORS}, summary="Catat RAT")
def rat_create_api(request, cooperative_id: ObjectId, payload: RatIn):
    cooperative = _keeper(request, cooperative_id)
    return Status(201, services.rat_record(actor=request.user, cooperative=cooperative, **payload.dict()))


# --- member loans (simpan pinjam) ---


class LoanProductOut(Schema):
    id: int
    name: str
    rate_bp: int
    method: choice_type(LoanProduct, "method")
    min_tenor: int
    max_tenor: int
    min_amount_rp: int
    max_amount_rp: int
    active: bool
    version: int


class LoanProductIn(InputSchema):
    name: model_type(LoanProduct, "name")
    rate_bp: integer(ge=0, le=10_000)
    method: model_type(LoanProduct, "method")
    min_tenor: integer(ge=1, le=120) = 1
    max_tenor: integer(ge=1, le=120)
    min_amount_rp: integer(ge=0, le=10**15) = 0
    max_amount_rp: integer(ge=1, le=10**15)
    active: bool = True


class LoanProductPatch(InputSchema):
    version: integer(ge=1)
    name: model_type(LoanProduct, "name") | None = None
    rate_bp: integer(ge=0, le=10_000) | None = None
    min_tenor: integer(ge=1, le=120) | None = None
    max_tenor: integer(ge=1, le=120) | None = None
    min_amount_rp: integer(ge=0, le=10**15) | None = None
    max_amount_rp: integer(ge=1, le=10**15) | None = None
    active: bool | None = None


@router.get(
    "/cooperatives/{cooperative_id}/books/loan-products",
    response={200: list[LoanProductOut], **ERRORS},
    summary="Produk pinjaman",
)
def loan_product_list_api(request, cooperative_id: ObjectId):
    cooperative = _cooperative(request, cooperative_id)
    return list(selectors.loan_products(cooperative=cooperative))


@router.post(
    "/cooperatives/{cooperative_id}/books/loan-products",
    response={201: LoanProductOut, **ERRORS},
    summary="Tambah produk pinjaman",
)
def loan_product_create_api(request, cooperative_id: ObjectId, payload: LoanProductIn):
    cooperative = _keeper(request, cooperative_id)
    return Status(201, services.loan_product_create(actor=request.user, cooperative=cooperative, **payload.dict()))


@router.patch(
    "/cooperatives/{cooperative_id}/books/loan-products/{product_id}",
    response={200: LoanProductOut, 409: ConflictOut, **ERRORS},
    summary="Ubah produk pinjaman",
)
def loan_product_update_api(request, cooperative_id: ObjectId, product_id: ObjectId, payload: LoanProductPatch):
    cooperative = _cooperative(request, cooperative_id)
    product = get_object_for_user(LoanProduct, request.user, pk=product_id, cooperative=cooperative)
    require(request.user, Capability.KEEP_BOOKS)
    data = payload.dict(exclude_unset=True, exclude_none=True)
    version = data.pop("version")
    return services.loan_product_update(actor=request.user, product=product, version=version, data=data)


class InstalmentOut(Schema):
    no: int
    due_date: datetime.date
    principal: int
    interest: int
    total: int
    balance: int


class LoanOut(Schema):
    """A member loan and its position on `as_of` (default today): principal outstanding, arrears (due and unpaid),
    days past due since the oldest unpaid instalment fell due, and the collectability band of the settings table
    (`lancar` 0, `kurang_lancar` 1–90, `diragukan` 91–180, `macet` over 180 days by default)."""

    id: int
    number: str
    product_id: int
    member_id: int
    member_number: str = Field(alias="member.number")
    disbursed_on: datetime.date
    amount_rp: int
    tenor: int
    rate_bp: int
    method: str
    status: str
    receipt: str = Field(alias="entry.number")
    paid_rp: int = Field(alias="paid")
    outstanding_rp: int = Field(alias="outstanding")
    arrears_rp: int = Field(alias="arrears")
    days_past_due: int
    collectability: str
    version: int


class LoanDetailOut(LoanOut):
    schedule: list[InstalmentOut]


class LoanIn(InputSchema):
    product_id: RefId
    member_id: RefId
    date: Date
    amount: integer(ge=1, le=10**15)
    tenor: integer(ge=1, le=120)
    number: str = Field("", max_length=40, pattern=r"^[^\x00]*$")


class LoanQuery(Schema):
    as_of: datetime.date | None = None
    status: Literal["aktif", "lunas", "batal", ""] = ""


@router.get("/cooperatives/{cooperative_id}/books/loans", response={200: list[LoanOut], **ERRORS}, summary="Pinjaman")
def loan_list_api(request, cooperative_id: ObjectId, query: Query[LoanQuery]):
    cooperative = _cooperative(request, cooperative_id)
    return selectors.loans(user=request.user, cooperative=cooperative, as_of=query.as_of, status=query.status)


@router.post(
    "/cooperatives/{cooperative_id}/books/loans", response={201: LoanDetailOut, **ERRORS}, summary="Cairkan pinjaman"
)
def loan_create_api(request, cooperative_id: ObjectId, payload: LoanIn):
    cooperative = _keeper(request, cooperative_id)
    product = get_object_for_user(LoanProduct, request.user, pk=payload.product_id, cooperative=cooperative)
    member = get_object_for_user(Member, request.user, pk=payload.member_id, cooperative=cooperative)
    loan = services.loan_disburse(
        actor=request.user, product=product, member=member, day=payload.date, amount=payload.amount,
        tenor=payload.tenor, number=payload.number,
    )  # fmt: skip
    return Status(201, selectors.loan_detail(user=request.user, cooperative=cooperative, pk=loan.pk))


@router.get(
    "/cooperatives/{cooperative_id}/books/loans/{loan_id}", response={200: LoanDetailOut, **ERRORS}, summary="Pinjaman"
)
def loan_detail_api(request, cooperative_id: ObjectId, loan_id: ObjectId, query: Query[LoanQuery]):
    cooperative = _cooperative(request, cooperative_id)
    return selectors.loan_detail(user=request.user, cooperative=cooperative, pk=loan_id, as_of=query.as_of)


class LoanRepaymentOut(Schema):
    id: int
    receipt: str = Field(alias="entry.number")
    date: datetime.date
    amount: int
    principal: int
    interest: int


class LoanRepaymentIn(InputSchema):
    date: Date
    amount: integer(ge=1, le=10**15)
    number: str = Field("", max_length=40, pattern=r"^[^\x00]*$")


@router.get(
    "/cooperatives/{cooperative_id}/books/loans/{loan_id}/repayments",
    response={200: list[LoanRepaymentOut], **ERRORS},
    summary="Angsuran pinjaman",
)
def loan_repayment_list_api(request, cooperative_id: ObjectId, loan_id: ObjectId):
    cooperative = _cooperative(request, cooperative_id)
    return selectors.loan_detail(user=request.user, cooperative=cooperative, pk=loan_id).repayment_rows


@router.post(
    "/cooperatives/{cooperative_id}/books/loans/{loan_id}/repayments",
    response={201: LoanRepaymentOut, **ERRORS},
    summary="Catat angsuran pinjaman",
)
def loan_repayment_create_api(request, cooperative_id: ObjectId, loan_id: ObjectId, payload: LoanRepaymentIn):
    cooperative = _cooperative(request, cooperative_id)
    loan = selectors.loan_detail(user=request.user, cooperative=cooperative, pk=loan_id)
    require(request.user, Capability.KEEP_BOOKS)
    repayment = services.loan_repay(
        actor=request.user, loan=loan, day=payload.date, amount=payload.amount, number=payload.number
    )
    return Status(201, repayment)


# --- chart of accounts ---


class ChartAccountOut(Schema):
    code: str
    name: str
    kind: str
    default: bool
    active: bool


class ChartAccountIn(InputSchema):
    code: str = Field(pattern=r"^[1-6]\d{3}$")
    name: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00]*$")
    active: bool = True


def _chart_rows(cooperative) -> list[dict]:
    every = selectors.chart(cooperative=cooperative)
    active = selectors.chart(cooperative=cooperative, active_only=True)
    return [
        {"code": code, "name": name, "kind": services.account_kind(code), "default": code in Account.values,
         "active": code in active}
        for code, name in every.items()
    ]  # fmt: skip


@router.get(
    "/cooperatives/{cooperative_id}/books/accounts",
    response={200: list[ChartAccountOut], **ERRORS},
    summary="Bagan akun",
)
def chart_api(request, cooperative_id: ObjectId):
    cooperative = _cooperative(request, cooperative_id)
    if selectors.books_settings(cooperative=cooperative) is None:
        return Status(404, {"detail": _("Koperasi ini belum membuka pembukuan."), "errors": []})
    return _chart_rows(cooperative)


@router.post(
    "/cooperatives/{cooperative_id}/books/accounts",
    response={201: ChartAccountOut, **ERRORS},
    summary="Ubah nama, nonaktifkan atau tambah akun",
)
def chart_save_api(request, cooperative_id: ObjectId, payload: ChartAccountIn):
    cooperative = _keeper(request, cooperative_id)
    row = services.chart_account_save(actor=request.user, cooperative=cooperative, **payload.dict())
    return Status(201, next(r for r in _chart_rows(cooperative) if r["code"] == row.code))

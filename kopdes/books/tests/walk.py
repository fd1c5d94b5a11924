"""The books' rows of the route walk (kopdes/tests/test_route_walk.py): the Perian cooperative keeps books (an
operating pupuk gerai, a member, a sale). Its pages and API are read by everyone whose scope covers Perian and
written only by its pengurus (keep_books): admins, the camat, DPMD and the kepala desa read, the bupati reads."""

from __future__ import annotations

import datetime

from kopdes.tests.walk import Case

D = datetime.date


def build(world) -> None:
    from kopdes.books import rules, services
    from kopdes.cooperatives.models import BusinessUnit

    BusinessUnit.objects.create(cooperative=world.coop, category="pupuk", status="beroperasi", since=D(2025, 7, 1))
    services.books_open(actor=None, cooperative=world.coop, opened_on=D(2025, 7, 1))
    world.bk_member = services.member_create(
        actor=None, cooperative=world.coop, number="W-1", nik=rules.make_nik("64.02.01", D(1980, 5, 5), False, 1),
        name="Anggota Rahasia Perian", sex="L", joined_on=D(2025, 7, 1),
    )  # fmt: skip
    world.bk_sale = services.sale_record(
        actor=None, cooperative=world.coop, day=D(2025, 8, 1), category="pupuk", value=1_000_000, cost=800_000,
        member=world.bk_member,
    )  # fmt: skip
    world.bk_product = services.loan_product_create(
        actor=None, cooperative=world.coop, name="Pinjaman Rahasia Perian", rate_bp=1800, method="flat", min_tenor=1,
        max_tenor=12, min_amount_rp=1, max_amount_rp=10_000_000,
    )  # fmt: skip
    world.bk_loan = services.loan_disburse(
        actor=None, product=world.bk_product, member=world.bk_member, day=D(2026, 1, 15), amount=1_200_000, tenor=6
    )


def _coop(w) -> dict:
    return {"pk": w.coop.pk}


def _entry(w) -> dict:
    return {"pk": w.coop.pk, "entry_pk": w.bk_sale.entry_id}


def _cashier(w) -> dict:
    return {"pk": w.coop.pk, "category": "pupuk"}


def _api(w) -> dict:
    return {"cooperative_id": w.coop.pk}


def _api_entry(w) -> dict:
    return {"cooperative_id": w.coop.pk, "entry_id": w.bk_sale.entry_id}


def _member_form(w) -> dict:
    from kopdes.books import rules

    return {"number": "W-2", "nik": rules.make_nik("64.02.01", D(1990, 1, 2), True, 2), "name": "Siti", "sex": "P",
            "joined_on": "2025-07-02", "phone": ""}  # fmt: skip


def _saving(w) -> dict:
    return {"member": "W-1", "day": "2025-07-01", "kind": "pokok", "amount": "100000"}


def _api_saving(w) -> dict:
    return {"member_id": w.bk_member.pk, "date": "2025-07-01", "kind": "pokok", "amount": 100_000}


def _cost(w) -> dict:
    return {"day": "2025-08-02", "kind": "gaji", "amount": "500000", "description": "Honor"}


def _loan(w) -> dict:
    return {"pk": w.coop.pk, "loan_pk": w.bk_loan.pk}


def _api_loan(w) -> dict:
    return {"cooperative_id": w.coop.pk, "loan_id": w.bk_loan.pk}


def _api_product(w) -> dict:
    return {"cooperative_id": w.coop.pk, "product_id": w.bk_product.pk}


def _product_form(w) -> dict:
    return {"form": "product", "name": "Pinjaman walk", "rate_percent": "12", "method": "anuitas", "min_tenor": "1",
            "max_tenor": "24", "min_amount_rp": "0", "max_amount_rp": "5000000"}  # fmt: skip


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("buku.xlsx", b"bukan buku kerja Rahasia Perian")


def _rat(w) -> dict:
    return {"year": 2025, "held_on": "2026-02-01", "members_present": 1}


# fmt: off
# Statuses in PERSONAS order:   anon natl kukr pasr cmat pngr bpti kads dpmd
READ = "302  200  200  404  200  200  200  200  200"
POST = "302  403  403  404  403  302  403  403  403"  # keep_books: the pengurus only
IMPORT = "302  403  403  403  403  200  403  403  403"  # the books' imports: roles that keep books
PAGES = {
    "books:home": [Case("302  200  200  200  200  302  200  200  200")],  # the pengurus goes to their books
    "books:region": [Case("302  200  200  200  200  404  200  200  200"),  # the pengurus is no region user
                     Case("302  200  200  404  200  404  200  404  200", query="region=64.02.01", label="kecamatan")],
    "books:cooperative": [Case(READ, args=_coop)],
    "books:members": [Case(READ, args=_coop), Case(READ, query="q=rahasia", htmx=True, label="htmx", args=_coop),
                      Case(READ, query="format=csv", label="csv", args=_coop), Case(POST, method="POST", args=_coop,
                      body=_member_form)],
    "books:savings": [Case(READ, args=_coop), Case(POST, method="POST", body=_saving, args=_coop)],
    "books:receipt": [Case(READ, args=_entry)],
    "books:cashier": [Case(READ, args=_cashier),
                      Case("302  403  403  404  403  200  403  403  403", method="POST", args=_cashier,
                           body=lambda w: {"value": "50000", "cost": "40000", "member": "", "tanggal": "2025-08-03"})],
    "books:costs": [Case(READ, args=_coop), Case(POST, method="POST", body=_cost, args=_coop)],
    "books:journal": [Case(READ, args=_coop), Case(READ, query="format=xlsx", label="xlsx", args=_coop)],
    "books:reverse": [Case(POST, method="POST", args=_entry, body=lambda w: {})],
    "books:close_month": [Case(POST, method="POST", body=lambda w: {"bulan": "2025-07-15"}, args=_coop)],
    "books:statements": [Case(READ, query="tahun=2025", args=_coop),
                         Case(READ, query="tahun=2025&format=xlsx", label="xlsx", args=_coop),
                         Case(READ, query="tahun=2025&format=pdf", label="pdf", args=_coop)],
    "books:shu": [Case(READ, query="tahun=2025", args=_coop),
                  Case(READ, query="tahun=2025&format=pdf", label="pdf", args=_coop)],
    "books:rat": [Case(READ, args=_coop), Case(POST, method="POST", body=_rat, args=_coop)],
    "books:loans": [Case(READ, args=_coop), Case(READ, query="format=xlsx", label="xlsx", args=_coop),
                    Case(POST, method="POST", body=_product_form, args=_coop)],
    "books:chart": [Case(READ, args=_coop),
                    Case(POST, method="POST", args=_coop, body=lambda w: {"code": "6301", "name": "Beban pemasaran",
                                                                          "active": "on"})],
    "books:import": [Case(READ, args=_coop), Case(READ, query="unduh=template", label="template", args=_coop),
                     Case(READ, query="unduh=export", label="export", args=_coop),
                     # an unreadable file: the pengurus is told so (400), the others refused by role or scope
                     Case("302  403  403  404  403  400  403  403  403", method="POST", args=_coop, label="upload",
                          body=lambda w: {"berkas": _upload()})],
    "books:loan": [Case(READ, args=_loan),
                   Case(POST, method="POST", body=lambda w: {"day": "2026-02-15", "amount": "10000"}, args=_loan)],
    "core:import": [
        Case(IMPORT, args={"slug": "anggota-koperasi"}, label="anggota-koperasi"),
        Case(IMPORT, args={"slug": "penjualan-gerai"}, label="penjualan-gerai"),
    ],
    "core:import_template": [
        Case(IMPORT, args={"slug": "anggota-koperasi", "fmt": "xlsx"}, label="anggota-koperasi"),
        Case(IMPORT, args={"slug": "penjualan-gerai", "fmt": "xlsx"}, label="penjualan-gerai"),
    ],
}

API_READ = "401  200  200  404  200  200  200  200  200"
API_WRITE = "401  403  403  404  403  201  403  403  403"
BOOKS = "/api/v1/cooperatives/{cooperative_id}/books"
API = {
    ("GET", BOOKS): [Case(API_READ, args=_api)],
    # The books are open already: the pengurus is refused for that reason (400), the others by role or scope.
    ("POST", BOOKS): [Case("401  403  403  404  403  400  403  403  403", args=_api,
                           body=lambda w: {"opened_on": "2025-07-01"})],
    ("GET", f"{BOOKS}/members"): [Case(API_READ, args=_api)],
    ("POST", f"{BOOKS}/members"): [Case(API_WRITE, args=_api, body=lambda w: {**_member_form(w), "number": "W-3"})],
    ("GET", f"{BOOKS}/savings"): [Case(API_READ, args=_api)],
    ("POST", f"{BOOKS}/savings"): [Case(API_WRITE, args=_api, body=_api_saving)],
    ("GET", f"{BOOKS}/sales"): [Case(API_READ, args=_api)],
    ("POST", f"{BOOKS}/sales"): [Case(API_WRITE, args=_api,
                                      body=lambda w: {"date": "2025-08-05", "category": "pupuk", "value": 10})],
    ("POST", f"{BOOKS}/costs"): [Case(API_WRITE, args=_api,
                                      body=lambda w: {"date": "2025-08-05", "kind": "sewa", "amount": 10})],
    ("GET", f"{BOOKS}/journal"): [Case(API_READ, args=_api)],
    ("POST", f"{BOOKS}/journal"): [Case(API_WRITE, args=_api, body=lambda w: {
        "date": "2025-08-06", "description": "Modal hibah", "lines": [
            {"account": "1101", "debit": 5}, {"account": "4901", "credit": 5}]})],
    ("POST", f"{BOOKS}/journal/{{entry_id}}/reverse"): [Case(API_WRITE, args=_api_entry, body=lambda w: {})],
    ("GET", f"{BOOKS}/statements"): [Case(API_READ, args=_api, query="year=2025")],
    ("GET", f"{BOOKS}/shu"): [Case(API_READ, args=_api, query="year=2025")],
    ("GET", f"{BOOKS}/rat"): [Case(API_READ, args=_api)],
    ("POST", f"{BOOKS}/rat"): [Case(API_WRITE, args=_api, body=_rat)],
    ("GET", f"{BOOKS}/costs"): [Case(API_READ, args=_api)],
    ("GET", f"{BOOKS}/accounts"): [Case(API_READ, args=_api)],
    ("POST", f"{BOOKS}/accounts"): [Case(API_WRITE, args=_api,
                                         body=lambda w: {"code": "4102", "name": "Penjualan LPG"})],
    ("GET", f"{BOOKS}/loan-products"): [Case(API_READ, args=_api)],
    ("POST", f"{BOOKS}/loan-products"): [Case(API_WRITE, args=_api, body=lambda w: {
        "name": "Pinjaman API", "rate_bp": 1200, "method": "flat", "max_tenor": 12, "max_amount_rp": 1_000_000})],
    ("PATCH", f"{BOOKS}/loan-products/{{product_id}}"): [Case("401  403  403  404  403  200  403  403  403",
                                                             args=_api_product, body=lambda w: {
        "version": w.bk_product.version, "max_tenor": 10})],
    ("GET", f"{BOOKS}/loans"): [Case(API_READ, args=_api)],
    ("POST", f"{BOOKS}/loans"): [Case(API_WRITE, args=_api, body=lambda w: {
        "product_id": w.bk_product.pk, "member_id": w.bk_member.pk, "date": "2026-01-20", "amount": 100_000,
        "tenor": 2})],
    ("GET", f"{BOOKS}/loans/{{loan_id}}"): [Case(API_READ, args=_api_loan)],
    ("GET", f"{BOOKS}/loans/{{loan_id}}/repayments"): [Case(API_READ, args=_api_loan)],
    ("POST", f"{BOOKS}/loans/{{loan_id}}/repayments"): [Case(API_WRITE, args=_api_loan,
                                                             body=lambda w: {"date": "2026-02-16", "amount": 5_000})],
}
# fmt: on

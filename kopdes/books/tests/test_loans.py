"""Member loans (simpan pinjam unit): the schedule against hand-computed examples, the product's limits, repayments
split into interest and principal, days past due and collectability by the bands of the settings table, the ledger;
and bank financing events from the finance app posted to the ledger through the signal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kopdes.books import rules, selectors, services
from kopdes.books.models import CollectabilityBand, JournalEntry, Loan, LoanRepayment
from kopdes.cooperatives.signals import financing_event

D = datetime.date


@pytest.fixture
def product(books, kukar_coop):
    return services.loan_product_create(
        actor=None, cooperative=kukar_coop, name="Pinjaman usaha", rate_bp=1800, method="flat", min_tenor=3,
        max_tenor=12, min_amount_rp=500_000, max_amount_rp=5_000_000,
    )  # fmt: skip


@pytest.fixture
def loan(product, member):
    return services.loan_disburse(actor=None, product=product, member=member, day=D(2026, 1, 31), amount=1_000_000,
                                  tenor=3)  # fmt: skip


def test_flat_schedule_by_hand():
    """1,000,000 at 18% flat over 3 months: interest 1,000,000 × 1.5% = 15,000 a month; principal 333,333, the last
    333,334; due on the disbursement day of each month, the 31st clamped to the month's end."""
    rows = rules.member_loan_schedule(
        amount=1_000_000, rate_bp=1800, tenor=3, method="flat", disbursed_on=D(2026, 1, 31)
    )
    assert [(r["due_date"], r["principal"], r["interest"], r["total"], r["balance"]) for r in rows] == [
        (D(2026, 2, 28), 333_333, 15_000, 348_333, 666_667),
        (D(2026, 3, 31), 333_333, 15_000, 348_333, 333_334),
        (D(2026, 4, 30), 333_334, 15_000, 348_334, 0),
    ]


def test_annuity_schedule_by_hand():
    """12,000,000 at 12% (1% a month) over 12 months: PMT = 12,000,000 × 0.01 / (1 − 1.01^−12) = 1,066,185.47 →
    1,066,185; month 1 interest 120,000, principal 946,185; the last instalment repays the balance exactly."""
    rows = rules.member_loan_schedule(amount=12_000_000, rate_bp=1200, tenor=12, method="anuitas",
                                      disbursed_on=D(2025, 1, 15))  # fmt: skip
    assert (rows[0]["interest"], rows[0]["principal"], rows[0]["total"]) == (120_000, 946_185, 1_066_185)
    assert all(r["total"] == 1_066_185 for r in rows[:-1])
    assert rows[-1]["balance"] == 0 and sum(r["principal"] for r in rows) == 12_000_000
    assert rows[-1]["total"] == rows[-1]["principal"] + rows[-1]["interest"] == 1_066_191


def test_collectability_bands_come_from_the_settings_table(db):
    bands = selectors.collectability_bands()
    assert bands == [("lancar", 0, 0), ("kurang_lancar", 1, 90), ("diragukan", 91, 180), ("macet", 181, None)]
    assert [rules.collectability(d, bands) for d in (0, 1, 90, 91, 180, 181, 1000)] == [
        "lancar", "kurang_lancar", "kurang_lancar", "diragukan", "diragukan", "macet", "macet"]  # fmt: skip
    CollectabilityBand.objects.filter(code="kurang_lancar").update(max_days=30)
    CollectabilityBand.objects.filter(code="diragukan").update(min_days=31)
    assert rules.collectability(45, selectors.collectability_bands()) == "diragukan"


def test_disbursement_posts_and_writes_the_schedule(loan, kukar_coop):
    assert loan.number == "PIN-00001" and loan.instalments.count() == 3
    lines = {(line.account, line.debit, line.credit) for line in loan.entry.lines.all()}
    assert lines == {("1202", 1_000_000, 0), ("1101", 0, 1_000_000)}
    statements = selectors.year_statements(cooperative=kukar_coop, year=2026)
    assert statements["balanced"]


@pytest.mark.parametrize(
    "amount,tenor,field",
    [(400_000, 6, "amount"), (6_000_000, 6, "amount"), (1_000_000, 2, "tenor"), (1_000_000, 13, "tenor")],
)
def test_loan_beyond_the_product_limits_is_refused(product, member, amount, tenor, field):
    with pytest.raises(ValidationError) as exc:
        services.loan_disburse(actor=None, product=product, member=member, day=D(2026, 1, 31), amount=amount,
                               tenor=tenor)  # fmt: skip
    assert field in exc.value.message_dict
    assert not Loan.objects.exists() and not JournalEntry.objects.filter(kind="pinjaman").exists()


def test_repayments_split_interest_first_and_days_past_due(loan, kukar_coop, pengurus):
    # the first instalment on time: 15,000 interest + 333,333 principal
    first = services.loan_repay(actor=None, loan=loan, day=D(2026, 2, 28), amount=348_333)
    assert (first.principal, first.interest) == (333_333, 15_000)
    assert {(line.account, line.debit, line.credit) for line in first.entry.lines.all()} == {
        ("1101", 348_333, 0), ("1202", 0, 333_333), ("4201", 0, 15_000)}  # fmt: skip
    # a partial payment: the second instalment's interest first
    part = services.loan_repay(actor=None, loan=loan, day=D(2026, 3, 31), amount=20_000)
    assert (part.principal, part.interest) == (5_000, 15_000)
    # on 1 June 2026 the 2nd instalment (31 March) is 62 days late: kurang lancar
    rows = selectors.loans(user=pengurus, cooperative=kukar_coop, as_of=D(2026, 6, 1))
    (row,) = rows
    assert row.days_past_due == 62 and row.collectability == "kurang_lancar"
    assert row.arrears == 3 * 348_333 + 1 - 348_333 - 20_000 and row.outstanding == 1_000_000 - 338_333
    # today (end of November 2026): 31 March + over 240 days: macet
    (row,) = selectors.loans(user=pengurus, cooperative=kukar_coop)
    assert row.collectability == "macet" and row.days_past_due == (timezone.localdate() - D(2026, 3, 31)).days
    portfolio = selectors.loan_portfolio(rows)
    assert portfolio["outstanding"] == 661_667 and portfolio["npl_percent"] == 100


def test_overpayment_refused_and_payoff_marks_lunas(loan, kukar_coop):
    with pytest.raises(ValidationError) as exc:
        services.loan_repay(actor=None, loan=loan, day=D(2026, 3, 1), amount=1_045_001)
    assert "sisa kewajiban" in str(exc.value)
    services.loan_repay(actor=None, loan=loan, day=D(2026, 3, 1), amount=1_045_000)
    loan.refresh_from_db()
    assert loan.status == "lunas"
    assert selectors.year_statements(cooperative=kukar_coop, year=2026)["laba_rugi"]["pendapatan"] == 45_000


def test_reversal_of_a_repayment_and_of_a_loan(loan, kukar_coop):
    first = services.loan_repay(actor=None, loan=loan, day=D(2026, 2, 28), amount=348_333)
    second = services.loan_repay(actor=None, loan=loan, day=D(2026, 3, 31), amount=348_333)
    with pytest.raises(ValidationError):
        services.entry_reverse(actor=None, entry=loan.entry)  # repaid already
    with pytest.raises(ValidationError):
        services.entry_reverse(actor=None, entry=first.entry)  # a newer one stands
    services.entry_reverse(actor=None, entry=second.entry)
    services.entry_reverse(actor=None, entry=first.entry)
    assert LoanRepayment.objects.filter(loan=loan).count() == 4
    services.entry_reverse(actor=None, entry=loan.entry)
    loan.refresh_from_db()
    assert loan.status == "batal"
    balances = selectors.balances(cooperative=kukar_coop, start=None, end=D(2026, 11, 29))
    assert balances.get("1202", 0) == 0 and balances.get("4201", 0) == 0


def test_repayment_in_a_closed_month_is_refused(loan, kukar_coop):
    services.month_close(actor=None, cooperative=kukar_coop, through=D(2026, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.loan_repay(actor=None, loan=loan, day=D(2026, 2, 28), amount=348_333)
    assert "ditutup" in str(exc.value)
    assert not LoanRepayment.objects.exists()


# --- bank financing through the signal -----------------------------------------------------------------------------


def test_financing_event_posts_to_the_ledger_once(books, kukar_coop):
    for _ in range(2):
        financing_event.send(sender=None, cooperative=kukar_coop, event="pencairan", date=D(2025, 11, 10),
                             reference="CAIR-1", principal_rp=600_000_000, description="Pencairan tahap 1")  # fmt: skip
    financing_event.send(sender=None, cooperative=kukar_coop, event="angsuran", date=D(2026, 1, 12),
                         reference="ANG-1", principal_rp=1_000_000, interest_rp=3_000_000,
                         from_dana_desa=True)  # fmt: skip
    entries = JournalEntry.objects.filter(cooperative=kukar_coop, kind="pembiayaan")
    assert entries.count() == 2
    balances = selectors.balances(cooperative=kukar_coop, start=None, end=D(2026, 11, 29))
    assert balances["2401"] == -599_000_000 and balances["6201"] == 3_000_000 and balances["2402"] == -4_000_000
    assert selectors.year_statements(cooperative=kukar_coop, year=2026)["balanced"]
    with pytest.raises(ValidationError):
        services.entry_reverse(actor=None, entry=entries.first())


def test_financing_event_in_a_closed_month_posts_on_the_first_open_day(books, kukar_coop):
    services.month_close(actor=None, cooperative=kukar_coop, through=D(2025, 11, 5))
    financing_event.send(sender=None, cooperative=kukar_coop, event="pencairan", date=D(2025, 11, 10),
                         reference="CAIR-9", principal_rp=10)  # fmt: skip
    entry = JournalEntry.objects.get(kind="pembiayaan")
    assert entry.date == D(2025, 12, 1) and "2025-11-10" in entry.description


def test_financing_event_without_books_posts_nothing(kukar_coop):
    financing_event.send(sender=None, cooperative=kukar_coop, event="pencairan", date=D(2025, 11, 10),
                         reference="CAIR-1", principal_rp=10)  # fmt: skip
    assert not JournalEntry.objects.exists()


def test_finance_disbursements_and_repayments_reach_the_books(books, kukar_coop):
    """The finance app's own services, end to end: the running loan of finance's fixtures, its two stages and a
    repayment, land in the cooperative's ledger."""
    from kopdes.finance import services as finance
    from kopdes.finance.tests.conftest import approved, proposal, ready, to_agreement

    ready(kukar_coop)
    bank = finance.partner_create(actor=None, name="BRI Tenggarong", kind="bank")
    application = finance.application_create(actor=None, cooperative=kukar_coop, bank=bank, amount_rp=1_000_000_000,
                                             tenor_months=12, grace_months=6)  # fmt: skip
    application = to_agreement(approved(proposal(application)))
    finance.disbursement_record(actor=None, application=application, date=D(2025, 11, 10), amount_rp=1_000_000_000)
    finance.repayment_record(actor=None, application=application, date=D(2026, 1, 12), amount_rp=5_000_000)
    balances = selectors.balances(cooperative=kukar_coop, start=None, end=D(2026, 11, 29))
    assert balances["1102"] == 995_000_000 and balances["2401"] == -1_000_000_000 and balances["6201"] == 5_000_000


# --- pages and API ---------------------------------------------------------------------------------------------------


def test_loan_pages_for_the_pengurus(client_for, pengurus, product, member, kukar_coop):
    client = client_for(pengurus)
    url = f"/pembukuan/koperasi/{kukar_coop.pk}/pinjaman/"
    response = client.post(url, {"form": "loan", "product": product.pk, "member": "A-001", "day": "2026-01-31",
                                 "amount": "9000000", "tenor": "3"})  # fmt: skip
    assert response.status_code == 400 and "Pinjaman produk ini" in response.content.decode()
    response = client.post(url, {"form": "loan", "product": product.pk, "member": "A-001", "day": "2026-01-31",
                                 "amount": "1000000", "tenor": "3"})  # fmt: skip
    loan = Loan.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/pinjaman/{loan.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert 'data-collectability="macet"' in page and "348.334" in page
    response = client.post(response["Location"], {"day": "2026-02-28", "amount": "348333"})
    assert response.status_code == 302
    assert LoanRepayment.objects.get().interest == 15_000
    receipt = client.get(response["Location"]).content.decode()
    assert "PIN-00001" in receipt and "Rp 15.000" in receipt
    listing = client.get(url).content.decode()
    assert 'data-loan="PIN-00001"' in listing and 'data-outstanding="666667"' in listing
    xlsx = client.get(url + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.post(url, {"form": "product", "name": "Pinjaman musiman", "rate_percent": "12", "method":
                                 "anuitas", "min_tenor": "1", "max_tenor": "6", "min_amount_rp": "0",
                                 "max_amount_rp": "3000000"})  # fmt: skip
    assert response.status_code == 302
    assert kukar_coop.pk and product.__class__.objects.get(name="Pinjaman musiman").rate_bp == 1200


def test_loan_pages_scope_and_capability(client_for, bupati, kukar_officer, paser_officer, loan, kukar_coop):
    url = f"/pembukuan/koperasi/{kukar_coop.pk}/pinjaman/"
    assert client_for(kukar_officer).get(url).status_code == 200
    assert client_for(kukar_officer).get(f"{url}{loan.pk}/").status_code == 200
    assert client_for(paser_officer).get(url).status_code == 404
    assert client_for(paser_officer).get(f"{url}{loan.pk}/").status_code == 404
    assert client_for(bupati).post(f"{url}{loan.pk}/", {"day": "2026-02-28", "amount": "1"}).status_code == 403
    assert client_for(bupati).post(url, {"form": "product", "name": "X"}).status_code == 403
    assert not LoanRepayment.objects.exists()


def test_loans_api(client_for, pengurus, bupati, paser_officer, product, member, kukar_coop):
    client = client_for(pengurus)
    base = f"/api/v1/cooperatives/{kukar_coop.pk}/books"
    body = {"product_id": product.pk, "member_id": member.pk, "date": "2026-01-31", "amount": 1_000_000, "tenor": 3}
    response = client.post(f"{base}/loans", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["number"] == "PIN-00001" and len(created["schedule"]) == 3
    assert created["schedule"][2] == {"no": 3, "due_date": "2026-04-30", "principal": 333_334, "interest": 15_000,
                                      "total": 348_334, "balance": 0}  # fmt: skip
    too_long = client.post(f"{base}/loans", {**body, "tenor": 24}, content_type="application/json")
    assert too_long.status_code == 400 and "tenor" in str(too_long.json()["errors"])
    loan_url = f"{base}/loans/{created['id']}"
    paid = client.post(f"{loan_url}/repayments", {"date": "2026-02-28", "amount": 348_333},
                       content_type="application/json")  # fmt: skip
    assert paid.status_code == 201 and paid.json()["principal"] == 333_333
    (row,) = client.get(f"{base}/loans", {"as_of": "2026-03-01"}).json()
    assert (row["outstanding_rp"], row["days_past_due"], row["collectability"]) == (666_667, 0, "lancar")
    (row,) = client.get(f"{base}/loans", {"as_of": "2026-07-01"}).json()
    assert (row["days_past_due"], row["collectability"]) == (92, "diragukan")
    assert len(client.get(f"{loan_url}/repayments").json()) == 1
    assert client_for(bupati).get(f"{base}/loans").status_code == 200
    assert client_for(bupati).post(f"{base}/loans", body, content_type="application/json").status_code == 403
    assert client_for(paser_officer).get(f"{base}/loans").status_code == 404
    assert client_for(paser_officer).get(loan_url).status_code == 404
    client = client_for(pengurus)
    patch = client.patch(f"{base}/loan-products/{product.pk}", {"version": 1, "max_tenor": 6},
                         content_type="application/json")  # fmt: skip
    assert patch.status_code == 200 and patch.json()["version"] == 2
    stale = client.patch(f"{base}/loan-products/{product.pk}", {"version": 1, "max_tenor": 9},
                         content_type="application/json")  # fmt: skip
    assert stale.status_code == 409


def test_cooperative_panel_counts_running_loans(loan, kukar_coop, client_for, kukar_officer):
    services.loan_repay(actor=None, loan=loan, day=D(2026, 2, 28), amount=348_333)
    assert selectors.cooperative_books(cooperative=kukar_coop)["loans"] == {"count": 1, "outstanding": 666_667}
    page = client_for(kukar_officer).get(f"/koperasi/{kukar_coop.pk}/").content.decode()
    assert 'data-books="loans"' in page and "666.667" in page

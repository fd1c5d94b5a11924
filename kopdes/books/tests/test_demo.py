"""The books demo: Rapak Lambur and Melayu keep books from their gerai's opening to today (members with valid NIKs
from their own village, simpanan, daily sales, costs), a 2025 year end with SHU and a RAT in early 2026, three more
cooperatives with a first month of books; statements balance; a second run writes nothing."""

import datetime

import pytest
from django.db.models import Sum

from kopdes.accounts import demo as accounts_demo
from kopdes.books import demo, rules, selectors
from kopdes.books.models import JournalEntry, Loan, Member, Rat, Sale
from kopdes.books.services import district_exists
from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import DemoContext
from kopdes.formation import demo as formation_demo
from kopdes.regions import demo as regions_demo
from kopdes.tests.factories import KUKAR, checked

pytestmark = pytest.mark.django_db
D = datetime.date


def test_demo_books():
    context = DemoContext()
    for step in (accounts_demo, regions_demo, formation_demo, demo):
        step.load(context)
    rapak = Cooperative.objects.get(village_id="64.02.06.2012")
    members = Member.objects.filter(cooperative=rapak)
    assert 200 <= members.count() <= 300
    assert set(members.values_list("domicile_id", flat=True)) == {"64.02.06.2012"}
    for member in members[:50]:
        assert rules.nik_errors(member.nik, member.sex, district_exists) == []
    year = selectors.year_statements(cooperative=rapak, year=2025)
    assert year["balanced"] and year["laba_rugi"]["shu"] > 0
    rat = Rat.objects.get(cooperative=rapak, year=2025)
    assert rat.quorum_met and rat.bagian_desa_rp == year["laba_rugi"]["shu"] * 20 // 100
    assert selectors.sales_by_gerai(cooperative=rapak, start=D(2026, 11, 1), end=D(2026, 11, 28))[0]["days"] == 28
    assert selectors.arrears(cooperative=rapak, as_of=D(2026, 11, 29))
    block = selectors.books_block(region=checked(KUKAR), today=D(2026, 11, 29))
    assert block["cooperatives_with_books"] == 5 and block["rat_last_year"] == 2 and block["sales_rp_last_30_days"] > 0

    positions = [
        selectors.position(loan, list(loan.instalments.values("no", "due_date", "principal", "interest", "total",
                                                               "balance")), D(2026, 11, 29),
                           selectors.collectability_bands())
        for loan in Loan.objects.filter(cooperative=rapak).annotate(
            paid=Sum("repayments__amount", default=0), principal_paid=Sum("repayments__principal", default=0))
    ]  # fmt: skip
    assert len(positions) == 6
    assert sorted(loan.collectability for loan in positions if loan.status == "aktif") == [
        "diragukan", "kurang_lancar", "lancar", "lancar", "macet"]  # fmt: skip
    assert selectors.year_statements(cooperative=rapak, year=2026)["balanced"]

    before = (JournalEntry.objects.count(), Sale.objects.count(), Member.history.count(), Loan.history.count())
    again = DemoContext(actor=context.actor)
    demo.load(again)
    assert again.writes == {}
    assert before == (JournalEntry.objects.count(), Sale.objects.count(), Member.history.count(), Loan.history.count())

"""The finance demo: the partners of the 21 August 2025 meeting, Kukar's partnerships, Rapak Lambur repaying BRI on
time, Melayu (KKMP, approved by the bupati) in arrears since October 2026, a third application with BNI, and a second
run that writes nothing."""

import datetime

import pytest

from kopdes.accounts import demo as accounts_demo
from kopdes.core.devtools import DemoContext
from kopdes.finance import demo
from kopdes.finance.models import Application, Partner, Partnership, Repayment
from kopdes.finance.selectors import arrears_list, financing_block, partnerships_block
from kopdes.formation import demo as formation_demo
from kopdes.regions import demo as regions_demo
from kopdes.tests.factories import KUKAR, checked

pytestmark = pytest.mark.django_db
D = datetime.date


def test_demo_finance():
    context = DemoContext()
    for step in (accounts_demo, regions_demo, formation_demo, demo):
        step.load(context)
    assert set(Partner.objects.values_list("kind", flat=True)) >= {"bumn", "eksportir", "pengelola_sampah",
                                                                    "platform_digital", "bank"}  # fmt: skip
    rapak = Application.objects.get(cooperative__village_id=demo.RAPAK_LAMBUR)
    assert (rapak.status, rapak.approver_office, rapak.disbursed_rp) == ("mengangsur", "kepala_desa", 2_000_000_000)
    assert not rapak.instalments.filter(due_date__lte=demo.TODAY, paid_rp__lt=rapak.instalments.first().total_rp)
    melayu = Application.objects.get(cooperative__village_id=demo.MELAYU)
    assert melayu.approver_office == "bupati"
    region = checked(KUKAR)
    arrears = arrears_list(region=region)
    assert [row["application"].pk for row in arrears] == [melayu.pk]
    assert arrears[0]["since"] == D(2026, 10, 12)
    block = financing_block(region=region)
    assert block["applications"] == 3 and block["in_arrears"] == 1
    assert block["disbursed_rp"] == 3_500_000_000 and 0 < block["outstanding_rp"] < 3_500_000_000
    assert partnerships_block(region=region)["by_kind"]["lpg"] == 1
    assert Application.objects.get(cooperative__village_id=demo.KUKAR_THIRD).status == "dinilai"
    assert any(login.username == "mitra.bri" for login in context.logins)

    before = (Partner.objects.count(), Partnership.objects.count(), Application.objects.count(),
              Repayment.objects.count())  # fmt: skip
    again = DemoContext(actor=context.actor)
    demo.load(again)
    assert not again.writes
    assert before == (Partner.objects.count(), Partnership.objects.count(), Application.objects.count(),
                      Repayment.objects.count())  # fmt: skip

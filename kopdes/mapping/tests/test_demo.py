"""The demo data of the mapping app: realistic potentials and BUMDes for Kukar and Paser, an open and a resolved
overlap, and a second run that writes nothing. The steps below mapping run first, as `kopdes load_demo` runs them."""

import pytest

from kopdes.accounts import demo as accounts_demo
from kopdes.core.devtools import DemoContext
from kopdes.formation import demo as formation_demo
from kopdes.mapping import demo
from kopdes.mapping.models import Bumdes, BumdesUnit, OverlapDecision, VillagePotential
from kopdes.mapping.selectors import overlap_counts
from kopdes.regions import demo as regions_demo
from kopdes.tests.factories import KUKAR, PASER, checked

pytestmark = pytest.mark.django_db


def test_demo_mapping():
    context = DemoContext()
    for step in (accounts_demo, regions_demo, formation_demo, demo):
        step.load(context)
    assert overlap_counts(region=checked(KUKAR)) == {"open": 1, "resolved": 1}
    assert overlap_counts(region=checked(PASER)) == {"open": 1, "resolved": 0}
    categories = set(VillagePotential.objects.values_list("category", flat=True))
    assert {"pertanian", "perkebunan", "perikanan", "kerajinan", "pengelolaan_sampah"} <= categories
    assert VillagePotential.objects.filter(village__code__startswith=f"{PASER}.").count() >= 5
    assert Bumdes.objects.filter(village__code__startswith=f"{PASER}.").exists()
    decision = OverlapDecision.objects.get()
    assert decision.decided_by.username == "dpmd.kukar"
    counts = (VillagePotential.objects.count(), Bumdes.objects.count(), BumdesUnit.objects.count())
    assert (context.counts["potentials_created"], context.counts["bumdes_created"]) == counts[:2]
    assert context.counts["planned_units_created"] == context.counts["overlap_decisions_created"] == 1

    again = DemoContext(actor=context.actor)
    demo.load(again)
    assert again.writes == {}
    assert counts == (VillagePotential.objects.count(), Bumdes.objects.count(), BumdesUnit.objects.count())

"""The demo data of the mapping app: realistic potentials and BUMDes for Kukar and Paser, an open and a resolved
overlap, and a second run that writes nothing."""

import pytest

from kopdes.core.demo import load_demo
from kopdes.mapping.demo import load_mapping_demo
from kopdes.mapping.models import Bumdes, BumdesUnit, OverlapDecision, VillagePotential
from kopdes.mapping.selectors import overlap_counts
from kopdes.tests.factories import KUKAR, PASER

pytestmark = pytest.mark.django_db


def test_demo_mapping():
    load_demo()
    assert overlap_counts(code=KUKAR) == {"open": 1, "resolved": 1}
    assert overlap_counts(code=PASER) == {"open": 1, "resolved": 0}
    categories = set(VillagePotential.objects.values_list("category", flat=True))
    assert {"pertanian", "perkebunan", "perikanan", "kerajinan", "pengelolaan_sampah"} <= categories
    assert VillagePotential.objects.filter(village__code__startswith=f"{PASER}.").count() >= 5
    assert Bumdes.objects.filter(village__code__startswith=f"{PASER}.").exists()
    decision = OverlapDecision.objects.get()
    assert decision.decided_by.username == "dpmd.kukar"
    counts = (VillagePotential.objects.count(), Bumdes.objects.count(), BumdesUnit.objects.count())
    again = load_mapping_demo(decision.decided_by)
    assert (again.potentials, again.bumdes, again.units, again.cooperative_units, again.decisions) == (0, 0, 0, 0, 0)
    assert counts == (VillagePotential.objects.count(), Bumdes.objects.count(), BumdesUnit.objects.count())

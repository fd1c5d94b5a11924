"""Services: every bad input is refused with a clear message and stores nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopdes.cooperatives.services import business_unit_create
from kopdes.core.choices import BusinessCategory
from kopdes.mapping import services
from kopdes.mapping.choices import BumdesPerformance, BumdesUnitStatus, Verdict
from kopdes.mapping.models import Bumdes, BumdesUnit, OverlapDecision, VillagePotential
from kopdes.mapping.selectors import overlapping_units, village_verdict
from kopdes.regions.models import Region

pytestmark = pytest.mark.django_db


def _messages(exc_info) -> str:
    return " ".join(m for ms in exc_info.value.message_dict.values() for m in ms)


# --- potentials ---


def test_potential_create_update_delete_with_history(kukar_village, dpmd):
    potential = services.potential_create(
        actor=dpmd,
        village=kukar_village,
        category="perikanan",
        commodity=" Ikan patin ",
        volume="120.5",
        volume_unit="ton/tahun",
        value_rp=3_000_000_000,
        people=85,
    )
    assert potential.commodity == "Ikan patin"
    services.potential_update(actor=dpmd, potential=potential, data={"value_rp": 3_200_000_000})
    assert potential.history.count() == 2
    assert potential.history.first().history_user == dpmd
    services.potential_delete(actor=dpmd, potential=potential)
    assert not VillagePotential.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "tambang"}, "category"),
        ({"value_rp": -1}, "value_rp"),
        ({"volume": -3}, "volume"),
        ({"people": -2}, "people"),
        ({"commodity": "  "}, "commodity"),
    ],
)
def test_potential_bad_input_is_refused(kukar_village, fields, field):
    data = {"category": "pertanian", "commodity": "Padi", **fields}
    with pytest.raises(ValidationError) as exc_info:
        services.potential_create(actor=None, village=kukar_village, **data)
    assert field in exc_info.value.message_dict
    assert not VillagePotential.objects.exists()


def test_negative_value_message_is_indonesian(kukar_village):
    with pytest.raises(ValidationError) as exc_info:
        services.potential_create(
            actor=None, village=kukar_village, category="pertanian", commodity="Padi", value_rp=-5
        )
    assert "Tidak boleh negatif" in _messages(exc_info)


def test_potential_needs_a_village():
    district = Region.objects.get(code="64.02.01")
    with pytest.raises(ValidationError) as exc_info:
        services.potential_create(actor=None, village=district, category="pertanian", commodity="Padi")
    assert "bukan kode desa/kelurahan" in _messages(exc_info)


def test_potential_update_refused_keeps_the_database(kukar_village):
    potential = services.potential_create(actor=None, village=kukar_village, category="pertanian", commodity="Padi")
    with pytest.raises(ValidationError):
        services.potential_update(actor=None, potential=potential, data={"value_rp": -10})
    potential.refresh_from_db()
    assert potential.value_rp is None


def test_same_commodity_twice_is_refused(kukar_village):
    services.potential_create(actor=None, village=kukar_village, category="pertanian", commodity="Padi")
    with pytest.raises(ValidationError) as exc_info:
        services.potential_create(actor=None, village=kukar_village, category="pertanian", commodity="Padi")
    assert "sudah dicatat" in " ".join(exc_info.value.messages)


# --- BUMDes ---


def test_bumdes_refused_for_kelurahan_with_the_reason(kukar_kelurahan):
    with pytest.raises(ValidationError) as exc_info:
        services.bumdes_register(actor=None, village=kukar_kelurahan, name="BUMDes Melayu")
    message = _messages(exc_info)
    assert "Melayu adalah kelurahan" in message
    assert "koperasi memimpin" in message
    assert not Bumdes.objects.exists()


def test_bumdes_one_per_desa(kukar_bumdes, kukar_village):
    with pytest.raises(ValidationError) as exc_info:
        services.bumdes_register(actor=None, village=kukar_village, name="BUMDes Kedua")
    assert "sudah memiliki BUMDes" in " ".join(exc_info.value.messages)


def test_bumdes_registration_number_unique_but_empty_allowed(kukar_village, paser_village):
    services.bumdes_register(actor=None, village=kukar_village, name="A", registration_number="")
    services.bumdes_register(actor=None, village=paser_village, name="B", registration_number=" ")
    assert Bumdes.objects.filter(registration_number__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "tambang"}, "category"),
        ({"status": "mati"}, "status"),
        ({"performance": "luar_biasa"}, "performance"),
        ({"revenue_rp": -100}, "revenue_rp"),
        ({"year": 1800}, "year"),
    ],
)
def test_bumdes_unit_bad_input_is_refused(kukar_bumdes, fields, field):
    before = BumdesUnit.objects.count()
    data = {"category": "klinik", **fields}
    with pytest.raises(ValidationError) as exc_info:
        services.bumdes_unit_create(actor=None, bumdes=kukar_bumdes, **data)
    assert field in exc_info.value.message_dict
    assert BumdesUnit.objects.count() == before


def test_bumdes_unit_one_per_category(kukar_bumdes):
    with pytest.raises(ValidationError):
        services.bumdes_unit_create(actor=None, bumdes=kukar_bumdes, category="sembako")


def test_bumdes_delete_logs_units(kukar_bumdes, dpmd):
    services.bumdes_delete(actor=dpmd, bumdes=kukar_bumdes)
    assert not BumdesUnit.objects.exists()
    assert BumdesUnit.history.filter(history_type="-", history_user=dpmd).count() == 2


# --- verdicts and decisions ---


def test_village_verdicts(kukar_bumdes, kukar_village, kukar_kelurahan):
    assert village_verdict(village=kukar_village, category="sembako").verdict == Verdict.TUMPANG_TINDIH
    assert village_verdict(village=kukar_village, category="pertanian").verdict == Verdict.BOLEH_DENGAN_KOORDINASI
    assert village_verdict(village=kukar_village, category="klinik").verdict == Verdict.BOLEH
    assert village_verdict(village=kukar_kelurahan, category="sembako").verdict == Verdict.BOLEH


def test_decision_recorded_with_who_and_when(kukar_overlap, dpmd):
    decision = services.overlap_decide(
        actor=dpmd, cooperative=kukar_overlap, category="sembako", decision="kemitraan", note="Koperasi memasok BUMDes"
    )
    assert decision.decided_by == dpmd and decision.decided_at
    assert decision.verdict == Verdict.TUMPANG_TINDIH
    assert "BUMDes Maju Bersama" in decision.verdict_reason
    assert decision.bumdes_unit.category == "sembako"
    # Changing the decision keeps one current row and logs both.
    services.overlap_decide(
        actor=dpmd, cooperative=kukar_overlap, category="sembako", decision="tidak_masuk", note="Tidak jadi"
    )
    assert OverlapDecision.objects.count() == 1
    assert decision.history.count() == 2


def test_decision_refused_when_verdict_is_not_an_overlap(kukar_overlap, dpmd):
    with pytest.raises(ValidationError) as exc_info:
        services.overlap_decide(
            actor=dpmd, cooperative=kukar_overlap, category="pertanian", decision="kemitraan", note="x"
        )
    assert "hanya dicatat untuk putusan tumpang tindih" in _messages(exc_info)
    assert not OverlapDecision.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"decision": "entah"}, "decision"),
        ({"note": " "}, "note"),
        ({"decision": "ambil_alih", "agreement_number": ""}, "agreement_number"),
        ({"category": "tambang"}, "category"),
    ],
)
def test_decision_bad_input(kukar_overlap, dpmd, fields, field):
    data = {"category": "sembako", "decision": "kemitraan", "note": "catatan", **fields}
    with pytest.raises(ValidationError) as exc_info:
        services.overlap_decide(actor=dpmd, cooperative=kukar_overlap, **data)
    assert field in exc_info.value.message_dict
    assert not OverlapDecision.objects.exists()


# --- the SQL form of the rule agrees with the rule, on stored data ---

unit_rows = st.lists(
    st.tuples(
        st.sampled_from(BusinessCategory.values[:5]),
        st.sampled_from(BumdesUnitStatus.values),
        st.sampled_from(BumdesPerformance.values),
    ),
    max_size=5,
    unique_by=lambda row: row[0],
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=unit_rows, category=st.sampled_from(BusinessCategory.values[:5]))
def test_stored_verdict_never_boleh_while_established_unit_exists(kukar_village, kukar_coop, rows, category):
    with transaction.atomic():
        bumdes = Bumdes.objects.create(village=kukar_village, name="BUMDes Uji")
        BumdesUnit.objects.bulk_create(
            [BumdesUnit(bumdes=bumdes, category=c, status=s, performance=p) for c, s, p in rows]
        )
        business_unit_create(actor=None, cooperative=kukar_coop, category=category, status="rencana")
        verdict = village_verdict(village=kukar_village, category=category)
        established = any(c == category and s == "aktif" and p == "berhasil" for c, s, p in rows)
        if established:
            assert verdict.verdict == Verdict.TUMPANG_TINDIH
        assert overlapping_units().filter(cooperative=kukar_coop).exists() == established
        transaction.set_rollback(True)

"""The application → approval → schedule → repayment path, every limit of the rules table, and the issue's bad
input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kopdes.core.exceptions import ConflictError
from kopdes.finance import selectors, services
from kopdes.finance.models import FinancingRule, Instalment
from kopdes.finance.tests.conftest import approved, proposal, to_agreement

D = datetime.date


def test_rules_table_is_seeded_with_its_legal_sources(db):
    table = selectors.limits()
    assert table["plafond_max_rp"] == 3_000_000_000
    assert table["opex_max_rp"] == 500_000_000
    assert table["rate_bp"] == 600
    assert table["tenor_max_months"] == 72
    assert (table["grace_min_months"], table["grace_max_months"]) == (6, 8)
    assert table["village_fallback_pct"] == 30
    assert table["due_day"] == 12
    assert "pergudangan" in table["activities"] and "apotek" in table["activities"]
    sources = dict(FinancingRule.objects.values_list("key", "legal_source"))
    assert sources["village_fallback_pct"].startswith("Permendes 10/2025")
    assert sources["plafond_max_rp"].startswith("PMK 49/2025")


def test_full_path_application_to_repayment(running, mitra_bri):
    application = running
    assert application.status == "dicairkan"
    assert (application.disbursed_rp, application.outstanding_rp) == (1_000_000_000, 1_000_000_000)
    assert application.instalments.count() == 12
    # month 1 (interest only) paid on time, then month 2
    services.repayment_record(actor=mitra_bri, application=application, date=D(2026, 1, 12), amount_rp=5_000_000)
    application.refresh_from_db()
    assert application.status == "mengangsur"
    assert Instalment.objects.get(application=application, no=1).paid_rp == 5_000_000
    assert application.outstanding_rp == 1_000_000_000  # interest only
    # an early full repayment, declared as prepayment
    rest = sum(i.unpaid_rp for i in application.instalments.all())
    services.repayment_record(actor=mitra_bri, application=application, date=D(2026, 2, 1), amount_rp=rest,
                              prepayment=True)  # fmt: skip
    application.refresh_from_db()
    assert application.status == "lunas"
    assert application.outstanding_rp == 0


def test_arrears_and_block(running, kukar_officer):
    """Today (2026-11-29) every instalment up to November is due; nothing paid → in arrears since 12 Jan 2026."""
    from kopdes.core.scoping import system_region
    from kopdes.regions.models import Region

    region = system_region(Region.objects.get(code="64.02"))
    block = selectors.financing_block(region=region)
    assert block == {"applications": 1, "approved_rp": 1_000_000_000, "disbursed_rp": 1_000_000_000,
                     "outstanding_rp": 1_000_000_000, "in_arrears": 1}  # fmt: skip
    arrears = selectors.arrears_list(region=region)
    assert arrears[0]["since"] == D(2026, 1, 12)
    assert arrears[0]["days_past_due"] == (selectors._today() - D(2026, 1, 12)).days
    paser = system_region(Region.objects.get(code="64.01"))
    assert selectors.financing_block(region=paser)["applications"] == 0


def test_missing_prerequisite_blocks_approval(kukar_coop, bri):
    application = services.application_create(actor=None, cooperative=kukar_coop, bank=bri, amount_rp=1_000_000_000)
    proposal(application)
    with pytest.raises(ValidationError) as exc:
        approved(application)
    text = " ".join(exc.value.messages)
    assert "NIK koperasi" in text and "NPWP" in text and "NIB" in text
    application.refresh_from_db()
    assert application.status == "draft"


def test_proposal_must_match_the_amount(ready_coop, bri):
    application = services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=1_000_000_000)
    proposal(application, [(400_000_000, "capex", "sembako")])
    with pytest.raises(ValidationError, match="harus sama"):
        approved(application)


def test_opex_over_the_limit(ready_coop, bri):
    application = services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=1_000_000_000)
    proposal(application, [(300_000_000, "opex", "operasional_kantor")])
    with pytest.raises(ValidationError, match="500.000.000"):
        proposal(application, [(200_000_001, "opex", "sembako")])
    proposal(application, [(200_000_000, "opex", "sembako")])  # exactly the limit is allowed


def test_activity_outside_the_list(ready_coop, bri):
    FinancingRule.objects.filter(key="activities").update(text="sembako")
    application = services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=100_000_000)
    with pytest.raises(ValidationError, match="tidak termasuk"):
        proposal(application, [(100_000_000, "capex", "klinik")])


def test_plafond_counts_earlier_loans(ready_coop, bri, mandiri):
    services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=2_500_000_000)
    with pytest.raises(ValidationError, match="500.000.000"):
        services.application_create(actor=None, cooperative=ready_coop, bank=mandiri, amount_rp=500_000_001)
    services.application_create(actor=None, cooperative=ready_coop, bank=mandiri, amount_rp=500_000_000)
    with pytest.raises(ValidationError):
        services.application_create(actor=None, cooperative=ready_coop, bank=mandiri, amount_rp=1)


def test_plafond_alone(ready_coop, bri):
    with pytest.raises(ValidationError, match="plafon"):
        services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=3_000_000_001)


@pytest.mark.parametrize(("tenor", "grace", "field"), [(73, 6, "tenor_months"), (72, 5, "grace_months"),
                                                       (72, 9, "grace_months")])  # fmt: skip
def test_tenor_and_grace_limits(ready_coop, bri, tenor, grace, field):
    with pytest.raises(ValidationError) as exc:
        services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=100_000_000,
                                    tenor_months=tenor, grace_months=grace)  # fmt: skip
    assert field in exc.value.message_dict


def test_a_changed_rule_applies_to_new_applications(ready_coop, bri, national_admin):
    rule = FinancingRule.objects.get(key="tenor_max_months")
    services.rule_update(actor=national_admin, rule=rule, version=rule.version, value=60,
                         text="", legal_source="PMK 99/2026 (contoh)")  # fmt: skip
    with pytest.raises(ValidationError):
        services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=1, tenor_months=72)
    assert rule.history.first().history_user == national_admin and rule.history.first().value == 60
    with pytest.raises(ConflictError):
        services.rule_update(actor=national_admin, rule=rule, version=1, value=72, text="", legal_source="x")


def test_rate_is_taken_from_the_table(ready_coop, bri):
    application = services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=1)
    assert application.rate_bp == 600
    assert (application.tenor_months, application.grace_months) == (72, 6)


def test_wrong_official_for_the_kind(kkmp, ready_coop, bri, kepala_desa):
    application = proposal(services.application_create(actor=None, cooperative=kkmp, bank=bri,
                                                        amount_rp=1_000_000_000))  # fmt: skip
    with pytest.raises(ValidationError, match="bupati"):
        approved(application, office="kepala_desa")
    assert approved(application, office="bupati").status == "disetujui_desa"
    kdmp = proposal(services.application_create(actor=None, cooperative=ready_coop, bank=bri,
                                                amount_rp=1_000_000_000))  # fmt: skip
    with pytest.raises(ValidationError, match="kepala desa"):
        approved(kdmp, office="bupati")


def test_kepala_desa_cannot_sign_as_bupati(kkmp, bri, kepala_desa):
    application = proposal(services.application_create(actor=None, cooperative=kkmp, bank=bri,
                                                        amount_rp=1_000_000_000))  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.application_approve(actor=kepala_desa, application=application, version=application.version,
                                     office="bupati", name="x", number="1", approved_on=D(2025, 9, 2),
                                     musyawarah_date=D(2025, 9, 1), musyawarah_number="1")  # fmt: skip


def test_bank_cannot_skip_the_village(ready_coop, bri):
    application = services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=1)
    with pytest.raises(ValidationError, match="disetujui"):
        services.application_advance(actor=None, application=application, version=application.version)


def test_agreement_needs_its_number_and_first_due(ready_coop, bri):
    application = approved(proposal(services.application_create(actor=None, cooperative=ready_coop, bank=bri,
                                                                 amount_rp=1_000_000_000)))  # fmt: skip
    application = services.application_advance(actor=None, application=application, version=application.version)
    application = services.application_advance(actor=None, application=application, version=application.version)
    with pytest.raises(ValidationError):
        services.application_advance(actor=None, application=application, version=application.version)


def test_reject_needs_a_reason(ready_coop, bri):
    application = services.application_create(actor=None, cooperative=ready_coop, bank=bri, amount_rp=1)
    with pytest.raises(ValidationError):
        services.application_reject(actor=None, application=application, version=application.version, reason=" ")
    application = services.application_reject(actor=None, application=application, version=application.version,
                                              reason="Agunan tidak memadai")  # fmt: skip
    assert application.status == "ditolak"


def test_stale_version_conflicts(ready_coop, bri):
    application = proposal(services.application_create(actor=None, cooperative=ready_coop, bank=bri,
                                                        amount_rp=1_000_000_000))  # fmt: skip
    stale = application.version
    approved(application)
    with pytest.raises(ConflictError):
        services.application_reject(actor=None, application=application, version=stale, reason="x")


def test_repayment_larger_than_due_needs_prepayment(running, mitra_bri):
    with pytest.raises(ValidationError, match="pelunasan dipercepat"):
        services.repayment_record(actor=mitra_bri, application=running, date=D(2026, 1, 12), amount_rp=5_000_001)
    services.repayment_record(actor=mitra_bri, application=running, date=D(2026, 1, 12), amount_rp=5_000_001,
                              prepayment=True)  # fmt: skip
    assert Instalment.objects.get(application=running, no=2).paid_rp == 1


def test_disbursement_over_the_amount_and_before_agreement(ready_coop, bri):
    application = approved(proposal(services.application_create(actor=None, cooperative=ready_coop, bank=bri,
                                                                 amount_rp=1_000_000_000)))  # fmt: skip
    with pytest.raises(ValidationError, match="perjanjian"):
        services.disbursement_record(actor=None, application=application, date=D(2025, 11, 1), amount_rp=1)
    application = to_agreement(application)
    with pytest.raises(ValidationError, match="melebihi"):
        services.disbursement_record(actor=None, application=application, date=D(2025, 11, 1),
                                     amount_rp=1_000_000_001)  # fmt: skip


def test_fallback_capacity_is_thirty_percent_of_dana_desa(running):
    from kopdes.finance.rules import fallback_capacity

    assert fallback_capacity(dana_desa_annual=1_000_000_000, limits=selectors.limits()) == 300_000_000

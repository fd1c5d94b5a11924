"""Finance's rows of the route walk (kopdes/tests/test_route_walk.py): the Perian cooperative (KDMP, Muara Muntai)
with its registry prerequisites filled, an LPG partnership with Pertamina, and four applications to one bank at the
stages the actions need (a draft with its proposal, one approved by the kepala desa, one with a signed agreement, one
disbursed and repaying). Partners and the rules table are national reference data: every signed-in user reads them,
the national admin alone edits the rules."""

from __future__ import annotations

import datetime

from kopdes.tests.walk import Case

D = datetime.date


def build(world) -> None:
    from kopdes.cooperatives.models import Cooperative
    from kopdes.finance import services
    from kopdes.finance.models import Application

    Cooperative.objects.filter(pk=world.coop.pk).update(
        sk_ahu_number="AHU-WALK.AH.01.29.TAHUN 2025", nik_koperasi="6402WALK01", bank_name="BRI",
        bank_account="0001-WALK", npwp="99.999.999.9-722.000", nib="9120WALK0001",
    )  # fmt: skip
    world.coop.refresh_from_db()
    world.fin_bank = services.partner_create(actor=None, name="Bank Walk", kind="bank")
    world.fin_partner = services.partner_create(actor=None, name="Pertamina Walk", kind="bumn")
    world.fin_partnership = services.partnership_create(
        actor=None, cooperative=world.coop, partner=world.fin_partner, kind="lpg", status="aktif"
    )

    def application(amount, status=None, **fields):
        app = services.application_create(actor=None, cooperative=world.coop, bank=world.fin_bank, amount_rp=amount,
                                           tenor_months=12, grace_months=6)  # fmt: skip
        services.line_add(actor=None, application=app, activity="pergudangan", spending="capex",
                          description="Gudang dingin", amount_rp=amount)  # fmt: skip
        if status:
            Application.objects.filter(pk=app.pk).update(status=status, **fields)
        app.refresh_from_db()
        return app

    world.fin_draft = application(100_000_000)
    world.fin_approved = application(100_000_000, "disetujui_desa")
    agreement = {"agreement_number": "PK-WALK", "agreement_date": D(2025, 11, 1), "first_due_date": D(2026, 1, 12)}
    world.fin_agreed = application(100_000_000, "perjanjian", **agreement)
    running = application(300_000_000, "perjanjian", **agreement)
    services.disbursement_record(actor=None, application=running, date=D(2025, 11, 10), amount_rp=300_000_000)
    running.refresh_from_db()
    world.fin_running = running


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def _api(name):
    return lambda w: {"application_id": getattr(w, name).pk}


def _coop(w) -> dict:
    return {"cooperative_pk": w.coop.pk}


def _approve(w) -> dict:
    return {"version": w.fin_draft.version, "office": "kepala_desa", "name": "Kades Perian", "number": "140/1",
            "approved_on": "2025-09-20", "musyawarah_date": "2025-09-15", "musyawarah_number": "BA-1"}  # fmt: skip


def _line(w) -> dict:
    return {"activity": "sembako", "spending": "capex", "description": "Rak toko", "stage": 1, "amount_rp": 1_000_000}


def _partnership(w) -> dict:
    return {
        "cooperative_id": w.coop.pk,
        "partner": w.fin_partner.pk,
        "kind": "pupuk",
        "status": "dijajaki",
        "value_rp": 0,
    }


def _rule(w) -> dict:
    from kopdes.finance.models import FinancingRule

    rule = FinancingRule.objects.get(key="rate_bp")
    return {"rule": rule.pk, "version": rule.version, "value": 600, "text": "", "legal_source": "PMK 49/2025",
            "note": ""}  # fmt: skip


# fmt: off
# Statuses in PERSONAS order:   anon natl kukr pasr cmat pngr bpti kads dpmd
ALL = "302  200  200  200  200  200  200  200  200"
READ = "302  200  200  404  200  200  200  200  200"  # Perian's applications
PREPARE = "302  302  302  404  403  302  403  403  403"  # prepare_financing: admins, the pengurus
APPROVE = "302  302  302  404  403  403  403  302  403"  # approve_financing: admins (for the bupati), kepala desa
DECIDE = "302  302  302  404  403  403  403  403  403"  # decide_financing: admins, the bank's mitra login
PARTNERSHIP = "302  200  200  404  403  200  403  403  200"  # manage_partnerships: admins, DPMD, pengurus
PAGES = {
    "finance:application_list": [
        Case(ALL),
        Case(ALL, query="status=draft", htmx=True, label="htmx"),
        Case(ALL, query="format=xlsx", label="xlsx"),
        # a pengurus is not a region user: the region filter does not apply, they see their own cooperative's
        Case("302  200  200  404  404  200  200  404  200", query="region=64.02", label="Kukar"),
    ],
    "finance:application_create": [
        Case("302  200  200  404  403  200  403  403  403", args=_coop),
        Case(PREPARE, method="POST", args=_coop, body=lambda w: {
            "bank": w.fin_bank.pk, "amount_rp": "100000000", "tenor_months": "72", "grace_months": "6",
            "dana_desa_1_rp": "0", "dana_desa_2_rp": "0", "dana_desa_3_rp": "0"}),
    ],
    "finance:application_detail": [Case(READ, args=_pk("fin_running"))],
    "finance:application_pdf": [Case(READ, args=_pk("fin_running"))],
    "finance:line_add": [Case(PREPARE, method="POST", args=_pk("fin_draft"), body=_line)],
    "finance:approve": [Case(APPROVE, method="POST", args=_pk("fin_draft"), body=_approve)],
    "finance:advance": [
        Case(PREPARE, method="POST", args=_pk("fin_approved"), body=lambda w: {"version": w.fin_approved.version}),
    ],
    "finance:reject": [
        Case(DECIDE, method="POST", args=_pk("fin_approved"),
             body=lambda w: {"version": w.fin_approved.version, "reason": "Kelayakan usaha kurang"}),
    ],
    "finance:disburse": [
        Case(DECIDE, method="POST", args=_pk("fin_agreed"),
             body=lambda w: {"date": "2025-11-15", "amount_rp": "50000000", "stage": "1"}),
    ],
    "finance:repay": [
        Case(DECIDE, method="POST", args=_pk("fin_running"),
             body=lambda w: {"date": "2026-01-12", "amount_rp": "1500000"}),
    ],
    "finance:partnership_list": [Case(ALL), Case(ALL, query="status=aktif", htmx=True, label="htmx")],
    "finance:partnership_create": [
        Case(PARTNERSHIP, args=_coop),
        Case("302  302  302  404  403  302  403  403  302", method="POST", args=_coop, body=_partnership),
    ],
    "finance:partner_list": [Case(ALL)],
    "finance:partner_detail": [Case(ALL, args=lambda w: {"pk": w.fin_partner.pk})],
    "finance:rule_list": [
        Case(ALL),
        Case("302  302  403  403  403  403  403  403  403", method="POST", body=_rule),
    ],
}

API_ALL = "401  200  200  200  200  200  200  200  200"
API_READ = "401  200  200  404  200  200  200  200  200"
F = "/api/v1/finance"
API = {
    ("GET", f"{F}/rules"): [Case(API_ALL)],
    ("PATCH", f"{F}/rules/{{key}}"): [
        Case("401  200  403  403  403  403  403  403  403", args={"key": "rate_bp"},
             body=lambda w: {"version": 1, "value": 600, "legal_source": "PMK 49/2025"}),
    ],
    ("GET", f"{F}/partners"): [Case(API_ALL)],
    ("POST", f"{F}/partners"): [
        Case("401  201  403  403  403  403  403  403  403", body=lambda w: {"name": "Pupuk Indonesia", "kind": "bumn"}),
    ],
    ("GET", f"{F}/partnerships"): [Case(API_ALL)],
    ("POST", f"{F}/partnerships"): [
        Case("401  201  201  404  403  201  403  403  201", body=lambda w: {
            "cooperative_id": w.coop.pk, "partner_id": w.fin_partner.pk, "kind": "pupuk"}),
    ],
    ("GET", f"{F}/applications"): [Case(API_ALL)],
    ("POST", f"{F}/applications"): [
        Case("401  201  201  404  403  201  403  403  403", body=lambda w: {
            "cooperative_id": w.coop.pk, "bank_id": w.fin_bank.pk, "amount_rp": 100_000_000}),
    ],
    ("GET", f"{F}/applications/{{application_id}}"): [Case(API_READ, args=_api("fin_running"))],
    ("POST", f"{F}/applications/{{application_id}}/lines"): [
        Case("401  201  201  404  403  201  403  403  403", args=_api("fin_draft"), body=_line),
    ],
    ("POST", f"{F}/applications/{{application_id}}/approve"): [
        Case("401  200  200  404  403  403  403  200  403", args=_api("fin_draft"), body=_approve),
    ],
    ("POST", f"{F}/applications/{{application_id}}/advance"): [
        Case("401  200  200  404  403  200  403  403  403", args=_api("fin_approved"),
             body=lambda w: {"version": w.fin_approved.version}),
    ],
    ("POST", f"{F}/applications/{{application_id}}/reject"): [
        Case("401  200  200  404  403  403  403  403  403", args=_api("fin_approved"),
             body=lambda w: {"version": w.fin_approved.version, "reason": "Kelayakan usaha kurang"}),
    ],
    ("POST", f"{F}/applications/{{application_id}}/disbursements"): [
        Case("401  201  201  404  403  403  403  403  403", args=_api("fin_agreed"),
             body=lambda w: {"date": "2025-11-15", "amount_rp": 50_000_000}),
    ],
    ("GET", f"{F}/applications/{{application_id}}/schedule"): [Case(API_READ, args=_api("fin_running"))],
    ("GET", f"{F}/applications/{{application_id}}/repayments"): [Case(API_READ, args=_api("fin_running"))],
    ("POST", f"{F}/applications/{{application_id}}/repayments"): [
        Case("401  201  201  404  403  403  403  403  403", args=_api("fin_running"),
             body=lambda w: {"date": "2026-01-12", "amount_rp": 1_500_000}),
    ],
}
# fmt: on

"""Writes of the finance app (STYLE.md rule 1). Every limit is read from `FinancingRule` (`selectors.limits()`), the
checks are the pure functions of `rules`, and derived columns (disbursed, outstanding, paid per instalment) are
recomputed in the same transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from kopdes.accounts.choices import Role
from kopdes.cooperatives.signals import financing_event
from kopdes.core.exceptions import ConflictError
from kopdes.finance import rules
from kopdes.finance.choices import NEXT_STATUS, ApplicationStatus, PartnerKind, RuleKey, Spending
from kopdes.finance.models import (
    Application,
    Disbursement,
    FinancingRule,
    Instalment,
    Partner,
    Partnership,
    ProposalLine,
    Repayment,
)
from kopdes.finance.selectors import earlier_loans_rp, limits, prerequisites

S = ApplicationStatus


def _save_new(instance, actor):
    instance.full_clean()
    instance._history_user = actor
    instance.save()
    return instance


def _claim(instance, version: int | None, fields: list[str], actor) -> None:
    """Save `fields` only if nobody saved since `version` was read (409 otherwise)."""
    instance.full_clean()
    instance._history_user = actor
    if version is not None:
        updated = type(instance).objects.filter(pk=instance.pk, version=version).update(version=F("version") + 1)
        if not updated:
            raise ConflictError(_("Data ini sudah diubah orang lain. Muat ulang halaman."), current=instance)
        instance.version = version + 1
    else:
        instance.version += 1
    instance.save(update_fields=[*fields, "version"])


# --- rules table ---


@transaction.atomic
def rule_update(
    *, actor, rule: FinancingRule, version: int, value: int | None, text: str, legal_source: str, note: str = ""
) -> FinancingRule:
    rule.value, rule.text, rule.legal_source, rule.note = value, text, legal_source, note
    if rule.key != RuleKey.ACTIVITIES and value is None:
        raise ValidationError({"value": _("Isi nilainya.")})
    _claim(rule, version, ["value", "text", "legal_source", "note", "updated_at"], actor)
    return rule


# --- partners and partnerships ---


@transaction.atomic
def partner_create(*, actor, name: str, kind: str, contact: str = "", account_user=None) -> Partner:
    return _save_new(Partner(name=name, kind=kind, contact=contact, account_user=account_user), actor)


@transaction.atomic
def partnership_create(
    *,
    actor,
    cooperative,
    partner: Partner,
    kind: str,
    status: str = "dijajaki",
    start_date=None,
    end_date=None,
    value_rp: int = 0,
    document_number: str = "",
    note: str = "",
) -> Partnership:
    return _save_new(
        Partnership(
            cooperative=cooperative,
            partner=partner,
            kind=kind,
            status=status,
            start_date=start_date,
            end_date=end_date,
            value_rp=value_rp,
            document_number=document_number,
            note=note,
        ),
        actor,
    )


@transaction.atomic
def partnership_update(*, actor, partnership: Partnership, version: int, data: dict) -> Partnership:
    for name, value in data.items():
        setattr(partnership, name, value)
    _claim(partnership, version, list(data), actor)
    return partnership


# --- applications ---


@transaction.atomic
def application_create(
    *,
    actor,
    cooperative,
    bank: Partner,
    amount_rp: int,
    tenor_months: int | None = None,
    grace_months: int | None = None,
    dana_desa_1_rp: int = 0,
    dana_desa_2_rp: int = 0,
    dana_desa_3_rp: int = 0,
) -> Application:
    table = limits()
    if bank.kind != PartnerKind.BANK:
        raise ValidationError({"bank": _("Pilih bank penyalur (Himbara).")})
    application = Application(
        cooperative=cooperative,
        bank=bank,
        amount_rp=amount_rp,
        rate_bp=table["rate_bp"],
        tenor_months=tenor_months or table["tenor_max_months"],
        grace_months=grace_months or table["grace_min_months"],
        dana_desa_1_rp=dana_desa_1_rp,
        dana_desa_2_rp=dana_desa_2_rp,
        dana_desa_3_rp=dana_desa_3_rp,
    )
    _check_terms(application, table)
    return _save_new(application, actor)


def _check_terms(application: Application, table: dict) -> None:
    errors = rules.term_errors(
        tenor=application.tenor_months, grace=application.grace_months, rate_bp=application.rate_bp, limits=table
    )
    errors |= rules.amount_errors(
        amount=application.amount_rp, earlier_loans=earlier_loans_rp(application), limits=table
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def line_add(
    *, actor, application: Application, activity: str, spending: str, description: str, amount_rp: int, stage: int = 1
) -> ProposalLine:
    if application.status != S.DRAFT:
        raise ValidationError(_("Proposal hanya dapat diubah selama draf."))
    table = limits()
    if activity not in table["activities"]:
        raise ValidationError({"activity": _("Kegiatan ini tidak termasuk yang dibiayai.")})
    if spending == Spending.OPEX:
        opex = (application.lines.filter(spending=Spending.OPEX).aggregate(s=Sum("amount_rp"))["s"] or 0) + amount_rp
        if errors := rules.opex_errors(opex=opex, limits=table):
            raise ValidationError(errors)
    line = ProposalLine(
        application=application,
        activity=activity,
        spending=spending,
        description=description,
        amount_rp=amount_rp,
        stage=stage,
    )
    return _save_new(line, actor)


def _proposal_errors(application: Application) -> list[str]:
    errors = [
        _("Syarat belum lengkap: %(what)s.") % {"what": p["label"]}
        for p in prerequisites(application.cooperative)
        if not p["ok"]
    ]
    total = application.lines.aggregate(s=Sum("amount_rp"))["s"] or 0
    if total != application.amount_rp:
        errors.append(
            _("Jumlah proposal Rp%(lines)s harus sama dengan jumlah pinjaman Rp%(amount)s.")
            % {"lines": rules._dots(total), "amount": rules._dots(application.amount_rp)}
        )
    return errors


@transaction.atomic
def application_approve(
    *,
    actor,
    application: Application,
    version: int,
    office: str,
    name: str,
    number: str,
    approved_on: datetime.date,
    musyawarah_date: datetime.date,
    musyawarah_number: str,
) -> Application:
    """The kepala desa (KDMP) or bupati / wali kota (KKMP) approves, based on the musyawarah."""
    if application.status != S.DRAFT:
        raise ValidationError(_("Hanya draf yang dapat disetujui."))
    expected = rules.approver_for(application.cooperative.kind)
    if office != expected:
        raise ValidationError(
            {
                "approver_office": _("%(kind)s disetujui oleh %(who)s.")
                % {
                    "kind": application.cooperative.kind,
                    "who": {"kepala_desa": _("kepala desa"), "bupati": _("bupati / wali kota")}[expected],
                }
            }
        )
    if actor is not None and getattr(actor, "role", None) == Role.KEPALA_DESA and office != "kepala_desa":
        raise PermissionDenied
    if errors := _proposal_errors(application):
        raise ValidationError(errors)
    if musyawarah_date > approved_on:
        raise ValidationError({"approved_on": _("Persetujuan tidak boleh sebelum musyawarah.")})
    application.approver_office, application.approver_name, application.approval_number = office, name, number
    application.approved_on, application.musyawarah_date = approved_on, musyawarah_date
    application.musyawarah_number = musyawarah_number
    application.status = S.DISETUJUI_DESA
    _check_terms(application, limits())
    _claim(
        application,
        version,
        [
            "approver_office",
            "approver_name",
            "approval_number",
            "approved_on",
            "musyawarah_date",
            "musyawarah_number",
            "status",
        ],
        actor,
    )
    return application


@transaction.atomic
def application_advance(
    *,
    actor,
    application: Application,
    version: int,
    agreement_number: str = "",
    agreement_date: datetime.date | None = None,
    first_due_date: datetime.date | None = None,
) -> Application:
    """One step of the bank's side: submitted → assessed → agreement (which needs its number, date and first due)."""
    if application.status == S.DRAFT:
        raise ValidationError(_("Pengajuan harus disetujui kepala desa / bupati sebelum ke bank."))
    target = NEXT_STATUS.get(application.status)
    if target is None:
        raise ValidationError(_("Tidak ada langkah berikutnya dari status ini."))
    fields = ["status"]
    if target == S.PERJANJIAN:
        if not (agreement_number and agreement_date and first_due_date):
            raise ValidationError({"agreement_number": _("Isi nomor, tanggal perjanjian dan jatuh tempo pertama.")})
        application.agreement_number, application.agreement_date = agreement_number, agreement_date
        application.first_due_date = first_due_date
        fields += ["agreement_number", "agreement_date", "first_due_date"]
    application.status = target
    _claim(application, version, fields, actor)
    return application


@transaction.atomic
def application_reject(*, actor, application: Application, version: int, reason: str) -> Application:
    if application.status not in (S.DRAFT, S.DISETUJUI_DESA, S.DIAJUKAN_BANK, S.DINILAI):
        raise ValidationError(_("Pengajuan ini tidak dapat ditolak lagi."))
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Tulis alasan penolakan.")})
    application.status, application.rejection_reason = S.DITOLAK, reason
    _claim(application, version, ["status", "rejection_reason"], actor)
    return application


@transaction.atomic
def disbursement_record(
    *, actor, application: Application, date: datetime.date, amount_rp: int, stage: int = 1, reference: str = ""
) -> Disbursement:
    """A stage of disbursement. When the whole amount is out, the schedule is written (principal = the amount)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (S.PERJANJIAN, S.DICAIRKAN):
        raise ValidationError(_("Pencairan hanya setelah perjanjian kredit."))
    if application.disbursed_rp + amount_rp > application.amount_rp:
        raise ValidationError({"amount_rp": _("Pencairan melebihi jumlah pinjaman.")})
    disbursement = _save_new(
        Disbursement(application=application, date=date, stage=stage, amount_rp=amount_rp, reference=reference), actor
    )
    application.disbursed_rp += amount_rp
    application.outstanding_rp += amount_rp
    application.status = S.DICAIRKAN
    application._history_user = actor
    application.save(update_fields=["disbursed_rp", "outstanding_rp", "status"])
    financing_event.send(
        sender=Disbursement, cooperative=application.cooperative, event="pencairan", date=date,
        reference=f"CAIR-{disbursement.pk}", principal_rp=amount_rp, interest_rp=0, actor=actor,
        description=_("Pencairan tahap %(stage)d pembiayaan %(bank)s") % {"stage": stage, "bank": application.bank},
    )  # fmt: skip
    if application.disbursed_rp == application.amount_rp and not application.instalments.exists():
        rows = rules.loan_schedule(
            amount=application.amount_rp,
            rate_bp=application.rate_bp,
            tenor=application.tenor_months,
            grace=application.grace_months,
            first_due=application.first_due_date,
        )
        Instalment.objects.bulk_create(
            Instalment(
                application=application,
                no=r.no,
                due_date=r.due_date,
                principal_rp=r.principal,
                interest_rp=r.interest,
                total_rp=r.total,
                balance_rp=r.balance,
            )
            for r in rows
        )
    return disbursement


def due_by(application: Application, day: datetime.date) -> int:
    """What is due on or before `day` and unpaid."""
    rows = application.instalments.filter(due_date__lte=day).aggregate(t=Sum("total_rp"), p=Sum("paid_rp"))
    return (rows["t"] or 0) - (rows["p"] or 0)


@transaction.atomic
def repayment_record(
    *,
    actor,
    application: Application,
    date: datetime.date,
    amount_rp: int,
    prepayment: bool = False,
    from_dana_desa: bool = False,
    reference: str = "",
) -> Repayment:
    """A payment, allocated to the oldest unpaid instalments. More than what is due by `date` is refused unless it
    is declared a prepayment."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (S.DICAIRKAN, S.MENGANGSUR) or not application.instalments.exists():
        raise ValidationError(_("Angsuran baru dapat dibayar setelah pinjaman dicairkan penuh."))
    due = due_by(application, date)
    if amount_rp > due and not prepayment:
        raise ValidationError(
            {
                "amount_rp": _(
                    "Pembayaran Rp%(amount)s melebihi angsuran jatuh tempo Rp%(due)s. Centang pelunasan dipercepat "
                    "bila memang disengaja."
                )
                % {"amount": rules._dots(amount_rp), "due": rules._dots(due)}
            }
        )
    remaining_total = sum(i.unpaid_rp for i in application.instalments.all())
    if amount_rp > remaining_total:
        raise ValidationError({"amount_rp": _("Pembayaran melebihi seluruh sisa kewajiban.")})
    repayment = _save_new(
        Repayment(
            application=application,
            date=date,
            amount_rp=amount_rp,
            prepayment=prepayment,
            from_dana_desa=from_dana_desa,
            reference=reference,
            recorded_by=actor,
        ),
        actor,
    )
    left = amount_rp
    principal_paid = 0
    for instalment in application.instalments.filter(paid_rp__lt=F("total_rp")).order_by("no"):
        if not left:
            break
        take = min(left, instalment.unpaid_rp)
        # interest first, then principal
        interest_left = max(instalment.interest_rp - instalment.paid_rp, 0)
        principal_paid += max(take - interest_left, 0)
        instalment.paid_rp += take
        instalment.save(update_fields=["paid_rp"])
        left -= take
    application.outstanding_rp -= principal_paid
    application.status = (
        S.LUNAS if not application.instalments.filter(paid_rp__lt=F("total_rp")).exists() else S.MENGANGSUR
    )
    application._history_user = actor
    application.save(update_fields=["outstanding_rp", "status"])
    financing_event.send(
        sender=Repayment, cooperative=application.cooperative, event="angsuran", date=date,
        reference=f"ANG-{repayment.pk}", principal_rp=principal_paid, interest_rp=amount_rp - principal_paid,
        from_dana_desa=from_dana_desa,
        description=_("Angsuran pembiayaan %(bank)s") % {"bank": application.bank.name}, actor=actor,
    )  # fmt: skip
    return repayment

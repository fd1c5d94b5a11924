"""Reads of the finance app (STYLE.md rule 2): the rules table as a dict, the prerequisites read live from the
registry, lists through the user's scope, and the roll-ups (one GROUP BY over indexed code prefixes each)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from kopdes.cooperatives.models import Cooperative
from kopdes.cooperatives.selectors import cooperative_milestones
from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped
from kopdes.finance.choices import APPROVED_STATUSES, ApplicationStatus, PartnershipStatus, RuleKey
from kopdes.finance.models import Application, FinancingRule, Instalment, Partner, Partnership
from kopdes.finance.rules import fallback_capacity
from kopdes.regions.models import Region

S = ApplicationStatus


def limits() -> dict:
    """The rules table as {key: value}; "activities" as a list of activity codes."""
    table = {}
    for rule in FinancingRule.objects.all():
        if rule.key == RuleKey.ACTIVITIES:
            table[rule.key] = [part.strip() for part in rule.text.split(",") if part.strip()]
        else:
            table[rule.key] = rule.value
    missing = set(RuleKey.values) - set(table)
    if missing:
        # Migration 0002 seeds the table; a database flushed since (a transactional test) gets the same defaults
        # again, never a silent limit of its own.
        FinancingRule.seed_defaults()
        return limits()
    return table


def rule_list(*, user) -> QuerySet[FinancingRule]:
    return FinancingRule.objects.for_user(user)


def prerequisites(cooperative: Cooperative) -> list[dict]:
    """PMK 49/2025 prerequisites read live from the registry: each with ok, its number and the milestone date."""
    dates = {m.kind: m.date for m in cooperative_milestones(cooperative) if m.is_reached}
    account = " ".join(part for part in (cooperative.bank_name, cooperative.bank_account) if part)
    items = [
        ("badan_hukum", _("Badan hukum (SK AHU)"), cooperative.sk_ahu_number or ""),
        ("nik_koperasi", _("NIK koperasi"), cooperative.nik_koperasi or ""),
        ("rekening", _("Rekening bank atas nama koperasi"), account if cooperative.bank_account else ""),
        ("npwp", _("NPWP koperasi"), cooperative.npwp or ""),
        ("nib", _("NIB koperasi"), cooperative.nib or ""),
    ]
    return [
        {"key": key, "label": label, "number": number, "date": dates.get(key), "ok": bool(number)}
        for key, label, number in items
    ]


def earlier_loans_rp(application: Application) -> int:
    """Other loans of the cooperative still counting against the plafond: not rejected, not repaid."""
    others = Application.objects.filter(cooperative_id=application.cooperative_id).exclude(
        status__in=[S.DITOLAK, S.LUNAS]
    )
    if application.pk:
        others = others.exclude(pk=application.pk)
    return others.aggregate(s=Sum("amount_rp"))["s"] or 0


@dataclass(frozen=True)
class ApplicationFilters:
    region: str = ""
    status: str = ""
    bank: int | None = None
    cooperative: int | None = None


def application_list(*, user, filters: ApplicationFilters | None = None) -> QuerySet[Application]:
    filters = filters or ApplicationFilters()
    queryset = Application.objects.for_user(user).select_related("cooperative", "cooperative__village", "bank")
    if filters.region:
        queryset = queryset.filter(code_prefix_q("cooperative__village__code", filters.region))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.bank:
        queryset = queryset.filter(bank_id=filters.bank)
    if filters.cooperative:
        queryset = queryset.filter(cooperative_id=filters.cooperative)
    return queryset.annotate(arrears_since=_arrears_since()).order_by("-created_at", "-id")


def _arrears_since():
    return Min(
        "instalments__due_date",
        filter=Q(instalments__due_date__lt=_today(), instalments__paid_rp__lt=F("instalments__total_rp")),
    )


def _today() -> datetime.date:
    return timezone.localdate()


def days_past_due(since: datetime.date | None) -> int:
    return (_today() - since).days if since else 0


def partnership_list(*, user, region: str = "", status: str = "", kind: str = "", partner: int | None = None):
    queryset = Partnership.objects.for_user(user).select_related("cooperative", "cooperative__village", "partner")
    if region:
        queryset = queryset.filter(code_prefix_q("cooperative__village__code", region))
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if partner:
        queryset = queryset.filter(partner_id=partner)
    return queryset


def partner_list(*, user) -> QuerySet[Partner]:
    return Partner.objects.for_user(user).annotate(
        partnerships_n=Count("partnerships", distinct=True), applications_n=Count("applications", distinct=True)
    )


def schedule(*, user, application: Application) -> QuerySet[Instalment]:
    return Instalment.objects.for_user(user).filter(application=application).order_by("no")


# --- roll-ups ---


def _in_region(region: ScopedRegion):
    return Application.objects.filter(code_prefix_q("cooperative__village__code", ensure_scoped(region).code))


def financing_block(*, region: ScopedRegion) -> dict:
    """The "financing" key: one aggregate over the region's applications, one over overdue instalments."""
    totals = _in_region(region).aggregate(
        applications=Count("id"),
        approved_rp=Sum("amount_rp", filter=Q(status__in=APPROVED_STATUSES)),
        disbursed_rp=Sum("disbursed_rp"),
        outstanding_rp=Sum("outstanding_rp"),
    )
    in_arrears = (
        Instalment.objects.filter(
            code_prefix_q("application__cooperative__village__code", region.code),
            due_date__lt=_today(),
            paid_rp__lt=F("total_rp"),
        )
        .values("application_id")
        .distinct()
        .count()
    )
    return {key: value or 0 for key, value in totals.items()} | {"in_arrears": in_arrears}


def partnerships_block(*, region: ScopedRegion) -> dict:
    rows = (
        Partnership.objects.filter(
            code_prefix_q("cooperative__village__code", ensure_scoped(region).code), status=PartnershipStatus.AKTIF
        )
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("kind")
    )
    by_kind = {row["kind"]: row["n"] for row in rows}
    return {"active": sum(by_kind.values()), "by_kind": by_kind}


def _child_length(region: ScopedRegion) -> int:
    code = region.code
    if not code:
        return 2
    return 13 if len(code) >= 8 else len(code) + 3


def financing_by_child(*, region: ScopedRegion) -> list[dict]:
    """Applications by child region (kecamatan under a regency): count, by stage, approved, disbursed,
    outstanding, in one GROUP BY."""
    length = _child_length(ensure_scoped(region))
    stage_counts = {f"s_{s}": Count("id", filter=Q(status=s)) for s in S.values}
    rows = (
        _in_region(region)
        .annotate(g=Substr("cooperative__village_id", 1, length))
        .values("g")
        .annotate(
            n=Count("id"),
            approved_rp=Sum("amount_rp", filter=Q(status__in=APPROVED_STATUSES)),
            disbursed_rp=Sum("disbursed_rp"),
            outstanding_rp=Sum("outstanding_rp"),
            **stage_counts,
        )
        .order_by("g")
    )
    names = dict(Region.objects.filter(code__in=[r["g"] for r in rows]).values_list("code", "name"))
    return [
        {
            "code": row["g"],
            "name": names.get(row["g"], row["g"]),
            "applications": row["n"],
            "by_status": {s: row[f"s_{s}"] for s in S.values if row[f"s_{s}"]},
            "approved_rp": row["approved_rp"] or 0,
            "disbursed_rp": row["disbursed_rp"] or 0,
            "outstanding_rp": row["outstanding_rp"] or 0,
        }
        for row in rows
    ]


def arrears_list(*, region: ScopedRegion) -> list[dict]:
    """Applications with an overdue unpaid instalment: days past due, amount in arrears, and the village's fallback
    exposure (Dana Desa the kepala desa may commit, Permendes 10/2025)."""
    table = limits()
    rows = (
        Instalment.objects.filter(
            code_prefix_q("application__cooperative__village__code", ensure_scoped(region).code),
            due_date__lt=_today(),
            paid_rp__lt=F("total_rp"),
        )
        .values("application_id")
        .annotate(since=Min("due_date"), arrears_rp=Sum(F("total_rp") - F("paid_rp")))
        .order_by("since")
    )
    applications = Application.objects.select_related("cooperative", "bank").in_bulk(
        [r["application_id"] for r in rows]
    )
    result = []
    for row in rows:
        application = applications[row["application_id"]]
        result.append(
            {
                "application": application,
                "since": row["since"],
                "days_past_due": days_past_due(row["since"]),
                "arrears_rp": row["arrears_rp"],
                "fallback_rp": fallback_capacity(dana_desa_annual=application.dana_desa_average_rp, limits=table),
            }
        )
    return result


def application_defaults() -> dict:
    table = limits()
    return {"tenor_months": table["tenor_max_months"], "grace_months": table["grace_min_months"]}


def schedule_totals(instalments) -> dict:
    return {
        "principal": sum(i.principal_rp for i in instalments),
        "interest": sum(i.interest_rp for i in instalments),
        "total": sum(i.total_rp for i in instalments),
        "paid": sum(i.paid_rp for i in instalments),
    }

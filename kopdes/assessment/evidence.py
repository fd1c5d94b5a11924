"""The evidence of many cooperatives at once, for one day: a dozen GROUP BY queries keyed by cooperative id over
the lower apps' tables (books, training, cooperatives, formation, finance, and reporting when present), each
filtered by the chunk's ids, never a query per cooperative. The per-cooperative selectors of those apps
(`books.selectors.members_at`, `wajib_collected`, `sales_by_gerai`, `rat_held`; the governance warnings kept on
the cooperative) answer the same questions for one cooperative; these are their set-based equivalents."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Max, Q, Sum

from kopdes.assessment.choices import EVIDENCE_DAYS
from kopdes.assessment.models import Visit
from kopdes.assessment.rules import Evidence
from kopdes.books.choices import SavingKind
from kopdes.books.models import Member, Rat, Sale, Saving
from kopdes.cooperatives.choices import UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Official
from kopdes.finance.choices import ApplicationStatus, PartnershipStatus
from kopdes.finance.models import Disbursement, Partnership
from kopdes.formation.choices import MilestoneKind
from kopdes.formation.models import REACHED, Milestone
from kopdes.training.choices import Tier
from kopdes.training.models import Participant

ACTIVE_FINANCING = [ApplicationStatus.DICAIRKAN, ApplicationStatus.MENGANGSUR]


def reports_source():
    """reporting's `koperasi_reports_by_cooperative(ids, since, until) -> {id: (due, on time)}`, or None while the
    reporting app does not provide it (the indicator then says the evidence is missing)."""
    try:
        from kopdes.reporting.selectors import koperasi_reports_by_cooperative
    except ImportError:
        return None
    return koperasi_reports_by_cooperative


def _grouped(queryset, field: str = "cooperative_id", **aggregates) -> dict[int, dict]:
    return {row[field]: row for row in queryset.values(field).annotate(**aggregates).order_by()}


def gather(cooperative_ids: Iterable[int], day: datetime.date) -> dict[int, Evidence]:
    """cooperative id → its Evidence on `day` (the 90 days up to and including it). About fourteen queries for the
    whole chunk, whatever its size."""
    ids = list(cooperative_ids)
    if not ids:
        return {}
    start = day - datetime.timedelta(days=EVIDENCE_DAYS - 1)
    prev_start = start - datetime.timedelta(days=EVIDENCE_DAYS)
    legal = dict(
        Milestone.objects.filter(REACHED, cooperative_id__in=ids, kind=MilestoneKind.BADAN_HUKUM, date__lte=day)
        .values_list("cooperative_id")
        .annotate(first=Max("date"))
        .order_by()
    )
    gerai = _grouped(
        BusinessUnit.objects.filter(cooperative_id__in=ids),
        operating=Count("pk", filter=Q(status=UnitStatus.BEROPERASI) & (Q(since__isnull=True) | Q(since__lte=day))),
        total=Count("pk"),
    )
    sales = _grouped(
        Sale.objects.filter(cooperative_id__in=ids, date__gte=prev_start, date__lte=day),
        days=Count("date", distinct=True, filter=Q(date__gte=start)),
        rp=Sum("value", filter=Q(date__gte=start)),
        prev=Sum("value", filter=Q(date__lt=start)),
    )
    last_sale = dict(
        Sale.objects.filter(cooperative_id__in=ids, date__lte=day)
        .values_list("cooperative_id")
        .annotate(last=Max("date"))
        .order_by()
    )
    members = _grouped(
        Member.objects.filter(cooperative_id__in=ids, joined_on__lte=day).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=day)
        ),
        n=Count("pk"),
        new=Count("pk", filter=Q(joined_on__gte=start)),
    )
    payers = dict(
        Saving.objects.filter(
            cooperative_id__in=ids, kind=SavingKind.WAJIB, date__gte=start, date__lte=day, amount__gt=0
        )
        .values_list("cooperative_id")
        .annotate(n=Count("member_id", distinct=True))
        .order_by()
    )
    current = Q(term_start__isnull=True) | Q(term_start__lte=day)
    current &= Q(term_end__isnull=True) | Q(term_end__gte=day)
    officials = dict(
        Official.objects.filter(current, cooperative_id__in=ids)
        .values_list("cooperative_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    trained = _grouped(
        Participant.objects.filter(
            cooperative_id__in=ids, passed=True, official__isnull=False, attended_on__lte=day
        ).filter(Q(official__term_end__isnull=True) | Q(official__term_end__gte=day)),
        dasar=Count("official_id", distinct=True, filter=Q(tier=Tier.DASAR)),
        madya=Count("official_id", distinct=True, filter=Q(tier__in=[Tier.MADYA, Tier.LANJUT])),
    )
    warnings = dict(Cooperative.objects.filter(pk__in=ids).values_list("pk", "warning_count"))
    rat = dict(
        Rat.objects.filter(cooperative_id__in=ids, held_on__lte=day)
        .values_list("cooperative_id")
        .annotate(last=Max("held_on"))
        .order_by()
    )
    partnered = set(
        Partnership.objects.filter(cooperative_id__in=ids, status=PartnershipStatus.AKTIF)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values_list("cooperative_id", flat=True)
    )
    financed = set(
        Disbursement.objects.filter(
            application__cooperative_id__in=ids, application__status__in=ACTIVE_FINANCING, date__lte=day
        ).values_list("application__cooperative_id", flat=True)
    )
    visits: dict[int, Visit] = {}
    for visit in Visit.objects.filter(cooperative_id__in=ids, visited_on__lte=day).order_by(
        "cooperative_id", "-visited_on", "-pk"
    ):
        visits.setdefault(visit.cooperative_id, visit)
    source = reports_source()
    reports = source(ids, start, day) if source else None

    result = {}
    for pk in ids:
        g, s, m, t = gerai.get(pk, {}), sales.get(pk, {}), members.get(pk, {}), trained.get(pk, {})
        visit = visits.get(pk)
        due, on_time = (None, 0) if reports is None else reports.get(pk, (0, 0))
        result[pk] = Evidence(
            day=day,
            legal_on=legal.get(pk),
            gerai_operating=g.get("operating", 0),
            gerai_other=g.get("total", 0) - g.get("operating", 0),
            sales_days=s.get("days", 0) or 0,
            sales_rp=s.get("rp") or 0,
            sales_prev_rp=s.get("prev") or 0,
            last_sale=last_sale.get(pk),
            members=m.get("n", 0),
            members_new=m.get("new", 0),
            wajib_payers=payers.get(pk, 0),
            reports_due=due,
            reports_on_time=on_time,
            officials=officials.get(pk, 0),
            trained_dasar=t.get("dasar", 0),
            trained_madya=t.get("madya", 0),
            board_warnings=warnings.get(pk, 0),
            rat_on=rat.get(pk),
            partnership_active=pk in partnered,
            financing_active=pk in financed,
            visit_on=visit.visited_on if visit else None,
            visit_checks=visit.checks if visit else 0,
        )
    return result

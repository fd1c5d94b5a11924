"""Reads of the periodic reports: the settings per regency, who is expected to report for a period (units that
existed in it), reporting rates and timeliness per region (SQL aggregates over region-code prefixes), the lists of
reports, and what the other apps' selectors give for the pre-filled part."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Case, Count, DateField, Exists, Min, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Least, Substr, TruncDate
from django.utils.translation import gettext as _

from kopdes.accounts.choices import Role
from kopdes.accounts.models import User
from kopdes.books.selectors import books_settings, members_at, sales_by_gerai, wajib_collected
from kopdes.cooperatives.choices import UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Official
from kopdes.core import registry
from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped, get_object_for_user, system_region
from kopdes.finance.selectors import ApplicationFilters, application_list, arrears_list
from kopdes.formation.models import Milestone
from kopdes.formation.selectors import progress_summary_as_of
from kopdes.helpdesk.choices import ContactKind
from kopdes.helpdesk.selectors import contact_list
from kopdes.mapping.selectors import PotentialFilters, overlap_counts, potential_list
from kopdes.regions.choices import CHILD_LEVEL, CODE_LENGTH, RegionLevel
from kopdes.regions.models import Region
from kopdes.reporting import rules
from kopdes.reporting.choices import (
    DEFAULT_DUE_DAY,
    DEFAULT_PERIOD_TYPE,
    KOPERASI_FIGURES,
    RECEIVED_STATUSES,
    FormKind,
    Status,
)
from kopdes.reporting.models import Report, ReportSetting, ReviewStep
from kopdes.taskforce.selectors import action_counts
from kopdes.training.selectors import EventFilters, event_list

REGENCY_LENGTH = 5  # "64.02"


# ---------------------------------------------------------------------------------------------------------------
# Settings and existence


def form_settings(regency_codes, kind: str) -> dict[str, tuple[str, int]]:
    """regency code → (period type, due day) of `kind`, defaults where a regency set nothing."""
    found = {
        row["regency_id"]: (row["period_type"], row["due_day"])
        for row in ReportSetting.objects.filter(regency_id__in=list(regency_codes), kind=kind).values(
            "regency_id", "period_type", "due_day"
        )
    }
    return {code: found.get(code, (DEFAULT_PERIOD_TYPE, DEFAULT_DUE_DAY)) for code in regency_codes}


def form_setting(regency_code: str, kind: str) -> tuple[str, int]:
    return form_settings([regency_code], kind)[regency_code]


def cooperative_exists_from():
    """The day a cooperative exists for reporting: its first formation milestone (the musyawarah, usually) or the
    day it was registered in Kopdes, whichever is earlier."""
    first_step = Subquery(
        Milestone.objects.filter(cooperative_id=OuterRef("pk"), date__isnull=False)
        .reached()
        .order_by()
        .values("cooperative_id")
        .annotate(first=Min("date"))
        .values("first")[:1],
        output_field=DateField(),
    )
    registered = Cast("created_at", DateField())
    return Least(Coalesce(first_step, registered), registered)


# ---------------------------------------------------------------------------------------------------------------
# For the assessment app (its contract: the signature never changes)


def koperasi_reports_by_cooperative(
    cooperative_ids, since: datetime.date, until: datetime.date
) -> dict[int, tuple[int, int]]:
    """cooperative id → (number of `koperasi_bulanan` reports due in [since, until], number of them received on
    time). A report is due for a period when the period's due date (its regency's setting) falls in the window and
    the cooperative existed in the period (`cooperative_exists_from` on or before the period's end); on time when
    first submitted on or before the due date. Ids missing from the result had no report due.

    One query for the regencies involved, one per distinct setting (usually one) and one for the received reports:
    aggregates, never a loop over reports."""
    ids = sorted({int(pk) for pk in cooperative_ids})
    if not ids or until < since:
        return {}
    cooperatives = Cooperative.objects.filter(pk__in=ids)
    regencies = set(
        cooperatives.annotate(regency=Substr("village_id", 1, REGENCY_LENGTH))
        .order_by()
        .values_list("regency", flat=True)
        .distinct()
    )
    by_setting: dict[tuple[str, int], list[str]] = defaultdict(list)
    for code, setting in form_settings(regencies, FormKind.KOPERASI).items():
        by_setting[setting].append(code)

    due: dict[int, int] = {}
    for (period_type, due_day), codes in by_setting.items():
        periods = rules.periods_due_between(since, until, period_type, due_day)
        if not periods:
            continue
        count = sum(
            (Case(When(exists_from__lte=period.end, then=Value(1)), default=Value(0)) for period in periods),
            start=Value(0),
        )
        rows = (
            cooperatives.annotate(regency=Substr("village_id", 1, REGENCY_LENGTH))
            .filter(regency__in=codes)
            .annotate(exists_from=cooperative_exists_from())
            .annotate(due=count)
            .filter(due__gt=0)
            .values_list("pk", "due")
        )
        due.update(rows)

    on_time = dict(
        Report.objects.filter(
            kind=FormKind.KOPERASI,
            cooperative_id__in=list(due),
            due_date__gte=since,
            due_date__lte=until,
            on_time=True,
        )
        .order_by()
        .values("cooperative_id")
        .annotate(n=Count("pk"))
        .values_list("cooperative_id", "n")
    )
    return {pk: (n, min(on_time.get(pk, 0), n)) for pk, n in due.items()}


# ---------------------------------------------------------------------------------------------------------------
# Who is expected to report for a period (DHIS2: the organisation units a data set is assigned to)


def expected_districts(regency_code: str):
    return Region.objects.filter(level=RegionLevel.DISTRICT, code__startswith=f"{regency_code}.")


def expected_cooperatives(code: str, period: rules.Period):
    """Cooperatives under `code` that existed in the period."""
    return (
        Cooperative.objects.filter(code_prefix_q("village__code", code))
        .annotate(exists_from=cooperative_exists_from())
        .filter(exists_from__lte=period.end)
    )


def _pendamping_q(code: str) -> Q:
    return Q(role=Role.PENDAMPING, is_active=True) & Q(
        Exists(Cooperative.objects.filter(code_prefix_q("village__code", code), assistants=OuterRef("pk")))
    )


def expected_pendamping(regency_code: str, period: rules.Period):
    """Active business assistants with a cooperative in the regency who had joined by the period's end."""
    return User.objects.filter(_pendamping_q(regency_code), date_joined__date__lte=period.end)


def pendamping_regency(user) -> str | None:
    """The regency of a pendamping: of the first cooperative assigned to them."""
    village = user.assigned_cooperatives.order_by("village_id").values_list("village_id", flat=True).first()
    return village[:REGENCY_LENGTH] if village else None


# ---------------------------------------------------------------------------------------------------------------
# The pre-filled part, from the other apps' selectors


def _as_of_district(district: Region, day: datetime.date) -> dict:
    summary = progress_summary_as_of(region=system_region(district), as_of=day)
    return {"cooperatives": summary["cooperatives"], **summary["phases"]}


def camat_prefill(*, district: Region, period: rules.Period, user) -> dict:
    """Phase counts at the end of the period and what changed in it, the new milestones by village, the Satgas
    actions of the kecamatan, trainings held, potentials mapped and open overlaps."""
    region = system_region(district)
    end = _as_of_district(district, period.end)
    before = _as_of_district(district, period.start - datetime.timedelta(days=1))
    milestones = (
        Milestone.objects.filter(code_prefix_q("cooperative__village__code", district.code))
        .filter(date__range=(period.start, period.end))
        .reached()
        .values("cooperative__village_id", "cooperative__village__name", "kind")
        .annotate(n=Count("pk"))
        .order_by("cooperative__village_id", "kind")
    )
    by_village: dict[str, dict] = {}
    for row in milestones:
        item = by_village.setdefault(
            row["cooperative__village_id"],
            {"code": row["cooperative__village_id"], "name": row["cooperative__village__name"], "kinds": []},
        )
        item["kinds"].append(row["kind"])
    actions = action_counts(region=region, today=period.end)
    events = event_list(user=user, filters=EventFilters(region=district.code)).filter(
        start_date__range=(period.start, period.end)
    )
    return {
        "cooperatives": end["cooperatives"],
        "phases": {key: value for key, value in end.items() if key != "cooperatives"},
        "phase_changes": {
            key: end[key] - before.get(key, 0) for key in end if key != "cooperatives" and end[key] != before.get(key)
        },
        "new_milestones": sum(len(item["kinds"]) for item in by_village.values()),
        "milestones_by_village": list(by_village.values()),
        "actions_open": actions["open"],
        "actions_overdue": actions["overdue"],
        "trainings_held": events.count(),
        "potentials_mapped": potential_list(user=user, filters=PotentialFilters(region=district.code)).count(),
        "overlaps_open": overlap_counts(region=region)["open"],
    }


def koperasi_prefill(*, cooperative: Cooperative, period: rules.Period, user) -> tuple[dict, bool]:
    """(derived figures, whether they come from the cooperative's books). Gerai operating, loans and arrears are
    always derived (registry and financing in Kopdes); members, simpanan and sales only when it keeps its books
    here (typed otherwise)."""
    derived: dict = {
        "gerai_operating": BusinessUnit.objects.filter(cooperative=cooperative, status=UnitStatus.BEROPERASI).count(),
        "loans_outstanding": application_list(
            user=user, filters=ApplicationFilters(cooperative=cooperative.pk)
        ).aggregate(total=Sum("outstanding_rp"))["total"]
        or 0,
        "arrears": sum(row["arrears_rp"] for row in arrears_list(region=system_region(cooperative.village))),
    }
    if books_settings(cooperative=cooperative) is None:
        return derived, False
    members = members_at(cooperative=cooperative, day=period.end)
    gerai = sales_by_gerai(cooperative=cooperative, start=period.start, end=period.end)
    derived.update(
        {
            "members": members.count(),
            "new_members": members.filter(joined_on__gte=period.start).count(),
            "simpanan": int(wajib_collected(cooperative=cooperative, start=period.start, end=period.end)),
            "sales": int(sum(row["value"] or 0 for row in gerai)),
            "sales_by_gerai": [{"category": row["category"], "value": int(row["value"] or 0)} for row in gerai],
        }
    )
    return derived, True


def pendamping_prefill(*, pendamping, period: rules.Period) -> dict:
    derived = {"cooperatives_assisted": pendamping.assigned_cooperatives.count()}
    # What other apps add (registry.pendamping_sources; the assessment's field visits): those keys are not typed.
    for source in registry.pendamping_sources:
        derived.update(source.figures(pendamping, period) or {})
    return derived


def prefill(report: Report, user) -> tuple[dict, bool]:
    """Today's derived part of `report` (what a draft shows and what submission freezes)."""
    period = rules.Period(report.period_start, report.period_end, report.due_date)
    if report.kind == FormKind.CAMAT:
        return camat_prefill(district=report.region, period=period, user=user), False
    if report.kind == FormKind.KOPERASI:
        return koperasi_prefill(cooperative=report.cooperative, period=period, user=user)
    return pendamping_prefill(pendamping=report.pendamping, period=period), False


def typed_figure_keys(report: Report) -> tuple[str, ...]:
    """The figures people type on this report (those not derived): a cooperative types members, simpanan and sales
    only when it does not keep its books in Kopdes (decided again for a draft, frozen once submitted)."""
    from kopdes.reporting.choices import FIGURE_FIELDS

    if report.kind == FormKind.KOPERASI:
        if report.status == Status.DRAFT:
            kept = books_settings(cooperative=report.cooperative) is not None
        else:
            kept = report.from_books
        always = {"gerai_operating", "loans_outstanding", "arrears"}
        return () if kept else tuple(key for key in KOPERASI_FIGURES if key not in always)
    if report.kind == FormKind.PENDAMPING:
        if report.status == Status.DRAFT:
            period = rules.Period(report.period_start, report.period_end, report.due_date)
            derived = pendamping_prefill(pendamping=report.pendamping, period=period)
        else:
            derived = report.derived
        return tuple(key for key in FIGURE_FIELDS[report.kind] if key not in derived)
    return FIGURE_FIELDS[report.kind]


def report_view(report: Report, user) -> dict:
    """What the report page shows: the derived part (frozen once submitted, today's for a draft), and for a
    submitted report where today's figures differ from the frozen ones."""
    current, from_books = prefill(report, user)
    if report.status == Status.DRAFT:
        return {"derived": current, "from_books": from_books, "differences": {}}
    return {
        "derived": report.derived,
        "from_books": report.from_books,
        "differences": rules.differences(report.derived, current),
    }


# ---------------------------------------------------------------------------------------------------------------
# Lists


def report_list(*, user, kind: str = "", period: str = "", status: str = "", region: str = ""):
    queryset = Report.objects.for_user(user).select_related("region", "cooperative", "pendamping")
    if kind:
        queryset = queryset.filter(kind=kind)
    if period:
        queryset = queryset.filter(period_start=rules.parse_period(period))
    if status:
        queryset = queryset.filter(status=status)
    if region:
        queryset = queryset.filter(code_prefix_q("region__code", region.strip()))
    return queryset


def report_get(*, user, pk: int) -> Report:
    return get_object_for_user(
        Report.objects.select_related("region", "regency", "cooperative", "pendamping", "author"), user, pk=pk
    )


def review_steps(report: Report) -> list[ReviewStep]:
    return list(report.steps.select_related("actor"))


# ---------------------------------------------------------------------------------------------------------------
# Reporting rate and timeliness (SQL aggregates over region-code prefixes)


def _latest_period(code: str, today: datetime.date) -> rules.Period:
    regency = code[:REGENCY_LENGTH] if len(code) >= REGENCY_LENGTH else None
    period_type, due_day = form_setting(regency, FormKind.CAMAT) if regency else (DEFAULT_PERIOD_TYPE, DEFAULT_DUE_DAY)
    return rules.latest_due_period(today, period_type, due_day)


def period_for(code: str, key: str | None, today: datetime.date) -> rules.Period:
    """The period `key` ("YYYY-MM") or, without one, the latest whose due date has passed; monthly unless the
    regency set otherwise for camat reports; a future period is refused (ValueError)."""
    if not key:
        return _latest_period(code, today)
    start = rules.parse_period(key)
    regency = code[:REGENCY_LENGTH] if len(code) >= REGENCY_LENGTH else None
    period_type, due_day = form_setting(regency, FormKind.CAMAT) if regency else (DEFAULT_PERIOD_TYPE, DEFAULT_DUE_DAY)
    period = rules.period_of(start, period_type, due_day)
    if period.start > today:
        raise ValueError("future period")
    return period


def _received_counts(queryset) -> dict:
    return queryset.aggregate(
        submitted=Count("pk", filter=Q(status__in=RECEIVED_STATUSES)),
        on_time=Count("pk", filter=Q(on_time=True)),
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
    )


def _expected_total(code: str, period: rules.Period) -> dict[str, int]:
    """Expected units under `code` per form. Kecamatan under the region (a village's report region is its
    kecamatan's child, so a village counts none), cooperatives that existed, pendamping of regencies."""
    if len(code) > CODE_LENGTH[RegionLevel.DISTRICT]:
        districts = 0
    elif len(code) == CODE_LENGTH[RegionLevel.DISTRICT]:
        districts = 1
    else:
        districts = Region.objects.filter(code_prefix_q("code", code), level=RegionLevel.DISTRICT).count()
    cooperatives = expected_cooperatives(code, period).count()
    pendamping = 0
    if len(code) <= REGENCY_LENGTH:
        pendamping = (
            User.objects.filter(role=Role.PENDAMPING, is_active=True, date_joined__date__lte=period.end)
            .filter(Exists(Cooperative.objects.filter(code_prefix_q("village__code", code), assistants=OuterRef("pk"))))
            .count()
        )
    return {FormKind.CAMAT: districts, FormKind.KOPERASI: cooperatives, FormKind.PENDAMPING: pendamping}


def reporting_block(
    *,
    region: ScopedRegion,
    period: str | None = None,
    today: datetime.date | None = None,
    as_of: datetime.date | None = None,
) -> dict:
    """The "reporting" key of the progress document: for the latest period whose due date has passed (or
    `period`), all forms together over the units in the region: expected, submitted, on time, approved. With
    `as_of`, as it stood at the end of that day (the period due before it; what had been sent and approved by
    then)."""
    from django.utils import timezone

    checked = ensure_scoped(region)
    today = as_of + datetime.timedelta(days=1) if as_of else (today or timezone.localdate())
    chosen = period_for(checked.code, period, today)
    expected = _expected_total(checked.code, chosen)
    reports = Report.objects.filter(code_prefix_q("region__code", checked.code), period_start=chosen.start)
    if as_of is None:
        counts = _received_counts(reports)
    else:
        counts = reports.aggregate(
            submitted=Count("pk", filter=Q(first_submitted_on__lte=as_of)),
            on_time=Count("pk", filter=Q(on_time=True, first_submitted_on__lte=as_of)),
            approved=Count("pk", filter=Q(approved_on__lte=as_of)),
        )
    return {"period": chosen.key, "expected": sum(expected.values()), **counts}


def reporting_rates(*, region: ScopedRegion, period: rules.Period) -> dict:
    """Per form and per child region: expected, submitted, on time, approved, with the rates. The children's
    figures add up to the region's. A fixed number of GROUP BY queries."""
    checked = ensure_scoped(region)
    code = checked.code
    child_level = CHILD_LEVEL[checked.level]
    length = CODE_LENGTH[child_level] if child_level else None
    reports = Report.objects.filter(code_prefix_q("region__code", code), period_start=period.start)
    rows: dict[str, dict] = {}

    def row(child: str) -> dict:
        return rows.setdefault(
            child, {"code": child, "name": child, "expected": 0, "submitted": 0, "on_time": 0, "approved": 0}
        )

    forms = {}
    expected = _expected_total(code, period)
    for kind in FormKind.values:
        counts = _received_counts(reports.filter(kind=kind))
        forms[kind] = {"kind": kind, "expected": expected[kind], **counts}
    if length:
        # Expected per child: kecamatan and cooperatives grouped on the child prefix (pendamping have no region
        # below the regency: they count at the regency only).
        if length <= CODE_LENGTH[RegionLevel.DISTRICT]:
            for item in (
                Region.objects.filter(code_prefix_q("code", code), level=RegionLevel.DISTRICT)
                .annotate(g=Substr("code", 1, length))
                .values("g")
                .annotate(n=Count("pk"))
                .order_by()
            ):
                row(item["g"])["expected"] += item["n"]
        for item in (
            expected_cooperatives(code, period)
            .annotate(g=Substr("village_id", 1, length))
            .values("g")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            row(item["g"])["expected"] += item["n"]
        by_child = reports if length <= REGENCY_LENGTH else reports.exclude(kind=FormKind.PENDAMPING)
        for item in (
            by_child.annotate(g=Substr("region_id", 1, length))
            .values("g")
            .annotate(
                submitted=Count("pk", filter=Q(status__in=RECEIVED_STATUSES)),
                on_time=Count("pk", filter=Q(on_time=True)),
                approved=Count("pk", filter=Q(status=Status.APPROVED)),
            )
            .order_by()
        ):
            target = row(item["g"])
            for key in ("submitted", "on_time", "approved"):
                target[key] += item[key]
        names = dict(Region.objects.filter(code__in=list(rows)).values_list("code", "name"))
        for child, item in rows.items():
            item["name"] = names.get(child, child)
        pendamping = forms[FormKind.PENDAMPING]
        if length > REGENCY_LENGTH and (pendamping["expected"] or pendamping["submitted"]):
            # A regency's pendamping report to the regency, not to a kecamatan: their own row, so the rows add up.
            rows[code] = {
                "code": code,
                "name": str(_("Pendamping usaha (kabupaten)")),
                **{key: pendamping[key] for key in ("expected", "submitted", "on_time", "approved")},
            }
        elif length <= REGENCY_LENGTH and pendamping["expected"]:
            for item in (
                User.objects.filter(_pendamping_q(code), date_joined__date__lte=period.end)
                .annotate(
                    g=Subquery(
                        Cooperative.objects.filter(assistants=OuterRef("pk"))
                        .order_by("village_id")
                        .annotate(g=Substr("village_id", 1, length))
                        .values("g")[:1]
                    )
                )
                .values("g")
                .annotate(n=Count("pk"))
                .order_by()
            ):
                row(item["g"])["expected"] += item["n"]
    total = {
        "expected": sum(f["expected"] for f in forms.values()),
        **{key: sum(f[key] for f in forms.values()) for key in ("submitted", "on_time", "approved")},
    }
    for item in [total, *forms.values(), *rows.values()]:
        item["rate"] = rules.rate(item["submitted"], item["expected"])
        item["timeliness"] = rules.rate(item["on_time"], item["expected"])
    return {
        "period": period,
        "total": total,
        "forms": list(forms.values()),
        "children": sorted(rows.values(), key=lambda item: item["code"]),
    }


def rate_trend(*, region: ScopedRegion, until: rules.Period, months: int = 12) -> list[dict]:
    """The reporting rate and timeliness (all forms) by period, oldest first: the expected units of every period in
    one aggregate each (kecamatan, cooperatives with a filtered count per period, pendamping likewise) and the
    received reports in one GROUP BY period."""
    checked = ensure_scoped(region)
    code = checked.code
    periods = rules.periods_back(until, months, until_type(until), until.due.day)
    if len(code) > CODE_LENGTH[RegionLevel.DISTRICT]:
        districts = 0
    elif len(code) == CODE_LENGTH[RegionLevel.DISTRICT]:
        districts = 1
    else:
        districts = Region.objects.filter(code_prefix_q("code", code), level=RegionLevel.DISTRICT).count()
    per_period = {p.key: Count("pk", filter=Q(exists_from__lte=p.end)) for p in periods}
    cooperatives = (
        Cooperative.objects.filter(code_prefix_q("village__code", code))
        .annotate(exists_from=cooperative_exists_from())
        .aggregate(**per_period)
    )
    pendamping = dict.fromkeys(per_period, 0)
    if len(code) <= REGENCY_LENGTH:
        pendamping = (
            User.objects.filter(_pendamping_q(code))
            .annotate(joined=TruncDate("date_joined"))
            .aggregate(**{p.key: Count("pk", filter=Q(joined__lte=p.end)) for p in periods})
        )
    received = {
        row["period_start"]: row
        for row in Report.objects.filter(
            code_prefix_q("region__code", code), period_start__in=[p.start for p in periods]
        )
        .values("period_start")
        .annotate(
            submitted=Count("pk", filter=Q(status__in=RECEIVED_STATUSES)),
            on_time=Count("pk", filter=Q(on_time=True)),
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
        )
        .order_by()
    }
    found = []
    for period in periods:
        row = received.get(period.start, {})
        expected = districts + cooperatives[period.key] + pendamping[period.key]
        point = {
            "period": period.key,
            "label": rules.period_label(period.start),
            "expected": expected,
            "submitted": row.get("submitted", 0),
            "on_time": row.get("on_time", 0),
            "approved": row.get("approved", 0),
        }
        point["rate"] = rules.rate(point["submitted"], expected)
        point["timeliness"] = rules.rate(point["on_time"], expected)
        found.append(point)
    return found


def until_type(period: rules.Period) -> str:
    return "triwulanan" if (period.end.month - period.start.month) >= 2 else "bulanan"


MISSING_LIMIT = 200  # rows of each list on the page (the CLI asks for all)


def missing_and_late(
    *, user, region: ScopedRegion, period: rules.Period, today: datetime.date, limit: int | None = MISSING_LIMIT
) -> dict:
    """The units of the period whose report is missing (not received) or late (received after the due date),
    with who is responsible and their phone: camat per kecamatan, the cooperative's chair, the pendamping. The
    first `limit` of each (kecamatan first, then cooperatives by code) and the totals; "not received" is an
    EXISTS on the reports, never a list of ids."""
    code = ensure_scoped(region).code
    reports = Report.objects.filter(code_prefix_q("region__code", code), period_start=period.start)
    received = reports.filter(status__in=RECEIVED_STATUSES)
    late_rows = received.filter(on_time=False).select_related("region", "cooperative", "pendamping")
    late = list(late_rows[:limit] if limit else late_rows)
    missing = []
    total = 0
    if len(code) <= CODE_LENGTH[RegionLevel.DISTRICT]:
        districts = Region.objects.filter(code_prefix_q("code", code), level=RegionLevel.DISTRICT).exclude(
            Exists(received.filter(kind=FormKind.CAMAT, region_id=OuterRef("code")))
        )
        total += districts.count()
        districts = list(districts[:limit] if limit else districts)
        camats, phones = {}, {}
        for person in User.objects.filter(role=Role.CAMAT, is_active=True, region_id__in=[d.code for d in districts]):
            camats.setdefault(person.region_id, person)
        contacts = contact_list(user=user, region=code).filter(
            kind=ContactKind.CAMAT, region_id__in=[d.code for d in districts]
        )
        for contact in contacts:
            phones.setdefault(contact.region_id, contact.phone)
        for district in districts:
            person = camats.get(district.code)
            missing.append(
                _missing_row(
                    FormKind.CAMAT, district.name, district.code, person, phones.get(district.code, ""), period
                )
            )
    coops = (
        expected_cooperatives(code, period)
        .exclude(Exists(received.filter(kind=FormKind.KOPERASI, cooperative_id=OuterRef("pk"))))
        .order_by("village_id")
    )
    total += coops.count()
    room = None if not limit else max(limit - len(missing), 0)
    coops = list(coops[:room] if room is not None else coops)
    chairs = {}
    for official in Official.objects.filter(cooperative__in=[c.pk for c in coops], position="ketua").order_by(
        "cooperative_id", "id"
    ):
        chairs.setdefault(official.cooperative_id, official)
    for coop in coops:
        chair = chairs.get(coop.pk)
        missing.append(
            _missing_row(
                FormKind.KOPERASI, coop.name, coop.village_id, None, chair.phone if chair else "", period, chair
            )
        )
    if len(code) <= REGENCY_LENGTH and code:
        people = expected_pendamping(code, period).exclude(
            Exists(received.filter(kind=FormKind.PENDAMPING, pendamping_id=OuterRef("pk")))
        )
        for person in people:
            total += 1
            missing.append(_missing_row(FormKind.PENDAMPING, str(person), code, person, "", period))
    return {
        "missing": missing,
        "missing_total": total,
        "late": late,
        "late_total": late_rows.count(),
        "days_after_due": (today - period.due).days,
    }


def _missing_row(kind, name, code, person, phone, period, official=None) -> dict:
    label = rules.period_label(period.start)
    text = (
        f"Yth. {official.name if official else (str(person) if person else '')}, laporan {FormKind(kind).label} "
        f"periode {label} untuk {name} belum kami terima (tenggat {period.due:%d-%m-%Y}). Mohon segera dikirim "
        "melalui Kopdes. Terima kasih."
    )
    email = getattr(person, "email", "") if person else ""
    return {
        "kind": kind,
        "kind_label": FormKind(kind).label,
        "name": name,
        "code": code,
        "person": official.name if official else (str(person) if person else ""),
        "phone": phone,
        "email": email,
        "whatsapp": rules.whatsapp_link(phone, text) if phone else None,
        "message": text,
    }


def cooperative_reports(*, user, cooperative: Cooperative, limit: int = 12) -> list[Report]:
    return list(Report.objects.for_user(user).filter(kind=FormKind.KOPERASI, cooperative=cooperative)[:limit])


def consolidated(*, user, region: ScopedRegion, period: rules.Period) -> dict:
    """The regency's consolidated monthly report: the rates per form and per kecamatan (the registry's units) and
    the problems, follow-ups and needs raised in the approved reports of the period."""
    checked = ensure_scoped(region)
    approved = (
        report_list(user=user, period=period.key, status=Status.APPROVED)
        .filter(code_prefix_q("region__code", checked.code))
        .select_related("region", "cooperative")
        .order_by("kind", "region_id")
    )
    return {
        "rates": reporting_rates(region=checked, period=period),
        "approved": list(approved),
        "raised": [report for report in approved if report.problems or report.follow_up or report.needs],
    }


def letterhead(code: str):
    """The regency's letterhead (the Satgas' record), or None."""
    from kopdes.taskforce.models import Letterhead

    return Letterhead.objects.filter(region_id=code[:REGENCY_LENGTH]).first() if code else None


def settings_of(regency_code: str) -> list[dict]:
    rows = []
    for kind, label in FormKind.choices:
        period_type, due_day = form_setting(regency_code, kind)
        rows.append({"kind": kind, "label": label, "period_type": period_type, "due_day": due_day})
    return rows

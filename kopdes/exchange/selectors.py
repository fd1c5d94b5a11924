"""Reads of the exchange app: the national figures of a region, the comparison with our registry, the units
waiting for review. Roll-ups are GROUP BY queries over region-code prefixes (STYLE.md rule 5)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from kopdes.cooperatives.models import Cooperative
from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped
from kopdes.exchange.choices import OPEN_STATUSES, UnitStatus
from kopdes.exchange.models import ROLLUP_FIELDS, NationalRollup, NationalSnapshot, NationalUnit
from kopdes.formation.choices import MilestoneKind
from kopdes.formation.models import Milestone
from kopdes.regions.choices import CHILD_LEVEL, CODE_LENGTH, NATIONAL_CODE, RegionLevel
from kopdes.regions.models import Region

# The "national" block of the progress document, in this order.
BLOCK_FIELDS = ROLLUP_FIELDS
SOURCES = ("village", "province", "regency")  # preferred in this order when two have the same latest date
SOURCE_LABELS = {"village": _("desa/kelurahan"), "regency": _("kabupaten/kota"), "province": _("provinsi")}
LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTH.items()}


def _level_of(code: str) -> str:
    return LEVEL_BY_LENGTH.get(len(code), "country") if code else "country"


def _block(date: datetime.date, source: str, sums: dict | None) -> dict:
    return {
        "snapshot_date": date.isoformat(),
        "source": source,
        **{name: int((sums or {}).get(name) or 0) for name in BLOCK_FIELDS},
    }


def _national_buckets(code: str, group_length: int | None) -> dict[str, dict]:
    """The national figures under `code` ("" = the country), one bucket per child region when `group_length` is
    the length of a child code, else one bucket "" for the region itself.

    Each bucket takes the latest snapshot that describes it whole, and from it the finest source: village rows
    when every regency of the bucket has village rows on that date (for a kecamatan or a village: when its
    regency has them, so a village without a row has none of its own); else the province rows (for a province or
    the country: they alone carry the RAT count); else the regency rows. A regency's figures cannot be split into
    kecamatan, so below a regency only village rows count. Four GROUP BY queries whatever the region's size."""
    level = _level_of(code)
    # The per-regency sums are enough for the country and a province (whose buckets are provinces or regencies) and
    # for a regency's own total; only its kecamatan and villages need the rows themselves.
    per_regency = level in ("country", "province") or (level == "regency" and not group_length)
    rows_model = NationalRollup if per_regency else NationalSnapshot
    under = rows_model.objects.filter(code_prefix_q("region_code", code))
    bucket = Substr("region_code", 1, group_length) if group_length else Value("")
    sums: dict[tuple[str, str, datetime.date], dict] = {}
    for row in (
        under.annotate(bucket=bucket)
        .values("level", "snapshot_date", "bucket")
        .annotate(**{name: Sum(name) for name in BLOCK_FIELDS})
        .order_by()
    ):
        if row["bucket"] is not None:
            sums[(row["bucket"], row["level"], row["snapshot_date"])] = row

    # Which regencies have village rows on which date (looked up around the region for a kecamatan or village).
    area = code[:5] if level in ("regency", "district", "village") else code
    covered: dict[datetime.date, set[str]] = defaultdict(set)
    for date, regency in (
        rows_model.objects.filter(code_prefix_q("region_code", area), level="village")
        .annotate(regency=Substr("region_code", 1, 5))
        .filter(regency__contains=".")
        .values_list("snapshot_date", "regency")
        .distinct()
        .order_by()
    ):
        covered[date].add(regency)
    regency_counts: dict[str, int] = {}
    if level in ("country", "province") and covered:
        regencies = Region.objects.filter(code_prefix_q("code", code), level=RegionLevel.REGENCY)
        for province, count in (
            regencies.annotate(p=Substr("code", 1, 2)).values_list("p").annotate(n=Count("code")).order_by()
        ):
            regency_counts[province] = count

    def village_dates(bucket_code: str) -> list[datetime.date]:
        bucket_level = _level_of(bucket_code)
        dates = []
        for date, regencies in covered.items():
            if bucket_level in ("regency", "district", "village"):
                whole = bucket_code[:5] in regencies
            elif bucket_level == "province":
                whole = regency_counts.get(bucket_code, -1) == sum(
                    1 for r in regencies if r.startswith(f"{bucket_code}.")
                )
            else:
                whole = bool(regency_counts) and sum(regency_counts.values()) == len(regencies)
            if whole:
                dates.append(date)
        return dates

    bucket_codes = {key[0] for key in sums}
    if group_length:
        # Children whose regency is covered by village rows have figures (zeros) even without rows of their own.
        if level in ("regency", "district") and covered:
            bucket_codes |= set(
                Region.objects.filter(code_prefix_q("code", code), level=LEVEL_BY_LENGTH[group_length])
                .filter(code__startswith=f"{code}.")
                .values_list("code", flat=True)
            )
        bucket_codes = {b for b in bucket_codes if len(b) == group_length}
    else:
        bucket_codes = {""}

    result = {}
    for bucket_code in bucket_codes:
        real_code = bucket_code or code
        bucket_level = _level_of(real_code)
        options: list[tuple[datetime.date, int, str, dict | None]] = []
        for date in village_dates(real_code):
            options.append((date, -SOURCES.index("village"), "village", sums.get((bucket_code, "village", date))))
        for (b, source, date), row in sums.items():
            if b != bucket_code or source == "village" or source == "district":
                continue
            if source == "province" and bucket_level not in ("province", "country"):
                continue
            if source == "regency" and bucket_level not in ("regency", "province", "country"):
                continue
            options.append((date, -SOURCES.index(source), source, row))
        if options:
            date, _rank, source, row = max(options, key=lambda option: (option[0], option[1]))
            result[bucket_code] = _block(date, source, row)
    return result


def national_summary(*, region: ScopedRegion) -> dict | None:
    """The "national" block of the progress document for a checked region (or the whole country): the latest
    national snapshot's figures summed over the region, and `source` saying whether they come from village,
    regency or province rows. None when no snapshot describes the region."""
    return _national_buckets(ensure_scoped(region).code, None).get("")


def national_children(*, region: ScopedRegion) -> dict[str, dict]:
    """child region code → its national block, for the children of a checked region (that have one)."""
    code = ensure_scoped(region).code
    child_level = CHILD_LEVEL[_level_of(code) if code else None]
    if child_level is None:
        return {}
    return _national_buckets(code, CODE_LENGTH[child_level])


# ---------------------------------------------------------------------------------------------------------------
# Comparison with our registry

# Our figure → the national figure it is compared with.
COMPARED = {"cooperatives": "cooperatives", "accounts": "accounts", "npwp": "npwp", "nib": "nib"}


def _registry_counts(code: str, group_length: int | None) -> dict[str, dict[str, int]]:
    """Our cooperatives under `code` by child bucket: registered, with a SIMKOPDES account (a SIMKOPDES id or the
    `simkopdes` milestone), with NPWP, with NIB. One GROUP BY."""
    # One set of the cooperatives with the milestone (a hashed subquery), not one EXISTS per cooperative.
    simkopdes = Milestone.objects.filter(kind=MilestoneKind.SIMKOPDES).reached().values("cooperative_id")
    queryset = Cooperative.objects.filter(code_prefix_q("village__code", code))
    aggregates = {
        "cooperatives": Count("id"),
        "accounts": Count("id", filter=Q(pk__in=simkopdes) | (Q(simkopdes_id__isnull=False) & ~Q(simkopdes_id=""))),
        "npwp": Count("id", filter=Q(npwp__isnull=False) & ~Q(npwp="")),
        "nib": Count("id", filter=Q(nib__isnull=False) & ~Q(nib="")),
    }
    if group_length:
        rows = queryset.annotate(bucket=Substr("village_id", 1, group_length)).values("bucket").annotate(**aggregates)
    else:
        rows = [{"bucket": "", **queryset.aggregate(**aggregates)}]
    return {row["bucket"]: {name: row[name] or 0 for name in aggregates} for row in rows}


@dataclass
class ComparisonRow:
    code: str
    name: str
    ours: dict[str, int]
    national: dict | None

    @property
    def differences(self) -> dict[str, int | None]:
        if self.national is None:
            return dict.fromkeys(COMPARED)
        return {ours: self.ours[ours] - self.national[theirs] for ours, theirs in COMPARED.items()}

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.national["source"]]) if self.national else ""

    @property
    def differs(self) -> bool:
        return any(value for value in self.differences.values())


def comparison(*, region: ScopedRegion) -> dict:
    """Our registry against the national snapshot for a checked region (or the country): the region's total, one
    row per child region, and one per village when the region is a regency or below."""
    checked = ensure_scoped(region)
    region, code = checked.region, checked.code
    level = region.level if region else None
    child_level = CHILD_LEVEL[level]
    ours = _registry_counts(code, CODE_LENGTH[child_level]) if child_level else {}
    # The region's own figures are its children's summed (every cooperative is in one child): one query less.
    total_ours = (
        {name: sum(bucket[name] for bucket in ours.values()) for name in COMPARED}
        if child_level
        else _registry_counts(code, None).get("", dict.fromkeys(COMPARED, 0))
    )
    total = ComparisonRow(
        code=code or NATIONAL_CODE,
        name=region.name if region else "Indonesia",
        ours=total_ours,
        national=national_summary(region=checked),
    )
    children: list[ComparisonRow] = []
    if child_level:
        theirs = national_children(region=checked)
        child_regions = Region.objects.filter(Q(parent_id=code) if code else Q(parent__isnull=True)).only(
            "code", "name"
        )
        for child in child_regions.order_by("code"):
            children.append(
                ComparisonRow(
                    code=child.code,
                    name=child.name,
                    ours=ours.get(child.code, dict.fromkeys(COMPARED, 0)),
                    national=theirs.get(child.code),
                )
            )
    villages: list[ComparisonRow] = []
    if level in (RegionLevel.REGENCY, RegionLevel.DISTRICT):
        villages = village_comparison(code=code) if child_level != RegionLevel.VILLAGE else children
    return {"total": total, "children": children, "villages": villages, "child_level": child_level}


def village_comparison(*, code: str) -> list[ComparisonRow]:
    """One row per village under a regency or kecamatan: our cooperative's identifiers against the village's row
    of the latest village snapshot that covers the regency."""
    ours = _registry_counts(code, CODE_LENGTH[RegionLevel.VILLAGE])
    theirs = _national_buckets(code, CODE_LENGTH[RegionLevel.VILLAGE])
    rows = []
    for village in Region.objects.filter(code__startswith=f"{code}.", level=RegionLevel.VILLAGE).only("code", "name"):
        rows.append(
            ComparisonRow(
                code=village.code,
                name=village.name,
                ours=ours.get(village.code, dict.fromkeys(COMPARED, 0)),
                national=theirs.get(village.code),
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Review


@dataclass(frozen=True)
class ReviewFilters:
    """One filter definition for the review page and the API (STYLE.md rule 6)."""

    level: str = ""
    status: str = ""
    region: str = ""
    actionable: bool = True  # only units whose parent is matched: deciding a parent first matches its children
    q: str = ""

    def apply(self, queryset: QuerySet[NationalUnit]) -> QuerySet[NationalUnit]:
        queryset = queryset.filter(status__in=[self.status] if self.status in OPEN_STATUSES else OPEN_STATUSES)
        if self.level:
            queryset = queryset.filter(level=self.level)
        if self.region:
            queryset = queryset.filter(code_prefix_q("area_code", self.region))
        if self.actionable:
            queryset = queryset.filter(Q(parent__isnull=True) | Q(parent__status=UnitStatus.MATCHED))
        if self.q:
            queryset = queryset.filter(name__icontains=self.q)
        return queryset


LEVEL_ORDER = Case(
    *[When(level=level, then=Value(rank)) for rank, level in enumerate(CODE_LENGTH)], output_field=IntegerField()
)


def mapping_review_list(*, user, filters: ReviewFilters | None = None) -> QuerySet[NationalUnit]:
    """Unmatched and ambiguous units in the user's scope, parents' levels first, with the cooperatives the latest
    snapshot counts for each (what a decision moves)."""
    latest = NationalSnapshot.objects.filter(unit=OuterRef("pk")).order_by("-snapshot_date").values("cooperatives")[:1]
    return (
        (filters or ReviewFilters())
        .apply(NationalUnit.objects.for_user(user))
        .select_related("parent", "parent__region", "parent__parent")
        .annotate(level_rank=LEVEL_ORDER, latest_cooperatives=Subquery(latest))
        .order_by("level_rank", "area_code", "name", "pk")
    )


def unmatched_share(*, user) -> dict[str, int]:
    """How many units in scope wait for review, by status (for the page header)."""
    rows = (
        NationalUnit.objects.for_user(user)
        .filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


# ---------------------------------------------------------------------------------------------------------------
# Disagreement of one cooperative with its village's row of the latest SIMKOPDES village snapshot

# What the registry says (a filled identifier, a reached milestone) against the village row's count.
IDENTIFIER_CHECKS = (
    ("nib", _("NIB")),
    ("npwp", _("NPWP")),
)


def _latest_village_row(field: str):
    return Subquery(
        NationalSnapshot.objects.filter(level=RegionLevel.VILLAGE, region_code=OuterRef("village_id"))
        .order_by("-snapshot_date")
        .values(field)[:1]
    )


def _with_national(queryset: QuerySet[Cooperative]) -> QuerySet[Cooperative]:
    """Each cooperative with its village's latest national counts (NULL when SIMKOPDES has no village row). One
    indexed lookup per row (snapshot_date, level, region_code)."""
    return queryset.annotate(
        national_date=_latest_village_row("snapshot_date"),
        national_nib=_latest_village_row("nib"),
        national_npwp=_latest_village_row("npwp"),
        national_accounts=_latest_village_row("accounts"),
        has_simkopdes=Exists(
            Milestone.objects.filter(cooperative=OuterRef("pk"), kind=MilestoneKind.SIMKOPDES).reached()
        ),
    )


def _disagreement_q() -> Q:
    differs = Q()
    for field, _label in IDENTIFIER_CHECKS:
        ours = Q(**{f"{field}__isnull": False}) & ~Q(**{field: ""})
        differs |= (ours & Q(**{f"national_{field}": 0})) | (~ours & Q(**{f"national_{field}__gt": 0}))
    account = Q(has_simkopdes=True) | (Q(simkopdes_id__isnull=False) & ~Q(simkopdes_id=""))
    differs |= (account & Q(national_accounts=0)) | (~account & Q(national_accounts__gt=0))
    return Q(national_date__isnull=False) & differs


def cooperatives_differing(queryset: QuerySet[Cooperative]) -> QuerySet[Cooperative]:
    """The cooperatives whose NIB, NPWP or SIMKOPDES account the registry and the latest village snapshot see
    differently (registered here, 0 there, or the other way round). The registry list's "beda dengan SIMKOPDES"."""
    return _with_national(queryset).filter(_disagreement_q())


@dataclass(frozen=True)
class Disagreement:
    item: str
    ours: str
    theirs: str


def cooperative_disagreements(cooperative: Cooperative) -> dict:
    """What the registry and the latest SIMKOPDES village row say differently about one cooperative: a list of
    items with both sides in words, and the snapshot date (None when SIMKOPDES has no row for the village)."""
    row = _with_national(Cooperative.objects.filter(pk=cooperative.pk)).values(
        "national_date", "national_nib", "national_npwp", "national_accounts", "has_simkopdes"
    )[0]
    if row["national_date"] is None:
        return {"date": None, "items": []}
    yes, no = str(_("ada")), str(_("belum ada"))
    items = []
    for field, label in IDENTIFIER_CHECKS:
        ours = bool(getattr(cooperative, field))
        theirs = (row[f"national_{field}"] or 0) > 0
        if ours != theirs:
            items.append(Disagreement(str(label), getattr(cooperative, field) or no, yes if theirs else no))
    ours_account = row["has_simkopdes"] or bool(cooperative.simkopdes_id)
    theirs_account = (row["national_accounts"] or 0) > 0
    if ours_account != theirs_account:
        items.append(Disagreement(str(_("Akun SIMKOPDES")), yes if ours_account else no, yes if theirs_account else no))
    return {"date": row["national_date"], "items": items}

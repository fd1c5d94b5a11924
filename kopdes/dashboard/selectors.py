"""The progress document of a region, assembled from the blocks the apps register (`kopdes.core.registry`).

The same document is the API's `/api/v1/progress/{code}`, `kopdes progress` and the numbers of the region pages, so
they never disagree. The dashboard knows no block by name: a new app adds its key by registering a block."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from kopdes.core import registry
from kopdes.core.scoping import ScopedRegion, ensure_scoped
from kopdes.dashboard.rollups import rollup, rollup_builder, rollup_put
from kopdes.exchange.selectors import COMPARED, comparison
from kopdes.formation.selectors import cooperative_status_rows, phase_trend, recent_changes
from kopdes.regions.choices import RegionLevel


def progress_document(*, region: ScopedRegion, as_of: datetime.date | None = None, refresh: bool = False) -> dict:
    """Every registered block over a checked region, in block order. A block sees the document built so far (the
    targets block reads the phase totals instead of counting again).

    With `as_of`, the blocks that can answer for a past day do (their `as_of` flag); the others give today's value,
    and the document ends with an "as_of" key naming the day and those blocks. Without it the document is exactly
    today's, with no "as_of" key, kept for a minute per region (`kopdes.dashboard.rollups`; `refresh` builds it
    now)."""
    ensure_scoped(region)
    if as_of is None:
        return rollup("progress", region, refresh=refresh).value
    return assemble_document(region, as_of=as_of)


@rollup_builder("progress")
def _progress_today(region: ScopedRegion, today: datetime.date) -> dict:
    return assemble_document(region)


def assemble_document(region: ScopedRegion, *, as_of: datetime.date | None = None) -> dict:
    """The document built from the blocks now, never kept (progress_document is what callers want)."""
    ensure_scoped(region)
    document: dict = {}
    current: list[str] = []
    for block in registry.progress_blocks:
        if as_of is not None and block.as_of:
            value = block.build(region, document, as_of=as_of)
        else:
            value = block.build(region, document)
            if as_of is not None:
                current.append(block.key)
        if block.spread:
            document.update(value)
        else:
            document[block.key] = value
    if as_of is not None:
        document["as_of"] = {
            "date": as_of.isoformat(),
            "current_blocks": current,
            "note": str(AS_OF_NOTE),
        }
    return document


AS_OF_NOTE = _(
    "Tahap dihitung dari tanggal tahapan: sebuah tahapan dihitung sejak tanggalnya sampai hari ditolak; tahapan "
    "tanpa tanggal tidak dihitung; tahap beroperasi dihitung dari tahapan 'Mulai beroperasi'. Bagian yang disebut "
    "di current_blocks menunjukkan keadaan hari ini."
)


def dashboard_panels(document: dict) -> list[dict]:
    """The region page's panels: each block with a template, and what its template shows."""
    panels = []
    for block in registry.progress_blocks:
        if block.template is None or block.spread:
            continue
        data = document.get(block.key)
        panels.append(
            {"key": block.key, "template": block.template, "data": block.decorate(data) if block.decorate else data}
        )
    return panels


def trend_document(*, region: ScopedRegion, until: datetime.date, months: int = 24) -> dict:
    """Each phase at the end of every month up to `until` (formation's one grouped query)."""
    trend = phase_trend(region=region, until=until, months=months)
    return {"region": ensure_scoped(region).code or "ID", "until": until, **trend}


# ---------------------------------------------------------------------------------------------------------------
# The summary a regency (or the province, or the country) reads: who is behind, who is stuck, what changed, where
# the registry and SIMKOPDES disagree. Every part is an aggregate or a bounded list; the page and the bupati's PDF
# briefing read the same dict.

# The levels whose page is the summary screen (targets, ranking, stuck, changes, SIMKOPDES) and whose roll-up is
# the summary; a kecamatan page lists its villages, a village page its cooperative's checklist.
SUMMARY_LEVELS = (None, RegionLevel.PROVINCE, RegionLevel.REGENCY)
RANKING_SORTS = ("tertinggal", "persen", "nama")
CHANGES_DAYS = 7
STUCK_LIMIT = 10


def ranking_basis(targets: list[dict], today: datetime.date) -> dict:
    """What the children are ranked on: the phase of the nearest target not yet due (the latest one when all are
    due) and the share of villages it asks for; without targets, the operating phase with no share."""
    if not targets:
        return {"phase": "operasional", "target": None}
    open_targets = [t for t in targets if t["due_date"] >= today.isoformat()]
    target = open_targets[0] if open_targets else targets[-1]
    return {"phase": target["phase"], "target": target}


def children_ranking(document: dict, *, basis: dict, sort: str = "tertinggal") -> list[dict]:
    """One row per child region: villages, how many reached the basis phase, their share, the count the target
    asks of the child (the region's target spread over its villages) and the shortfall; sorted by `sort`."""
    phase = basis["phase"]
    target = basis["target"]
    villages_total = document["villages"]["total"]
    share = Decimal(target["target"]) / Decimal(villages_total) if target and villages_total else None
    rows = []
    for child in document["children"]:
        villages = child["villages"]["total"]
        achieved = child["phases"][phase]
        expected = int((share * villages).to_integral_value(ROUND_HALF_UP)) if share is not None else villages
        rows.append(
            {
                "code": child["region"]["code"],
                "name": child["region"]["name"],
                "villages": villages,
                "cooperatives": child["cooperatives"],
                "achieved": achieved,
                "pct": _pct(achieved, villages),
                "expected": expected,
                "shortfall": max(expected - achieved, 0),
            }
        )
    if sort == "nama":
        rows.sort(key=lambda r: r["name"])
    elif sort == "persen":
        rows.sort(key=lambda r: (r["pct"] if r["pct"] is not None else -1, r["name"]))
    else:
        rows.sort(key=lambda r: (-r["shortfall"], r["pct"] if r["pct"] is not None else -1, r["name"]))
    return rows


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def registry_gap(region: ScopedRegion) -> dict | None:
    """Our registry against the latest SIMKOPDES snapshot: the figures side by side and how many child regions
    (and villages, where the snapshot has village rows) disagree. None without a snapshot for the region."""
    compared = comparison(region=region)
    total = compared["total"]
    if total.national is None:
        return None
    with_national = [row for row in compared["children"] if row.national is not None]
    villages = [row for row in compared["villages"] if row.national is not None]
    return {
        "snapshot_date": total.national["snapshot_date"],
        "figures": [
            {
                "key": ours,
                "label": GAP_LABELS[ours],
                "ours": total.ours[ours],
                "national": total.national[theirs],
                "difference": total.ours[ours] - total.national[theirs],
            }
            for ours, theirs in COMPARED.items()
        ],
        "children_compared": len(with_national),
        "children_differ": sum(1 for row in with_national if row.differs),
        "villages_compared": len(villages),
        "villages_differ": sum(1 for row in villages if row.differs),
    }


GAP_LABELS = {
    "cooperatives": _("Koperasi"),
    "accounts": _("Akun SIMKOPDES"),
    "npwp": "NPWP",
    "nib": "NIB",
}


def region_summary(
    *, region: ScopedRegion, today: datetime.date, sort: str = "tertinggal", refresh: bool = False
) -> dict:
    """Everything the summary screen and the PDF briefing show for a checked region (country, province, regency):
    the parts kept for a minute per region (`kopdes.dashboard.rollups`; `refresh` builds them now), the ranking
    sorted as asked, and `computed_at`, when the kept parts were built."""
    kept = rollup("summary", region, today=today, refresh=refresh)
    parts = kept.value
    document = parts["document"]
    basis = ranking_basis(document.get("targets") or [], today)
    return {
        **parts,
        "basis": basis,
        "ranking": children_ranking(document, basis=basis, sort=sort if sort in RANKING_SORTS else RANKING_SORTS[0]),
        "computed_at": kept.computed_at,
    }


@rollup_builder("summary")
def _summary_parts(region: ScopedRegion, today: datetime.date) -> dict:
    """The summary's parts; the document built for them is kept as the region's progress document too."""
    document = rollup_put("progress", region, today=today, value=assemble_document(region)).value
    return {
        "document": document,
        "trend": trend_document(region=region, until=today),
        "stuck": cooperative_status_rows(region=region, today=today, stuck_first=True, limit=STUCK_LIMIT),
        "changes": recent_changes(region=region, since=today - datetime.timedelta(days=CHANGES_DAYS - 1)),
        "gap": registry_gap(region),
    }

"""The progress document of a region, assembled from the blocks the apps register (`kopdes.core.registry`).

The same document is the API's `/api/v1/progress/{code}`, `kopdes progress` and the numbers of the region pages, so
they never disagree. The dashboard knows no block by name: a new app adds its key by registering a block."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from kopdes.core import registry
from kopdes.core.scoping import ScopedRegion, ensure_scoped
from kopdes.formation.selectors import phase_trend


def progress_document(*, region: ScopedRegion, as_of: datetime.date | None = None) -> dict:
    """Every registered block over a checked region, in block order. A block sees the document built so far (the
    targets block reads the phase totals instead of counting again).

    With `as_of`, the blocks that can answer for a past day do (their `as_of` flag); the others give today's value,
    and the document ends with an "as_of" key naming the day and those blocks. Without it the document is exactly
    today's, with no "as_of" key."""
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

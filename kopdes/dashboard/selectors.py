"""The progress document of a region, assembled from the blocks the apps register (`kopdes.core.registry`).

The same document is the API's `/api/v1/progress/{code}`, `kopdes progress` and the numbers of the region pages, so
they never disagree. The dashboard knows no block by name: a new app adds its key by registering a block."""

from __future__ import annotations

from kopdes.core import registry
from kopdes.core.scoping import ScopedRegion, ensure_scoped


def progress_document(*, region: ScopedRegion) -> dict:
    """Every registered block over a checked region, in block order. A block sees the document built so far (the
    targets block reads the phase totals instead of counting again)."""
    ensure_scoped(region)
    document: dict = {}
    for block in registry.progress_blocks:
        value = block.build(region, document)
        if block.spread:
            document.update(value)
        else:
            document[block.key] = value
    return document


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

"""`/api/v1/progress/{code}`: the progress document, validated by a pydantic model built from the registered blocks
(plain pydantic models validate the plain dicts several times faster than ninja's attribute-resolving Schema)."""

from __future__ import annotations

from functools import cache

from ninja import Router
from pydantic import create_model

from kopdes.core import registry
from kopdes.dashboard.selectors import progress_document
from kopdes.regions.selectors import region_for_user

router = Router()


@cache
def progress_schema():
    """ProgressOut: the spread block's schema (the document's spine) plus one field per other block."""
    blocks = list(registry.progress_blocks)
    spine = next(block.schema for block in blocks if block.spread)
    fields = {
        block.key: ((block.schema | None, None) if block.optional else (block.schema, ...))
        for block in blocks
        if not block.spread
    }
    return create_model("ProgressOut", __base__=spine, **fields)


@router.get(
    "/progress/{code}", response=progress_schema(), summary="Progres pembentukan untuk satu wilayah (ID = nasional)"
)
def progress_api(request, code: str):
    return progress_document(region=region_for_user(user=request.user, code=code))

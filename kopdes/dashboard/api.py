"""`/api/v1/progress/{code}`: the progress document, validated by a pydantic model built from the registered blocks
(plain pydantic models validate the plain dicts several times faster than ninja's attribute-resolving Schema).
`?as_of=YYYY-MM-DD` gives the document as it stood that day; `/progress/{code}/trend` each phase month by month."""

from __future__ import annotations

import datetime
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import BaseModel, create_model

from kopdes.core import registry
from kopdes.core.api import Date, ErrorOut, RegionCode
from kopdes.dashboard.selectors import progress_document, trend_document
from kopdes.regions.selectors import region_for_user

router = Router()


class AsOfOut(BaseModel):
    """Present only when the document was asked for a past day."""

    date: datetime.date
    current_blocks: list[str]
    note: str


@cache
def progress_schema():
    """ProgressOut: the spread block's schema (the document's spine) plus one field per other block, and "as_of"
    (left out of today's document: the operation excludes unset fields, and every block sets all of its own)."""
    blocks = list(registry.progress_blocks)
    spine = next(block.schema for block in blocks if block.spread)
    fields = {
        block.key: ((block.schema | None, None) if block.optional else (block.schema, ...))
        for block in blocks
        if not block.spread
    }
    return create_model("ProgressOut", __base__=spine, **fields, as_of=(AsOfOut | None, None))


def checked_day(as_of: datetime.date | None) -> datetime.date | None:
    """A day in the past or today; the future has no progress yet (400, the field named)."""
    if as_of is not None and as_of > timezone.localdate():
        raise ValidationError({"as_of": _("Tanggal tidak boleh di masa depan.")})
    return as_of


class AsOfQuery(Schema):
    as_of: Date | None = None


@router.get(
    "/progress/{code}",
    response={200: progress_schema(), 400: ErrorOut},
    exclude_unset=True,
    summary="Progres pembentukan untuk satu wilayah (ID = nasional); as_of = keadaan pada tanggal itu",
)
def progress_api(request, code: RegionCode, query: Query[AsOfQuery]):
    region = region_for_user(user=request.user, code=code)
    return progress_document(region=region, as_of=checked_day(query.as_of))


class TrendOut(BaseModel):
    region: str
    until: datetime.date
    months: list[str]
    phases: dict[str, list[int]]


@router.get(
    "/progress/{code}/trend",
    response={200: TrendOut, 400: ErrorOut},
    summary="Jumlah koperasi per tahap pada akhir tiap bulan (dari tanggal tahapan), sampai until atau hari ini",
)
def trend_api(request, code: RegionCode, query: Query[AsOfQuery]):
    region = region_for_user(user=request.user, code=code)
    return trend_document(region=region, until=checked_day(query.as_of) or timezone.localdate())

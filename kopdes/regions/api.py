from ninja import Query, Router, Schema
from pydantic import Field

from kopdes.regions.choices import RegionLevel
from kopdes.regions.selectors import SEARCH_LIMIT, region_children, region_for_user, region_search

router = Router()


class RegionOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent: str | None = None

    @staticmethod
    def resolve_parent(obj):
        return obj.parent_id


class RegionMatchOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent_name: str


class RegionSearchQuery(Schema):
    q: str = Field(max_length=100, description="Nama atau kode wilayah: “rapak lambur”, “tenggarong”, “64.02.06”.")
    level: list[RegionLevel] = Field(default_factory=list, description="Hanya tingkat ini (boleh lebih dari satu).")
    limit: int = Field(default=SEARCH_LIMIT, ge=1, le=50)


@router.get("/search", response=list[RegionMatchOut], summary="Cari wilayah menurut nama atau kode")
def region_search_list(request, query: Query[RegionSearchQuery]):
    """Regions in the caller's scope whose name has a word starting with `q`, or whose code starts with it; the
    parent's name tells apart villages of one name. Fewer than two characters give an empty list."""
    return region_search(user=request.user, q=query.q, levels=[str(level) for level in query.level], limit=query.limit)


@router.get("/{code}", response=RegionOut, summary="Satu wilayah")
def region_detail(request, code: str):
    region = region_for_user(user=request.user, code=code).region
    if region is None:
        return {"code": "ID", "name": "Indonesia", "level": "country", "kind": "", "parent": None}
    return region


@router.get("/{code}/children", response=list[RegionOut], summary="Wilayah di bawahnya")
def region_children_list(request, code: str):
    region = region_for_user(user=request.user, code=code).region
    return list(region_children(region=region))

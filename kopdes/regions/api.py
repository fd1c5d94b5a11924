from ninja import Router, Schema

from kopdes.regions.selectors import region_children, region_for_user

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

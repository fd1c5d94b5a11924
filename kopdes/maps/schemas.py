from pydantic import BaseModel


class MapBlockOut(BaseModel):
    """The "map" block: how many child areas have a polygon (the rest are listed only in the table), and how many
    cooperatives of the region have a recorded location."""

    areas: int
    areas_with_boundary: int
    cooperatives_located: int

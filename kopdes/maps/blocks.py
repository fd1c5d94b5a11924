"""What maps registers at the hubs (see `kopdes.core.registry`): the "map" block of the progress document with the
choropleth panel of the region pages, and the location panel of the cooperative page."""

from __future__ import annotations

from kopdes.core import registry


def register() -> None:
    from kopdes.maps import panels
    from kopdes.maps.schemas import MapBlockOut
    from kopdes.maps.selectors import map_block

    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="map",
            build=lambda region, document: map_block(region=region),
            schema=MapBlockOut,
            template="maps/panels/map.html",
            order=15,
            decorate=panels.decorate_block,
        )
    )
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="location", template="maps/panels/cooperative.html", context=panels.cooperative, order=15
        )
    )

from django.contrib import admin

from kopdes.regions.models import Boundary, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    """Polygons are loaded with `kopdes load_boundaries` (validated as a whole file); here they are only read."""

    list_display = ["region", "level", "parent_code", "source", "loaded_at"]
    list_filter = ["level"]
    search_fields = ["region__code", "region__name"]
    readonly_fields = [
        "region",
        "level",
        "parent_code",
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
        "source",
        "loaded_at",
    ]
    exclude = ["geometry", "display"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kopdes.cooperatives.models import BusinessUnit, Cooperative, Document, Official


class OfficialInline(admin.TabularInline):
    model = Official
    extra = 0


class BusinessUnitInline(admin.TabularInline):
    model = BusinessUnit
    extra = 0


@admin.register(Cooperative)
class CooperativeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "village", "kind", "scheme", "phase", "warning_count"]
    list_filter = ["kind", "scheme", "phase"]
    search_fields = ["name", "village__code", "village__name"]
    raw_id_fields = ["village", "extra_villages"]
    inlines = [OfficialInline, BusinessUnitInline]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["cooperative", "kind", "original_name", "sha256", "uploaded_at"]
    raw_id_fields = ["cooperative"]

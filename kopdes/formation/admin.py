from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kopdes.formation.models import Milestone, Target


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["cooperative", "kind", "date", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["cooperative", "document"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["region", "phase", "count", "percent", "due_date", "expected_pct"]
    raw_id_fields = ["region"]

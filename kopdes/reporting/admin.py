from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kopdes.reporting.models import Report, ReportSetting, ReviewStep


@admin.register(ReportSetting)
class ReportSettingAdmin(SimpleHistoryAdmin):
    list_display = ("regency", "kind", "period_type", "due_day")
    list_filter = ("kind", "period_type")


class ReviewStepInline(admin.TabularInline):
    model = ReviewStep
    extra = 0
    readonly_fields = ("action", "actor", "at", "comments")
    can_delete = False


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "unit_key", "period_start", "due_date", "status", "on_time", "first_submitted_on")
    list_filter = ("kind", "status", "on_time", "period_start")
    search_fields = ("unit_key", "region__code", "cooperative__name")
    raw_id_fields = ("regency", "region", "cooperative", "pendamping", "author")
    readonly_fields = ("derived", "comments", "status", "first_submitted_on", "on_time", "approved_on", "version")
    inlines = [ReviewStepInline]

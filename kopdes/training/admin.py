from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kopdes.training.models import Course, Event, EventFunding, Participant, Provider


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "track", "tier", "hours")
    list_filter = ("track", "tier")
    search_fields = ("code", "title")


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "certification_number", "valid_from", "valid_until")
    list_filter = ("kind",)
    search_fields = ("name", "certification_number")


class FundingInline(admin.TabularInline):
    model = EventFunding
    raw_id_fields = ("village",)
    extra = 0


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "organiser_region", "start_date", "capacity")
    list_filter = ("kind",)
    search_fields = ("title", "venue")
    raw_id_fields = ("organiser_region", "created_by")
    inlines = [FundingInline]


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ("name", "event", "cooperative", "source", "attended_on", "passed", "certificate_number")
    list_filter = ("source", "passed", "tier")
    search_fields = ("name", "certificate_number")
    raw_id_fields = ("event", "cooperative", "official")

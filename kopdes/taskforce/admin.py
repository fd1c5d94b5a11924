from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kopdes.taskforce.models import (
    ActionItem,
    ActionUpdate,
    Agency,
    Attachment,
    Decision,
    Decree,
    DecreeMember,
    Letterhead,
    Meeting,
)


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name", "region"]
    raw_id_fields = ["region"]


@admin.register(Letterhead)
class LetterheadAdmin(SimpleHistoryAdmin):
    list_display = ["region", "government"]
    raw_id_fields = ["region"]


class MemberInline(admin.TabularInline):
    model = DecreeMember
    raw_id_fields = ["agency"]
    extra = 0


@admin.register(Decree)
class DecreeAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "date", "region", "title"]
    raw_id_fields = ["region"]
    inlines = [MemberInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "region", "signed_at"]
    raw_id_fields = ["region", "decree"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "region", "assignee_kind", "due_date"]
    raw_id_fields = ["region", "meeting", "decree", "assignee_agency", "assignee_region", "subject_region",
                     "subject_cooperative", "corrects"]  # fmt: skip


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "scope_code", "due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["decision", "unit", "agency", "subject_region", "subject_cooperative"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(admin.ModelAdmin):
    list_display = ["item", "date", "status", "author"]
    raw_id_fields = ["item", "author"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "scope_code", "uploaded_at"]
    raw_id_fields = ["decree", "meeting", "update", "uploaded_by"]

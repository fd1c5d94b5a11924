from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kopdes.helpdesk.models import Article, Attachment, Consultation, Contact, Message, TopicSetting


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["id", "title", "topic", "village", "status", "due_date", "answered_on_time"]
    list_filter = ["status", "topic", "responder"]
    search_fields = ["title", "village__code", "village__name"]
    raw_id_fields = ["village", "cooperative", "asker", "refers_to"]


@admin.register(Message)
class MessageAdmin(SimpleHistoryAdmin):
    list_display = ["consultation", "kind", "author_name", "created_at"]
    raw_id_fields = ["consultation", "author"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "consultation", "content_type", "size"]
    raw_id_fields = ["consultation", "message", "uploaded_by"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "topic", "published_at", "withdrawn_at"]
    raw_id_fields = ["consultation", "reviewed_by"]


@admin.register(TopicSetting)
class TopicSettingAdmin(SimpleHistoryAdmin):
    list_display = ["regency", "topic", "responder", "target_days"]
    raw_id_fields = ["regency"]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "phone"]
    raw_id_fields = ["region"]

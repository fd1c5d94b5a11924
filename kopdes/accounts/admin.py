from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from kopdes.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "region", "cooperative", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    raw_id_fields = ["region", "cooperative"]
    filter_horizontal = ["assigned_cooperatives"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Kopdes", {"fields": ["role", "region", "cooperative", "assigned_cooperatives"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kopdes.finance.models import Application, FinancingRule, Partner, Partnership


@admin.register(FinancingRule)
class FinancingRuleAdmin(SimpleHistoryAdmin):
    list_display = ["key", "value", "text", "legal_source"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    raw_id_fields = ["account_user"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["cooperative", "partner", "kind", "status"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["cooperative"]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["cooperative", "bank", "amount_rp", "status"]
    list_filter = ["status"]
    raw_id_fields = ["cooperative"]

"""The books' settings tables in the admin: the collectability bands of member loans (one table for every
cooperative, changed here when the rules change) and the cooperatives' loan products."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kopdes.books.models import CollectabilityBand, LoanProduct


@admin.register(CollectabilityBand)
class CollectabilityBandAdmin(SimpleHistoryAdmin):
    list_display = ["code", "min_days", "max_days", "legal_source"]


@admin.register(LoanProduct)
class LoanProductAdmin(SimpleHistoryAdmin):
    list_display = ["cooperative", "name", "rate_bp", "method", "min_tenor", "max_tenor", "max_amount_rp", "active"]
    list_filter = ["method", "active"]
    raw_id_fields = ["cooperative"]

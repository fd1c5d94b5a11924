from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "kopdes.finance"
    label = "finance"
    verbose_name = _("kemitraan dan pembiayaan")

    def ready(self):
        from kopdes.finance import blocks

        blocks.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "kopdes.reporting"
    label = "reporting"
    verbose_name = _("laporan berkala")

    def ready(self):
        from kopdes.reporting import blocks

        blocks.register()

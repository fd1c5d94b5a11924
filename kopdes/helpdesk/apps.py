from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "kopdes.helpdesk"
    label = "helpdesk"
    verbose_name = _("layanan konsultasi")

    def ready(self):
        from kopdes.helpdesk import blocks

        blocks.register()

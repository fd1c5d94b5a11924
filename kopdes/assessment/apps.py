from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "kopdes.assessment"
    label = "assessment"
    verbose_name = _("penilaian keaktifan koperasi")

    def ready(self):
        from kopdes.assessment import blocks, signals

        blocks.register()
        signals.connect()

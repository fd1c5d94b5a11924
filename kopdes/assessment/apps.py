from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "kopdes.assessment"
    label = "assessment"
    verbose_name = _("penilaian keaktifan koperasi")

    def ready(self):
        from kopdes.assessment import blocks, signals
        from kopdes.assessment.selectors import pendamping_visits
        from kopdes.reporting.selectors import pendamping_source_register

        blocks.register()
        signals.connect()
        pendamping_source_register(pendamping_visits)  # a pendamping's report counts their visits

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "kopdes.training"
    label = "training"
    verbose_name = _("pelatihan")

    def ready(self):
        from kopdes.training import blocks

        blocks.register()

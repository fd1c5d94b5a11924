from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormationConfig(AppConfig):
    name = "kopdes.formation"
    label = "formation"
    verbose_name = _("formation")

    def ready(self):
        from kopdes.formation import blocks

        blocks.register()

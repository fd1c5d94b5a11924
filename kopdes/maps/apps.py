from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "kopdes.maps"
    label = "maps"
    verbose_name = _("peta")

    def ready(self):
        from kopdes.maps import blocks

        blocks.register()

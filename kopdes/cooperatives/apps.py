from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "kopdes.cooperatives"
    label = "cooperatives"
    verbose_name = _("cooperatives")

    def ready(self):
        from kopdes.cooperatives import panels

        panels.register()

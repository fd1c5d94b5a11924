from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "kopdes.cooperatives"
    label = "cooperatives"
    verbose_name = _("koperasi")

    def ready(self):
        from kopdes.cooperatives import panels

        panels.register()

        from kopdes.core import registry

        registry.menu_items.register(
            registry.MenuItem(
                key="cooperatives",
                label=_("Koperasi"),
                url=lambda user: reverse("cooperatives:cooperative_list"),
                order=20,
            )
        )

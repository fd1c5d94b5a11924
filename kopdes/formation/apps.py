from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class FormationConfig(AppConfig):
    name = "kopdes.formation"
    label = "formation"
    verbose_name = _("pembentukan")

    def ready(self):
        from kopdes.formation import blocks

        blocks.register()

        from kopdes.core import registry
        from kopdes.core.scoping import region_user

        registry.menu_items.register(
            registry.MenuItem(
                key="targets",
                label=_("Target"),
                url=lambda user: reverse("formation:target_list"),
                visible=region_user,
                order=30,
            )
        )

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _may_import(user) -> bool:
    from kopdes.core import registry

    return any(importer.may_import(user) for importer in registry.importers)


class CoreConfig(AppConfig):
    name = "kopdes.core"
    label = "core"

    def ready(self):
        from kopdes.core import registry

        registry.menu_items.register(
            registry.MenuItem(
                key="imports",
                label=_("Impor"),
                url=lambda user: reverse("core:import_record_list"),
                visible=_may_import,
                order=90,
            )
        )

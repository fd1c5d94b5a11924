from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "kopdes.mapping"
    label = "mapping"
    verbose_name = _("potensi desa dan BUMDes")

    def ready(self):
        from kopdes.core import registry
        from kopdes.mapping.importers import BumdesImporter, PotentialsImporter

        registry.importer_register(PotentialsImporter())
        registry.importer_register(BumdesImporter())

        from kopdes.mapping import panels

        panels.register()

        from kopdes.mapping.api import OverlapCountsOut
        from kopdes.mapping.selectors import overlap_counts

        registry.progress_blocks.register(
            registry.ProgressBlock(
                key="overlaps",
                build=lambda region, document: overlap_counts(region=region),
                schema=OverlapCountsOut,
                template="mapping/panels/overlaps.html",
                order=40,
            )
        )

        from kopdes.core import registry
        from kopdes.core.scoping import region_user

        registry.menu_items.register(
            registry.MenuItem(
                key="mapping",
                label=_("Potensi & BUMDes"),
                url=lambda user: reverse("mapping:regency_view"),
                visible=region_user,
                order=40,
            )
        )

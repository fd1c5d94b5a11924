from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "kopdes.mapping"
    label = "mapping"
    verbose_name = _("mapping")

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

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "kopdes.mapping"
    label = "mapping"
    verbose_name = _("mapping")

    def ready(self):
        from kopdes.core import registry
        from kopdes.mapping.io import BUMDES_IMPORT_KIND, POTENTIALS_IMPORT_KIND

        registry.importer_kinds.register(registry.ImporterKind(POTENTIALS_IMPORT_KIND, _("Potensi desa")))
        registry.importer_kinds.register(registry.ImporterKind(BUMDES_IMPORT_KIND, _("BUMDes dan unit usahanya")))

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

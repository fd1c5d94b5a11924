from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "kopdes.exchange"
    label = "exchange"
    verbose_name = _("exchange")

    def ready(self):
        from kopdes.core import registry
        from kopdes.exchange.importers import SimkopdesImporter

        registry.importer_register(SimkopdesImporter())

        from kopdes.exchange.api import NationalOut
        from kopdes.exchange.selectors import national_summary

        registry.progress_blocks.register(
            registry.ProgressBlock(
                key="national",
                build=lambda region, document: national_summary(region=region),
                schema=NationalOut,
                optional=True,
                template="exchange/panels/national.html",
                order=30,
            )
        )

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "kopdes.exchange"
    label = "exchange"
    verbose_name = _("pertukaran data SIMKOPDES")

    def ready(self):
        from kopdes.core import registry
        from kopdes.exchange.importers import SimkopdesImporter

        registry.importer_register(SimkopdesImporter())

        from kopdes.exchange import panels

        panels.register()

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

        from kopdes.core import registry
        from kopdes.core.scoping import region_user

        registry.menu_items.register(
            registry.MenuItem(
                key="simkopdes",
                label="SIMKOPDES",
                url=lambda user: reverse("exchange:comparison", args=[user.home_code]),
                visible=region_user,
                order=50,
            )
        )

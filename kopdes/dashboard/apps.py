from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "kopdes.dashboard"
    label = "dashboard"
    verbose_name = _("dasbor")

    def ready(self):
        from kopdes.core import registry
        from kopdes.dashboard import selectors  # noqa: F401  (registers the roll-up builders the worker rebuilds)

        registry.menu_items.register(
            registry.MenuItem(
                key="dashboard", label=_("Dasbor"), url=lambda user: reverse("dashboard:dashboard"), order=10
            )
        )

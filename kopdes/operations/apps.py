from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running Kopdes for real: backups and restores, the background worker that recovers lost tasks, the read
    replica router, the access log of full NIK displays and a cooperative's own data archive (UU PDP 27/2022)."""

    name = "kopdes.operations"
    label = "operations"
    verbose_name = _("operasional")

    def ready(self):
        from kopdes.operations import dbrouter, panels, privacy

        privacy.connect()
        dbrouter.connect()
        panels.register()

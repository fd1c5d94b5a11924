from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforceConfig(AppConfig):
    name = "kopdes.taskforce"
    label = "taskforce"
    verbose_name = _("Satgas")

    def ready(self):
        from kopdes.taskforce import blocks

        blocks.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "kopdes.exchange"
    label = "exchange"
    verbose_name = _("exchange")

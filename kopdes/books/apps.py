from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BooksConfig(AppConfig):
    name = "kopdes.books"
    label = "books"
    verbose_name = _("pembukuan koperasi")

    def ready(self):
        from kopdes.books import blocks, receivers
        from kopdes.cooperatives.signals import financing_event

        blocks.register()
        financing_event.connect(receivers.on_financing_event, dispatch_uid="books.financing_event")

"""What the books register at the hubs (see `kopdes.core.registry`): the "books" block of the progress document
with its region-page panel, the cooperative panel (members, simpanan, last sales, latest statement), the members'
and settings' history on the cooperative page, the import of existing books, and the menu entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kopdes.core import registry


def register() -> None:
    from kopdes.books import panels
    from kopdes.books.api import BooksBlockOut
    from kopdes.books.importers import BooksMembersImporter, BooksSalesImporter
    from kopdes.books.models import Member
    from kopdes.books.selectors import books_block

    registry.progress_blocks.register(
        registry.ProgressBlock(
            key="books",
            build=lambda region, document: books_block(region=region),
            schema=BooksBlockOut,
            template="books/panels/books.html",
            order=55,
        )
    )
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="books", template="books/panels/cooperative.html", context=panels.cooperative, order=55
        )
    )
    registry.cooperative_history.register(
        registry.HistorySource(
            key="books",
            label=_("Anggota koperasi"),
            rows=lambda cooperative_id: Member.history.filter(cooperative_id=cooperative_id),
            order=55,
        )
    )
    registry.importer_register(BooksMembersImporter())
    registry.importer_register(BooksSalesImporter())
    registry.menu_items.register(
        registry.MenuItem(key="books", label=_("Pembukuan"), url=lambda user: reverse("books:home"), order=47)
    )

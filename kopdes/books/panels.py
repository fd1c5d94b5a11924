"""The books panel of the cooperative page: members, simpanan, the last sales day and the latest statement."""

from __future__ import annotations

from kopdes.accounts.choices import Capability
from kopdes.books.selectors import cooperative_books
from kopdes.core.scoping import user_can


def cooperative(request, cooperative, forms: dict) -> dict:
    return {
        "books": cooperative_books(cooperative=cooperative),
        "books_keeper": user_can(request.user, Capability.KEEP_BOOKS),
        "books_cooperative": cooperative,
    }

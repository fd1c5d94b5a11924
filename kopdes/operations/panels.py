"""What operations registers: the cooperative page's "Data pribadi" panel (the archive download, who has seen the
board's full NIKs lately) and the menu entry of the NIK access log."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kopdes.accounts.choices import Capability
from kopdes.core import registry
from kopdes.core.scoping import user_can

RECENT = 5


def may_archive(user) -> bool:
    return user_can(user, Capability.EDIT_COOPERATIVE) or user_can(user, Capability.AUDIT_PERSONAL_DATA)


def cooperative_panel(request, cooperative, forms) -> dict:
    from kopdes.operations.models import NikView

    user = request.user
    audit = user_can(user, Capability.AUDIT_PERSONAL_DATA)
    recent = list(NikView.objects.for_user(user).filter(cooperative_id=cooperative.pk)[:RECENT]) if audit else []
    return {"privacy": {"may_archive": may_archive(user), "audit": audit, "recent": recent}}


def register() -> None:
    registry.cooperative_panels.register(
        registry.CooperativePanel(
            key="operations", template="operations/panels/cooperative.html", context=cooperative_panel, order=190
        )
    )
    registry.menu_items.register(
        registry.MenuItem(
            key="operations_nik_log",
            label=_("Log akses NIK"),
            url=lambda user: reverse("operations:nik_log"),
            visible=lambda user: user_can(user, Capability.AUDIT_PERSONAL_DATA),
            order=190,
        )
    )

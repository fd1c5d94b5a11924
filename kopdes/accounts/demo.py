"""The demo's history user: every row the demo steps write is recorded under this inactive account, so the history
pages say who loaded it. The logins to try the system come with the cooperatives they belong to
(`formation/demo.py`), since a pengurus login needs its cooperative."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from kopdes.accounts.choices import Role
from kopdes.accounts.models import User
from kopdes.core.devtools import DemoContext

HISTORY_USERNAME = "demo.loader"


def load(context: DemoContext) -> None:
    context.actor, created = User.objects.get_or_create(
        username=HISTORY_USERNAME,
        defaults={
            "first_name": "Pemuat data demo",
            "role": Role.PIMPINAN,
            "is_active": False,
            "password": make_password(None),
        },
    )
    context.counts["history_users_created"] += created

"""Benchmark step of accounts: the national admin whose session the page and API measures use."""

from __future__ import annotations

from kopdes.accounts.choices import Role
from kopdes.accounts.models import User
from kopdes.core.devtools import BenchContext, Row


def generate(context: BenchContext) -> list[Row]:
    context.user, _ = User.objects.get_or_create(username="bench.nasional", defaults={"role": Role.ADMIN})
    return []

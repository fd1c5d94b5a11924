"""Writes for accounts."""

from __future__ import annotations

from django.db import transaction

from kopdes.accounts.models import ApiToken, User


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for `user`. Returns the token row and the plaintext key, which is shown to the user once:
    only its sha256 is stored, so a leaked database does not leak working keys. The prefix (first 8 characters)
    lets people tell their tokens apart in lists."""
    key = ApiToken.generate()
    token = ApiToken(user=user, name=name.strip(), key_hash=ApiToken.hash(key), prefix=key[:8])
    token.full_clean()
    token.save()
    return token, key

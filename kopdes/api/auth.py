"""API authentication: the browser session (with CSRF) or a bearer token (`Authorization: Bearer kd_...`)."""

from django.utils import timezone
from ninja.security import APIKeyHeader, SessionAuth

from kopdes.accounts.models import ApiToken


class BearerToken(APIKeyHeader):
    param_name = "Authorization"

    def authenticate(self, request, key):
        if not key:
            return None
        scheme, _, token = key.partition(" ")
        if scheme.lower() not in ("bearer", "token") or not token:
            return None
        api_token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(token.strip())).first()
        if api_token is None or not api_token.user.is_active:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


AUTH = [SessionAuth(), BearerToken()]

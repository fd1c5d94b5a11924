"""API authentication: a bearer token (`Authorization: Bearer kd_...`) or the browser session (with CSRF).

The token is tried first. Browsers never attach an Authorization header on their own, so a request that carries a
valid token cannot be a forged cross-site request and needs no CSRF token; a request that relies on the session
cookie keeps Django's CSRF check. (With the session first, django-ninja's CSRF check stopped every token write with
403 before the token was looked at.)"""

from django.utils import timezone
from ninja.errors import Throttled
from ninja.security import APIKeyHeader, SessionAuth

from kopdes.accounts.models import ApiToken
from kopdes.accounts.throttling import token_failure_record, token_lockout_seconds


class BearerToken(APIKeyHeader):
    param_name = "Authorization"

    def authenticate(self, request, key):
        if not key:
            return None
        scheme, _, token = key.partition(" ")
        token = token.strip()
        if scheme.lower() not in ("bearer", "token") or not token:
            return None
        wait = token_lockout_seconds(request)
        if wait is not None:
            raise Throttled(wait=wait)
        api_token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(token)).first()
        if api_token is None or not api_token.user.is_active:
            token_failure_record(request)
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


class BrowserSession(SessionAuth):
    """The signed-in browser session, with the CSRF check for writes. Without a signed-in user there is nothing to
    forge, so the request goes on to answer 401 rather than a misleading CSRF 403."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


AUTH = [BearerToken(), BrowserSession()]

"""API tokens: shown once, stored as a hash, and accepted as `Authorization: Bearer <key>` within the user's scope."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from kopdes.accounts.models import ApiToken
from kopdes.accounts.services import api_token_create


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_only_the_hash_is_stored(kukar_officer):
    token, key = api_token_create(user=kukar_officer, name="dasbor provinsi")
    token.refresh_from_db()
    assert key.startswith("kd_") and len(key) > 40
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    assert key not in {token.key_hash, token.prefix, token.name}


def test_token_authenticates_the_api_in_scope(client, kukar_officer):
    token, key = api_token_create(user=kukar_officer, name="dasbor")
    response = client.get("/api/v1/progress/64.02", **bearer(key))
    assert response.status_code == 200, response.content
    assert response.json()["region"]["code"] == "64.02"
    token.refresh_from_db()
    assert token.last_used_at is not None
    # The token carries the user's scope: Paser is outside it.
    assert client.get("/api/v1/progress/64.01", **bearer(key)).status_code == 404


@pytest.mark.parametrize(
    "header",
    ["Bearer kd_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz"],
)
def test_wrong_token_is_401(client, kukar_officer, header):
    api_token_create(user=kukar_officer, name="dasbor")
    response = client.get("/api/v1/progress/64.02", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_token_of_inactive_user_is_401(client, kukar_officer):
    _token, key = api_token_create(user=kukar_officer, name="dasbor")
    kukar_officer.is_active = False
    kukar_officer.save(update_fields=["is_active"])
    assert client.get("/api/v1/progress/64.02", **bearer(key)).status_code == 401


def test_command_prints_the_key_once(client, kukar_officer):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "dinkop.kukar", "--name", "cli", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=kukar_officer)
    assert token.key_hash == ApiToken.hash(key) and token.name == "cli"
    assert key not in err.getvalue()
    assert client.get("/api/v1/progress/64.02", **bearer(key)).status_code == 200


def test_command_refuses_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("create_api_token", "tidak.ada", stdout=io.StringIO(), stderr=io.StringIO())

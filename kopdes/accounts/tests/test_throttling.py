"""Failed sign-ins are throttled by account and by address (django-axes), with an Indonesian message, a cool-off
(KOPDES_LOGIN_COOLOFF_MINUTES) and a log line; unknown API tokens from one address get 429 after
KOPDES_TOKEN_FAILURE_LIMIT."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client, override_settings

from kopdes.accounts.services import api_token_create

PASSWORD = "rahasia-demo-123"  # kopdes.tests.factories.UserFactory
LOGIN = "/akun/masuk/"


def _login(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _after_cool_off():
    """Move every recorded attempt back beyond the cool-off, as if that much time had passed."""
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(minutes=settings.KOPDES_LOGIN_COOLOFF_MINUTES, seconds=1)
    )


def test_fifty_wrong_passwords_lock_the_account_until_the_cool_off(client, kukar_officer, caplog):
    caplog.set_level(logging.WARNING)
    for _ in range(50):
        response = _login(client, "dinkop.kukar", "salah-terus")
        assert response.status_code in (200, 429)
    locked = _login(client, "dinkop.kukar", PASSWORD)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in text
    assert f"{settings.KOPDES_LOGIN_COOLOFF_MINUTES} menit" in text
    assert "_auth_user_id" not in client.session
    assert any(r.name.startswith("axes") and "dinkop.kukar" in r.getMessage() for r in caplog.records)

    _after_cool_off()
    response = _login(client, "dinkop.kukar", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(kukar_officer.pk)


def test_the_account_is_locked_from_any_address(kukar_officer):
    for _ in range(settings.KOPDES_LOGIN_FAILURE_LIMIT):
        _login(Client(), "dinkop.kukar", "salah", address="203.0.113.7")
    assert _login(Client(), "dinkop.kukar", PASSWORD, address="198.51.100.9").status_code == 429


def test_one_address_trying_many_accounts_is_locked(kukar_officer, paser_officer):
    for number in range(settings.KOPDES_LOGIN_FAILURE_LIMIT):
        _login(Client(), f"tebakan{number}", "salah", address="203.0.113.7")
    assert _login(Client(), "dinkop.paser", PASSWORD, address="203.0.113.7").status_code == 429
    # Another address, and the account itself, are not affected.
    assert _login(Client(), "dinkop.paser", PASSWORD, address="198.51.100.9").status_code == 302


def test_a_few_typos_do_not_lock(client, kukar_officer):
    for _ in range(settings.KOPDES_LOGIN_FAILURE_LIMIT - 1):
        assert _login(client, "dinkop.kukar", "typo").status_code == 200
    assert _login(client, "dinkop.kukar", PASSWORD).status_code == 302


@override_settings(KOPDES_TOKEN_FAILURE_LIMIT=5)
def test_unknown_tokens_from_one_address_get_429_then_recover(client, kukar_officer, caplog):
    caplog.set_level(logging.INFO, logger="kopdes.security")
    _token, key = api_token_create(user=kukar_officer, name="dasbor")
    for number in range(5):
        response = client.get("/api/v1/cooperatives", HTTP_AUTHORIZATION=f"Bearer kd_guess{number}")
        assert response.status_code == 401
    refused = client.get("/api/v1/cooperatives", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert refused.status_code == 429
    assert set(refused.json()) == {"detail", "errors"}
    assert 0 < int(refused["Retry-After"]) <= settings.KOPDES_LOGIN_COOLOFF_MINUTES * 60
    assert any("API token lockout" in r.getMessage() for r in caplog.records)
    # Another address is not affected.
    assert (
        client.get("/api/v1/cooperatives", HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR="10.0.0.9").status_code
        == 200
    )


@pytest.mark.parametrize("proxies", [0, 1])
def test_the_address_comes_from_remote_addr_unless_behind_trusted_proxies(rf, proxies):
    from kopdes.core.security import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    with override_settings(KOPDES_TRUSTED_PROXIES=proxies):
        assert client_ip(request) == ("203.0.113.7" if proxies else "127.0.0.1")

"""Sessions end after a working day (KOPDES_SESSION_HOURS), and changing the password signs out every other
session of the account."""

import pytest
from django.conf import settings
from django.test import Client

PASSWORD = "rahasia-demo-123"  # kopdes.tests.factories.UserFactory
NEW_PASSWORD = "Pohon-ulin-tumbuh-lambat-42"


def _signed_in(username: str, address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/akun/masuk/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_session_lasts_less_than_two_weeks(kukar_officer):
    client = Client()
    response = client.post("/akun/masuk/", {"username": "dinkop.kukar", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE <= 24 * 3600 < 14 * 24 * 3600


def test_password_change_signs_out_the_other_sessions(kukar_officer):
    office = _signed_in("dinkop.kukar", "203.0.113.7")
    forgotten = _signed_in("dinkop.kukar", "198.51.100.9")
    assert forgotten.get("/koperasi/").status_code == 200

    page = office.get("/akun/sandi/")
    assert page.status_code == 200 and "Ganti kata sandi" in page.content.decode()
    response = office.post(
        "/akun/sandi/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302

    assert office.get("/koperasi/").status_code == 200  # this session stays
    signed_out = forgotten.get("/koperasi/")
    assert signed_out.status_code == 302 and signed_out["Location"].startswith("/akun/masuk/")
    assert forgotten.get("/api/v1/cooperatives").status_code == 401
    kukar_officer.refresh_from_db()
    assert kukar_officer.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("old", ["salah", ""])
def test_password_change_needs_the_current_password(kukar_officer, old):
    client = _signed_in("dinkop.kukar", "203.0.113.7")
    response = client.post(
        "/akun/sandi/", {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    kukar_officer.refresh_from_db()
    assert kukar_officer.check_password(PASSWORD)

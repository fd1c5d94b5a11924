"""Site-wide headers and the refused-request log (kopdes/core/security.py, settings)."""

import importlib
import logging

import pytest
from django.test import override_settings

from kopdes.accounts.services import api_token_create


def test_pages_carry_a_strict_content_security_policy(client, kukar_officer):
    client.force_login(kukar_officer)
    policy = client.get("/koperasi/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_carry_a_permissions_policy(client):
    header = client.get("/akun/masuk/")["Permissions-Policy"]
    assert "camera=()" in header and "geolocation=()" in header and "microphone=()" in header


def test_refused_requests_are_logged_as_one_line_each(client_for, bupati, paser_officer, kukar_coop, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    client_for(bupati).get(f"/koperasi/{kukar_coop.pk}/ubah/")
    client_for(paser_officer).get(f"/koperasi/{kukar_coop.pk}/")
    client_for(paser_officer).get(f"/api/v1/cooperatives/{kukar_coop.pk}")
    records = [r for r in caplog.records if r.name == "django.request"]
    lines = [r.getMessage() for r in records]
    assert len(lines) == 3, lines
    forbidden, not_found, api_not_found = lines
    assert forbidden.startswith(f"403 GET /koperasi/{kukar_coop.pk}/ubah/ user=bupati.kukar ip=127.0.0.1")
    assert not_found.startswith(f"404 GET /koperasi/{kukar_coop.pk}/ user=dinkop.paser ip=127.0.0.1")
    assert api_not_found.startswith(f"404 GET /api/v1/cooperatives/{kukar_coop.pk} user=dinkop.paser")
    assert all("\n" not in line for line in lines)
    assert all(r.exc_info is None for r in records)


@pytest.mark.parametrize("path", ["/api/v1/docs", "/api/v1/openapi.json"])
def test_api_docs_only_for_signed_in_users_in_production(client, kukar_officer, path):
    with override_settings(KOPDES_API_DOCS_PUBLIC=False):
        anonymous = client.get(path)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/akun/masuk/")
        _token, key = api_token_create(user=kukar_officer, name="integrasi")
        assert client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
        client.force_login(kukar_officer)
        assert client.get(path).status_code == 200


def test_production_settings_hide_the_api_docs(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "test-only-production-settings-import-0123456789abcdef")
    monkeypatch.delenv("KOPDES_API_DOCS_PUBLIC", raising=False)
    production = importlib.import_module("config.settings.production")
    assert production.KOPDES_API_DOCS_PUBLIC is False
    assert production.SESSION_COOKIE_AGE < 14 * 24 * 3600


def test_the_refused_request_line_is_written_once_even_with_two_filters(rf, caplog):
    import django.utils.log
    from django.http import HttpResponseNotFound

    from kopdes.core.security import RefusedRequestLine

    logger = logging.getLogger("django.request")
    extra = RefusedRequestLine()
    logger.addFilter(extra)  # as when logging is configured a second time
    try:
        request = rf.get("/koperasi/12/")
        request.user = None
        response = HttpResponseNotFound()
        with caplog.at_level(logging.WARNING, logger="django.request"):
            django.utils.log.log_response("Not Found: %s", request.path, request=request, response=response)
    finally:
        logger.removeFilter(extra)
    (line,) = [r.getMessage() for r in caplog.records]
    assert line == "404 GET /koperasi/12/ user=- ip=127.0.0.1 (Not Found)"

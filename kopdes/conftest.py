"""Session-wide test data: the real Kemendagri regions of Kalimantan Timur (province 64), loaded once, and the
personas of STYLE.md rule 11."""

import pytest

from kopdes.tests.factories import cooperative, persona


def _serial_live_server_on_sqlite() -> None:
    """On SQLite's in-memory test database every thread of the live server shares the test's one connection; a
    page and the requests it fires at once (the map's GeoJSON, htmx panels) then wait on each other's locks for
    ever. There the live server still reads requests on many threads (a browser's idle preconnections must not
    block the others) but runs the application for one request at a time, its whole answer produced inside the
    lock. PostgreSQL keeps the plain threaded server, one connection per thread."""
    import threading

    from django.conf import settings
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return

    class OneAtATimeWSGIServer(ThreadedWSGIServer):
        def set_app(self, application):
            lock = threading.Lock()

            def one_at_a_time(environ, start_response):
                with lock:
                    result = application(environ, start_response)
                    try:
                        return list(result)
                    finally:
                        close = getattr(result, "close", None)
                        if close:
                            close()

            super().set_app(one_at_a_time)

    LiveServerThread.server_class = OneAtATimeWSGIServer


def pytest_configure(config):
    _serial_live_server_on_sqlite()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from kopdes.regions.services import regions_load

    with django_db_blocker.unblock():
        regions_load(provinces=["64"])


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache holds the API token throttle's counters: each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def national_admin(db):
    return persona("national")


@pytest.fixture
def kukar_officer(db):
    return persona("kukar")


@pytest.fixture
def paser_officer(db):
    return persona("paser")


@pytest.fixture
def camat(db):
    """Camat of Muara Muntai (64.02.01), the kecamatan of the Kukar cooperative."""
    return persona("camat")


@pytest.fixture
def bupati(db):
    """The read-only leader (pimpinan) of Kukar."""
    return persona("bupati")


@pytest.fixture
def kepala_desa(db):
    """Kepala desa of Perian (64.02.01.2001), the village of the Kukar cooperative."""
    return persona("kades")


@pytest.fixture
def dpmd(db):
    """DPMD of Kukar."""
    return persona("dpmd")


@pytest.fixture
def kukar_coop(db):
    from kopdes.tests.factories import KUKAR_VILLAGE

    return cooperative(KUKAR_VILLAGE)


@pytest.fixture
def paser_coop(db):
    from kopdes.tests.factories import PASER_VILLAGE

    return cooperative(PASER_VILLAGE)


@pytest.fixture
def pengurus(db, kukar_coop):
    return persona("pengurus", cooperative=kukar_coop)


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def browser_page(live_server):
    """A Playwright page in Debian's chromium, against the live server (never a downloaded browser).

    live_server tests run in transactions that are flushed afterwards, which also removes the session's regions;
    they are loaded again after the flush (see pytest_runtest_teardown) so the tests after this one find them."""
    import os
    import pathlib

    if not pathlib.Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    page = browser.new_page(locale="id-ID")
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    try:
        yield page
    finally:
        browser.close()
        # While Playwright runs, the test body's database connections belong to its event-loop context; close them
        # there, or PostgreSQL keeps a session that stops the test database from being dropped.
        from django.db import connections

        connections.close_all()
        playwright.stop()


def browser_login(page, username: str, password: str) -> None:
    page.goto(f"{page.base_url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    names = getattr(item, "fixturenames", ())
    return transactional or "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has flushed the database (its fixtures are finalised by now), load the session's
    regions again."""
    yield
    # After the last test the session's fixtures, test database included, are already gone.
    if nextitem is not None and _flushes_database(item):
        from pytest_django.plugin import blocking_manager_key

        from kopdes.regions.services import regions_load

        with item.config.stash[blocking_manager_key].unblock():
            regions_load(provinces=["64"])

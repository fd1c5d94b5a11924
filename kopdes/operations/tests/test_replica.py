"""The read-replica router: read-heavy GETs read from `replica` (a mirror of the test database here), writes and the
primary-only tables (sessions, tasks, export jobs, the access log) use the primary; off unless configured."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from kopdes.operations.dbrouter import ReplicaRouter, reads_from_replica

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def _queries(alias, call):
    with CaptureQueriesContext(connections[alias]) as captured:
        response = call()
    return response, [q["sql"] for q in captured.captured_queries]


@override_settings(KOPDES_READ_REPLICA=True)
def test_the_dashboard_reads_from_the_replica_and_the_session_from_the_primary(client_for, kukar_officer, kukar_coop):
    client = client_for(kukar_officer)
    response, replica = _queries("replica", lambda: client.get(reverse("cooperatives:cooperative_list")))
    assert response.status_code == 200
    assert any("cooperatives_cooperative" in sql for sql in replica)
    assert not any("django_session" in sql for sql in replica)


@override_settings(KOPDES_READ_REPLICA=True)
def test_a_post_and_an_unlisted_page_use_the_primary(client_for, kukar_officer):
    client = client_for(kukar_officer)
    _, replica = _queries("replica", lambda: client.post(reverse("cooperatives:cooperative_list")))
    assert replica == []
    _, replica = _queries("replica", lambda: client.get(reverse("operations:nik_log")))
    assert replica == []


def test_without_a_replica_nothing_is_routed(client_for, kukar_officer):
    client = client_for(kukar_officer)
    _, replica = _queries("replica", lambda: client.get(reverse("cooperatives:cooperative_list")))
    assert replica == []


def test_the_rules():
    assert reads_from_replica("GET", "/") and reads_from_replica("GET", "/api/v1/progress/64.02")
    assert not reads_from_replica("POST", "/api/v1/cooperatives") and not reads_from_replica("GET", "/akun/masuk/")
    router = ReplicaRouter()
    assert router.db_for_write(object) == "default"
    assert router.allow_migrate("replica", "cooperatives") is False

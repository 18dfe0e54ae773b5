"""Reports, dashboards and the public portal read from the replica when one is set;
writes, and every read after a write in the same request, go to the primary. The
replica is Django's test mirror of the primary (``TEST["MIRROR"]``)."""

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from goumai.core.replica import ReplicaRouter, reads_from_replica, replica_reads
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_on(settings, map_loaded):
    settings.GOUMAI_READ_REPLICA = True


def on(alias):
    return CaptureQueriesContext(connections[alias])


def test_a_report_page_reads_from_the_replica(replica_on, client, county_user):
    client.force_login(county_user)
    with on("replica") as replica, on("default") as primary:
        assert client.get("/projects/evaluations/").status_code == 200
    assert any("evaluation" in q["sql"] for q in replica.captured_queries)
    assert not any("evaluation_evaluation" in q["sql"] for q in primary.captured_queries)


@pytest.mark.parametrize(
    ("path", "table"),
    [
        ("/api/v1/projects/dashboard", "projects_projectsummary"),
        ("/api/v1/evaluation/summary", "evaluation_evaluation"),
    ],
)
def test_the_report_endpoints_read_from_the_replica(replica_on, client, county_user, path, table):
    client.force_login(county_user)
    with on("replica") as replica, on("default") as primary:
        assert client.get(path).status_code == 200
    assert any(table in q["sql"] for q in replica.captured_queries)
    assert not any(table in q["sql"] for q in primary.captured_queries)
    # who is asking is read from the primary: a token issued a moment ago is there
    assert any("django_session" in q["sql"] for q in primary.captured_queries)


def test_the_public_portal_reads_from_the_replica(replica_on, client):
    with on("replica") as replica:
        assert client.get("/public/counties/").status_code == 200
    assert replica.captured_queries


def test_without_a_replica_everything_stays_on_the_primary(
    settings, map_loaded, client, county_user
):
    settings.GOUMAI_READ_REPLICA = False
    client.force_login(county_user)
    with on("replica") as replica:
        client.get("/projects/evaluations/")
        client.get("/public/counties/")
    assert replica.captured_queries == []


def test_an_ordinary_page_reads_the_primary(replica_on, client, town_user):
    client.force_login(town_user)
    with on("replica") as replica:
        assert client.get("/budgets/").status_code == 200
    assert replica.captured_queries == []


def test_after_a_write_every_read_goes_to_the_primary(replica_on):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Region) == "replica"
        region = Region.objects.get(code="510131")
        region.save(update_fields=["name"])  # a write …
        assert router.db_for_read(Region) is None  # … and the reads follow it
        with on("replica") as replica:
            Region.objects.get(code="510131")
        assert replica.captured_queries == []
    assert router.db_for_read(Region) is None  # outside: the primary


def test_only_safe_methods_opt_in(replica_on):
    @reads_from_replica
    def view(request):
        Region.objects.filter(code="510131").exists()
        return HttpResponse("ok")

    for method, expected in (("get", True), ("head", True), ("post", False)):
        with on("replica") as replica:
            view(getattr(RequestFactory(), method)("/"))
        assert bool(replica.captured_queries) is expected, method

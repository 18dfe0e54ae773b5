"""A read request writes nothing: no session row on every page (the idle timeout still
slides, ``core.middleware.SlidingSessionMiddleware``), no audit, no counter — on every
page and on every GET endpoint of the API a clerk uses."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goumai.conftest import PASSWORD
from goumai.contracts.tests.factories import sign
from goumai.procurement.tests.factories import awarded_project
from goumai.projects.models import Project
from goumai.projects.services import project_transition

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def writes(queries) -> list[str]:
    return [q["sql"][:120] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.fixture
def performing(town_user, township_a, make_user):
    approver = make_user("510131-finance", roles=("approver",))
    project = awarded_project(town_user, township_a, approver, amount="30000.00")
    sign(town_user, project)
    project_transition(
        actor=town_user, project=Project.objects.get(pk=project.pk), action="start_performance"
    )
    return Project.objects.get(pk=project.pk)


def test_no_page_writes_on_a_read(client, town_user, performing):
    client.force_login(town_user)
    client.get("/")  # the first request after logging in starts the timeout's clock
    contract = performing.contract
    pages = [
        "/",
        "/projects/",
        f"/projects/{performing.pk}/",
        f"/projects/{performing.pk}/evaluation/",
        "/budgets/",
        f"/budgets/{performing.budget_line_id}/",
        "/providers/",
        f"/providers/{contract.provider_id}/",
        "/providers/cultivation/",
        "/regions/",
        f"/regions/{performing.purchaser.region.code}/",
        "/catalog/",
        f"/catalog/county/{performing.purchaser.region.parent.code}/",
        "/audit/",
        f"/audit/projects.project/{performing.pk}/",
        "/accounts/org-units/",
        "/projects/disclosure/overdue/",
        "/projects/evaluations/",
    ]
    found = {}
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code == 200, page
        if writes(queries.captured_queries):
            found[page] = writes(queries.captured_queries)
    assert found == {}


def test_no_api_read_writes(client, town_user, performing):
    token = client.post(
        "/api/v1/auth/token",
        {"username": town_user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    client.get("/api/v1/me", headers=headers)  # a token's last use is noted once a minute
    document = client.get("/api/v1/openapi.json").json()
    ids = {"project_id": performing.pk, "code": performing.purchaser.region.code}
    found, called = {}, 0
    for path, operations in document["paths"].items():
        if "get" not in operations:
            continue
        url = path
        for name, value in ids.items():
            url = url.replace("{" + name + "}", str(value))
        if "{" in url or "export" in url or "ocds" in url:
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers=headers)
        called += 1
        assert response.status_code < 500, url
        if writes(queries.captured_queries):
            found[url] = writes(queries.captured_queries)
    assert found == {}
    assert called >= 15


def test_the_timeout_slides_with_a_write_only_when_due(client, town_user, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    settings.GOUMAI_SESSION_REFRESH_SECONDS = 180
    client.force_login(town_user)
    client.get("/")
    for minutes in (1, 2):  # within the refresh interval: nothing written
        time_machine.move_to(timezone.now() + timedelta(minutes=1), tick=False)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/projects/").status_code == 200
        assert writes(queries.captured_queries) == [], minutes
    time_machine.move_to(timezone.now() + timedelta(minutes=2), tick=False)  # 4 minutes on
    with CaptureQueriesContext(connection) as queries:
        client.get("/projects/")
    assert any("django_session" in sql for sql in writes(queries.captured_queries))
    # 29 minutes after that refresh the session is still alive …
    time_machine.move_to(timezone.now() + timedelta(minutes=29), tick=False)
    assert client.get("/projects/").status_code == 200
    # … and 31 idle minutes after the last refresh it is gone
    time_machine.move_to(timezone.now() + timedelta(minutes=31), tick=False)
    assert client.get("/projects/").status_code == 302

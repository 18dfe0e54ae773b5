"""A lean request path: a token request spends one query on who is asking
(the token with its user, unit and region: jurisdiction and roles need nothing more),
then only what the answer needs — a list page is three queries in all."""

import pytest

from goumai.conftest import PASSWORD
from goumai.projects.tests.factories import draft_project

pytestmark = pytest.mark.django_db


def test_a_list_page_costs_three_queries(client, town_user, township_a, django_assert_num_queries):
    for n in range(3):
        draft_project(town_user, township_a, title=f"居家养老服务{n}")
    token = client.post(
        "/api/v1/auth/token",
        {"username": town_user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    client.get("/api/v1/me", headers=headers)  # its last use is noted once a minute
    with django_assert_num_queries(
        3
    ):  # the token with its user; the rows; the total (from the summary)
        response = client.get("/api/v1/projects", headers=headers)
    assert len(response.json()["items"]) == 3
    with django_assert_num_queries(3):  # a keyset page: the same three
        page = client.get("/api/v1/projects", {"cursor": "999999", "limit": 1}, headers=headers)
    assert page.json()["next_cursor"] is not None


def test_an_approval_costs_its_gate_its_writes_and_its_answer(
    client, town_user, township_a, make_user, django_assert_max_num_queries
):
    from goumai.projects.services import project_transition

    approver = make_user("510131-finance", roles=("approver",))
    project = draft_project(town_user, township_a)
    project_transition(actor=town_user, project=project, action="submit")
    token = client.post(
        "/api/v1/auth/token",
        {"username": approver.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    client.get("/api/v1/me", headers=headers)
    # who asks, with roles, and reach (2); the locked project with its entry, item and
    # line, the county and the place names the gate screens (3); the line's items and
    # the locked line (2); the reservation in a savepoint (3) and its movement (1); the
    # project and its event (2); the audit append (3); the answer (3); the service's
    # own savepoint here, its transaction in production (2); the purchaser's clerks told
    # of the approval: who they are, who has the message already, the insert (3)
    with django_assert_max_num_queries(24):
        response = client.post(
            f"/api/v1/projects/{project.pk}/transitions/approve",
            {},
            content_type="application/json",
            headers=headers,
        )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"


def test_a_signed_in_page_learns_who_is_asking_in_one_query(client, county_user):
    # the session, then the user with unit, region and roles (accounts.backends): the
    # jurisdiction and every permission check need no more
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(county_user)
    client.get("/api/v1/me")  # the first request after a login may refresh the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/me")
    assert response.status_code == 200 and response.json()["username"] == county_user.username
    tables = [q["sql"] for q in queries.captured_queries]
    assert len(tables) == 2, tables
    assert "django_session" in tables[0]
    assert all(t in tables[1] for t in ("accounts_user", "accounts_orgunit", "regions_region"))
    assert "accounts_roleassignment" in tables[1]

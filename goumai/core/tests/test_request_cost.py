"""A lean request path (issue 13): a token request spends one query on who is asking
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
    with django_assert_num_queries(3):  # the token and its user; the rows; the capped count
        response = client.get("/api/v1/projects", headers=headers)
    assert len(response.json()["items"]) == 3
    with django_assert_num_queries(3):  # a keyset page: the same three
        page = client.get("/api/v1/projects", {"cursor": "999999", "limit": 1}, headers=headers)
    assert page.json()["next_cursor"] is not None

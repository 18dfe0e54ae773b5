"""Keyset paging of the project list: every row exactly once while projects are created
between pages; a capped count beyond 10,000; offsets still served; a bad cursor is a
clear 400."""

import pytest

from goumai.conftest import PASSWORD
from goumai.core import api as core_api
from goumai.projects.models import Project
from goumai.projects.tests.factories import draft_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(client, town_user):
    answer = client.post(
        "/api/v1/auth/token",
        {"username": town_user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()
    return {"Authorization": f"Bearer {answer['token']}"}


def test_every_row_once_while_rows_are_inserted(client, token, town_user, township_a):
    for n in range(7):
        draft_project(town_user, township_a, title=f"居家养老服务{n}")
    before = set(Project.objects.values_list("pk", flat=True))
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/projects", query, headers=token).json()
        seen += [row["id"] for row in page["items"]]
        pages += 1
        draft_project(
            town_user, township_a, title=f"翻页时登记的助餐服务{pages}"
        )  # newer than any seen
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(before) and len(seen) == len(set(seen))
    assert seen == sorted(seen, reverse=True)  # newest first, no gap, no repeat
    assert pages == 3  # 3 + 3 + 1


def test_the_last_full_page_has_no_next_cursor(client, token, town_user, township_a):
    for n in range(4):
        draft_project(town_user, township_a, title=f"居家养老服务{n}")
    first = client.get("/api/v1/projects", {"limit": 2}, headers=token).json()
    second = client.get(
        "/api/v1/projects", {"limit": 2, "cursor": first["next_cursor"]}, headers=token
    ).json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    assert first["count"] == 4 and first["count_capped"] is False


def test_offset_paging_still_works(client, token, town_user, township_a):
    for n in range(3):
        draft_project(town_user, township_a, title=f"居家养老服务{n}")
    ids = list(Project.objects.order_by("-id").values_list("pk", flat=True))
    page = client.get("/api/v1/projects", {"limit": 1, "offset": 1}, headers=token).json()
    assert [row["id"] for row in page["items"]] == [ids[1]]
    assert page["next_cursor"] == str(ids[1])


def test_a_counted_total_is_capped(client, token, town_user, township_a, monkeypatch):
    # a search is not in the summary: its matches are counted, up to the cap
    monkeypatch.setattr(core_api, "KEYSET_COUNT_CAP", 2)
    for n in range(3):
        draft_project(town_user, township_a, title=f"居家养老服务{n}")
    page = client.get("/api/v1/projects", {"q": "居家"}, headers=token).json()
    assert page["count"] == 2 and page["count_capped"] is True
    monkeypatch.setattr(core_api, "KEYSET_COUNT_CAP", 3)  # exactly the cap: exact
    page = client.get("/api/v1/projects", {"q": "居家"}, headers=token).json()
    assert page["count"] == 3 and page["count_capped"] is False


def test_without_a_search_the_exact_total_comes_from_the_summary(
    client, token, town_user, township_a, monkeypatch, django_assert_num_queries
):
    from goumai.projects.services import project_transition

    monkeypatch.setattr(core_api, "KEYSET_COUNT_CAP", 1)  # would cap any counted total
    projects = [draft_project(town_user, township_a, title=f"居家养老服务{n}") for n in range(3)]
    project_transition(actor=town_user, project=projects[0], action="submit")
    for filters in (
        {},
        {"status": "draft"},
        {"status": "submitted"},
        {"fiscal_year": 2027},
        {"fiscal_year": 2026},
        {"status": "approved"},
    ):
        expected = Project.objects.filter(
            scope_path=township_a.path, **{k: v for k, v in filters.items()}
        ).count()
        page = client.get("/api/v1/projects", {**filters, "limit": 1}, headers=token).json()
        assert (page["count"], page["count_capped"]) == (expected, False), filters
    client.get("/api/v1/me", headers=token)
    with django_assert_num_queries(3) as queries:  # who asks; the page; the summary's sum
        client.get("/api/v1/projects", headers=token)
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_a_bad_cursor_is_refused_in_chinese(client, token):
    response = client.get("/api/v1/projects", {"cursor": "abc"}, headers=token)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor" and "游标" in response.json()["message"]

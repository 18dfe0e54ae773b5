"""The project list page never counts a whole province: at most 10,000 matches."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_project_list_counts_at_most_the_cap(client, town_user, township_a, monkeypatch):
    from goumai.core.paging import CappedPaginator
    from goumai.projects.tests.factories import draft_project

    monkeypatch.setattr(CappedPaginator.__init__, "__kwdefaults__", {"cap": 2})
    for n in range(3):
        draft_project(town_user, township_a, title=f"居家养老服务{n}")
    client.force_login(town_user)
    html = client.get("/projects/").content.decode()
    assert "超过 2 条" in html and "请用筛选条件缩小范围" in html


def test_the_total_comes_from_the_summary_unless_a_search_narrows_it(client, town_user, township_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from goumai.projects.tests.factories import draft_project

    for n in range(3):
        draft_project(town_user, township_a, title=f"居家养老服务{n}")
    draft_project(town_user, township_a, title="村级道路养护")
    client.force_login(town_user)
    client.get("/projects/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/projects/", {"status": "draft"}).content.decode()
    assert "共 4 条" in html
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/projects/", {"q": "居家"}).content.decode()
    assert "共 3 条" in html  # the summary knows no search: counted
    assert any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)

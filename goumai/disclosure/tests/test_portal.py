"""The public portal: no login, search by Chinese, pinyin and initials, a project's
stages and its corrected versions, the log as JSON — and no private value on any
of it. The back office publishes from the project page."""

import json
from datetime import timedelta

import pytest

from goumai.disclosure.log import verify
from goumai.disclosure.models import Publication
from goumai.disclosure.services import due_stages, publish
from goumai.disclosure.tests.conftest import PRIVATE, SECRET_COMMENT
from goumai.projects.models import Project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


@pytest.fixture
def published(evaluated, town_user):
    for stage in due_stages(evaluated):
        publish(actor=town_user, project=evaluated, stage=stage)
    return evaluated


def test_search_by_words_pinyin_and_initials(client, published):
    for q in ("居家养老", "jujiayanglao", "jjyl", "JJYL", published.code):
        page = client.get("/public/", {"q": q}).content.decode()
        assert published.title in page, q
    assert published.title not in client.get("/public/", {"q": "hdbj"}).content.decode()
    assert published.title not in client.get("/public/", {"year": "2026"}).content.decode()
    assert (
        published.title
        in client.get("/public/", {"year": "2027", "sector": "civil_affairs"}).content.decode()
    )
    assert published.title not in client.get("/public/", {"sector": "education"}).content.decode()


def test_an_unpublished_project_is_not_on_the_portal(client, evaluated):
    assert evaluated.title not in client.get("/public/").content.decode()
    assert client.get(f"/public/projects/{evaluated.code}/").status_code == 404


def test_no_private_value_on_any_public_page(client, published, town_user):
    Project.objects.filter(pk=published.pk).update(standards="每周两次")
    publish(actor=town_user, project=published, stage="plan", reason="更正服务标准：每周两次")
    pages = [
        client.get("/public/").content.decode(),
        client.get("/public/", {"q": "jjyl"}).content.decode(),
        client.get(f"/public/projects/{published.code}/").content.decode(),
        client.get("/public/log/").content.decode(),
    ]
    for page in pages:
        for value in [*PRIVATE.values(), SECRET_COMMENT]:
            assert value not in page
    project_page = pages[2]
    assert "已更正的早先版本" in project_page and "更正服务标准：每周两次" in project_page
    assert "最低评标价" in project_page and "87.02" in project_page
    assert "id：" not in project_page  # the provider's internal id is not shown as text


def test_the_log_json_pages_and_verifies(client, published):
    whole = json.loads(client.get("/public/log/").content)
    assert whole["head"]["seq"] == 6 and len(whole["entries"]) == 6
    assert verify(whole).ok
    part = json.loads(client.get("/public/log/", {"after": 4, "limit": 1}).content)
    assert [e["seq"] for e in part["entries"]] == [5]


def test_the_purchaser_publishes_from_the_project_page(
    client, evaluated, town_user, make_user, township_a2
):
    client.force_login(make_user(f"{township_a2.code}-government"))
    assert client.post(f"/projects/{evaluated.pk}/publish/plan/").status_code == 404
    client.force_login(town_user)
    page = client.get(f"/projects/{evaluated.pk}/").content.decode()
    assert "信息公开" in page and "待公开" in page
    client.post(f"/projects/{evaluated.pk}/publish/plan/")
    assert Publication.objects.get().stage == "plan"
    again = client.post(f"/projects/{evaluated.pk}/publish/plan/", {"reason": "短"}, follow=True)
    assert "内容与已公开的版本相同，无需更正。" in again.content.decode()
    assert Publication.objects.count() == 1


def test_overdue_stages_are_listed_for_the_township_and_the_county(
    client, evaluated, town_user, county_user, make_user, time_machine
):
    time_machine.shift(timedelta(days=400))
    client.force_login(town_user)
    page = client.get("/projects/disclosure/overdue/").content.decode()
    assert evaluated.title in page and "购买计划与预算" in page
    client.force_login(county_user)
    assert evaluated.title in client.get("/projects/disclosure/overdue/").content.decode()
    client.force_login(make_user("510521-finance", roles=("clerk",)))
    assert evaluated.title not in client.get("/projects/disclosure/overdue/").content.decode()
    for stage in due_stages(evaluated):
        publish(actor=town_user, project=evaluated, stage=stage)
    client.force_login(town_user)
    assert "没有逾期未公开的事项" in client.get("/projects/disclosure/overdue/").content.decode()


def test_filters_by_place_progress_method_and_item(client, published):
    def found(**params):
        return published.title in client.get("/public/", params).content.decode()

    assert found(city="510100") and found(city="510100", county="510131")
    assert not found(city="510500") and not found(city="510100", county="510132")
    assert found(stage="evaluation") and not found(stage="ending")
    assert found(method="公开招标") and not found(method="询价")
    assert found(item="0104") and not found(item="0111")
    page = client.get("/public/", {"city": "510100"}).content.decode()
    # choosing a 市州 offers its counties
    assert '<option value="510131"' in page
    assert '<option value="510131"' not in client.get("/public/").content.decode()

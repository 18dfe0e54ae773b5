"""The portal by place: the township filter, the provincial and county catalogs,
and each county's summary — counted from what was published and nothing else."""

from decimal import Decimal

import pytest

from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.disclosure.models import PublicProject
from goumai.disclosure.services import due_stages, publish
from goumai.disclosure.tests.conftest import PRIVATE
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


@pytest.fixture
def published(evaluated, town_user):
    for stage in due_stages(evaluated):
        publish(actor=town_user, project=evaluated, stage=stage)
    return evaluated


def approved(make_user, township, title, approver_code):
    clerk = make_user(f"{township.code}-government")
    project = draft_project(clerk, township, title=title, amount="12000.00")
    project_transition(actor=clerk, project=project, action="submit")
    approver = make_user(approver_code, roles=("approver",))
    project = project_transition(
        actor=approver, project=Project.objects.get(pk=project.pk), action="approve"
    )
    return clerk, project


def test_township_filter_keeps_only_that_townships_projects(
    client, published, make_user, township_a, township_a2
):
    clerk, other = approved(make_user, township_a2, "社区矫正帮扶服务", "510131-finance")
    publish(actor=clerk, project=other, stage="plan")
    both = client.get("/public/", {"county": "510131"}).content.decode()
    assert published.title in both and other.title in both
    assert f'value="{township_a2.code}"' in both  # the township select is offered
    only_a = client.get("/public/", {"county": "510131", "town": township_a.code}).content.decode()
    assert published.title in only_a and other.title not in only_a
    only_a2 = client.get("/public/", {"county": "510131", "town": township_a2.code})
    assert other.title in only_a2.content.decode()
    assert published.title not in only_a2.content.decode()


def test_the_provincial_catalog_lists_items_in_force_only(client, db):
    CatalogItem.objects.filter(code="010402").update(is_retired=True, retired_reason="合并")
    page = client.get("/public/catalog/").content.decode()
    assert CatalogItem.objects.get(code="010401").name in page
    assert ">010402<" not in page
    found = client.get("/public/catalog/", {"q": "0104"}).content.decode()
    assert "010401" in found and ">0201" not in found
    assert "蒲江县" in client.get("/public/catalog/", {"city": "510100"}).content.decode()


def test_a_county_catalog_lists_its_entries_in_force_and_no_other_countys(client, db):
    item, other = CatalogItem.objects.get(code="010401"), CatalogItem.objects.get(code="010402")
    CountyCatalogEntry.objects.create(
        county_id=_county("510131"), item=item, purchase_level="township"
    )
    CountyCatalogEntry.objects.create(
        county_id=_county("510131"), item=other, purchase_level="township", is_active=False
    )
    CountyCatalogEntry.objects.create(
        county_id=_county("510521"),
        item=item,
        local_code="01040199",
        local_name="泸县特色助餐服务",
        service_rationale="为辖区老年人提供助餐，属公共服务。",
        purchase_level="township",
    )
    page = client.get("/public/catalog/510131/").content.decode()
    assert item.name in page and other.name not in page and "泸县特色助餐服务" not in page
    assert "泸县特色助餐服务" in client.get("/public/catalog/510521/").content.decode()
    assert client.get("/public/catalog/510100/").status_code == 404  # a city is not a county
    assert client.get("/public/counties/999999/").status_code == 404


def _county(code):
    from goumai.regions.models import Region

    return Region.objects.get(code=code).pk


def test_county_summary_counts_what_was_published_in_that_county_only(
    client, published, make_user, township_a2, township_b
):
    listed = PublicProject.objects.get(project=published)
    assert listed.contract_amount == Decimal("28000.00")
    assert listed.grade == Project.objects.get(pk=published.pk).evaluation.get_grade_display() != ""
    # approved but unpublished in the same county, and published in another county
    approved(make_user, township_a2, "未公开的调解服务", "510131-finance")
    clerk_b, other = approved(make_user, township_b, "泸县居家养老", "510521-finance")
    publish(actor=clerk_b, project=other, stage="plan")

    response = client.get("/public/counties/510131/")
    page = response.content.decode()
    summary = response.context["summary"]
    assert summary["totals"] == {
        "projects": 1,
        "budget": Decimal("30000.00"),
        "contracted": Decimal("28000.00"),
    }
    assert [(r["fiscal_year"], r["projects"]) for r in summary["years"]] == [(2027, 1)]
    grades = {g["label"]: g["projects"] for g in summary["grades"]}
    assert grades[listed.grade] == 1 and sum(grades.values()) == 1
    assert [r["label"] for r in summary["sectors"]] == ["民政"]
    assert summary["stages"] == [
        {
            "stage": "evaluation",
            "projects": 1,
            "budget": Decimal("30000.00"),
            "label": "绩效评价结果",
        }
    ]
    assert [t["projects"] for t in summary["townships"]] == [1]
    assert "county-data" in page and "echarts.min.js" in page
    for value in PRIVATE.values():
        assert value not in page

    other_county = client.get("/public/counties/510521/").context["summary"]
    assert other_county["totals"]["projects"] == 1
    assert other_county["totals"]["budget"] == Decimal("12000.00")
    assert other_county["totals"]["contracted"] is None
    assert client.get("/public/counties/").status_code == 200


def test_a_county_with_nothing_published_says_so(client, db):
    page = client.get("/public/counties/510131/").content.decode()
    assert "尚未公开" in page and "county-data" not in page


def test_an_unknown_region_code_finds_nothing(client, published):
    assert published.title in client.get("/public/", {"city": "510100"}).content.decode()
    assert published.title not in client.get("/public/", {"county": "510999"}).content.decode()
    assert published.title not in client.get("/public/", {"region": "5101"}).content.decode()


def test_a_county_of_another_city_is_dropped_not_searched(client, published, township_a):
    # 市州 changed to 泸州市 with 蒲江县 still chosen: 泸州市 is searched, the county ignored
    page = client.get("/public/", {"city": "510500", "county": "510131"})
    assert published.title not in page.content.decode()
    assert page.context["county"] == "" and page.context["towns"] == []
    same = client.get("/public/", {"city": "510100", "county": "510131", "town": "510521100"})
    assert same.context["town"] == "" and published.title in same.content.decode()


def test_each_stage_on_a_project_page_links_to_its_log_entry(client, published):
    import re

    from goumai.disclosure.log import snapshot_digest
    from goumai.disclosure.models import Publication

    page = client.get(f"/public/projects/{published.code}/").content.decode()
    for publication in Publication.objects.filter(project=published):
        link = f"/public/log/?after={publication.seq - 1}&amp;limit=1"
        assert link in page and publication.snapshot_hash in page
        entry = client.get(link.replace("&amp;", "&")).json()["entries"]
        assert [e["seq"] for e in entry] == [publication.seq]
        assert snapshot_digest(entry[0]["snapshot"]) == entry[0]["snapshot_hash"]
        assert entry[0]["snapshot_hash"] == publication.snapshot_hash
    assert re.search(r"公开日志第 \d+ 条", page)


def test_a_search_matching_more_than_the_cap_says_so(
    client, published, make_user, township_a2, monkeypatch
):
    from goumai.disclosure import views

    clerk, other = approved(make_user, township_a2, "社区矫正帮扶服务", "510131-finance")
    publish(actor=clerk, project=other, stage="plan")
    monkeypatch.setattr(views, "SEARCH_CAP", 1)
    monkeypatch.setattr(views, "PAGE", 1)
    page = client.get("/public/").content.decode()
    assert "超过 1 条" in page and "只列出前 1 条" in page and "共 " not in page
    monkeypatch.setattr(views, "SEARCH_CAP", 2)
    page = client.get("/public/").content.decode()
    assert "共 2 条" in page and "超过" not in page

# ruff: noqa: F811 — pytest fixtures imported from another test module
"""改革监测: the figures of the actor's jurisdiction, one level down, year on year; a
place outside it answers 404; a sector department sees its sector's figures."""

import re
from decimal import Decimal

import pytest

from goumai.indicators.tests.test_figures import projects  # noqa: F401 — a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


def test_the_province_by_economic_region_and_city(client, finance_user, projects):
    client.force_login(finance_user)
    response = client.get("/monitoring/")
    page = response.content.decode()
    assert "改革监测：四川省" in page and "成都平原经济区" in page and "成都市" in page
    chart = response.context["chart"]
    assert chart["years"] == ["2026", "2027", "2028"]
    assert response.context["up"] is None
    city = client.get("/monitoring/", {"region": "510100"})
    assert city.context["up"].code == "510000" and "上一级：四川省" in city.content.decode()
    totals = {row["year"]: row for row in response.context["totals"]}
    assert totals[2027]["projects"] == 4 and totals[2027]["contracted"] == Decimal("58000.00")
    assert totals[2026]["local_share"] is None  # no data that year: not 0
    plain = next(r for r in response.context["regions"] if r["name"] == "成都平原经济区")
    assert plain["years"][1]["projects"] == 3  # 2027: 蒲江县's three
    assert "/static/goumai/vendor/echarts/echarts.min.js" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_a_county_sees_its_townships_and_nothing_else(client, county_user, projects):
    client.force_login(county_user)  # 蒲江县
    response = client.get("/monitoring/")
    assert "改革监测：蒲江县" in response.content.decode()
    names = [row["region"].name for row in response.context["rows"]]
    assert names and all(not n.endswith("县") for n in names)  # its townships
    row = next(r for r in response.context["rows"] if r["years"][1]["projects"])
    assert row["years"][1]["projects"] in (1, 2)
    for elsewhere in ("510521", "510100", "510000"):
        assert client.get("/monitoring/", {"region": elsewhere}).status_code == 404
    township = client.get("/monitoring/", {"region": "510131104"})  # one of its own
    assert township.status_code == 200 and township.context["rows"] == []
    assert client.get("/monitoring/", {"region": "510521100"}).status_code == 404  # 泸县's


def test_a_sector_department_sees_its_sector_only(client, make_user, projects):
    client.force_login(make_user("510000-education"))
    response = client.get("/monitoring/")
    assert "（本行业）" in response.content.decode()
    assert {row["year"]: row["projects"] for row in response.context["totals"]}[2027] == 0
    client.force_login(make_user("510000-civil_affairs"))
    response = client.get("/monitoring/", {"region": "510100"})
    assert {row["year"]: row["projects"] for row in response.context["totals"]}[2027] == 3


def test_a_township_sees_itself(client, make_user, projects, township_a):
    client.force_login(make_user(f"{township_a.code}-government"))
    response = client.get("/monitoring/")
    assert response.status_code == 200 and response.context["rows"] == []
    assert response.context["up"] is None  # its county is not its to see
    assert {row["year"]: row["projects"] for row in response.context["totals"]}[2027] == 2
    assert client.get("/monitoring/", {"region": "510131"}).status_code == 404  # its county


def test_nobody_without_a_region_sees_it(client, make_user):
    from goumai.accounts.models import OrgUnit
    from goumai.regions.models import Region

    OrgUnit.objects.create(
        code="EVAL-T", name="评价机构", kind="evaluator", region=Region.objects.get(code="510000")
    )
    client.force_login(make_user("EVAL-T"))  # a third-party agency reaches no region
    assert client.get("/monitoring/").status_code == 404


def test_warming_puts_the_figures_in_the_cache(
    client, finance_user, projects, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.core.management import call_command

    cache.clear()
    call_command("monitoring_warm", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(finance_user)
    # the first visit computes no figure (a cold one runs about 14 queries a year)
    with django_assert_max_num_queries(15):
        response = client.get("/monitoring/")
    assert {r["year"]: r["projects"] for r in response.context["totals"]}[2027] == 4

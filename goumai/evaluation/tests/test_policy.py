"""The province's policy, item overrides of frameworks, and lifting a 差 bar — through
the services and the API."""

from datetime import date
from decimal import Decimal as D

import pytest

from goumai.catalog.models import CatalogItem
from goumai.core.errors import DomainError, PermissionDenied
from goumai.evaluation.models import EvaluationPolicy, Framework
from goumai.evaluation.services import framework_for, policy, policy_update, tree_of
from goumai.projects.tests.factories import draft_project
from goumai.providers.models import PerformanceRecord
from goumai.providers.performance import bars_in_reach
from goumai.providers.tests.factories import provider
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


def test_only_the_finance_department_sets_the_policy(finance_user, civil_user, county_user):
    for actor in (civil_user, county_user):
        with pytest.raises(PermissionDenied):
            policy_update(actor=actor, self_weight="20", purchaser_weight="50")
    with pytest.raises(DomainError) as caught:
        policy_update(actor=finance_user, self_weight="20")  # 20 + 60 + 30
    assert caught.value.message == "自评、购买主体评价、第三方评价的权重合计为 110.00，应为 100。"
    assert EvaluationPolicy.objects.get().self_weight == D(10)
    with pytest.raises(DomainError) as caught:
        policy_update(actor=finance_user, budget_advice={"excellent": {"action": "double"}})
    assert "“优”的建议应为增加、保持、压减或停止" in caught.value.message
    with pytest.raises(DomainError) as caught:
        policy_update(actor=finance_user, late_days="0")
    assert caught.value.fields == {"late_days": ["应为正整数。"]}
    rules = policy_update(
        actor=finance_user,
        self_weight="20",
        purchaser_weight="50",
        late_days="60",
        budget_advice={
            "excellent": {"action": "grow", "percent": 15},
            "good": {"action": "keep"},
            "fair": {"action": "cut", "percent": 30},
            "poor": {"action": "stop"},
        },
    )
    assert (rules.self_weight, rules.purchaser_weight, rules.late_days) == (D(20), D(50), 60)
    assert policy().budget_advice["excellent"] == {"action": "grow", "percent": 15.0}


def test_the_policy_through_the_api(api_client, finance_user, town_user):
    body = api_client.login(town_user).get("/api/v1/evaluation/policy").json()
    assert body["purchaser_weight"] == "60.00"
    body["self_weight"], body["purchaser_weight"] = "0", "70"
    assert api_client.put("/api/v1/evaluation/policy", body).status_code == 403
    response = api_client.login(finance_user).put("/api/v1/evaluation/policy", body)
    assert response.status_code == 200 and response.json()["self_weight"] == "0.00"


def test_a_county_overrides_the_template_for_one_item(
    api_client, county_user, make_user, township_a
):
    item = CatalogItem.objects.get(code="010401")
    template = Framework.objects.get(sector=item.sector, is_current=True)
    tree = api_client.login(county_user).get(f"/api/v1/evaluation/frameworks/{template.pk}").json()
    payload = {
        "name": "蒲江县居家养老服务绩效评价指标",
        "region_code": "510131",
        "catalog_item_code": "010401",
        "indicators": tree["indicators"],
    }
    created = api_client.post("/api/v1/evaluation/frameworks", payload)
    assert created.status_code == 201, created.content
    other = api_client.login(make_user("510521-finance", roles=("clerk",)))
    assert other.post("/api/v1/evaluation/frameworks", payload).status_code == 403
    again = api_client.login(county_user).post("/api/v1/evaluation/frameworks", payload)
    assert again.status_code == 409
    town = make_user(f"{township_a.code}-government")
    project = draft_project(town, township_a)
    assert framework_for(project).pk == created.json()["id"]
    elsewhere = draft_project(
        make_user("510521100-government"), Region.objects.get(code="510521100")
    )
    assert framework_for(elsewhere) == template
    assert [n.name for n in tree_of(Framework.objects.get(pk=created.json()["id"]))][0] == "决策"


def test_bars_are_listed_and_lifted_in_the_county(api_client, county_user, make_user):
    firm = provider()
    record = PerformanceRecord.objects.create(
        provider=firm,
        catalog_item=CatalogItem.objects.get(code="010401"),
        county=Region.objects.get(code="510131"),
        purchaser_name="某镇人民政府",
        project_code="P-BAR",
        fiscal_year=2026,
        evaluated_on=date(2026, 12, 1),
        score=D("45"),
        grade="poor",
    )
    county = api_client.login(county_user)
    assert [b["project_code"] for b in county.get("/api/v1/evaluation/poor-grade-bars").json()] == [
        "P-BAR"
    ]
    other = api_client.login(make_user("510521-finance", roles=("approver",)))
    assert other.get("/api/v1/evaluation/poor-grade-bars").json() == []
    reason = {"reason": "该机构已完成整改并经县民政局复核合格，本县暂无其他具备资质的机构。"}
    assert (
        other.post(f"/api/v1/evaluation/poor-grade-bars/{record.pk}/lift", reason).status_code
        == 404
    )
    lifted = api_client.login(county_user).post(
        f"/api/v1/evaluation/poor-grade-bars/{record.pk}/lift", reason
    )
    assert lifted.status_code == 200 and lifted.json()["override_reason"] == reason["reason"]


def test_a_sector_department_sees_the_bars_of_its_sector_only(
    api_client, civil_user, make_user, django_assert_max_num_queries
):
    for code, item in (("P-CIVIL", "010401"), ("P-EDU", "010202"), ("P-EDU2", "010203")):
        PerformanceRecord.objects.create(
            provider=provider(f"公司{code}"),
            catalog_item=CatalogItem.objects.get(code=item),
            county=Region.objects.get(code="510131"),
            purchaser_name="某镇人民政府",
            project_code=code,
            fiscal_year=2026,
            evaluated_on=date(2026, 12, 1),
            score=D("45"),
            grade="poor",
        )
    civil = api_client.login(civil_user)
    assert [b["project_code"] for b in civil.get("/api/v1/evaluation/poor-grade-bars").json()] == [
        "P-CIVIL"
    ]
    education = api_client.login(make_user("510000-education", roles=("clerk",)))
    listed = education.get("/api/v1/evaluation/poor-grade-bars").json()
    assert sorted(b["project_code"] for b in listed) == ["P-EDU", "P-EDU2"]
    # one query for the rows, whatever their number (provider, item and county joined)
    user = make_user("510000-finance", roles=("clerk",))
    with django_assert_max_num_queries(1):
        rows = [(r.provider.name, r.catalog_item.code, r.county.code) for r in bars_in_reach(user)]
    assert len(rows) == 3

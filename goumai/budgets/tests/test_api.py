from decimal import Decimal

import pytest

from goumai.accounts.models import OrgUnit
from goumai.budgets.tests.factories import budget_line

pytestmark = pytest.mark.django_db


def test_create_and_read_a_budget_line_with_money_as_strings(api_client, county_user, township_a):
    api = api_client.login(county_user)
    unit = OrgUnit.objects.get(code=f"{township_a.code}-government")
    response = api.post(
        "/api/v1/budget-lines",
        {
            "org_unit_id": unit.pk,
            "fiscal_year": 2027,
            "code": "B1",
            "name": "养老服务经费",
            "funding_source": "transfer",
            "amount": "150000.50",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount"] == "150000.50" and body["available"] == "150000.50"
    assert body["movements"][0]["kind"] == "adjust"


def test_township_sees_only_its_own_budget_lines(api_client, town_user, township_a, township_a2):
    own = budget_line(f"{township_a.code}-government")
    other = budget_line(f"{township_a2.code}-government")
    api = api_client.login(town_user)
    assert [line["id"] for line in api.get("/api/v1/budget-lines").json()["items"]] == [own.pk]
    assert api.get(f"/api/v1/budget-lines/{other.pk}").status_code == 404
    response = api.post(f"/api/v1/budget-lines/{other.pk}/adjust", {"amount": "1", "reason": "x"})
    assert response.status_code == 404


def test_county_gets_nothing_of_another_countys_budgets(api_client, county_user, township_b):
    other = budget_line(f"{township_b.code}-government")
    api = api_client.login(county_user)
    assert api.get("/api/v1/budget-lines").json()["count"] == 0
    assert api.get(f"/api/v1/budget-lines/{other.pk}").status_code == 404


def test_adjust_conflict_and_below_commitment_errors(api_client, county_user, township_a):
    line = budget_line(f"{township_a.code}-government", "1000.00")
    line.reserved = Decimal("600.00")
    line.save()
    api = api_client.login(county_user)
    response = api.post(
        f"/api/v1/budget-lines/{line.pk}/adjust", {"amount": "500", "reason": "压减"}
    )
    assert response.status_code == 400 and response.json()["code"] == "budget_below_commitments"
    ok = api.post(
        f"/api/v1/budget-lines/{line.pk}/adjust", {"amount": "2000", "reason": "追加", "version": 1}
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.post(
        f"/api/v1/budget-lines/{line.pk}/adjust",
        {"amount": "3000", "reason": "再追加", "version": 1},
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"


def test_budget_list_query_count_is_flat(api_client, finance_user, django_assert_max_num_queries):
    for n, unit in enumerate(OrgUnit.objects.filter(kind="township_government")[:30]):
        budget_line(unit.code, code=f"B{n}")
    api = api_client.login(finance_user)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/budget-lines")
    assert response.json()["count"] == 30

from decimal import Decimal

import pytest

from goumai.budgets.models import BudgetLine
from goumai.budgets.tests.factories import budget_line

pytestmark = pytest.mark.django_db


def test_the_county_budgets_for_its_township_in_the_browser(client, county_user, town_user):
    client.force_login(town_user)
    assert "您没有可编制预算的单位" in client.get("/budgets/new/").content.decode()
    assert client.get(f"/budgets/new/?org_unit={town_user.org_unit_id}").status_code == 403
    client.force_login(county_user)
    url = f"/budgets/new/?org_unit={town_user.org_unit_id}"
    form = client.get(url)
    assert form.status_code == 200 and town_user.org_unit.name in form.content.decode()
    response = client.post(
        url,
        {
            "fiscal_year": 2027,
            "code": "B1",
            "name": "养老",
            "funding_source": "own",
            "amount": "88000.00",
        },
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get(org_unit=town_user.org_unit)
    body = client.get(f"/budgets/{line.pk}/").content.decode()
    assert "88,000.00 元（8.80 万元）" in body


def test_budget_pages_of_another_jurisdiction_are_not_found(
    client, town_user, township_a2, township_b, county_user
):
    neighbour = budget_line(f"{township_a2.code}-government")
    client.force_login(town_user)
    assert client.get(f"/budgets/{neighbour.pk}/").status_code == 404
    assert (
        client.post(
            f"/budgets/{neighbour.pk}/",
            {"form": "propose", "amount": "1", "reason": "x", "version": 1},
        ).status_code
        == 404
    )
    assert client.get(f"/budgets/new/?org_unit={neighbour.org_unit_id}").status_code == 404
    assert neighbour.name not in client.get("/budgets/").content.decode()
    other_county = budget_line(f"{township_b.code}-government", code="X")
    client.force_login(county_user)
    assert client.get(f"/budgets/{other_county.pk}/").status_code == 404


def test_adjust_below_commitments_shows_the_error_beside_the_amount(
    client, county_user, township_a
):
    line = budget_line(f"{township_a.code}-government", "1000.00")
    BudgetLine.objects.filter(pk=line.pk).update(reserved=Decimal("800.00"))
    client.force_login(county_user)
    response = client.post(
        f"/budgets/{line.pk}/", {"form": "adjust", "amount": "700", "reason": "压减", "version": 1}
    )
    assert "不能低于 800.00 元" in response.content.decode()
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("1000.00")


def test_viewers_cannot_adjust(client, make_user, township_a):
    line = budget_line(f"{township_a.code}-government")
    viewer = make_user(f"{township_a.code}-government", roles=("viewer",))
    client.force_login(viewer)
    assert "预算调整" not in client.get(f"/budgets/{line.pk}/").content.decode()
    for form in ("adjust", "propose", "decide"):
        response = client.post(
            f"/budgets/{line.pk}/", {"form": form, "amount": "1", "reason": "x", "version": 1}
        )
        assert response.status_code == 403

"""Column limits checked before the database: SQLite and PostgreSQL accept the same
values, and a value over a limit gets a Chinese message and changes nothing."""

from decimal import Decimal

import pytest

from goumai.accounts.models import OrgUnit
from goumai.budgets.models import BudgetLine
from goumai.core.errors import DomainError
from goumai.core.limits import problems
from goumai.providers.models import Provider
from goumai.providers.services import provider_register
from goumai.providers.tests.factories import credit_code

pytestmark = pytest.mark.django_db


def line_payload(unit, **overrides):
    return {
        "org_unit_id": unit.pk,
        "fiscal_year": 2027,
        "code": "B1",
        "name": "养老服务经费",
        "funding_source": "transfer",
        "amount": "1000.00",
    } | overrides


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [("code", "x" * 40, True), ("code", "x" * 41, False), ("name", "名" * 101, False)],
)
def test_text_longer_than_its_column_is_refused_by_the_api(
    api_client, county_user, township_a, field, value, ok
):
    api = api_client.login(county_user)
    unit = OrgUnit.objects.get(code=f"{township_a.code}-government")
    response = api.post("/api/v1/budget-lines", line_payload(unit, **{field: value}))
    if ok:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["code"] == "value_out_of_range" and field in body["fields"]
        assert "最多" in body["message"]
        assert not BudgetLine.objects.filter(org_unit=unit).exists()


def test_a_provider_with_an_overlong_phone_is_not_registered(make_user):
    root = make_user(None, roles=(), superuser=True)
    with pytest.raises(DomainError) as raised:
        provider_register(
            actor=root,
            name="示范合作社",
            kind="farmers_coop",
            credit_code=credit_code(),
            phone="1" * 200,
        )
    assert raised.value.code == "value_out_of_range" and "phone" in raised.value.fields
    assert not Provider.objects.filter(name="示范合作社").exists()


def test_negative_digits_and_nul_are_named():
    found = problems(Provider(name="a\x00b", kind="enterprise", staff_count=-1))
    assert set(found) == {"name", "staff_count"}
    assert found["staff_count"] == ["从业人员数不能为负数。"]
    line = BudgetLine(code="B", name="n", amount=Decimal("1000000000000.00"))
    assert "数值过大" in problems(line)["amount"][0]
    assert problems(BudgetLine(code="B", name="n", amount=Decimal("999999999999.99"))) == {}


def test_a_provider_cannot_set_a_negative_staff_count_through_the_api(api_client):
    from goumai.accounts.services import user_create
    from goumai.providers.tests.factories import provider

    own = provider("示范服务中心")
    user = user_create(
        actor=None,
        username="p1",
        password="Pass-word-2027!",
        org_unit=None,
        roles=["clerk"],
        provider=own,
    )
    from goumai import conftest

    user.set_password(conftest.PASSWORD)
    user.save()
    api = api_client.login(user)
    response = api.patch("/api/v1/provider/me", {"staff_count": -1})
    assert response.status_code == 400, response.content
    assert response.json()["fields"] == {"staff_count": ["从业人员数不能为负数。"]}
    assert Provider.objects.get(pk=own.pk).staff_count is None
    assert api.patch("/api/v1/provider/me", {"staff_count": 0}).status_code == 200

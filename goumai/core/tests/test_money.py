"""Money: Decimal yuan, two places, at most 12 digits before the point — and an
amount beyond that gets "金额过大" everywhere, never a misleading message or a 500."""

from datetime import date
from decimal import Decimal

import pytest

from goumai.budgets.tests.factories import budget_line
from goumai.core.errors import DomainError
from goumai.core.money import MAX_AMOUNT, AmountTooLarge, to_money
from goumai.procurement.models import Bid
from goumai.procurement.services import bid_record, procurement_invite, procurement_start
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project
from goumai.providers.tests.factories import provider

TOO_LARGE = "金额过大（最多 12 位整数）"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,000.5", Decimal("12000.50")),
        ("999999999999.99", MAX_AMOUNT),  # exactly the largest
        ("-999999999999.99", -MAX_AMOUNT),
        (0, Decimal("0.00")),
    ],
)
def test_to_money_accepts(text, expected):
    assert to_money(text) == expected and to_money(text).as_tuple().exponent == -2


@pytest.mark.parametrize("text", ["1000000000000.00", "1e20", "1e26", "-1e13"])
def test_to_money_says_too_large(text):
    with pytest.raises(AmountTooLarge):
        to_money(text)


@pytest.mark.parametrize("text", ["0.001", "abc", "NaN", "Infinity", "", 0.1])
def test_to_money_refuses_what_is_not_money(text):
    with pytest.raises(ValueError) as caught:
        to_money(text)
    assert not isinstance(caught.value, AmountTooLarge)


@pytest.fixture
def procuring(db, town_user, township_a, make_user):
    approver = make_user("510131-finance", roles=("approver",))
    project = draft_project(town_user, township_a)
    project_transition(actor=town_user, project=project, action="submit")
    project_transition(actor=approver, project=Project.objects.get(pk=project.pk), action="approve")
    return procurement_start(
        actor=town_user,
        project=Project.objects.get(pk=project.pk),
        method="single_source",
        announced_on=date(2027, 3, 1),
        single_source_justification="本村唯一具备资质的服务组织，经公示无异议，只能由其承接。",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["1e20", "1e26", "1000000000000"])
def test_a_bid_too_large_says_so(town_user, procuring, amount):
    firm = provider()
    procurement_invite(
        actor=town_user, procurement=procuring, provider=firm, invited_on=date(2027, 3, 1)
    )
    with pytest.raises(DomainError) as caught:
        bid_record(
            actor=town_user,
            procurement=procuring,
            provider=firm,
            amount=amount,
            submitted_on=date(2027, 3, 2),
        )
    assert caught.value.fields["amount"] == [TOO_LARGE + "。"]
    assert not Bid.objects.exists()


@pytest.mark.django_db
def test_through_the_api(api_client, town_user, township_a):
    api = api_client.login(town_user)
    project = draft_project(town_user, township_a)
    for amount in ("1e20", "1e26"):
        response = api.patch(
            f"/api/v1/projects/{project.pk}",
            {
                "version": 1,
                "fiscal_year": 2027,
                "title": "居家养老",
                "content": "上门",
                "budget_amount": amount,
            },
        )
        assert response.status_code == 400, response.content
        assert response.json()["fields"]["budget_amount"] == [TOO_LARGE + "。"]
    assert Project.objects.get(pk=project.pk).budget_amount == Decimal("30000.00")


@pytest.mark.django_db
def test_through_the_pages(client, town_user, county_user, township_a):
    client.force_login(town_user)
    response = client.post("/projects/new/", {"title": "居家养老", "budget_amount": "1e20"})
    assert TOO_LARGE in response.content.decode()
    assert "14 个数字" not in response.content.decode()
    line = budget_line(f"{township_a.code}-government")
    client.force_login(county_user)
    response = client.post(
        f"/budgets/{line.pk}/",
        {"form": "adjust", "amount": "100000000000000000000", "reason": "追加", "version": 1},
    )
    assert TOO_LARGE in response.content.decode()

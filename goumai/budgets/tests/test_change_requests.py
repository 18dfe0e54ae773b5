"""A purchaser spends a budget; it does not set it. The finance body above it
creates and adjusts lines; the purchaser asks for a change, which finance decides."""

from decimal import Decimal

import pytest

from goumai.budgets.models import BudgetChangeRequest, BudgetLine
from goumai.budgets.services import (
    budget_change_decide,
    budget_change_propose,
    budget_line_adjust,
    can_manage_budget,
)
from goumai.budgets.tests.factories import budget_line
from goumai.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(township_a) -> BudgetLine:
    return budget_line(f"{township_a.code}-government", "1500000.00")


def test_the_township_cannot_raise_its_own_budget(town_user, line):
    """The issue's example: 1,500,000 → 2,000,000 "追加预算" by the township itself."""
    with pytest.raises(PermissionDenied):
        budget_line_adjust(actor=town_user, line=line, amount="2000000", reason="追加预算")
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("1500000.00")


def test_who_manages_a_budget(make_user, town_user, county_user, civil_user, township_a, line):
    unit = line.org_unit
    assert can_manage_budget(county_user, unit)  # the county finance bureau above it
    assert can_manage_budget(make_user("510100-finance"), unit)  # the 市州 finance bureau
    assert not can_manage_budget(town_user, unit)  # itself
    assert not can_manage_budget(civil_user, unit)  # a sector department
    assert not can_manage_budget(make_user("510131-government"), unit)  # not a finance body
    assert not can_manage_budget(make_user("510521-finance"), unit)  # another county
    assert not can_manage_budget(make_user("510131-finance", roles=("viewer",)), unit)
    county_bureau = make_user("510131-finance").org_unit
    assert not can_manage_budget(county_user, county_bureau)  # never its own lines
    assert can_manage_budget(make_user("510100-finance"), county_bureau)
    assert can_manage_budget(make_user(None, superuser=True), unit)


def test_propose_then_approve_adjusts_the_line(town_user, county_user, line):
    change = budget_change_propose(
        actor=town_user, line=line, amount="2000000", reason="新增留守儿童关爱服务"
    )
    assert change.status == "pending" and change.proposed_by == town_user.username
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("1500000.00")  # not yet
    with pytest.raises(DomainError) as caught:  # one open request per line
        budget_change_propose(actor=town_user, line=line, amount="1800000", reason="再次")
    assert caught.value.code == "budget_change_pending"
    with pytest.raises(PermissionDenied):  # the township cannot decide its own request
        budget_change_decide(actor=town_user, change=change, approve=True)
    decided = budget_change_decide(actor=county_user, change=change, approve=True, note="同意")
    assert decided.status == "approved" and decided.decided_by == county_user.username
    line = BudgetLine.objects.get(pk=line.pk)
    assert line.amount == Decimal("2000000.00")
    adjust = line.movements.get(kind="adjust")
    assert adjust.amount == Decimal("500000.00") and "新增留守儿童关爱服务" in adjust.note
    with pytest.raises(DomainError) as caught:
        budget_change_decide(actor=county_user, change=change, approve=False, note="重复")
    assert caught.value.code == "budget_change_decided"


def test_a_rejection_needs_a_note_and_changes_no_money(town_user, county_user, line):
    change = budget_change_propose(actor=town_user, line=line, amount="2000000", reason="追加")
    with pytest.raises(DomainError) as caught:
        budget_change_decide(actor=county_user, change=change, approve=False)
    assert caught.value.fields == {"note": ["驳回须填写审批意见。"]}
    assert BudgetChangeRequest.objects.get(pk=change.pk).status == "pending"
    budget_change_decide(actor=county_user, change=change, approve=False, note="年中不再追加")
    assert BudgetChangeRequest.objects.get(pk=change.pk).status == "rejected"
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("1500000.00")


def test_a_proposal_below_the_commitments_is_refused(town_user, line):
    BudgetLine.objects.filter(pk=line.pk).update(reserved=Decimal("800000.00"))
    with pytest.raises(DomainError) as caught:
        budget_change_propose(actor=town_user, line=line, amount="799999.99", reason="压减")
    assert "800,000.00" in caught.value.fields["amount"][0]
    # exactly the commitments is allowed
    assert budget_change_propose(actor=town_user, line=line, amount="800000", reason="压减")


def test_only_the_purchaser_itself_proposes(make_user, county_user, township_a2, line):
    for actor in (
        county_user,  # finance adjusts directly instead
        make_user(f"{township_a2.code}-government"),  # a neighbour
        make_user(line.org_unit.code, roles=("viewer",)),  # its own viewer
    ):
        with pytest.raises(PermissionDenied):
            budget_change_propose(actor=actor, line=line, amount="1", reason="x")
    assert not BudgetChangeRequest.objects.exists()


def test_through_the_api(api_client, town_user, county_user, township_b, line):
    api = api_client.login(town_user)
    response = api.post(
        f"/api/v1/budget-lines/{line.pk}/adjust", {"amount": "2000000", "reason": "追加预算"}
    )
    assert response.status_code == 403
    response = api.post(
        f"/api/v1/budget-lines/{line.pk}/change-requests", {"amount": "2000000", "reason": "追加"}
    )
    assert response.status_code == 201, response.content
    change_id = response.json()["id"]
    assert api.post(f"/api/v1/budget-change-requests/{change_id}/approve", {}).status_code == 403
    assert api.get("/api/v1/budget-change-requests", status="pending").json()["count"] == 1
    county = api_client.login(county_user)
    response = county.post(f"/api/v1/budget-change-requests/{change_id}/approve", {"note": "同意"})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("2000000.00")


def test_another_jurisdiction_gets_nothing(api_client, client, make_user, town_user, line):
    change = budget_change_propose(actor=town_user, line=line, amount="2000000", reason="追加")
    for outsider in (make_user("510521-finance"), make_user("510131104-government")):
        if outsider.org_unit_id == line.org_unit_id:
            continue
        api = api_client.login(outsider)
        assert api.get("/api/v1/budget-change-requests").json()["count"] == 0
        response = api.post(f"/api/v1/budget-change-requests/{change.pk}/approve", {})
        assert response.status_code == 404
        response = api.post(
            f"/api/v1/budget-lines/{line.pk}/change-requests", {"amount": "1", "reason": "x"}
        )
        assert response.status_code == 404
        client.force_login(outsider)
        assert client.get(f"/budgets/{line.pk}/").status_code == 404
        assert "追加" not in client.get("/budgets/").content.decode()
    assert BudgetChangeRequest.objects.get(pk=change.pk).status == "pending"


def test_through_the_pages(client, town_user, county_user, line, make_user):
    client.force_login(town_user)
    assert "编制预算项目" not in client.get("/budgets/").content.decode()
    client.force_login(make_user("510131-finance", roles=("viewer",)))
    assert "编制预算项目" not in client.get("/budgets/").content.decode()
    client.force_login(town_user)
    page = client.get(f"/budgets/{line.pk}/").content.decode()
    assert "申请调整预算" in page and 'value="adjust"' not in page
    response = client.post(
        f"/budgets/{line.pk}/",
        {"form": "adjust", "amount": "2000000", "reason": "追加", "version": 1},
    )
    assert response.status_code == 403
    client.post(
        f"/budgets/{line.pk}/", {"form": "propose", "amount": "2000000", "reason": "追加养老"}
    )
    change = BudgetChangeRequest.objects.get()
    client.force_login(county_user)
    listing = client.get("/budgets/").content.decode()
    assert "待审批的预算调整申请（1）" in listing and "编制预算项目" in listing
    response = client.post(
        f"/budgets/{line.pk}/", {"form": "decide", "change": change.pk, "decision": "reject"}
    )
    assert "驳回须填写审批意见" in response.content.decode()
    client.post(
        f"/budgets/{line.pk}/",
        {"form": "decide", "change": change.pk, "decision": "approve", "note": "同意"},
    )
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("2000000.00")


def test_the_county_creates_the_township_line_through_the_api(api_client, town_user, county_user):
    payload = {
        "org_unit_id": town_user.org_unit_id,
        "fiscal_year": 2027,
        "code": "B9",
        "name": "养老",
        "funding_source": "own",
        "amount": "1000",
    }
    assert api_client.login(town_user).post("/api/v1/budget-lines", payload).status_code == 403
    assert not BudgetLine.objects.exists()
    assert api_client.login(county_user).post("/api/v1/budget-lines", payload).status_code == 201

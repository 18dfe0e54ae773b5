"""Every project endpoint and page, called from another jurisdiction: 404, nothing changes."""

from datetime import date

import pytest
from django.test import Client

from goumai.audit.models import AuditEntry
from goumai.conftest import PASSWORD
from goumai.contracts.services import contract_sign
from goumai.procurement.services import award_make, bid_record, procurement_start
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db
DAY = date(2027, 3, 1)


@pytest.fixture
def performing(town_user, township_a, make_user):
    approver = make_user("510131-finance", roles=("approver",))
    project = draft_project(town_user, township_a)
    project_transition(actor=town_user, project=project, action="submit")
    project = project_transition(
        actor=approver, project=Project.objects.get(pk=project.pk), action="approve"
    )
    procurement = procurement_start(
        actor=town_user,
        project=project,
        method="open_tender",
        announced_on=DAY,
        deadline=date(2027, 4, 1),
    )
    bid = bid_record(
        actor=town_user,
        procurement=procurement,
        provider=provider(),
        amount="20000",
        submitted_on=DAY,
    )
    award_make(actor=town_user, procurement=procurement, bid=bid, reasons="最低价", awarded_on=DAY)
    contract_sign(
        actor=town_user,
        project=Project.objects.get(pk=project.pk),
        number="HT",
        amount="20000",
        start_date=DAY,
        end_date=date(2027, 12, 31),
        signed_on=DAY,
        milestones=[{"name": "全年", "due_date": date(2027, 12, 31), "amount": "20000"}],
    )
    return project_transition(
        actor=town_user, project=Project.objects.get(pk=project.pk), action="start_performance"
    )


def endpoints(project):
    p = project.pk
    bid = project.procurement.bids.get().pk
    milestone = project.contract.milestones.get().pk
    firm = provider("其他").pk
    api = [
        ("get", f"/api/v1/projects/{p}", None),
        ("get", f"/api/v1/projects/{p}/procurement/ranking", None),
        (
            "patch",
            f"/api/v1/projects/{p}",
            {"fiscal_year": 2027, "title": "x", "content": "x", "budget_amount": "1", "version": 1},
        ),
        ("post", f"/api/v1/projects/{p}/transitions/terminate", {"note": "x"}),
        (
            "post",
            f"/api/v1/projects/{p}/procurement",
            {"method": "open_tender", "announced_on": "2027-01-01", "deadline": "2027-02-01"},
        ),
        (
            "post",
            f"/api/v1/projects/{p}/procurement/invitations",
            {"provider_id": firm, "invited_on": "2027-01-01"},
        ),
        (
            "post",
            f"/api/v1/projects/{p}/procurement/bids",
            {"provider_id": firm, "amount": "1", "submitted_on": "2027-01-01"},
        ),
        ("post", f"/api/v1/projects/{p}/procurement/bids/{bid}/disqualify", {"reason": "x"}),
        (
            "post",
            f"/api/v1/projects/{p}/procurement/award",
            {"bid_id": bid, "reasons": "x", "awarded_on": "2027-01-01"},
        ),
        (
            "post",
            f"/api/v1/projects/{p}/contract",
            {
                "number": "x",
                "amount": "1",
                "start_date": "2027-01-01",
                "end_date": "2027-02-01",
                "signed_on": "2027-01-01",
                "milestones": [],
            },
        ),
        (
            "post",
            f"/api/v1/projects/{p}/contract/amendments",
            {"reason": "x", "end_date": "2027-06-30"},
        ),
        (
            "post",
            f"/api/v1/projects/{p}/contract/milestones/{milestone}/accept",
            {"accepted_on": "2027-12-31"},
        ),
        (
            "post",
            f"/api/v1/projects/{p}/contract/payments",
            {"milestone_id": milestone, "amount": "1", "paid_on": "2027-12-31"},
        ),
    ]
    pages = [
        ("get", f"/projects/{p}/"),
        ("get", f"/projects/{p}/edit/"),
        ("get", f"/projects/{p}/procurement/"),
        ("get", f"/projects/{p}/contract/"),
        ("post", f"/projects/{p}/do/terminate/"),
        ("post", f"/projects/{p}/procurement/invite/"),
        ("post", f"/projects/{p}/procurement/bids/"),
        ("post", f"/projects/{p}/procurement/bids/{bid}/disqualify/"),
        ("post", f"/projects/{p}/procurement/bids/{bid}/award/"),
        ("post", f"/projects/{p}/contract/amend/"),
        ("post", f"/projects/{p}/milestones/{milestone}/accept/"),
        ("post", f"/projects/{p}/milestones/{milestone}/pay/"),
    ]
    return api, pages


@pytest.mark.parametrize("outsider", ["neighbour_township", "other_county", "other_sector"])
def test_outsiders_get_404_everywhere_and_change_nothing(
    performing, make_user, township_a2, outsider
):
    unit = {
        "neighbour_township": f"{township_a2.code}-government",
        "other_county": "510521-finance",
        "other_sector": "510000-education",
    }[outsider]
    user = make_user(unit, roles=("clerk", "approver", "unit_admin"))
    api_calls, pages = endpoints(performing)
    entries = AuditEntry.objects.count()
    client = Client()
    token = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    for method, path, body in api_calls:
        if method == "get":
            response = client.get(path, headers=auth)
        else:
            response = getattr(client, method)(
                path, body, content_type="application/json", headers=auth
            )
        assert response.status_code == 404, (path, response.status_code, response.content[:200])
    browser = Client()
    browser.force_login(user)
    for method, path in pages:
        response = (
            browser.get(path)
            if method == "get"
            else browser.post(path, {"note": "x", "reason": "x"})
        )
        assert response.status_code == 404, (path, response.status_code)
    fresh = Project.objects.get(pk=performing.pk)
    assert (fresh.status, fresh.version) == ("performing", performing.version)
    assert AuditEntry.objects.count() == entries


def test_amendment_through_the_api_and_the_page(performing, api_client, town_user):
    milestone = performing.contract.milestones.get()
    api = api_client.login(town_user)
    response = api.post(
        f"/api/v1/projects/{performing.pk}/contract/amendments",
        {"reason": "增加服务次数", "milestone_amounts": {str(milestone.pk): "21000"}},
    )
    assert response.status_code == 200 and response.json()["amount"] == "21000.00"
    client = Client()
    client.force_login(town_user)
    response = client.post(
        f"/projects/{performing.pk}/contract/amend/",
        {"reason": "延长服务", "end_date": "2030-12-31"},
        follow=True,
    )
    assert "不得超过三年" in response.content.decode()
    assert Project.objects.get(pk=performing.pk).contract.end_date == date(2027, 12, 31)

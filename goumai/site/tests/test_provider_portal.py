from datetime import date

import pytest
from django.test import Client

from goumai.accounts.services import user_create
from goumai.conftest import PASSWORD
from goumai.contracts.models import Contract
from goumai.procurement.models import Bid, Procurement
from goumai.projects.models import Project
from goumai.projects.tests.factories import draft_project
from goumai.providers.models import Provider
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_providers_with_work(town_user, township_a):
    """Provider A and B each with a bid and a contract on projects of 蒲江县."""
    result = {}
    for name in ("甲服务社", "乙服务社"):
        firm = provider(name)
        project = draft_project(town_user, township_a, title=f"{name}承接的服务")
        Project.objects.filter(pk=project.pk).update(status="performing")
        procurement = Procurement.objects.create(
            project=project, method="open_tender", announced_on=date(2027, 1, 1)
        )
        bid = Bid.objects.create(
            procurement=procurement, provider=firm, amount="1000", submitted_on=date(2027, 1, 5)
        )
        contract = Contract.objects.create(
            project=project,
            provider=firm,
            number=f"HT-{name}",
            amount="1000",
            start_date=date(2027, 2, 1),
            end_date=date(2027, 12, 31),
            signed_on=date(2027, 1, 20),
        )
        user = user_create(
            actor=None,
            username=f"p-{name}",
            password=PASSWORD,
            org_unit=None,
            provider=firm,
            roles=["clerk"],
        )
        result[name] = (firm, user, bid, contract, project)
    return result


def token_client(user):
    client = Client()
    token = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return client, {"Authorization": f"Bearer {token}"}


def test_a_provider_sees_only_its_own_bids_and_contracts_through_the_api(two_providers_with_work):
    firm_a, user_a, bid_a, contract_a, _ = two_providers_with_work["甲服务社"]
    _, _, bid_b, contract_b, project_b = two_providers_with_work["乙服务社"]
    client, auth = token_client(user_a)
    assert client.get("/api/v1/provider/me", headers=auth).json()["name"] == firm_a.name
    assert [b["id"] for b in client.get("/api/v1/provider/bids", headers=auth).json()] == [bid_a.pk]
    assert [c["id"] for c in client.get("/api/v1/provider/contracts", headers=auth).json()] == [
        contract_a.pk
    ]
    # Government data, including the other provider's project, is simply not there.
    assert client.get(f"/api/v1/projects/{project_b.pk}", headers=auth).status_code == 404
    assert client.get("/api/v1/projects", headers=auth).json()["count"] == 0
    assert client.get("/api/v1/budget-lines", headers=auth).json()["count"] == 0
    assert client.get("/api/v1/regions", headers=auth).json()["count"] == 0


def test_a_provider_sees_only_its_own_work_on_the_pages(two_providers_with_work):
    _, user_a, _, contract_a, _ = two_providers_with_work["甲服务社"]
    _, _, _, contract_b, project_b = two_providers_with_work["乙服务社"]
    browser = Client()
    browser.force_login(user_a)
    home = browser.get("/", follow=True).content.decode()
    assert contract_a.number in home and contract_b.number not in home
    assert project_b.title not in home
    assert browser.get(f"/projects/{project_b.pk}/").status_code == 404
    assert project_b.title not in browser.get("/projects/").content.decode()


def test_a_provider_edits_its_details_but_not_its_identity(two_providers_with_work):
    firm_a, user_a, *_ = two_providers_with_work["甲服务社"]
    client, auth = token_client(user_a)
    response = client.patch(
        "/api/v1/provider/me",
        {"phone": "028-88886666", "staff_count": 12},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 200 and response.json()["phone"] == "028-88886666"
    from goumai.core.errors import DomainError
    from goumai.providers.portal import provider_update_own

    with pytest.raises(DomainError):
        provider_update_own(actor=user_a, name="改名")
    assert Provider.objects.get(pk=firm_a.pk).name == firm_a.name


def test_officials_have_no_provider_portal(client, town_user):
    client.force_login(town_user)
    assert client.get("/providers/portal/").status_code == 404


def test_the_portal_lists_its_own_open_invitations_and_milestones_only(
    client, two_providers_with_work, town_user, township_a
):
    from goumai.contracts.models import Milestone
    from goumai.procurement.models import Invitation

    firm_a, user_a, _, contract_a, _ = two_providers_with_work["甲服务社"]
    firm_b, _, _, contract_b, _ = two_providers_with_work["乙服务社"]
    open_project = draft_project(town_user, township_a, title="正在采购的助餐服务")
    Project.objects.filter(pk=open_project.pk).update(status="procuring")
    procurement = Procurement.objects.create(
        project=open_project, method="competitive_consultation", announced_on=date(2027, 3, 1)
    )
    for firm in (firm_a, firm_b):
        Invitation.objects.create(
            procurement=procurement, provider=firm, invited_on=date(2027, 3, 1)
        )
    closed_project = draft_project(town_user, township_a, title="已撤销的采购")
    Project.objects.filter(pk=closed_project.pk).update(status="withdrawn")
    closed = Procurement.objects.create(
        project=closed_project, method="competitive_consultation", announced_on=date(2027, 3, 1)
    )
    Invitation.objects.create(procurement=closed, provider=firm_a, invited_on=date(2027, 3, 1))
    for contract, name in ((contract_a, "甲的第一期"), (contract_b, "乙的第一期")):
        Milestone.objects.create(
            contract=contract, name=name, due_date=date(2027, 6, 30), amount="500"
        )
    Milestone.objects.create(
        contract=contract_a,
        name="甲已验收的一期",
        due_date=date(2027, 3, 30),
        amount="500",
        accepted_on=date(2027, 3, 30),
        accepted_at="2027-03-30T10:00:00+08:00",
    )
    client.force_login(user_a)
    html = client.get("/providers/portal/").content.decode()
    todo = html[html.index("待办事项") : html.index("投标与报价")]
    assert "正在采购的助餐服务" in todo and "尚未报价" in todo
    assert "已撤销的采购" not in todo
    assert "甲的第一期" in todo
    assert "乙的第一期" not in todo and "甲已验收的一期" not in todo


def test_the_portal_lists_its_own_self_evaluations_due_only(client, two_providers_with_work):
    from goumai.evaluation.models import Evaluation, Framework, Scoring

    framework = Framework.objects.first()
    evaluations = {}
    for name, (_firm, _user, _bid, _contract, project) in two_providers_with_work.items():
        Project.objects.filter(pk=project.pk).update(status="accepted")
        evaluations[name] = Evaluation.objects.create(project=project, framework=framework)
    _, user_a, _, _, project_a = two_providers_with_work["甲服务社"]
    client.force_login(user_a)

    def todo() -> str:
        html = client.get("/providers/portal/").content.decode()
        return html[html.index("待提交的绩效自评") : html.index("投标与报价")]

    assert "甲服务社承接的服务" in todo() and "乙服务社承接的服务" not in todo()
    Scoring.objects.create(
        evaluation=evaluations["甲服务社"], part="self", submitted_at="2027-12-01T10:00:00+08:00"
    )
    assert "甲服务社承接的服务" not in todo()


def test_the_evaluation_link_appears_once_the_evaluation_is_open(client, two_providers_with_work):
    from goumai.evaluation.models import Evaluation, Framework

    _, user_a, _, _, project_a = two_providers_with_work["甲服务社"]
    Project.objects.filter(pk=project_a.pk).update(status="accepted")
    client.force_login(user_a)
    link = f"/projects/{project_a.pk}/evaluation/"
    html = client.get("/providers/portal/").content.decode()
    assert link not in html and "待购买主体开展" in html
    Evaluation.objects.create(project=project_a, framework=Framework.objects.first())
    assert link in client.get("/providers/portal/").content.decode()
    assert client.get(link).status_code == 200

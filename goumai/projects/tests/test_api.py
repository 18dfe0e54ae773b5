from datetime import datetime

import pytest
from django.test import Client

from goumai.budgets.tests.factories import budget_line
from goumai.conftest import PASSWORD
from goumai.evaluation.tests.factories import mark_evaluated
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import county_entry, draft_project
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(make_user):
    return make_user("510131-finance", roles=("approver",))


def test_the_whole_lifecycle_through_the_api(
    api_client, town_user, approver, township_a, time_machine
):
    def on(day: str):  # each step on its own day, as a clerk would do it
        time_machine.move_to(datetime.fromisoformat(f"{day}T10:00:00+08:00"))
        return api_client.login(town_user)  # a token lives 30 days

    line = budget_line(f"{township_a.code}-government", "100000.00")
    entry = county_entry(township_a.parent)
    clerk = api_client.login(town_user)
    created = clerk.post(
        "/api/v1/projects",
        {
            "fiscal_year": 2027,
            "title": "居家养老上门服务",
            "content": "每周上门",
            "budget_amount": "30000.00",
            "catalog_entry_id": entry.pk,
            "budget_line_id": line.pk,
        },
    )
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    assert created.json()["allowed_actions"] == ["submit", "withdraw"]
    assert clerk.post(f"/api/v1/projects/{pid}/transitions/submit", {}).status_code == 200

    other = Client()  # the approver, in a session of their own
    token = other.post(
        "/api/v1/auth/token",
        {"username": approver.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    approved = other.post(
        f"/api/v1/projects/{pid}/transitions/approve",
        {},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert (
        approved.json()["status"] == "approved" and approved.json()["reserved_amount"] == "30000.00"
    )

    assert (
        clerk.post(
            f"/api/v1/projects/{pid}/procurement",
            {"method": "open_tender", "announced_on": "2027-03-01", "deadline": "2027-04-01"},
        ).status_code
        == 201
    )
    firm = provider()
    clerk = on("2027-03-10")
    bid = clerk.post(
        f"/api/v1/projects/{pid}/procurement/bids",
        {"provider_id": firm.pk, "amount": "28000", "submitted_on": "2027-03-10"},
    ).json()
    clerk = on("2027-03-12")
    assert (
        clerk.post(
            f"/api/v1/projects/{pid}/procurement/award",
            {"bid_id": bid["id"], "reasons": "价格最低", "awarded_on": "2027-03-12"},
        ).status_code
        == 201
    )
    clerk = on("2027-03-20")
    contract = clerk.post(
        f"/api/v1/projects/{pid}/contract",
        {
            "number": "HT-1",
            "amount": "28000",
            "start_date": "2027-04-01",
            "end_date": "2028-03-31",
            "signed_on": "2027-03-20",
            "milestones": [{"name": "全年服务", "due_date": "2028-03-31", "amount": "28000"}],
        },
    )
    assert contract.status_code == 201, contract.content
    assert contract.json()["amount_in_words"] == "贰万捌仟元整"
    clerk.post(f"/api/v1/projects/{pid}/transitions/start_performance", {})
    clerk = on("2028-04-01")
    milestone_id = Project.objects.get(pk=pid).contract.milestones.get().pk
    early = clerk.post(
        f"/api/v1/projects/{pid}/contract/payments",
        {"milestone_id": milestone_id, "amount": "28000", "paid_on": "2028-04-01"},
    )
    assert early.status_code == 400 and early.json()["code"] == "payment_before_acceptance"
    clerk.post(
        f"/api/v1/projects/{pid}/contract/milestones/{milestone_id}/accept",
        {"accepted_on": "2028-03-31"},
    )
    paid = clerk.post(
        f"/api/v1/projects/{pid}/contract/payments",
        {"milestone_id": milestone_id, "amount": "28000", "paid_on": "2028-04-01"},
    )
    assert paid.status_code == 201
    response = clerk.post(f"/api/v1/projects/{pid}/transitions/accept", {})
    assert response.status_code == 200, response.content
    # 完成绩效评价 comes from the evaluation, never from the transitions endpoint
    refused = clerk.post(f"/api/v1/projects/{pid}/transitions/evaluate", {"note": "良"})
    assert (refused.status_code, refused.json()["code"]) == (409, "use_dedicated_step")
    mark_evaluated(town_user, Project.objects.get(pk=pid))
    response = clerk.post(f"/api/v1/projects/{pid}/transitions/close", {})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed" and response.json()["paid_amount"] == "28000.00"


def test_another_township_gets_nothing_of_this_project(
    api_client, town_user, township_a, make_user, township_a2
):
    project = draft_project(town_user, township_a)
    neighbour = api_client.login(make_user(f"{township_a2.code}-government"))
    assert neighbour.get("/api/v1/projects").json()["count"] == 0
    for method, path, body in [
        ("get", f"/api/v1/projects/{project.pk}", None),
        ("post", f"/api/v1/projects/{project.pk}/transitions/submit", {}),
        (
            "patch",
            f"/api/v1/projects/{project.pk}",
            {"fiscal_year": 2027, "title": "x", "content": "x", "budget_amount": "1", "version": 1},
        ),
        (
            "post",
            f"/api/v1/projects/{project.pk}/procurement",
            {"method": "open_tender", "announced_on": "2027-01-01", "deadline": "2027-02-01"},
        ),
        (
            "post",
            f"/api/v1/projects/{project.pk}/contract/payments",
            {"milestone_id": 1, "amount": "1", "paid_on": "2027-01-01"},
        ),
    ]:
        response = (
            getattr(neighbour, method)(path, body) if body is not None else neighbour.get(path)
        )
        assert response.status_code == 404, (path, response.content)
    assert Project.objects.get(pk=project.pk).status == "draft"


def test_another_county_and_another_sector_get_nothing(
    api_client, town_user, township_a, make_user
):
    project = draft_project(town_user, township_a)  # a 民政 item
    other_county = api_client.login(make_user("510521-finance", roles=("approver",)))
    assert other_county.get(f"/api/v1/projects/{project.pk}").status_code == 404
    education = api_client.login(make_user("510000-education"))
    assert education.get("/api/v1/projects").json()["count"] == 0
    assert education.get(f"/api/v1/projects/{project.pk}").status_code == 404
    civil = api_client.login(make_user("510000-civil_affairs"))
    assert civil.get(f"/api/v1/projects/{project.pk}").status_code == 200


def test_list_filters_dashboard_and_query_count(
    api_client, town_user, township_a, finance_user, django_assert_max_num_queries
):
    for n in range(12):
        draft_project(town_user, township_a, title=f"服务项目{n}")
    api = api_client.login(finance_user)
    with django_assert_max_num_queries(8):
        response = api.get(
            "/api/v1/projects", status="draft", region="510131", sector="civil_affairs"
        )
    assert response.json()["count"] == 12
    assert api.get("/api/v1/projects", economic_region="panxi").json()["count"] == 0
    assert api.get("/api/v1/projects", economic_region="chengdu_plain").json()["count"] == 12
    dashboard = {row["status"]: row for row in api.get("/api/v1/projects/dashboard").json()}
    assert dashboard["draft"]["count"] == 12 and dashboard["draft"]["budget"] == "360000.00"
    assert list(dashboard) == [s for s, _ in Project.Status.choices]


def test_stale_version_gets_409(api_client, town_user, township_a):
    project = draft_project(town_user, township_a)
    api = api_client.login(town_user)
    assert (
        api.post(f"/api/v1/projects/{project.pk}/transitions/submit", {"version": 1}).status_code
        == 200
    )
    response = api.post(
        f"/api/v1/projects/{project.pk}/transitions/withdraw", {"version": 1, "note": "x"}
    )
    assert response.status_code == 409 and response.json()["code"] == "stale"


def test_internal_transitions_are_refused_on_the_endpoint(
    api_client, town_user, township_a, approver
):
    project = draft_project(town_user, township_a)
    project_transition(actor=town_user, project=project, action="submit")
    project_transition(actor=approver, project=Project.objects.get(pk=project.pk), action="approve")
    response = api_client.login(town_user).post(
        f"/api/v1/projects/{project.pk}/transitions/start_procurement", {}
    )
    assert response.status_code == 409 and response.json()["code"] == "use_dedicated_step"


def test_dashboards_count_only_the_actors_sector(
    api_client, client, town_user, township_a, make_user
):
    """Aggregates obey the same jurisdiction as lists: a sector department's counts are
    its sector's (the elderly-care item is civil affairs; river cleaning is agriculture)."""
    draft_project(town_user, township_a, title="居家养老")
    draft_project(
        town_user,
        township_a,
        title="河道保洁",
        catalog_entry=county_entry(township_a.parent, "011203"),
    )
    civil = make_user("510000-civil_affairs")
    education = make_user("510000-education")
    counts = {
        user.username: {
            row["status"]: row["count"]
            for row in api_client.login(user).get("/api/v1/projects/dashboard").json()
        }["draft"]
        for user in (civil, education)
    }
    assert counts == {civil.username: 1, education.username: 0}
    client.force_login(education)
    page = client.get("/projects/").content.decode()
    assert "居家养老" not in page and "河道保洁" not in page

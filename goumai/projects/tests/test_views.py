from datetime import datetime

import pytest
from django.test import Client

from goumai.budgets.tests.factories import budget_line
from goumai.evaluation.tests.factories import mark_evaluated
from goumai.projects.models import Project
from goumai.projects.tests.factories import county_entry, draft_project
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db


def follow_messages(response) -> str:
    return response.content.decode()


def test_a_township_clerk_runs_the_whole_lifecycle_in_the_browser(
    client, town_user, township_a, make_user, time_machine
):
    def on(day: str) -> None:  # each step on its own day, signed in again that day
        time_machine.move_to(datetime.fromisoformat(f"{day}T10:00:00+08:00"))
        client.force_login(town_user)

    line = budget_line(f"{township_a.code}-government", "100000.00")
    entry = county_entry(township_a.parent)
    firm = provider("社工服务中心")
    client.force_login(town_user)
    response = client.post(
        "/projects/new/",
        {
            "title": "居家养老上门服务",
            "fiscal_year": 2027,
            "catalog_entry": entry.pk,
            "budget_line": line.pk,
            "budget_amount": "30000.00",
            "content": "每周上门两次",
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == f"/projects/{project.pk}/"
    client.post(f"/projects/{project.pk}/do/submit/", {"version": project.version})

    approver = Client()
    approver.force_login(make_user("510131-finance", roles=("approver",)))
    page = approver.get(f"/projects/{project.pk}/").content.decode()
    assert "批准并预留预算" in page
    approver.post(f"/projects/{project.pk}/do/approve/", {})
    assert Project.objects.get().status == "approved"

    client.post(
        f"/projects/{project.pk}/procurement/",
        {"method": "open_tender", "announced_on": "2027-03-01", "deadline": "2027-04-01"},
    )
    client.post(
        f"/projects/{project.pk}/procurement/bids/",
        {"provider_id": firm.pk, "amount": "28000", "submitted_on": "2027-03-01"},
    )
    bid = Project.objects.get().procurement.bids.get()
    on("2027-03-11")
    client.post(
        f"/projects/{project.pk}/procurement/bids/{bid.pk}/award/",
        {"reasons": "价格最低", "awarded_on": "2027-03-11"},
    )
    on("2027-03-20")
    response = client.post(
        f"/projects/{project.pk}/contract/",
        {
            "number": "HT-1",
            "amount": "28000",
            "signed_on": "2027-03-20",
            "start_date": "2027-04-01",
            "end_date": "2027-12-31",
            "milestone_name": "全年服务",
            "milestone_due_date": "2027-12-31",
            "milestone_amount": "28000",
        },
    )
    assert response.status_code == 302, response.content.decode()
    client.post(f"/projects/{project.pk}/do/start_performance/", {})
    milestone = Project.objects.get().contract.milestones.get()
    on("2028-01-05")
    early = client.post(
        f"/projects/{project.pk}/milestones/{milestone.pk}/pay/",
        {"amount": "28000", "paid_on": "2028-01-05"},
        follow=True,
    )
    assert "尚未验收，不能付款" in follow_messages(early)
    client.post(
        f"/projects/{project.pk}/milestones/{milestone.pk}/accept/", {"accepted_on": "2027-12-31"}
    )
    client.post(
        f"/projects/{project.pk}/milestones/{milestone.pk}/pay/",
        {"amount": "28000", "paid_on": "2028-01-05"},
    )
    client.post(f"/projects/{project.pk}/do/accept/", {})
    bare = client.post(
        f"/projects/{project.pk}/do/evaluate/", {"note": "评价等级：优"}, follow=True
    )
    assert "须在采购、合同或绩效评价中办理" in follow_messages(bare)
    mark_evaluated(town_user, Project.objects.get(pk=project.pk))
    final = client.post(f"/projects/{project.pk}/do/close/", {}, follow=True)
    project = Project.objects.get()
    assert project.status == "closed" and str(project.paid_amount) == "28000.00"
    assert "已结项" in final.content.decode() and "贰万捌仟元整" in final.content.decode()


def test_the_gate_message_shows_on_the_project_page(client, town_user, township_a):
    project = draft_project(town_user, township_a, catalog_entry=None)
    client.force_login(town_user)
    response = client.post(f"/projects/{project.pk}/do/submit/", {}, follow=True)
    assert "请选择本县目录中的服务事项" in response.content.decode()
    assert Project.objects.get().status == "draft"


def test_project_pages_of_another_jurisdiction_are_not_found(
    client, town_user, township_a, make_user, township_a2
):
    project = draft_project(town_user, township_a)
    client.force_login(make_user(f"{township_a2.code}-government"))
    for path in (
        f"/projects/{project.pk}/",
        f"/projects/{project.pk}/edit/",
        f"/projects/{project.pk}/procurement/",
    ):
        assert client.get(path).status_code == 404
    assert client.post(f"/projects/{project.pk}/do/submit/", {}).status_code == 404
    assert project.title not in client.get("/projects/").content.decode()
    client.force_login(make_user("510521-finance", roles=("approver",)))
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    client.force_login(make_user("510000-education"))
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert Project.objects.get().status == "draft"


def test_county_list_filters_and_dashboard(client, town_user, township_a, county_user):
    draft_project(town_user, township_a, title="河道保洁")
    client.force_login(county_user)
    body = client.get("/projects/", {"status": "draft"}).content.decode()
    assert "河道保洁" in body and "按状态统计" in body
    assert "河道保洁" not in client.get("/projects/", {"status": "approved"}).content.decode()
    partial = client.get(
        "/projects/", {"q": "河道"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "河道保洁" in partial and "<html" not in partial


def test_the_event_log_speaks_chinese(client, town_user, township_a):
    project = draft_project(town_user, township_a)
    client.force_login(town_user)
    client.post(f"/projects/{project.pk}/do/submit/", {})
    town_user.full_name = "李经办"
    town_user.save(update_fields=["full_name"])
    body = client.get(f"/projects/{project.pk}/").content.decode()
    assert "<td>提交审核</td><td>草稿 → 已提交</td>" in body
    # the operator by name and unit, not by username
    assert f"<td>李经办（{town_user.org_unit.name}）</td>" in body
    assert f"<td>{town_user.username}</td>" not in body


def test_steps_with_no_way_back_ask_first_and_others_do_not(client, town_user, township_a):
    project = draft_project(town_user, township_a)
    client.force_login(town_user)
    body = client.get(f"/projects/{project.pk}/").content.decode()
    withdraw = body[body.index(f"/projects/{project.pk}/do/withdraw/") :].split(">", 1)[0]
    submit = body[body.index(f"/projects/{project.pk}/do/submit/") :].split(">", 1)[0]
    assert 'data-confirm="撤销后项目不能恢复，已预留的预算将退回。确定撤销？"' in withdraw
    assert "data-confirm" not in submit

"""Tasks over the API: the province breaks a plan task down for counties, a county for
its townships; responsible units report, the setting level confirms completion; every
read and write stays on the actor's branch (another county gets 404)."""

from datetime import date

import pytest

from goumai.accounts.models import OrgUnit
from goumai.audit.models import AuditEntry
from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.supervision.loader import PROVINCE, load_work_plan
from goumai.supervision.models import ProgressReport, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(make_user):
    load_work_plan()
    return {
        "finance": make_user("510000-finance"),
        "county_a": make_user(f"{COUNTY_A}-government"),
        "county_b": make_user(f"{COUNTY_B}-government"),
        "town_a": make_user(f"{COUNTY_A}001-government"),
        "catalog": Task.objects.get(scope_path=PROVINCE, number="六"),
    }


def unit(code):
    return OrgUnit.objects.get(code=code).pk


def as_user(api_client, user):
    return api_client.login(user)


def test_the_plan_is_broken_down_level_by_level(api_client, plan):
    api = as_user(api_client, plan["finance"])
    entries = AuditEntry.objects.count()
    made = api.post(
        f"/api/v1/tasks/{plan['catalog'].pk}/subtasks",
        {
            "number": "1",
            "title": "编制县级目录",
            "deadline": "2021-12-01",
            "responsible_unit_ids": [
                unit(f"{COUNTY_A}-government"),
                unit(f"{COUNTY_B}-government"),
            ],
        },
    )
    assert made.status_code == 201, made.content
    county_task = made.json()
    assert county_task["responsible_units"] == ["蒲江县人民政府", "泸县人民政府"]
    assert county_task["flag"] == "overdue"  # 2021-12-01 has passed
    assert AuditEntry.objects.count() == entries + 1

    api = as_user(api_client, plan["county_a"])
    made = api.post(
        f"/api/v1/tasks/{county_task['id']}/subtasks",
        {
            "number": "1",
            "title": "报送本镇服务需求",
            "deadline": "2021-11-15",
            "responsible_unit_ids": [unit(f"{COUNTY_A}001-government")],
        },
    )
    assert made.status_code == 201, made.content
    town_task = made.json()
    assert town_task["scope_path"] == "/510000/510100/510131/"

    # 泸县 sees the province's sub-task it answers for, never 蒲江县's own
    api = as_user(api_client, plan["county_b"])
    assert api.get(f"/api/v1/tasks/{county_task['id']}").status_code == 200
    assert api.get(f"/api/v1/tasks/{town_task['id']}").status_code == 404
    assert town_task["id"] not in [t["id"] for t in api.get("/api/v1/tasks").json()]
    for path, data in (
        ("reports", {"text": "已完成", "reported_on": "2021-11-01"}),
        ("complete", {"done_on": "2021-11-01"}),
        ("subtasks", {"number": "9", "title": "x", "responsible_unit_ids": []}),
    ):
        assert api.post(f"/api/v1/tasks/{town_task['id']}/{path}", data).status_code == 404


def test_sub_task_rules_are_refused_beside_their_fields(api_client, plan):
    api = as_user(api_client, plan["finance"])
    answer = api.post(
        f"/api/v1/tasks/{plan['catalog'].pk}/subtasks",
        {
            "number": "",
            "title": "编制县级目录",
            "deadline": "2022-01-01",  # after the plan's 2021-12-31
            "responsible_unit_ids": [unit("510000-education")],  # not below the province
        },
    )
    assert answer.status_code == 400
    fields = answer.json()["fields"]
    assert fields["number"] == ["必填。"]
    assert "不得晚于上级任务的完成时限 2021-12-31" in fields["deadline"][0]
    assert "四川省教育厅" in fields["responsible_unit_ids"][0]
    assert not plan["catalog"].subtasks.exists()
    # the deadline equal to the parent's is allowed
    ok = api.post(
        f"/api/v1/tasks/{plan['catalog'].pk}/subtasks",
        {
            "number": "1",
            "title": "编制县级目录",
            "deadline": "2021-12-31",
            "responsible_unit_ids": [unit(f"{COUNTY_A}-government")],
        },
    )
    assert ok.status_code == 201


def test_only_a_responsible_unit_or_the_setting_level_breaks_a_task_down(api_client, plan):
    api = as_user(api_client, plan["county_a"])  # not responsible for the province's 六
    answer = api.post(
        f"/api/v1/tasks/{plan['catalog'].pk}/subtasks",
        {"number": "1", "title": "x", "responsible_unit_ids": [unit(f"{COUNTY_A}001-government")]},
    )
    assert answer.status_code == 403 and "责任单位或下达单位" in answer.json()["message"]


def test_reports_by_the_responsible_unit_and_completion_by_the_setting_level(api_client, plan):
    task = Task.objects.create(
        number="1",
        title="报送需求",
        scope_path="/510000/510100/510131/",
        deadline=date(2026, 12, 31),
    )
    task.responsible_units.set([OrgUnit.objects.get(code=f"{COUNTY_A}001-government")])
    town = as_user(api_client, plan["town_a"])
    sent = town.post(
        f"/api/v1/tasks/{task.pk}/reports", {"text": "已完成调查", "reported_on": "2026-11-20"}
    )
    assert (
        sent.status_code == 201 and sent.json()["reports"][0]["unit_name"] == "蒲江县鹤山街道办事处"
    )
    refused = town.post(
        f"/api/v1/tasks/{task.pk}/reports", {"text": " ", "reported_on": "2026-11-20"}
    )
    assert refused.status_code == 400 and refused.json()["fields"]["text"] == ["必填。"]
    assert (
        town.post(f"/api/v1/tasks/{task.pk}/complete", {"done_on": "2026-11-20"}).status_code == 403
    )
    # the county (which set it) reads the report but is not a responsible unit
    county = as_user(api_client, plan["county_a"])
    answer = county.post(
        f"/api/v1/tasks/{task.pk}/reports", {"text": "x", "reported_on": "2026-11-20"}
    )
    assert answer.status_code == 403
    assert ProgressReport.objects.count() == 1
    done = county.post(f"/api/v1/tasks/{task.pk}/complete", {"done_on": "2026-11-21"})
    assert (
        done.status_code == 200 and done.json()["status"] == "done" and done.json()["flag"] is None
    )
    again = county.post(f"/api/v1/tasks/{task.pk}/complete", {"done_on": "2026-11-21"})
    assert again.status_code == 409


def test_the_flagged_list_of_a_county(api_client, plan):
    api = as_user(api_client, plan["county_a"])
    flagged = api.get("/api/v1/tasks", flagged="true").json()
    assert {t["number"] for t in flagged} == {"四", "五", "六", "七", "八", "九"}
    assert {t["flag"] for t in flagged} == {"overdue"}
    assert len(api.get("/api/v1/tasks").json()) == 7


def test_a_number_is_taken_once_per_level_not_across_levels(api_client, plan):
    api = as_user(api_client, plan["finance"])
    body = {
        "number": "1",
        "title": "编制县级目录",
        "responsible_unit_ids": [unit(f"{COUNTY_A}-government")],
    }
    assert api.post(f"/api/v1/tasks/{plan['catalog'].pk}/subtasks", body).status_code == 201
    again = api.post(f"/api/v1/tasks/{plan['catalog'].pk}/subtasks", body)
    assert again.status_code == 400 and again.json()["fields"]["number"] == [
        "本级已有同编号的子任务。"
    ]

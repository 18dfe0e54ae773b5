"""The 工作督查 pages: the list with flags, a task with its reports, the report and
completion forms for whoever may use them, the 工作台 pile of the responsible unit — and
nothing of another county's."""

from datetime import date

import pytest

from goumai.accounts.models import OrgUnit
from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.supervision.loader import load_work_plan
from goumai.supervision.models import ProgressReport, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_task(db):
    load_work_plan()
    task = Task.objects.create(
        number="1",
        title="报送本镇服务需求",
        scope_path="/510000/510100/510131/",
        deadline=date(2026, 12, 5),
    )
    task.responsible_units.set([OrgUnit.objects.get(code=f"{COUNTY_A}001-government")])
    return task


def test_the_responsible_township_sees_reports_and_finds_it_on_its_home(
    client, make_user, town_task, time_machine
):
    time_machine.move_to("2026-11-30 10:00 +08:00")
    client.force_login(make_user(f"{COUNTY_A}001-government"))
    home = client.get("/").content.decode()
    assert "工作任务" in home and "报送本镇服务需求" in home and "即将到期" in home
    listing = client.get("/tasks/?flagged=1").content.decode()
    assert "报送本镇服务需求" in listing and "已逾期" in listing  # the plan's 2021 tasks
    page = client.get(f"/tasks/{town_task.pk}/").content.decode()
    assert "报告进展" in page and "确认完成" not in page
    bad = client.post(
        f"/tasks/{town_task.pk}/", {"form": "report", "text": "", "reported_on": "2026-11-30"}
    )
    assert bad.status_code == 200 and "必填" in bad.content.decode()
    assert not ProgressReport.objects.exists()
    sent = client.post(
        f"/tasks/{town_task.pk}/",
        {"form": "report", "text": "已汇总 12 个村的需求", "reported_on": "2026-11-30"},
    )
    assert sent.status_code == 302
    assert "已汇总 12 个村的需求" in client.get(f"/tasks/{town_task.pk}/").content.decode()
    assert (
        client.post(
            f"/tasks/{town_task.pk}/", {"form": "complete", "done_on": "2026-11-30"}
        ).status_code
        == 403
    )


def test_the_setting_county_confirms_completion(client, make_user, town_task, time_machine):
    time_machine.move_to("2026-11-30 10:00 +08:00")
    client.force_login(make_user(f"{COUNTY_A}-government"))
    page = client.get(f"/tasks/{town_task.pk}/").content.decode()
    assert "确认完成" in page and "报告进展" not in page
    done = client.post(f"/tasks/{town_task.pk}/", {"form": "complete", "done_on": "2026-11-30"})
    assert done.status_code == 302
    town_task.refresh_from_db()
    assert town_task.status == "done" and town_task.done_on == date(2026, 11, 30)


def test_another_county_gets_nothing(client, make_user, town_task):
    client.force_login(make_user(f"{COUNTY_B}-government"))
    assert client.get(f"/tasks/{town_task.pk}/").status_code == 404
    assert (
        client.post(
            f"/tasks/{town_task.pk}/", {"form": "report", "text": "x", "reported_on": "2026-11-30"}
        ).status_code
        == 404
    )
    assert "报送本镇服务需求" not in client.get("/tasks/").content.decode()
    assert "报送本镇服务需求" not in client.get("/").content.decode()

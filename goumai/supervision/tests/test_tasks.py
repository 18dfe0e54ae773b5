"""The work plan's tasks as data: present with their units and deadlines, flagged
overdue or due soon relative to a fixed day, and seen only along the actor's branch."""

from datetime import date

import pytest

from goumai.audit.models import AuditEntry
from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.supervision.flags import DUE_SOON, OVERDUE, flag
from goumai.supervision.loader import PROVINCE, load_work_plan
from goumai.supervision.models import Task
from goumai.supervision.selectors import flagged_tasks, task_list

pytestmark = pytest.mark.django_db


def test_the_seed_tasks_are_there_with_their_units_and_deadlines():
    entries = AuditEntry.objects.count()
    assert load_work_plan() == 7
    tasks = {t.number: t for t in Task.objects.filter(scope_path=PROVINCE)}
    assert list(tasks) == ["四", "五", "六", "七", "八", "九", "十至十三"]
    units = {n: sorted(u.name for u in t.responsible_units.all()) for n, t in tasks.items()}
    assert units["四"] == sorted(
        ["四川省财政厅", "四川省民政厅", "四川省教育厅", "四川省农业农村厅", "四川省司法厅"]
    )
    assert tasks["四"].responsible_note == "试点县人民政府"
    assert tasks["四"].deadline == date(2021, 2, 28)
    assert units["五"] == ["四川省财政厅"] and tasks["五"].deadline == date(2021, 12, 31)
    assert units["八"] == ["四川省农业农村厅", "四川省民政厅"]
    assert tasks["十至十三"].deadline is None and tasks["十至十三"].responsible_note
    assert AuditEntry.objects.count() == entries + 7  # each creation audited
    assert load_work_plan() == 0  # loading again changes nothing


@pytest.mark.parametrize(
    ("deadline", "status", "expected"),
    [
        (date(2026, 11, 29), "open", OVERDUE),  # the day before today
        (date(2026, 11, 30), "open", DUE_SOON),  # today: still in time
        (date(2026, 12, 14), "open", DUE_SOON),  # today + 14 days: the last day of "soon"
        (date(2026, 12, 15), "open", None),  # one day further
        (date(2021, 2, 28), "done", None),  # done: never flagged
        (None, "open", None),  # 长期: no deadline
    ],
)
def test_flags_relative_to_a_fixed_day(deadline, status, expected):
    assert (
        flag(status=status, deadline=deadline, today=date(2026, 11, 30), soon_days=14) == expected
    )


def test_flagged_tasks_of_a_county(make_user):
    load_work_plan()
    county = make_user(f"{COUNTY_A}-government")
    mine = Task.objects.create(
        number="1",
        title="制定本县实施方案",
        scope_path="/510000/510100/510131/",
        deadline=date(2026, 12, 10),
    )
    Task.objects.create(
        number="2",
        title="已完成的任务",
        scope_path="/510000/510100/510131/",
        deadline=date(2026, 12, 1),
        status="done",
        done_on=date(2026, 11, 1),
    )
    flagged = dict(
        (task.number, mark)
        for task, mark in flagged_tasks(actor=county, today=date(2026, 11, 30), soon_days=14)
    )
    assert flagged[mine.number] == DUE_SOON
    assert {flagged[n] for n in ("四", "五", "六", "七", "八", "九")} == {OVERDUE}
    assert "十至十三" not in flagged and "2" not in flagged


def test_a_county_sees_the_plan_above_it_and_its_own_tasks_not_another_countys(make_user):
    load_work_plan()
    own = Task.objects.create(number="1", title="蒲江县任务", scope_path="/510000/510100/510131/")
    town = Task.objects.create(
        number="1", title="鹤山街道任务", scope_path="/510000/510100/510131/510131001/"
    )
    other = Task.objects.create(number="1", title="泸县任务", scope_path="/510000/510500/510521/")
    city = Task.objects.create(number="1", title="成都市任务", scope_path="/510000/510100/")
    county = make_user(f"{COUNTY_A}-government")
    seen = set(task_list(actor=county))
    assert {own, town, city} <= seen and other not in seen
    assert Task.objects.filter(scope_path=PROVINCE).count() == len(seen - {own, town, city})
    township = make_user(f"{COUNTY_A}001-government")
    seen = set(task_list(actor=township))
    assert {own, town, city} <= seen and other not in seen
    other_county = make_user(f"{COUNTY_B}-government")
    seen = set(task_list(actor=other_county))
    assert other in seen and not ({own, town, city} & seen)

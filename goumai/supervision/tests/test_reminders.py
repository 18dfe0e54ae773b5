"""Reminders: due-soon and overdue tasks remind each responsible unit once, by e-mail
to its users with an address; a second run sends nothing; the worker runs the same."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from goumai.accounts.models import OrgUnit, User
from goumai.core.dates import china_today
from goumai.supervision.models import Reminder, Task
from goumai.supervision.reminders import send_reminders

pytestmark = pytest.mark.django_db
TODAY = date(2027, 5, 10)


def _task(number, deadline, units, status="open"):
    task = Task.objects.create(
        number=number,
        title=f"任务{number}",
        scope_path="/510000/",
        deadline=deadline,
        status=status,
        done_on=deadline if status == "done" else None,
    )
    task.responsible_units.set(units)
    return task


@pytest.fixture
def units(make_user):
    civil = OrgUnit.objects.get(code="510000-civil_affairs")
    county = OrgUnit.objects.get(code="510131-government")
    with_mail = make_user("510000-civil_affairs")
    User.objects.filter(pk=with_mail.pk).update(email="civil@example.org")
    make_user("510000-civil_affairs")  # no address: not mailed
    gone = make_user("510131-government")
    User.objects.filter(pk=gone.pk).update(email="gone@example.org", is_active=False)
    return civil, county


def test_each_unit_is_reminded_once_per_task_and_flag(units, settings):
    settings.GOUMAI_TASK_DUE_SOON_DAYS = 14
    civil, county = units
    _task("1", TODAY + timedelta(days=14), [civil, county])  # due soon (the last day of it)
    _task("2", TODAY - timedelta(days=1), [civil])  # overdue
    _task("3", TODAY + timedelta(days=15), [civil])  # further off
    _task("4", TODAY - timedelta(days=3), [civil], status="done")
    _task("5", None, [civil])  # 长期
    assert send_reminders(today=TODAY) == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["civil@example.org", "civil@example.org"]
    assert {m.subject for m in mail.outbox} == {"【即将到期】1 任务1", "【已逾期】2 任务2"}
    assert Reminder.objects.get(task__number="1", unit=county).recipients == 0
    assert send_reminders(today=TODAY) == 0  # run twice, sent once
    assert len(mail.outbox) == 2
    # the due-soon task becomes overdue: that is a new reminder
    assert send_reminders(today=TODAY + timedelta(days=15)) == 3  # task 1 ×2, task 3 due soon
    assert len(mail.outbox) == 4


def test_the_command_and_the_worker_task(units, time_machine):
    civil, _county = units
    _task("1", china_today() - timedelta(days=1), [civil])
    call_command("task_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Reminder.objects.count() == 1 and len(mail.outbox) == 1
    from goumai.supervision.tasks import remind_tasks

    assert remind_tasks.call() == 0  # already sent

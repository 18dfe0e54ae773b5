"""Reminders of work-plan tasks due soon or overdue: each responsible unit is told
once per task and flag (a second run sends nothing), by e-mail to its active users
that have an address. Run daily by the background worker (``tasks.remind_tasks``) or
``goumai task_reminders``."""

from __future__ import annotations

from datetime import date

from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction

from goumai.accounts.models import User
from goumai.supervision.flags import LABELS
from goumai.supervision.models import Reminder, Task
from goumai.supervision.selectors import task_flag


def send_reminders(*, today: date, soon_days: int | None = None) -> int:
    """Send what is due; returns the number of reminders (unit × task) made."""
    made = 0
    tasks = Task.objects.filter(status=Task.Status.OPEN, deadline__isnull=False)
    for task in tasks.prefetch_related("responsible_units").order_by("id"):
        mark = task_flag(task, today, soon_days)
        if mark is None:
            continue
        for unit in task.responsible_units.all():
            addresses = list(
                User.objects.filter(org_unit=unit, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        task=task, unit=unit, flag=mark, sent_on=today, recipients=len(addresses)
                    )
                    if addresses:
                        send_mass_mail(
                            [
                                (
                                    f"【{LABELS[mark]}】{task.number} {task.title}",
                                    f"{unit.name}：\n\n工作任务“{task.number} {task.title}”"
                                    f"的完成时限为 {task.deadline:%Y-%m-%d}，目前{LABELS[mark]}。"
                                    "请及时报告进展或确认完成。\n\n乡镇政府购买服务管理平台",
                                    None,
                                    [address],
                                )
                                for address in addresses
                            ]
                        )
            except IntegrityError:
                continue  # reminded already (or by a worker running at the same time)
            made += 1
    return made

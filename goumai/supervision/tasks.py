"""Background work of supervision (Django's task API, database queue)."""

from django.utils import timezone
from django_tasks import task

from goumai.supervision.reminders import send_reminders


@task()
def remind_tasks() -> int:
    """The daily reminders of tasks due soon or overdue (``remind_tasks.enqueue()``)."""
    return send_reminders(today=timezone.localdate())

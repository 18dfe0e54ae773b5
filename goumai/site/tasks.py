"""Background work that spans the purchase's apps (Django's task API, database queue)."""

from django_tasks import task

from goumai.core.dates import china_today
from goumai.site.reminders import send_due_reminders


@task()
def remind_due() -> int:
    """The daily reminders of a purchase's dates (``remind_due.enqueue()``)."""
    return send_due_reminders(today=china_today())

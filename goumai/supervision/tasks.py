"""Background work of supervision (Django's task API, database queue)."""

from django_tasks import task

from goumai.core.dates import china_today
from goumai.supervision.monitoring import warm_figures
from goumai.supervision.reminders import send_reminders


@task()
def remind_tasks() -> int:
    """The daily reminders of tasks due soon or overdue (``remind_tasks.enqueue()``)."""
    return send_reminders(today=china_today())


@task()
def warm_monitoring() -> int:
    """Compute today's 改革监测 figures of the province and of every 市州 ahead of the
    first visitor (``goumai monitoring_warm``, nightly): the province's cold page takes
    seconds (docs/performance.md)."""
    return warm_figures(today=china_today())

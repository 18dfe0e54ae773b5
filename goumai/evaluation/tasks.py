"""Background work of the evaluation app (Django's task API, database queue)."""

from django_tasks import task

from goumai.core.dates import china_today
from goumai.evaluation.flags import flags_refresh
from goumai.evaluation.models import Evaluation
from goumai.evaluation.services import policy

BATCH = 2000


def refresh_all_flags(*, year: int | None = None, log=None) -> int:
    """Recompute the formality flags of every evaluation (of one budget year), in
    batches; returns how many evaluations were looked at."""
    evaluations = Evaluation.objects.order_by("id").only(
        "id", "project_id", "status", "finished_at", "people_served"
    )
    if year:
        evaluations = evaluations.filter(project__fiscal_year=year)
    rules, today = policy(), china_today()
    done, last = 0, 0
    while True:
        batch = list(evaluations.filter(id__gt=last)[:BATCH])
        if not batch:
            return done
        flags_refresh(batch, rules, today=today)
        done, last = done + len(batch), batch[-1].pk
        if log:
            log(f"  {done:,} 个评价已检查")


@task()
def refresh_flags(year: int | None = None) -> int:
    """The nightly refresh (enqueue with ``refresh_flags.enqueue()``); the look-alike
    and late flags change as other evaluations are finished and days pass."""
    return refresh_all_flags(year=year)

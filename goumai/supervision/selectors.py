from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet

from goumai.core.errors import NotFound
from goumai.core.jurisdiction import Jurisdiction, scope
from goumai.supervision.assessing import may_manage
from goumai.supervision.flags import flag
from goumai.supervision.models import Assessment, AssessmentSubject, ProgressReport, Task


def _ancestors(path: str) -> list[str]:
    """ "/510000/510100/510131/" → the paths of the province, the 市州 and the county."""
    codes = [code for code in path.split("/") if code]
    return ["/" + "/".join(codes[: n + 1]) + "/" for n in range(len(codes))]


def task_list(*, actor) -> QuerySet[Task]:
    """The tasks of the actor's own level and of the levels above it on its branch (the
    plan it works under), and those its own jurisdiction set below it. Another
    county's or township's tasks are not shown."""
    jurisdiction = Jurisdiction.of(actor)
    if jurisdiction.is_empty:
        return Task.objects.none()
    tasks = Task.objects.all()
    if not jurisdiction.everything:
        path = jurisdiction.region_path
        tasks = tasks.filter(Q(scope_path__startswith=path) | Q(scope_path__in=_ancestors(path)))
    return tasks.prefetch_related("responsible_units").order_by("scope_path", "id")


def task_flag(task: Task, today: date, soon_days: int | None = None) -> str | None:
    """``overdue``, ``due_soon`` or ``None`` for ``task`` on ``today`` (``flags.flag``), with
    ``GOUMAI_TASK_DUE_SOON_DAYS`` unless ``soon_days`` says otherwise."""
    days = settings.GOUMAI_TASK_DUE_SOON_DAYS if soon_days is None else soon_days
    return flag(status=task.status, deadline=task.deadline, today=today, soon_days=days)


def flagged_tasks(*, actor, today: date, soon_days: int | None = None) -> list[tuple[Task, str]]:
    """The actor's visible open tasks that are overdue or due soon, with the flag."""
    found = []
    for task in task_list(actor=actor).filter(status=Task.Status.OPEN, deadline__isnull=False):
        mark = task_flag(task, today, soon_days)
        if mark:
            found.append((task, mark))
    return found


def reports_of(*, actor, task: Task) -> QuerySet[ProgressReport]:
    """A task's progress reports that the actor may read: those of units inside its
    jurisdiction (a county does not read another county's reports on the province's
    task; the levels above read all of theirs)."""
    return scope(
        task.reports.select_related("unit"), actor, path_field="unit__region__path"
    ).order_by("-reported_on", "-id")


def task_get(*, actor, task_id: int) -> Task:
    """One task the actor may see, or ``NotFound`` (never "forbidden")."""
    task = task_list(actor=actor).filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    return task


# --- target assessment -------------------------------------------------------------------


CITY_UNITS = {"city_government", "city_finance"}


def _own_subjects(actor) -> Q | None:
    """Which subjects the actor is: its sector department, or its 市州 (a 市州's
    government or finance bureau). ``None``: none."""
    unit = getattr(actor, "org_unit", None)
    if unit is None or not unit.is_active or not actor.is_authenticated:
        return None
    if unit.kind == "sector_department":
        return Q(unit_id=unit.pk)
    if unit.kind in CITY_UNITS:
        return Q(region_id=unit.region_id)
    return None


def assessment_list(*, actor) -> QuerySet[Assessment]:
    """The province sees every year; a department or 市州 the years it is assessed in
    once they are final; anyone else nothing."""
    if may_manage(actor):
        return Assessment.objects.all()
    own = _own_subjects(actor)
    if own is None:
        return Assessment.objects.none()
    subjects = AssessmentSubject.objects.filter(own)
    return Assessment.objects.filter(
        status=Assessment.Status.FINAL, pk__in=subjects.values("assessment_id")
    )


def assessment_get(*, actor, year: int) -> tuple[Assessment, list[AssessmentSubject]]:
    """A year and the subjects the actor may see (all, or its own), with their scores."""
    assessment = assessment_list(actor=actor).filter(year=year).first()
    if assessment is None:
        raise NotFound()
    subjects = assessment.subjects.select_related("unit", "region").prefetch_related(
        "scores__indicator"
    )
    if not may_manage(actor):
        subjects = subjects.filter(_own_subjects(actor))
    return assessment, list(subjects.order_by("kind", "rank", "name"))


def subject_get(*, actor, year: int, subject_id: int) -> AssessmentSubject:
    _assessment, subjects = assessment_get(actor=actor, year=year)
    for subject in subjects:
        if subject.pk == subject_id:
            return subject
    raise NotFound()

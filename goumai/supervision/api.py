"""Work-plan tasks over the API: the list with flags, a task, sub-tasks, reports."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from goumai.accounts.models import OrgUnit
from goumai.core.api import WRITE_ERRORS, ErrorOut
from goumai.supervision import selectors, services

router = Router(tags=["工作方案督查"])


class TaskOut(Schema):
    id: int
    parent_id: int | None
    number: str
    title: str
    scope_path: str
    responsible_units: list[str]
    responsible_note: str
    deadline: date | None
    status: str
    done_on: date | None
    flag: str | None = None


class ReportOut(Schema):
    id: int
    unit_name: str
    reported_on: date
    text: str


class TaskDetailOut(TaskOut):
    reports: list[ReportOut]


class SubtaskIn(Schema):
    number: str
    title: str
    deadline: date | None = None
    responsible_unit_ids: list[int]
    description: str = ""


class ReportIn(Schema):
    text: str
    reported_on: date


class CompleteIn(Schema):
    done_on: date


def _row(task, today: date) -> dict:
    return {
        "id": task.pk,
        "parent_id": task.parent_id,
        "number": task.number,
        "title": task.title,
        "scope_path": task.scope_path,
        "responsible_units": [unit.name for unit in task.responsible_units.all()],
        "responsible_note": task.responsible_note,
        "deadline": task.deadline,
        "status": task.status,
        "done_on": task.done_on,
        "flag": selectors.task_flag(task, today),
    }


@router.get("/tasks", response=list[TaskOut], summary="可见的工作任务（含逾期、即将到期标记）")
def list_tasks(request, flagged: bool = False):
    today = timezone.localdate()
    rows = [_row(task, today) for task in selectors.task_list(actor=request.auth)[:1000]]
    return [row for row in rows if row["flag"]] if flagged else rows


def _detail(request, task_id: int):
    task = selectors.task_get(actor=request.auth, task_id=task_id)
    reports = [
        {"id": r.pk, "unit_name": r.unit.name, "reported_on": r.reported_on, "text": r.text}
        for r in task.reports.select_related("unit")
    ]
    return {**_row(task, timezone.localdate()), "reports": reports}


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, 404: ErrorOut}, summary="工作任务")
def get_task(request, task_id: int):
    return _detail(request, task_id)


@router.post(
    "/tasks/{task_id}/subtasks",
    response={201: TaskDetailOut, **WRITE_ERRORS},
    summary="分解任务（下达给下级单位）",
)
def create_subtask(request, task_id: int, payload: SubtaskIn):
    parent = selectors.task_get(actor=request.auth, task_id=task_id)
    units = list(
        OrgUnit.objects.select_related("region").filter(pk__in=payload.responsible_unit_ids)
    )
    task = services.subtask_create(
        actor=request.auth,
        parent=parent,
        number=payload.number,
        title=payload.title,
        deadline=payload.deadline,
        responsible_units=units,
        description=payload.description,
    )
    return Status(201, _detail(request, task.pk))


@router.post(
    "/tasks/{task_id}/reports", response={201: TaskDetailOut, **WRITE_ERRORS}, summary="报告进展"
)
def report(request, task_id: int, payload: ReportIn):
    task = selectors.task_get(actor=request.auth, task_id=task_id)
    services.progress_report(
        actor=request.auth, task=task, text=payload.text, reported_on=payload.reported_on
    )
    return Status(201, _detail(request, task_id))


@router.post(
    "/tasks/{task_id}/complete", response={200: TaskDetailOut, **WRITE_ERRORS}, summary="确认完成"
)
def complete(request, task_id: int, payload: CompleteIn):
    task = selectors.task_get(actor=request.auth, task_id=task_id)
    services.task_complete(actor=request.auth, task=task, done_on=payload.done_on)
    return _detail(request, task_id)

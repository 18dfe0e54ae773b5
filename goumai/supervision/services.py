"""Writes of work-plan supervision: sub-tasks, progress reports, completion."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from goumai.accounts.models import OrgUnit
from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.core.dates import china_today
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.jurisdiction import Jurisdiction
from goumai.documents.services import attach
from goumai.supervision.models import ProgressReport, Task


def _own_path(actor) -> str:
    jurisdiction = Jurisdiction.of(actor)
    if jurisdiction.is_empty or jurisdiction.everything:
        raise PermissionDenied(_("只有各级政府及其部门可以办理工作任务。"))
    return jurisdiction.region_path


def may_break_down(actor, task: Task) -> bool:
    """A level breaks a task it answers for (or one it set) into sub-tasks."""
    unit = getattr(actor, "org_unit", None)
    if unit is None or Jurisdiction.of(actor).is_empty:
        return False
    return task.scope_path == unit.region.path or task.responsible_units.filter(pk=unit.pk).exists()


def may_report(actor, task: Task) -> bool:
    """A responsible unit reports on its task."""
    unit = getattr(actor, "org_unit", None)
    return unit is not None and task.responsible_units.filter(pk=unit.pk).exists()


def may_complete(actor, task: Task) -> bool:
    """The level that set a task confirms it done (督查 closes what it supervises)."""
    unit = getattr(actor, "org_unit", None)
    return unit is not None and unit.region.path == task.scope_path


@audited()
def subtask_create(
    *,
    actor,
    parent: Task,
    number: str,
    title: str,
    deadline: date | None,
    responsible_units: list[OrgUnit],
    description: str = "",
) -> Task:
    """A sub-task of ``parent`` for units of the levels below the actor's."""
    path = _own_path(actor)
    if not may_break_down(actor, parent):
        raise PermissionDenied(_("只有上级任务的责任单位或下达单位可以分解该任务。"))
    errors: dict[str, list[str]] = {}
    number, title = (number or "").strip(), (title or "").strip()
    if not number:
        errors["number"] = [_("必填。")]
    if not title:
        errors["title"] = [_("必填。")]
    if not responsible_units:
        errors["responsible_unit_ids"] = [_("至少指定一个责任单位。")]
    below = [u for u in responsible_units if not _is_below(u.region.path, path)]
    if below:
        errors["responsible_unit_ids"] = [
            _("责任单位须是本级管辖范围内的下级单位：%(names)s 不是。")
            % {"names": "、".join(u.name for u in below)}
        ]
    if deadline and parent.deadline and deadline > parent.deadline:
        errors["deadline"] = [
            _("不得晚于上级任务的完成时限 %(date)s。") % {"date": parent.deadline.isoformat()}
        ]
    if number and parent.subtasks.filter(scope_path=path, number=number).exists():
        errors["number"] = [_("本级已有同编号的子任务。")]
    if errors:
        raise DomainError("invalid_task", _("子任务填写有误。"), fields=errors)
    task = Task.objects.create(
        parent=parent,
        number=number,
        title=title[:200],
        description=(description or "").strip(),
        scope_path=path,
        deadline=deadline,
    )
    task.responsible_units.set(responsible_units)
    audit(actor=actor, changes=[created(task)])
    return task


def _is_below(unit_path: str, path: str) -> bool:
    return unit_path.startswith(path) and len(unit_path) > len(path)


@audited()
def progress_report(
    *, actor, task: Task, text: str, reported_on: date, upload=None
) -> ProgressReport:
    """A responsible unit reports on its task, with a file if it has one (a refused
    file leaves no report behind)."""
    if not may_report(actor, task):
        raise PermissionDenied(_("只有该任务的责任单位可以报告进展。"))
    unit = actor.org_unit
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("必填。")]
    if reported_on > china_today():
        errors["reported_on"] = [_("不能晚于今天。")]
    if errors:
        raise DomainError("invalid_report", _("进展报告填写有误。"), fields=errors)
    report = ProgressReport.objects.create(
        task=task, unit=unit, reported_on=reported_on, text=text, author_label=actor.get_username()
    )
    audit(actor=actor, changes=[created(report)])
    if upload is not None:
        attach(actor=actor, owner=report, upload=upload)
    return report


@audited()
def task_complete(*, actor, task: Task, done_on: date) -> Task:
    """The level that set a task confirms it done (督查 closes what it supervises)."""
    if not may_complete(actor, task):
        raise PermissionDenied(_("只有下达任务的一级可以确认完成。"))
    task = Task.objects.select_for_update(no_key=True).get(pk=task.pk)
    if task.status == Task.Status.DONE:
        raise DomainError("already_done", _("该任务已确认完成。"), status=409)
    if done_on > china_today():
        raise DomainError(
            "invalid_date", _("完成日期不能晚于今天。"), fields={"done_on": [_("不能晚于今天。")]}
        )
    before = snapshot(task)
    task.status, task.done_on = Task.Status.DONE, done_on
    task.save(update_fields=["status", "done_on"])
    audit(actor=actor, changes=[updated(task, before)])
    return task

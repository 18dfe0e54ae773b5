from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from goumai.core.dates import china_today
from goumai.core.errors import DomainError
from goumai.documents.services import documents_of, response
from goumai.supervision import selectors, services
from goumai.supervision.flags import LABELS
from goumai.supervision.forms import CompleteForm, ReportForm
from goumai.supervision.models import ProgressReport


def _flag(task, today):
    mark = selectors.task_flag(task, today)
    return mark, LABELS.get(mark, "")


@login_required
def task_list_page(request):
    today = china_today()
    only = request.GET.get("flagged") == "1"
    rows = []
    for task in selectors.task_list(actor=request.user)[:1000]:
        mark, label = _flag(task, today)
        if mark or not only:
            rows.append({"task": task, "flag": mark, "flag_label": label})
    return render(
        request,
        "supervision/list.html",
        {"rows": rows, "only": only, "days": settings.GOUMAI_TASK_DUE_SOON_DAYS},
    )


@login_required
def task_detail_page(request, task_id: int):
    task = selectors.task_get(actor=request.user, task_id=task_id)
    can_report = services.may_report(request.user, task)
    can_complete = services.may_complete(request.user, task) and task.status == task.Status.OPEN
    action = request.POST.get("form") if request.method == "POST" else None
    if action is not None and not {"report": can_report, "complete": can_complete}.get(action):
        raise PermissionDenied()
    report = ReportForm(
        request.POST if action == "report" else None,
        request.FILES if action == "report" else None,
        initial={"reported_on": china_today()},
    )
    complete = CompleteForm(
        request.POST if action == "complete" else None,
        initial={"done_on": china_today()},
    )
    if action == "report" and report.is_valid():
        data = report.cleaned_data
        try:
            services.progress_report(
                actor=request.user,
                task=task,
                text=data["text"],
                reported_on=data["reported_on"],
                upload=data.get("file"),
            )
        except DomainError as error:
            report.add_domain_error(error)
        else:
            messages.success(request, "进展已报告。")
            return redirect("supervision:detail", task_id=task.pk)
    if action == "complete" and complete.is_valid():
        try:
            services.task_complete(
                actor=request.user, task=task, done_on=complete.cleaned_data["done_on"]
            )
        except DomainError as error:
            complete.add_domain_error(error)
        else:
            messages.success(request, "已确认完成。")
            return redirect("supervision:detail", task_id=task.pk)
    mark, label = _flag(task, china_today())
    return render(
        request,
        "supervision/detail.html",
        {
            "task": task,
            "flag": mark,
            "flag_label": label,
            "subtasks": selectors.task_list(actor=request.user).filter(parent=task),
            "reports": [
                (r, documents_of(r)) for r in selectors.reports_of(actor=request.user, task=task)
            ],
            "report_form": report if can_report else None,
            "complete_form": complete if can_complete else None,
        },
    )


@login_required
def report_file(request, report_id: int, document_id: int):
    """A progress report's file, for whoever may see the task."""
    report = get_object_or_404(ProgressReport, pk=report_id)
    task = selectors.task_get(actor=request.user, task_id=report.task_id)  # NotFound outside
    report = get_object_or_404(selectors.reports_of(actor=request.user, task=task), pk=report_id)
    document = get_object_or_404(documents_of(report), pk=document_id)
    return response(document)

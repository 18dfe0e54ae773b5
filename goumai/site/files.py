"""The files of a purchase: attached to the project, its procurement (the procurement
documents bidders download), its contract, a milestone or its evaluation. Whoever may
see the project may download them (its jurisdiction); the purchaser uploads. A
provider account downloads the procurement documents of a tender it may bid on
(``bidding.views``), and nothing else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from goumai.core.errors import DomainError
from goumai.documents.models import Document
from goumai.documents.services import attach, documents_of, owner_key, response
from goumai.projects import lifecycle, selectors
from goumai.projects.models import Project

LABELS = {
    "project": "项目",
    "procurement": "采购文件",
    "contract": "合同",
    "milestone": "履约节点",
    "evaluation": "绩效评价",
}


def owners_of(project: Project) -> list[tuple[str, str, object]]:
    """(key, label, record) for each record of the project that may carry files."""
    found = [("project", LABELS["project"], project)]
    procurement = getattr(project, "procurement", None)
    if procurement is not None:
        found.append(("procurement", LABELS["procurement"], procurement))
        for bid in procurement.bids.select_related("provider"):
            found.append((f"bid:{bid.pk}", f"投标文件：{bid.provider.name}", bid))
    contract = getattr(project, "contract", None)
    if contract is not None:
        found.append(("contract", LABELS["contract"], contract))
        for milestone in contract.milestones.all():
            found.append((f"milestone:{milestone.pk}", f"履约节点：{milestone.name}", milestone))
    evaluation = getattr(project, "evaluation", None)
    if evaluation is not None:
        found.append(("evaluation", LABELS["evaluation"], evaluation))
    return found


def files_of(project: Project) -> list[dict]:
    """The project's records with their files, for its page."""
    return [
        {"key": key, "label": label, "files": list(documents_of(owner))}
        for key, label, owner in owners_of(project)
    ]


def _documents(project: Project):
    keys = [owner_key(owner) for _key, _label, owner in owners_of(project)]
    found = Document.objects.none()
    for owner_type, owner_id in keys:
        found = found | Document.objects.filter(owner_type=owner_type, owner_id=owner_id)
    return found


@login_required
@require_POST
def upload_view(request, project_id: int):
    project = selectors.project_get(actor=request.user, project_id=project_id)
    if not lifecycle.is_purchaser(request.user, project):
        raise PermissionDenied()
    owners = {key: owner for key, _label, owner in owners_of(project)}
    owner = owners.get(request.POST.get("owner", ""))
    upload = request.FILES.get("file")
    if owner is None or upload is None:
        messages.error(request, "请选择文件和它所属的事项。")
        return redirect("projects:detail", project_id=project.pk)
    try:
        made = attach(actor=request.user, owner=owner, upload=upload)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已上传“{made.name}”（第 {made.version} 版）。")
    return redirect(f"/projects/{project.pk}/#files")


@login_required
def download_view(request, project_id: int, document_id: int):
    project = selectors.project_get(actor=request.user, project_id=project_id)
    return response(get_object_or_404(_documents(project), pk=document_id))

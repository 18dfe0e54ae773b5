"""The evaluation page of a project (/projects/<id>/evaluation/): one page where the
purchaser organises the evaluation, each party scores, and everyone who may see it
reads the breakdown. A third-party evaluator and the provider reach it through
their assignment or contract, never through the project list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goumai.accounts.models import OrgUnit
from goumai.core.errors import DomainError, NotFound
from goumai.evaluation import formulas, selectors, services
from goumai.evaluation.models import Evaluation, Part, Rule
from goumai.projects import lifecycle
from goumai.projects.models import Project
from goumai.projects.selectors import project_get


def _rows(evaluation: Evaluation, scorings: dict) -> list[dict]:
    by_id = {i.pk: i for i in evaluation.framework.indicators.all()}
    leaves = {
        part: {leaf.indicator_id: leaf for leaf in scoring.leaves.all()}
        for part, scoring in scorings.items()
    }
    rows = []
    for indicator, points in services.leaves_of(evaluation.framework):
        names, node = [], indicator
        while node is not None:
            names.append(node.name)
            node = by_id.get(node.parent_id)
        preview = None
        if indicator.rule == Rule.FORMULA and evaluation.status == Evaluation.Status.OPEN:
            preview = formulas.compute(indicator.formula, evaluation)
        rows.append(
            {
                "indicator": indicator,
                "path": " › ".join(reversed(names)),
                "points": points.quantize(points.__class__("0.01")),
                "preview": preview,
                "scores": [leaves[part].get(indicator.pk) for part in scorings],
            }
        )
    return rows


def _page(request, project_id: int):
    """(evaluation or None, project). A purchaser may see an accepted project
    without an evaluation yet; anyone else needs the evaluation itself."""
    evaluation = selectors.evaluation_find(actor=request.user, project_id=project_id)
    if evaluation is not None:
        return evaluation, evaluation.project
    return None, project_get(actor=request.user, project_id=project_id)


@login_required
def evaluation_page(request, project_id: int):
    evaluation, project = _page(request, project_id)
    context = {"project": project, "evaluation": evaluation}
    context["is_purchaser"] = is_purchaser = lifecycle.is_purchaser(request.user, project)
    if evaluation is None:
        context["can_open"] = is_purchaser and project.status == Project.Status.ACCEPTED
        return render(request, "evaluation/page.html", context)
    scorings = {s.part: s for s in evaluation.scorings.all() if s.submitted_at is not None}
    open_ = evaluation.status == Evaluation.Status.OPEN
    mine = [p for p in services.parts_of(request.user, evaluation) if p not in scorings]
    count, satisfaction = formulas.satisfaction_score(evaluation)
    context |= {
        "open": open_,
        "parts": [(p, Part(p).label) for p in scorings],
        "scorings": list(scorings.values()),
        "rows": _rows(evaluation, scorings),
        "my_parts": [(p, Part(p).label) for p in mine] if open_ else [],
        "answers": count,
        "satisfaction": satisfaction,
        "agencies": list(
            OrgUnit.objects.filter(kind=OrgUnit.Kind.EVALUATOR, is_active=True).order_by("name")
        )
        if is_purchaser and open_
        else [],
    }
    return render(request, "evaluation/page.html", context)


def _act(request, project_id: int, action, success: str):
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
        for field_errors in list(error.fields.values())[1:4]:
            for message in field_errors:
                messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("projects:evaluation", project_id=project_id)


def _evaluation(request, project_id: int) -> Evaluation:
    return selectors.evaluation_get(actor=request.user, project_id=project_id)


@login_required
@require_POST
def open_view(request, project_id: int):
    project = project_get(actor=request.user, project_id=project_id)
    return _act(
        request,
        project_id,
        lambda: services.evaluation_open(actor=request.user, project=project),
        "已开展绩效评价。",
    )


@login_required
@require_POST
def facts_view(request, project_id: int):
    evaluation = _evaluation(request, project_id)
    return _act(
        request,
        project_id,
        lambda: services.evaluation_set_facts(
            actor=request.user,
            evaluation=evaluation,
            people_served=request.POST.get("people_served") or None,
            quantity_delivered=request.POST.get("quantity_delivered") or None,
        ),
        "已保存实际完成情况。",
    )


@login_required
@require_POST
def assign_view(request, project_id: int):
    evaluation = _evaluation(request, project_id)
    chosen = request.POST.get("third_party") or ""
    agency = None
    if chosen:
        agency = OrgUnit.objects.filter(pk=chosen if chosen.isdigit() else 0).first()
        if agency is None:
            raise NotFound()
    return _act(
        request,
        project_id,
        lambda: services.evaluation_assign(
            actor=request.user, evaluation=evaluation, third_party=agency
        ),
        "已更新第三方评价机构。" if agency else "已取消委托第三方评价。",
    )


def parse_answer_lines(text: str) -> list[dict]:
    """One answer a line: four ratings, then an optional comment (“5 4 4 5 很好”)."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        words = line.replace("，", " ").replace(",", " ").split()
        rows.append(
            {
                **dict(zip(services.RATINGS, words[:4], strict=False)),
                "comment": " ".join(words[4:]),
            }
        )
    return rows


@login_required
@require_POST
def answers_view(request, project_id: int):
    evaluation = _evaluation(request, project_id)
    rows = parse_answer_lines(request.POST.get("lines", ""))
    return _act(
        request,
        project_id,
        lambda: services.survey_answers_enter(actor=request.user, evaluation=evaluation, rows=rows),
        f"已录入 {len(rows)} 份纸质答卷。",
    )


@login_required
@require_POST
def score_view(request, project_id: int, part: str):
    evaluation = _evaluation(request, project_id)
    leaves = {}
    for indicator, _points in services.leaves_of(evaluation.framework):
        prefix = f"leaf_{indicator.pk}"
        leaves[indicator.pk] = {
            "value": request.POST.get(f"{prefix}_value") or None,
            "level": request.POST.get(f"{prefix}_level") or None,
            "note": request.POST.get(f"{prefix}_note", ""),
        }
    label = Part(part).label if part in Part.values else part
    return _act(
        request,
        project_id,
        lambda: services.scoring_submit(
            actor=request.user,
            evaluation=evaluation,
            part=part,
            leaves=leaves,
            comment=request.POST.get("comment", ""),
        ),
        f"“{label}”已提交。",
    )


@login_required
@require_POST
def finish_view(request, project_id: int):
    evaluation = _evaluation(request, project_id)
    return _act(
        request,
        project_id,
        lambda: services.evaluation_finish(actor=request.user, evaluation=evaluation),
        "绩效评价已完成，项目进入“已评价”。",
    )


@login_required
def assignments_page(request):
    """A third-party agency's work list."""
    return render(
        request,
        "evaluation/assignments.html",
        {"evaluations": selectors.assigned_evaluations(actor=request.user)[:500]},
    )

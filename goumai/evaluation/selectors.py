"""Reading evaluations. Three kinds of reach:

* officials see the evaluations of projects in their jurisdiction (``project_get``);
* a provider account sees the evaluations of its own contracts;
* a third-party evaluator sees only the evaluations assigned to its agency.

Anything else is "not found".
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from goumai.core.errors import NotFound
from goumai.evaluation.models import Evaluation, Framework, Part, Scoring
from goumai.projects.selectors import project_get

RELATED = ("project__purchaser__region", "project__catalog_entry__item", "framework", "third_party")


def _evaluations() -> QuerySet[Evaluation]:
    return Evaluation.objects.select_related(*RELATED).prefetch_related(
        "scorings__leaves__evidence", "framework__indicators", "flags"
    )


def evaluation_get(*, actor, project_id: int) -> Evaluation:
    if not actor.is_authenticated or not actor.is_active:
        raise NotFound()
    if actor.provider_id:
        found = _evaluations().filter(
            project_id=project_id, project__contract__provider_id=actor.provider_id
        )
    elif actor.org_unit_id and not actor.org_unit.has_regional_reach:
        found = _evaluations().filter(project_id=project_id, third_party_id=actor.org_unit_id)
    else:
        project = project_get(actor=actor, project_id=project_id)
        found = _evaluations().filter(project=project)
    evaluation = found.first()
    if evaluation is None:
        raise NotFound()
    return evaluation


def evaluation_find(*, actor, project_id: int) -> Evaluation | None:
    """The project's evaluation when the actor may see it, else None."""
    try:
        return evaluation_get(actor=actor, project_id=project_id)
    except NotFound:
        return None


def assigned_evaluations(*, actor) -> QuerySet[Evaluation]:
    """What a third-party agency has been commissioned to evaluate."""
    unit = actor.org_unit if actor.is_authenticated else None
    if unit is None or unit.has_regional_reach or not actor.is_active:
        return Evaluation.objects.none()
    return Evaluation.objects.filter(third_party=unit).select_related(*RELATED).order_by("-id")


def framework_list() -> QuerySet[Framework]:
    """Current frameworks: evaluation standards are published, so every signed-in
    user may read them (work plan task 九)."""
    return (
        Framework.objects.filter(is_current=True)
        .select_related("region", "catalog_item")
        .order_by("region__code", "sector", "catalog_item__code")
    )


def framework_get(*, framework_id: int) -> Framework:
    framework = (
        Framework.objects.select_related("region", "catalog_item").filter(pk=framework_id).first()
    )
    if framework is None:
        raise NotFound()
    return framework


def own_self_evaluations_due(*, actor) -> QuerySet[Evaluation]:
    """A provider account's evaluations still open whose self-evaluation (自评) it has
    not submitted, and nobody else's."""
    if not actor.is_authenticated or not actor.provider_id:
        return Evaluation.objects.none()
    submitted = Scoring.objects.filter(
        evaluation=OuterRef("pk"), part=Part.SELF, submitted_at__isnull=False
    )
    return (
        Evaluation.objects.filter(
            project__contract__provider_id=actor.provider_id, status=Evaluation.Status.OPEN
        )
        .exclude(Exists(submitted))
        .select_related("project")
        .order_by("-id")
    )

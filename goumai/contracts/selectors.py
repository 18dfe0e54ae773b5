"""Reading contracts and milestones: always through a project the actor can see."""

from __future__ import annotations

from django.db.models import QuerySet

from goumai.contracts.models import Contract, Milestone
from goumai.core.errors import NotFound
from goumai.projects.models import Project
from goumai.projects.selectors import project_get
from goumai.providers.portal import own_provider


def contract_get(*, actor, project_id: int) -> Contract:
    project = project_get(actor=actor, project_id=project_id)
    if not hasattr(project, "contract"):
        raise NotFound()
    return project.contract


def milestone_get(*, actor, project_id: int, milestone_id: int) -> Milestone:
    milestone = (
        contract_get(actor=actor, project_id=project_id).milestones.filter(pk=milestone_id).first()
    )
    if milestone is None:
        raise NotFound()
    return milestone


def own_contracts(*, actor) -> QuerySet[Contract]:
    """A provider account's own contracts, and nobody else's."""
    provider = own_provider(actor=actor)
    return Contract.objects.filter(provider=provider).select_related("project").order_by("-id")


def own_open_milestones(*, actor) -> QuerySet[Milestone]:
    """The milestones of a provider account's contracts in performance that are not yet
    accepted, soonest first (what it has to deliver), and nobody else's."""
    provider = own_provider(actor=actor)
    return (
        Milestone.objects.filter(
            contract__provider=provider,
            accepted_at__isnull=True,
            contract__project__status__in=(Project.Status.CONTRACTED, Project.Status.PERFORMING),
        )
        .select_related("contract__project")
        .order_by("due_date", "id")
    )

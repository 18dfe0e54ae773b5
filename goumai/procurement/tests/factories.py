"""A township's project taken to approval, or on to an award, through the services."""

from __future__ import annotations

from datetime import timedelta

from goumai.contracts.tests.factories import START, at_start
from goumai.procurement.services import award_make, bid_record, procurement_start
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project
from goumai.providers.tests.factories import provider as new_provider


def approved_project(clerk, township, approver, *, on=START, **extra) -> Project:
    """A draft (``draft_project``'s defaults and ``extra``), submitted and approved on
    ``on``."""
    with at_start(on):
        project = draft_project(clerk, township, **extra)
        project_transition(actor=clerk, project=project, action="submit")
        return project_transition(
            actor=approver, project=Project.objects.get(pk=project.pk), action="approve"
        )


def awarded_project(
    clerk,
    township,
    approver,
    *,
    provider=None,
    bid_amount="28000",
    reasons="最低评标价",
    **extra,
) -> Project:
    """Approved, then an open tender from ``START`` with one bid that is awarded."""
    project = approved_project(clerk, township, approver, **extra)
    with at_start():
        procurement = procurement_start(
            actor=clerk,
            project=project,
            method="open_tender",
            announced_on=START,
            deadline=START + timedelta(days=30),
        )
        bid = bid_record(
            actor=clerk,
            procurement=procurement,
            provider=provider or new_provider(),
            amount=bid_amount,
            submitted_on=START,
        )
        award_make(actor=clerk, procurement=procurement, bid=bid, reasons=reasons, awarded_on=START)
    return Project.objects.get(pk=project.pk)

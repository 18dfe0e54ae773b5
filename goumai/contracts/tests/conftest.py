"""A project with an award, and one in performance, for the contract tests."""

from datetime import timedelta

import pytest

from goumai.contracts.tests.factories import START, sign
from goumai.procurement.services import award_make, bid_record, procurement_start
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project
from goumai.providers.tests.factories import provider


@pytest.fixture
def awarded(town_user, township_a, make_user):
    """A project in 采购中 with an award of 28,000 against a budget of 30,000."""
    approver = make_user("510131-finance", roles=("approver",))
    project = draft_project(town_user, township_a, amount="30000.00")
    project_transition(actor=town_user, project=project, action="submit")
    project = project_transition(
        actor=approver, project=Project.objects.get(pk=project.pk), action="approve"
    )
    procurement = procurement_start(
        actor=town_user,
        project=project,
        method="open_tender",
        announced_on=START,
        deadline=START + timedelta(days=30),
    )
    bid = bid_record(
        actor=town_user,
        procurement=procurement,
        provider=provider(),
        amount="28000",
        submitted_on=START,
    )
    award_make(
        actor=town_user, procurement=procurement, bid=bid, reasons="最低评标价", awarded_on=START
    )
    return Project.objects.get(pk=project.pk)


@pytest.fixture
def performing(town_user, awarded):
    contract = sign(town_user, awarded)
    project_transition(
        actor=town_user, project=Project.objects.get(pk=awarded.pk), action="start_performance"
    )
    return contract

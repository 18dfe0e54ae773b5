"""A project with an award, and one in performance, for the contract tests."""

import pytest

from goumai.contracts.tests.factories import sign
from goumai.procurement.tests.factories import awarded_project
from goumai.projects.models import Project
from goumai.projects.services import project_transition


@pytest.fixture
def awarded(town_user, township_a, make_user):
    """A project in 采购中 with an award of 28,000 against a budget of 30,000."""
    approver = make_user("510131-finance", roles=("approver",))
    return awarded_project(town_user, township_a, approver, amount="30000.00")


@pytest.fixture
def performing(town_user, awarded):
    contract = sign(town_user, awarded)
    project_transition(
        actor=town_user, project=Project.objects.get(pk=awarded.pk), action="start_performance"
    )
    return contract

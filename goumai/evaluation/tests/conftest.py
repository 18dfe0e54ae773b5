"""An accepted project ready to be evaluated, with a provider account."""

from datetime import date

import pytest

from goumai.accounts.services import user_create
from goumai.conftest import PASSWORD
from goumai.contracts.services import milestone_accept, payment_record
from goumai.contracts.tests.conftest import awarded, performing  # noqa: F401 — fixtures
from goumai.evaluation.services import evaluation_open, evaluation_set_facts
from goumai.evaluation.tests.factories import answers
from goumai.projects.models import Project
from goumai.projects.services import project_transition

pytestmark = pytest.mark.usefixtures("in_2028")


@pytest.fixture
def accepted(town_user, performing, in_2028):  # noqa: F811
    """28,000 contract, both milestones accepted on their due dates and paid;
    the project plans to serve 200 people."""
    Project.objects.filter(pk=performing.project_id).update(planned_people=200)
    for milestone in performing.milestones.all():
        milestone_accept(actor=town_user, milestone=milestone, accepted_on=milestone.due_date)
        payment_record(
            actor=town_user, milestone=milestone, amount=milestone.amount, paid_on=date(2028, 1, 5)
        )
    return project_transition(
        actor=town_user, project=Project.objects.get(pk=performing.project_id), action="accept"
    )


@pytest.fixture
def provider_user(accepted):
    return user_create(
        actor=None,
        username="provider-clerk",
        password=PASSWORD,
        org_unit=None,
        roles=["clerk"],
        provider=accepted.contract.provider,
    )


@pytest.fixture
def evaluation(town_user, accepted):
    return evaluation_open(actor=town_user, project=accepted)


@pytest.fixture
def ready(evaluation, town_user):
    """Open, with 180 people served and ten answers of four stars."""
    evaluation_set_facts(actor=town_user, evaluation=evaluation, people_served=180)
    answers(evaluation, stars=4, count=10)
    return evaluation

import pytest

from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project


@pytest.fixture
def approved(town_user, township_a, make_user):
    approver = make_user("510131-finance", roles=("approver",))
    project = draft_project(town_user, township_a, amount="30000.00")
    project_transition(actor=town_user, project=project, action="submit")
    return project_transition(
        actor=approver, project=Project.objects.get(pk=project.pk), action="approve"
    )

import pytest

from goumai.procurement.tests.factories import approved_project


@pytest.fixture
def approved(town_user, township_a, make_user):
    approver = make_user("510131-finance", roles=("approver",))
    return approved_project(town_user, township_a, approver, amount="30000.00")

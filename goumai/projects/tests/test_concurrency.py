"""Concurrent approvals against one budget line on PostgreSQL."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from goumai.accounts.models import OrgUnit
from goumai.accounts.services import user_create
from goumai.budgets.models import BudgetLine
from goumai.core.errors import DomainError
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project
from goumai.regions.models import Region

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_24_concurrent_approvals_approve_exactly_the_affordable_ones(map_loaded):
    township = Region.objects.get(code="510131104")
    clerk = user_create(
        actor=None,
        username="clerk",
        password=None,
        org_unit=OrgUnit.objects.get(code="510131104-government"),
        roles=["clerk"],
    )
    approvers = [
        user_create(
            actor=None,
            username=f"approver{n}",
            password=None,
            org_unit=OrgUnit.objects.get(code="510131-finance"),
            roles=["approver"],
        )
        for n in range(24)
    ]
    projects = [
        draft_project(clerk, township, amount="30000.00", line_amount="100000.00")
        for _ in range(24)
    ]
    for project in projects:
        project_transition(actor=clerk, project=project, action="submit")
    barrier = threading.Barrier(len(projects))
    outcomes: list[str] = []

    def approve(project, approver):
        try:
            barrier.wait()
            project_transition(actor=approver, project=project, action="approve")
            outcomes.append("approved")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=pair)
        for pair in zip(projects, approvers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    line = BudgetLine.objects.get()
    assert sorted(outcomes) == ["approved"] * 3 + ["budget_insufficient"] * 21
    assert line.reserved == Decimal("90000.00") <= line.amount
    assert Project.objects.filter(status="approved").count() == 3
    assert Project.objects.filter(status="submitted").count() == 21

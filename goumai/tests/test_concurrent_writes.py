"""Audited writes of several kinds at once on PostgreSQL keep one unbroken
audit chain, the budgets whole and the summary equal to the projects.

Each service appends its audit entries when its ``audited()`` block ends and holds the
chain's head only from there to commit; the summary triggers fire at commit. This
runs approvals on a line that cannot pay for all of them, payments, acceptances,
submissions, new drafts and township profile edits from 20 threads at once.
"""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import F

from goumai.accounts.models import OrgUnit
from goumai.accounts.services import user_create
from goumai.audit.models import AuditEntry
from goumai.audit.verify import verify_chain
from goumai.budgets.models import BudgetLine
from goumai.contracts.models import Milestone
from goumai.contracts.services import milestone_accept, payment_record
from goumai.contracts.tests.factories import sign
from goumai.core.errors import DomainError
from goumai.procurement.tests.factories import awarded_project
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project
from goumai.projects.tests.summary import assert_summary_is_fresh
from goumai.regions.models import Region
from goumai.regions.services import township_profile_update

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections"
    ),
    pytest.mark.django_db(transaction=True),
]


def user(name, unit, roles):
    return user_create(
        actor=None,
        username=name,
        password=None,
        org_unit=OrgUnit.objects.get(code=unit),
        roles=roles,
    )


def test_writes_of_every_kind_at_once_keep_the_chain_and_the_money(map_loaded, in_2028):
    township = Region.objects.get(code="510131104")
    others = list(Region.objects.filter(parent__code="510131").exclude(pk=township.pk)[:4])
    clerk = user("clerk", "510131104-government", ["clerk"])
    approver = user("approver", "510131-finance", ["approver"])
    county = user("county", "510131-government", ["clerk"])

    # Two contracts in performance (their own line each), every milestone accepted but one.
    performing = []
    for n in range(2):
        line = BudgetLine.objects.create(
            org_unit=clerk.org_unit,
            fiscal_year=2027,
            code=f"B-PAY-{n}",
            name="履约经费",
            funding_source="own",
            amount=Decimal("30000.00"),
        )
        project = awarded_project(clerk, township, approver, amount="30000.00", line=line)
        sign(clerk, project)
        project_transition(
            actor=clerk, project=Project.objects.get(pk=project.pk), action="start_performance"
        )
        performing.append(project)
    milestones = list(Milestone.objects.filter(contract__project__in=performing).order_by("pk"))
    for milestone in milestones[:3]:
        milestone_accept(actor=clerk, milestone=milestone, accepted_on=milestone.due_date)
    # Six submitted projects on one line with the money for three of them.
    shared = BudgetLine.objects.create(
        org_unit=clerk.org_unit,
        fiscal_year=2027,
        code="B-SHARED",
        name="养老服务经费",
        funding_source="own",
        amount=Decimal("90000.00"),
    )
    waiting = [draft_project(clerk, township, amount="30000.00", line=shared) for _ in range(6)]
    for project in waiting:
        project_transition(actor=clerk, project=project, action="submit")
    drafts = [draft_project(clerk, township, amount="1000.00", line=shared) for _ in range(4)]

    jobs = (
        [
            lambda p=p: project_transition(
                actor=approver, project=Project.objects.get(pk=p.pk), action="approve"
            )
            for p in waiting
        ]
        + [
            lambda m=m: payment_record(
                actor=clerk, milestone=m, amount="14000.00", paid_on=date(2028, 1, 10)
            )
            for m in milestones[:3]
        ]
        + [
            lambda: milestone_accept(
                actor=clerk, milestone=milestones[3], accepted_on=milestones[3].due_date
            )
        ]
        + [
            lambda p=p: project_transition(
                actor=clerk, project=Project.objects.get(pk=p.pk), action="submit"
            )
            for p in drafts
        ]
        + [lambda: draft_project(clerk, township, amount="2000.00", line=shared) for _ in range(2)]
        + [
            lambda t=t, n=n: township_profile_update(
                actor=county, township=t, merged_unit_count=None, population=10000 + n
            )
            for n, t in enumerate(others)
        ]
    )
    start = AuditEntry.objects.count()
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(job):
        try:
            barrier.wait()
            job()
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        except Exception as error:  # noqa: BLE001 — reported below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(jobs) == 20
    assert sorted(outcomes) == ["budget_insufficient"] * 3 + ["ok"] * 17
    report = verify_chain()
    assert report.ok, report.reason
    assert AuditEntry.objects.count() > start + 17
    assert not BudgetLine.objects.filter(amount__lt=F("reserved") + F("spent")).exists()
    shared.refresh_from_db()
    assert shared.reserved == Decimal("90000.00")
    assert sum(
        BudgetLine.objects.filter(code__startswith="B-PAY").values_list("spent", flat=True)
    ) == Decimal("42000.00")
    assert Project.objects.filter(pk__in=[p.pk for p in waiting], status="approved").count() == 3
    assert_summary_is_fresh("after concurrent writes")

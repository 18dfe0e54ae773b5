"""Property tests for money: whatever sequence of budget and purchase steps users
take — approve, withdraw, terminate, pay, adjust, and raw reserve / release /
consume — no budget line is ever overcommitted, and every line's and project's
figures equal the sum of their movements.

Hypothesis drives the real services (with their locks, checks and audit) against
the real database; a refused step (``DomainError``) is part of the game. Each
example runs in a savepoint that is rolled back.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from goumai.accounts.models import OrgUnit
from goumai.budgets.models import BudgetLine, BudgetMovement
from goumai.budgets.services import (
    budget_consume,
    budget_line_adjust,
    budget_line_create,
    budget_release,
    budget_reserve,
)
from goumai.contracts.models import Milestone, Payment
from goumai.contracts.services import contract_sign, milestone_accept, payment_record
from goumai.contracts.tests.factories import at_start
from goumai.core.errors import DomainError
from goumai.core.money import money_sum
from goumai.evaluation.tests.factories import mark_evaluated
from goumai.procurement.services import award_make, bid_record, procurement_start
from goumai.projects.models import Project
from goumai.projects.services import project_create, project_transition
from goumai.projects.tests.factories import county_entry
from goumai.projects.tests.summary import assert_summary_is_fresh
from goumai.providers.tests.factories import provider

YEAR = 2025  # contracts in the past: acceptance dates are never in the future
CENT = Decimal("0.01")
amounts = st.integers(min_value=1, max_value=30_000_000).map(lambda cents: Decimal(cents) / 100)
line_amounts = st.integers(min_value=5_000_000, max_value=100_000_000).map(
    lambda cents: Decimal(cents) / 100
)
shares = st.integers(min_value=40, max_value=100)
RAW = "RAW"  # movements not made for a project


def attempt(step) -> None:
    """Run one user step; a refusal must leave nothing behind (its savepoint)."""
    try:
        with transaction.atomic():
            step()
    except DomainError:
        pass


class MoneyMachine(RuleBasedStateMachine):
    clerk = approver = purchaser = entry = firm = None  # set by the test

    lines = Bundle("lines")
    projects = Bundle("projects")

    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    @rule(target=lines, amount=line_amounts)
    def create_line(self, amount):
        count = BudgetLine.objects.count()
        return budget_line_create(
            actor=self.approver,
            org_unit=self.purchaser,
            fiscal_year=YEAR,
            code=f"P{count}",
            name=f"购买服务经费{count}",
            funding_source="own",
            amount=amount,
            catalog_entries=[self.entry],
        )

    @rule(target=projects, line=lines, percent=st.integers(min_value=1, max_value=60))
    def create_project(self, line, percent):
        """A submitted project asking for a share of what the line holds."""
        amount = max(Decimal("100.00"), (line.amount * percent / 100).quantize(CENT))
        project = project_create(
            actor=self.clerk,
            purchaser=self.purchaser,
            fiscal_year=YEAR,
            title="居家养老上门服务",
            content="每周上门",
            budget_amount=amount,
            catalog_entry=self.entry,
            budget_line=line,
        )
        project_transition(actor=self.clerk, project=project, action="submit")
        return project

    def _fire(self, project, action, actor, note=""):
        attempt(
            lambda: project_transition(
                actor=actor, project=Project.objects.get(pk=project.pk), action=action, note=note
            )
        )

    @rule(project=projects, steps=st.integers(min_value=1, max_value=6), share=shares)
    def advance(self, project, steps, share):
        """Take the project up to ``steps`` steps further along its normal path."""
        for _ in range(steps):
            current = Project.objects.get(pk=project.pk)
            step = {
                "submitted": lambda p=current: self._transition(p, "approve", self.approver),
                "approved": lambda p=current: self._buy(p, share),
                "performing": lambda p=current: self._pay_or_accept(p, share),
                "accepted": lambda p=current: mark_evaluated(self.clerk, p),
                "evaluated": lambda p=current: self._transition(p, "close", self.clerk),
            }.get(current.status)
            if step is None:
                return
            attempt(step)

    @rule(project=projects, action=st.sampled_from(["withdraw", "terminate"]))
    def end(self, project, action):
        current = Project.objects.get(pk=project.pk)
        attempt(lambda: self._transition(current, action, self.clerk, "不再需要"))

    def _transition(self, project, action, actor, note=""):
        # Dated at the start of YEAR, so that the purchase's steps typed later in YEAR
        # follow the approval (and are not refused for lying before it).
        with at_start(date(YEAR, 1, 2)):
            project_transition(actor=actor, project=project, action=action, note=note)

    bought = 0  # purchases that got through: the run must exercise them

    def _buy(self, project, share):
        """Small purchase, award, a contract of one milestone, start of performance."""
        price = max(CENT, (project.budget_amount * share / 100).quantize(CENT))
        procurement = procurement_start(
            actor=self.clerk,
            project=project,
            method="small_purchase",
            announced_on=date(YEAR, 1, 2),
        )
        bid = bid_record(
            actor=self.clerk,
            procurement=procurement,
            provider=self.firm,
            amount=price,
            submitted_on=date(YEAR, 1, 3),
        )
        award_make(
            actor=self.clerk,
            procurement=procurement,
            bid=bid,
            reasons="报价合理",
            awarded_on=date(YEAR, 1, 4),
        )
        contract_sign(
            actor=self.clerk,
            project=Project.objects.get(pk=project.pk),
            number=f"HT-{project.pk}",
            amount=price,
            start_date=date(YEAR, 1, 5),
            end_date=date(YEAR, 12, 31),
            signed_on=date(YEAR, 1, 5),
            milestones=[{"name": "全年服务", "due_date": date(YEAR, 6, 30), "amount": price}],
        )
        self._transition(Project.objects.get(pk=project.pk), "start_performance", self.clerk)
        MoneyMachine.bought += 1

    def _pay_or_accept(self, project, share):
        milestone = project.contract.milestones.get()
        if milestone.accepted_at is None:
            milestone_accept(actor=self.clerk, milestone=milestone, accepted_on=date(YEAR, 7, 1))
            return
        left = milestone.amount - (milestone.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0))
        if left <= 0:
            self._transition(project, "accept", self.clerk)
            return
        amount = max(CENT, (left * share / 100).quantize(CENT))
        payment_record(
            actor=self.clerk, milestone=milestone, amount=amount, paid_on=date(YEAR, 7, 2)
        )

    @rule(project=projects, amount=amounts)
    def pay_any_amount(self, project, amount):
        """A payment of any amount on an accepted milestone: too much must be refused."""
        milestone = Milestone.objects.filter(contract__project=project).first()
        if milestone is not None and milestone.accepted_at is not None:
            attempt(
                lambda: payment_record(
                    actor=self.clerk, milestone=milestone, amount=amount, paid_on=date(YEAR, 7, 3)
                )
            )

    @rule(line=lines, amount=line_amounts)
    def adjust(self, line, amount):
        attempt(
            lambda: budget_line_adjust(actor=self.approver, line=line, amount=amount, reason="调整")
        )

    @rule(line=lines, amount=amounts, kind=st.sampled_from(["reserve", "release", "consume"]))
    def raw_movement(self, line, amount, kind):
        move = {"reserve": budget_reserve, "release": budget_release, "consume": budget_consume}
        attempt(lambda: move[kind](actor=self.approver, line=line, amount=amount, reference=RAW))

    @invariant()
    def lines_hold_and_equal_their_movements(self):
        for line in BudgetLine.objects.all():
            assert line.reserved >= 0 and line.spent >= 0
            assert line.reserved + line.spent <= line.amount, line
            sums = {
                row["kind"]: row["total"]
                for row in line.movements.values("kind").annotate(total=Sum("amount"))
            }
            total = {kind: money_sum(sums.get(kind)) for kind in BudgetMovement.Kind.values}
            assert line.amount == total["adjust"]
            assert line.spent == total["consume"]
            assert line.reserved == total["reserve"] - total["release"] - total["consume"]

    @invariant()
    def the_dashboards_summary_equals_a_fresh_aggregation(self):
        assert_summary_is_fresh()

    @invariant()
    def projects_equal_their_movements(self):
        for project in Project.objects.all():
            moves = BudgetMovement.objects.filter(reference__startswith=project.code)
            total = {kind: Decimal(0) for kind in BudgetMovement.Kind.values}
            for kind, amount in moves.values_list("kind", "amount"):
                total[kind] += amount
            paid = Payment.objects.filter(contract__project=project).aggregate(s=Sum("amount"))
            assert project.paid_amount == total["consume"] == money_sum(paid["s"])
            assert project.reserved_amount == (
                total["reserve"] - total["release"] - total["consume"]
            ), project.code
            assert project.paid_amount <= project.budget_amount
            if project.status in ("withdrawn", "terminated", "closed", "draft", "submitted"):
                assert project.reserved_amount == 0


@pytest.mark.django_db
def test_money_is_never_overcommitted_nor_lost(town_user, county_user, township_a):
    MoneyMachine.clerk, MoneyMachine.approver = town_user, county_user
    MoneyMachine.purchaser = OrgUnit.objects.get(code=f"{township_a.code}-government")
    MoneyMachine.entry = county_entry(township_a.parent)
    MoneyMachine.firm = provider()
    MoneyMachine.bought = 0
    run_state_machine_as_test(
        MoneyMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert MoneyMachine.bought > 0  # purchases went through, not only refusals

"""Each rule of the lifecycle and its gates, with the case that must be refused next
to the one that must pass, so a test breaks when a rule is loosened."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from goumai.accounts.models import OrgUnit
from goumai.budgets.models import BudgetLine
from goumai.contracts.models import Milestone
from goumai.contracts.services import (
    contract_before_signing,
    contract_sign,
    milestone_accept,
    milestones_before_acceptance,
    payment_record,
)
from goumai.contracts.tests.factories import at_start
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.evaluation.tests.factories import mark_evaluated
from goumai.procurement.services import award_make, bid_record, procurement_start
from goumai.projects import lifecycle
from goumai.projects.models import Project
from goumai.projects.services import project_create, project_transition, project_update
from goumai.projects.tests.factories import county_bureau_project, draft_project
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db
YEAR = 2025  # in the past, so acceptance dates are not in the future


@pytest.fixture
def approver(make_user):
    return make_user("510131-finance", roles=("approver",))


def fire(actor, project, action, note=""):
    return project_transition(
        actor=actor, project=Project.objects.get(pk=project.pk), action=action, note=note
    )


def refused(actor, project, action, note="x", code="invalid_transition"):
    before = Project.objects.get(pk=project.pk)
    with pytest.raises((DomainError, PermissionDenied)) as caught:
        fire(actor, project, action, note)
    after = Project.objects.get(pk=project.pk)
    assert (after.status, after.version, after.reserved_amount) == (
        before.status,
        before.version,
        before.reserved_amount,
    )
    assert caught.value.code == code
    return caught.value


def bought(
    clerk, approver, township, *, amount="30000.00", price="20000.00", pay=None, signed_only=False
):
    """A project taken to 履约中 with one milestone, optionally accepted and partly paid
    (or, ``signed_only``, left at 已签约)."""
    project = draft_project(clerk, township, amount=amount, fiscal_year=YEAR, line=_line(township))
    with at_start(date(YEAR, 1, 2)):  # approved the day of the announcement
        fire(clerk, project, "submit")
        fire(approver, project, "approve")
    procurement = procurement_start(
        actor=clerk,
        project=Project.objects.get(pk=project.pk),
        method="small_purchase",
        announced_on=date(YEAR, 1, 2),
    )
    bid = bid_record(
        actor=clerk,
        procurement=procurement,
        provider=provider(),
        amount=price,
        submitted_on=date(YEAR, 1, 3),
    )
    award_make(
        actor=clerk,
        procurement=procurement,
        bid=bid,
        reasons="报价合理",
        awarded_on=date(YEAR, 1, 4),
    )
    contract_sign(
        actor=clerk,
        project=Project.objects.get(pk=project.pk),
        number="HT-1",
        amount=price,
        start_date=date(YEAR, 1, 5),
        end_date=date(YEAR, 12, 31),
        signed_on=date(YEAR, 1, 5),
        milestones=[{"name": "全年", "due_date": date(YEAR, 6, 30), "amount": price}],
    )
    if signed_only:
        return Project.objects.get(pk=project.pk)
    fire(clerk, project, "start_performance")
    if pay is not None:
        milestone = Milestone.objects.get(contract__project=project)
        milestone_accept(actor=clerk, milestone=milestone, accepted_on=date(YEAR, 7, 1))
        payment_record(actor=clerk, milestone=milestone, amount=pay, paid_on=date(YEAR, 7, 2))
    return Project.objects.get(pk=project.pk)


def _line(township) -> BudgetLine:
    line, _ = BudgetLine.objects.get_or_create(
        org_unit=OrgUnit.objects.get(code=f"{township.code}-government"),
        fiscal_year=YEAR,
        code="L",
        defaults={"name": "经费", "funding_source": "own", "amount": Decimal("100000.00")},
    )
    return line


def test_approve_only_from_submitted(town_user, approver, township_a):
    project = draft_project(town_user, township_a)
    refused(approver, project, "approve")  # straight from 草稿
    fire(town_user, project, "submit")
    assert fire(approver, project, "approve").status == "approved"


def test_withdraw_before_signing_only(town_user, approver, township_a):
    project = bought(town_user, approver, township_a)
    refused(town_user, project, "withdraw", "不再需要")  # 履约中
    early = draft_project(town_user, township_a, title="社区矫正辅助")
    assert fire(town_user, early, "withdraw", "不再需要").status == "withdrawn"


def test_a_signed_purchase_ends_only_by_termination(town_user, approver, township_a):
    project = bought(town_user, approver, township_a, signed_only=True)
    assert project.status == "contracted"
    refused(town_user, project, "withdraw", "不再需要")  # 已签约: 撤销 no longer
    ended = fire(town_user, project, "terminate", "承接主体无法履约，协商解除")
    assert ended.status == "terminated" and ended.reserved_amount == 0


def test_closing_releases_the_reservation_never_paid(town_user, approver, township_a):
    project = bought(town_user, approver, township_a, price="20000.00", pay="15000.00")
    fire(town_user, project, "accept")
    mark_evaluated(town_user, Project.objects.get(pk=project.pk))
    line = _line(township_a)
    line.refresh_from_db()
    assert (line.reserved, line.spent) == (Decimal("5000.00"), Decimal("15000.00"))
    closed = fire(town_user, project, "close")
    line.refresh_from_db()
    assert closed.status == "closed" and closed.reserved_amount == Decimal("0.00")
    assert (line.reserved, line.spent) == (Decimal("0.00"), Decimal("15000.00"))


def test_a_unit_creates_projects_only_in_its_own_name(town_user, county_user, township_a):
    township = OrgUnit.objects.get(code=f"{township_a.code}-government")
    with pytest.raises(PermissionDenied):
        draft_project(county_user, township_a)  # the county, in the township's name
    assert not Project.objects.filter(purchaser=township).exists()
    assert draft_project(town_user, township_a).purchaser == township


def test_terminate_only_while_contracted_or_performing(town_user, approver, township_a):
    project = bought(town_user, approver, township_a, price="20000.00", pay="20000.00")
    fire(town_user, project, "accept")
    refused(town_user, project, "terminate", "解除")  # after acceptance
    assert Project.objects.get(pk=project.pk).status == "accepted"


def test_close_only_after_evaluation(town_user, approver, township_a):
    project = bought(town_user, approver, township_a, price="20000.00", pay="20000.00")
    fire(town_user, project, "accept")
    refused(town_user, project, "close")  # 已验收, not yet 已评价
    mark_evaluated(town_user, project)
    assert fire(town_user, project, "close").status == "closed"


def test_a_township_government_never_approves(town_user, make_user, township_a):
    project = draft_project(town_user, township_a)
    fire(town_user, project, "submit")
    own_approver = make_user(f"{township_a.code}-government", roles=("clerk", "approver"))
    refused(own_approver, project, "approve", code="permission_denied")
    city = make_user("510100-finance", roles=("approver",))
    assert fire(city, project, "approve").status == "approved"  # a finance body above


def test_the_negative_list_is_screened_again_at_submit_and_approve(town_user, approver, township_a):
    project = draft_project(town_user, township_a)
    Project.objects.filter(pk=project.pk).update(title="居家养老服务中心新建工程")
    error = refused(town_user, project, "submit", code="negative_list")
    assert "工程" in error.message
    Project.objects.filter(pk=project.pk).update(title="居家养老上门服务")
    fire(town_user, project, "submit")
    Project.objects.filter(pk=project.pk).update(title="居家养老服务中心新建工程")
    refused(approver, project, "approve", code="negative_list")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"fiscal_year": 2026}, "budget_line_mismatch"),
        ({"org_unit": "other"}, "budget_line_mismatch"),
    ],
)
def test_the_budget_line_must_be_the_purchasers_own_for_the_year(
    town_user, approver, township_a, township_a2, change, code
):
    project = draft_project(town_user, township_a)
    line = BudgetLine.objects.get(pk=project.budget_line_id)
    if "fiscal_year" in change:
        BudgetLine.objects.filter(pk=line.pk).update(fiscal_year=change["fiscal_year"])
    else:
        other = OrgUnit.objects.get(code=f"{township_a2.code}-government")
        BudgetLine.objects.filter(pk=line.pk).update(org_unit=other)
    error = refused(town_user, project, "submit", code=code)
    assert error.message == "预算项目必须是本单位 2027 年度的预算。"
    assert error.fields == {"budget_line": ["不匹配。"]}


def test_no_one_of_the_purchasing_unit_approves(make_user):
    """Submitted by A, returned and resubmitted by B, both approvers of the purchasing
    bureau: neither may approve (segregation of duties); the 市州 bureau may."""
    first = make_user("510131-finance", roles=("clerk", "approver"))
    second = make_user("510131-finance", roles=("clerk", "approver"))
    project = county_bureau_project(first)
    fire(first, project, "submit")
    refused(second, project, "return", "补充材料", code="permission_denied")
    refused(first, project, "approve", code="permission_denied")
    refused(second, project, "approve", code="permission_denied")
    city = make_user("510100-finance", roles=("approver",))
    fire(city, project, "return", "补充材料")
    fire(second, project, "submit")
    assert fire(city, project, "approve").status == "approved"


def test_termination_releases_exactly_what_is_still_reserved(town_user, approver, township_a):
    project = bought(town_user, approver, township_a, price="20000.00", pay="5000.00")
    line_before = BudgetLine.objects.get(pk=project.budget_line_id)
    assert project.reserved_amount == Decimal("15000.00")
    fire(town_user, project, "terminate", "解除合同")
    line = BudgetLine.objects.get(pk=project.budget_line_id)
    project = Project.objects.get(pk=project.pk)
    assert project.reserved_amount == 0 and project.paid_amount == Decimal("5000.00")
    assert line.reserved == line_before.reserved - Decimal("15000.00")
    assert line.movements.filter(kind="release").order_by("-id").first().amount == Decimal(
        "15000.00"
    )


def test_closing_releases_what_was_not_paid(town_user, approver, township_a):
    project = bought(town_user, approver, township_a, price="20000.00", pay="20000.00")
    fire(town_user, project, "accept")
    mark_evaluated(town_user, project)
    line_before = BudgetLine.objects.get(pk=project.budget_line_id)
    project = fire(town_user, project, "close")
    assert project.reserved_amount == 0
    assert BudgetLine.objects.get(pk=project.budget_line_id).reserved == line_before.reserved


def test_a_county_cannot_create_in_a_townships_name(county_user, town_user, township_a):
    purchaser = OrgUnit.objects.get(code=f"{township_a.code}-government")
    with pytest.raises(PermissionDenied):
        project_create(
            actor=county_user,
            purchaser=purchaser,
            fiscal_year=2027,
            title="居家养老",
            content="x",
            budget_amount="100",
        )
    assert not Project.objects.exists()


def test_only_the_purchaser_updates_its_draft(county_user, make_user, town_user, township_a):
    project = draft_project(town_user, township_a)
    for actor in (county_user, make_user(f"{township_a.code}-government", roles=("viewer",))):
        with pytest.raises((PermissionDenied, NotFound)):
            project_update(
                actor=actor,
                project=project,
                title="改名",
                content="x",
                budget_amount="1",
                catalog_entry=project.catalog_entry,
                budget_line=project.budget_line,
            )
    assert Project.objects.get(pk=project.pk).title == project.title


def test_acceptance_needs_every_milestone_accepted(town_user, approver, township_a):
    project = bought(town_user, approver, township_a)
    error = refused(town_user, project, "accept", code="milestones_open")
    assert "全年" in error.message
    milestone = Milestone.objects.get(contract__project=project)
    milestone_accept(actor=town_user, milestone=milestone, accepted_on=date(YEAR, 7, 1))
    assert fire(town_user, project, "accept").status == "accepted"


def test_preconditions_are_registered_once_and_run_before_the_change(
    town_user, township_a, monkeypatch
):
    calls = []

    def no_submissions_today(project):
        calls.append(project.pk)
        raise DomainError("closed_today", "今日暂停提交。")

    monkeypatch.setitem(lifecycle.PRECONDITIONS, "submit", [])
    lifecycle.register_precondition("submit", no_submissions_today)
    lifecycle.register_precondition("submit", no_submissions_today)
    assert lifecycle.PRECONDITIONS["submit"] == [no_submissions_today]
    project = draft_project(town_user, township_a)
    refused(town_user, project, "submit", code="closed_today")
    assert calls == [project.pk]
    with pytest.raises(ValueError, match="unknown transition 'launch'"):
        lifecycle.register_precondition("launch", no_submissions_today)


def test_the_contract_preconditions_are_registered():
    assert contract_before_signing in lifecycle.PRECONDITIONS["sign"]
    assert milestones_before_acceptance in lifecycle.PRECONDITIONS["accept"]


def test_open_milestones_are_named_in_due_order_and_only_this_projects_count(
    town_user, approver, township_a, township_a2, make_user
):
    project = bought(town_user, approver, township_a)
    contract = Project.objects.get(pk=project.pk).contract
    Milestone.objects.filter(contract=contract).update(name="乙节点", due_date=date(YEAR, 6, 30))
    Milestone.objects.create(contract=contract, name="甲节点", due_date=date(YEAR, 9, 30), amount=0)
    Milestone.objects.create(contract=contract, name="丙节点", due_date=date(YEAR, 3, 31), amount=0)
    error = refused(town_user, project, "accept", code="milestones_open")
    assert error.message == "以下履约节点尚未验收：丙节点、乙节点、甲节点。"
    # Another township's open milestones do not hold this project back.
    clerk = make_user(f"{township_a2.code}-government")
    city = make_user("510100-finance", roles=("approver",))
    bought(clerk, city, township_a2)
    Milestone.objects.filter(contract=contract).update(
        accepted_on=date(YEAR, 7, 1), accepted_at=timezone.now()
    )
    assert fire(town_user, project, "accept").status == "accepted"

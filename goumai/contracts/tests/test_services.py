from datetime import date
from decimal import Decimal

import pytest

from goumai.budgets.models import BudgetLine
from goumai.contracts.models import Contract, ContractAmendment, Payment
from goumai.contracts.services import (
    MULTI_YEAR_CONDITIONS,
    contract_amend,
    milestone_accept,
    payment_record,
)
from goumai.contracts.tests.factories import sign
from goumai.core.errors import DomainError
from goumai.evaluation.tests.factories import mark_evaluated
from goumai.projects.models import Project
from goumai.projects.services import project_transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


def test_signing_returns_procurement_savings_to_the_budget(town_user, awarded):
    contract = sign(town_user, awarded)
    project = Project.objects.get(pk=awarded.pk)
    line = BudgetLine.objects.get(pk=project.budget_line_id)
    assert project.status == "contracted"
    assert project.reserved_amount == Decimal("28000.00") and line.reserved == Decimal("28000.00")
    assert contract.amount_in_words == "贰万捌仟元整"


def test_amount_in_capital_numerals_matches_the_issue_example(town_user, awarded):
    contract = Contract(amount=Decimal("123456.78"))
    assert contract.amount_in_words == "壹拾贰万叁仟肆佰伍拾陆元柒角捌分"


def test_a_term_over_one_year_needs_justification_and_conditions(town_user, awarded):
    with pytest.raises(DomainError) as caught:
        sign(town_user, awarded, end=date(2028, 3, 1))
    assert caught.value.code == "term_unjustified" and "超过一年" in caught.value.message
    assert (
        not Contract.objects.exists() and Project.objects.get(pk=awarded.pk).status == "procuring"
    )
    with pytest.raises(DomainError) as caught:
        sign(
            town_user,
            awarded,
            end=date(2028, 3, 1),
            term_justification="社区养老服务需连续提供，两年期合同更稳定。",
            multi_year_conditions=["budget_secured"],
        )
    assert (
        "multi_year_conditions" in caught.value.fields
        and "经费来源稳定" in caught.value.fields["multi_year_conditions"][0]
    )
    contract = sign(
        town_user,
        awarded,
        end=date(2028, 3, 1),
        term_justification="社区养老服务需连续提供，两年期合同更稳定。",
        multi_year_conditions=list(MULTI_YEAR_CONDITIONS),
    )
    assert contract.end_date == date(2028, 3, 1)


def test_a_term_of_three_years_or_more_is_never_allowed(town_user, awarded):
    with pytest.raises(DomainError) as caught:
        sign(
            town_user,
            awarded,
            end=date(2030, 3, 1),
            term_justification="理由" * 20,
            multi_year_conditions=list(MULTI_YEAR_CONDITIONS),
        )
    assert caught.value.code == "term_over_3_years" and "不得超过三年" in caught.value.message
    assert not Contract.objects.exists()


def test_milestones_must_add_up_to_the_contract(town_user, awarded):
    with pytest.raises(DomainError) as caught:
        sign(
            town_user,
            awarded,
            milestones=[{"name": "全年", "due_date": date(2027, 12, 1), "amount": "27000"}],
        )
    assert "应等于合同金额 28,000.00 元" in caught.value.fields["milestones"][0]


def test_the_contract_cannot_exceed_the_award(town_user, awarded):
    with pytest.raises(DomainError) as caught:
        sign(
            town_user,
            awarded,
            amount="28000.01",
            milestones=[{"name": "全年", "due_date": date(2027, 12, 1), "amount": "28000.01"}],
        )
    assert "不能超过成交金额" in caught.value.fields["amount"][0]


def test_payment_before_acceptance_is_refused(town_user, performing):
    first = performing.milestones.first()
    with pytest.raises(DomainError) as caught:
        payment_record(actor=town_user, milestone=first, amount="14000", paid_on=date(2027, 7, 1))
    assert caught.value.code == "payment_before_acceptance" and "尚未验收" in caught.value.message
    assert not Payment.objects.exists()
    assert BudgetLine.objects.get(pk=performing.project.budget_line_id).spent == 0


def test_payment_above_the_contract_is_refused(town_user, performing):
    first, second = performing.milestones.all()
    milestone_accept(actor=town_user, milestone=first, accepted_on=date(2027, 7, 1))
    milestone_accept(actor=town_user, milestone=second, accepted_on=date(2027, 12, 31))
    payment_record(actor=town_user, milestone=first, amount="14000", paid_on=date(2027, 7, 2))
    payment_record(actor=town_user, milestone=second, amount="13000", paid_on=date(2028, 1, 2))
    with pytest.raises(DomainError) as caught:
        payment_record(
            actor=town_user, milestone=second, amount="1000.01", paid_on=date(2028, 1, 3)
        )
    assert (
        caught.value.code == "payment_exceeds_contract"
        and "超过合同金额 28,000.00 元" in caught.value.message
    )
    with pytest.raises(DomainError) as caught:
        payment_record(actor=town_user, milestone=first, amount="0.01", paid_on=date(2028, 1, 3))
    assert caught.value.code == "payment_exceeds_milestone"
    assert Payment.objects.count() == 2


def test_the_whole_money_trail_through_to_closure(town_user, performing):
    for milestone in performing.milestones.all():
        milestone_accept(actor=town_user, milestone=milestone, accepted_on=milestone.due_date)
        payment_record(
            actor=town_user,
            milestone=milestone,
            amount=milestone.amount,
            paid_on=milestone.due_date,
        )
    project = Project.objects.get(pk=performing.project_id)
    project = project_transition(actor=town_user, project=project, action="accept")
    project = mark_evaluated(town_user, project)
    project = project_transition(actor=town_user, project=project, action="close")
    line = BudgetLine.objects.get(pk=project.budget_line_id)
    assert project.status == "closed" and project.paid_amount == Decimal("28000.00")
    assert (line.reserved, line.spent, line.available) == (
        Decimal("0.00"),
        Decimal("28000.00"),
        Decimal("72000.00"),
    )


def test_acceptance_needs_every_milestone_accepted(town_user, performing):
    milestone_accept(
        actor=town_user, milestone=performing.milestones.first(), accepted_on=date(2027, 7, 1)
    )
    with pytest.raises(DomainError) as caught:
        project_transition(
            actor=town_user, project=Project.objects.get(pk=performing.project_id), action="accept"
        )
    assert caught.value.code == "milestones_open" and "下半年服务" in caught.value.message


def test_amendments_keep_history_and_move_the_budget(town_user, performing):
    second = performing.milestones.last()
    contract = contract_amend(
        actor=town_user,
        contract=performing,
        reason="增加服务人次",
        milestone_amounts={second.pk: "15000.00"},
    )
    assert contract.amount == Decimal("29000.00") and contract.version == 2
    amendment = ContractAmendment.objects.get()
    assert amendment.before["amount"] == "28000.00" and amendment.after["amount"] == "29000.00"
    line = BudgetLine.objects.get(pk=performing.project.budget_line_id)
    assert line.reserved == Decimal("29000.00")
    with pytest.raises(DomainError) as caught:
        contract_amend(actor=town_user, contract=contract, reason="延期", end_date=date(2030, 3, 1))
    assert caught.value.code == "term_over_3_years"
    assert Contract.objects.get(pk=contract.pk).end_date == date(2027, 12, 31)

"""The contract rules at their boundaries: term, justification, milestones within the
term, payment dates, amendments below what was paid, and who may act."""

from datetime import date

import pytest

from goumai.contracts.models import Contract, Milestone, Payment
from goumai.contracts.services import (
    MULTI_YEAR_CONDITIONS,
    check_term,
    contract_amend,
    contract_before_signing,
    contract_sign,
    milestone_accept,
    payment_record,
)
from goumai.contracts.tests.factories import START, sign
from goumai.core.errors import DomainError, PermissionDenied
from goumai.projects.services import project_transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]
ALL_CONDITIONS = list(MULTI_YEAR_CONDITIONS)


def term(end, justification="", conditions=()):
    return check_term(
        start_date=START, end_date=end, justification=justification, conditions=conditions
    )


def test_term_boundaries():
    assert term(START) == {}  # a one-day contract
    assert "不能早于开始日期" in term(date(2027, 2, 28))["end_date"][0]
    assert term(date(2028, 2, 29)) == {}  # just under a year
    assert set(term(date(2028, 3, 1))) == {"term_justification", "multi_year_conditions"}
    assert "三年" in term(date(2030, 3, 1), "x" * 20, ALL_CONDITIONS)["end_date"][0]
    assert term(date(2030, 2, 28), "x" * 20, ALL_CONDITIONS) == {}  # just under three


def test_a_justification_needs_twenty_characters_and_every_condition():
    end = date(2028, 6, 30)
    assert "term_justification" in term(end, "一" * 19, ALL_CONDITIONS)
    assert "term_justification" in term(end, " " * 25 + "短", ALL_CONDITIONS)  # blanks do not count
    assert term(end, "一" * 20, ALL_CONDITIONS) == {}
    missing = term(end, "一" * 20, ALL_CONDITIONS[1:])["multi_year_conditions"][0]
    assert MULTI_YEAR_CONDITIONS[ALL_CONDITIONS[0]] in missing
    assert term(end, "一" * 20, ALL_CONDITIONS[3:]) == {
        "multi_year_conditions": [
            "合同期限超过一年，须确认以下条件均已满足：预算已落实、服务内容相对固定、需要连续提供。"
        ]
    }


@pytest.mark.parametrize(
    "due", [date(2027, 2, 28), date(2028, 1, 1)], ids=["before-start", "after-end"]
)
def test_milestones_lie_within_the_term(town_user, awarded, due):
    with pytest.raises(DomainError) as caught:
        sign(
            town_user,
            awarded,
            milestones=[{"name": "全年", "due_date": due, "amount": "28000.00"}],
        )
    assert "不在合同期限内" in caught.value.fields["milestones"][0]
    assert not Contract.objects.exists()


def test_milestones_on_the_first_and_last_day_are_within(town_user, awarded):
    contract = sign(
        town_user,
        awarded,
        milestones=[
            {"name": "首日", "due_date": START, "amount": "14000.00"},
            {"name": "末日", "due_date": date(2027, 12, 31), "amount": "14000.00"},
        ],
    )
    assert contract.milestones.count() == 2


def test_no_payment_dated_before_acceptance(town_user, performing):
    milestone = performing.milestones.order_by("due_date").first()
    milestone_accept(actor=town_user, milestone=milestone, accepted_on=date(2027, 7, 1))
    with pytest.raises(DomainError) as caught:
        payment_record(
            actor=town_user, milestone=milestone, amount="100", paid_on=date(2027, 6, 30)
        )
    assert caught.value.code == "payment_before_acceptance" and "2027-07-01" in caught.value.message
    assert not Payment.objects.exists()
    assert payment_record(
        actor=town_user, milestone=milestone, amount="100", paid_on=date(2027, 7, 1)
    )


def test_a_milestone_cannot_be_amended_below_what_was_paid(town_user, performing):
    milestone = performing.milestones.order_by("due_date").first()
    milestone_accept(actor=town_user, milestone=milestone, accepted_on=date(2027, 7, 1))
    payment_record(actor=town_user, milestone=milestone, amount="6000", paid_on=date(2027, 7, 2))
    with pytest.raises(DomainError) as caught:
        contract_amend(
            actor=town_user,
            contract=performing,
            reason="减少服务",
            milestone_amounts={milestone.pk: "5999.99"},
        )
    assert caught.value.code == "below_paid"
    assert Milestone.objects.get(pk=milestone.pk).amount == 14000
    contract_amend(
        actor=town_user,
        contract=performing,
        reason="减少服务",
        milestone_amounts={milestone.pk: "6000"},
    )
    assert Milestone.objects.get(pk=milestone.pk).amount == 6000


def test_only_the_purchaser_signs_amends_accepts_and_pays(
    make_user, county_user, township_a2, town_user, awarded
):
    neighbour = make_user(f"{township_a2.code}-government")
    for actor in (county_user, neighbour):
        with pytest.raises(PermissionDenied):
            sign(actor, awarded)
    assert not Contract.objects.exists()
    contract = sign(town_user, awarded)
    project_transition(actor=town_user, project=contract.project, action="start_performance")
    milestone = contract.milestones.order_by("due_date").first()
    for actor in (county_user, neighbour):
        with pytest.raises(PermissionDenied):
            milestone_accept(actor=actor, milestone=milestone, accepted_on=date(2027, 7, 1))
        with pytest.raises(PermissionDenied):
            contract_amend(actor=actor, contract=contract, reason="x", end_date=date(2027, 11, 30))
    milestone_accept(actor=town_user, milestone=milestone, accepted_on=date(2027, 7, 1))
    for actor in (county_user, neighbour):
        with pytest.raises(PermissionDenied):
            payment_record(actor=actor, milestone=milestone, amount="1", paid_on=date(2027, 7, 2))
    assert not Payment.objects.exists()


def test_signing_needs_the_contract_recorded(awarded):
    with pytest.raises(DomainError) as caught:
        contract_before_signing(awarded)
    assert (caught.value.code, caught.value.message) == ("contract_required", "请先录入合同。")


ROWS = "每个履约节点须有不重复的名称、计划日期和不小于零的金额。"


@pytest.mark.parametrize(
    ("milestones", "message"),
    [
        (
            [{"name": "全年", "due_date": date(2027, 6, 30), "amount": "abc"}],
            "履约节点金额格式不正确。",
        ),
        (
            [{"name": "全年", "due_date": date(2027, 6, 30), "amount": "1e13"}],
            "金额过大（最多 12 位整数）。",
        ),
        ([{"name": " ", "due_date": date(2027, 6, 30), "amount": "28000"}], ROWS),
        ([{"name": "全年", "due_date": None, "amount": "28000"}], ROWS),
        ([{"name": "全年", "due_date": date(2027, 6, 30), "amount": "-0.01"}], ROWS),
        (
            [
                {"name": "同名", "due_date": date(2027, 6, 30), "amount": "14000"},
                {"name": "同名", "due_date": date(2027, 9, 30), "amount": "14000"},
            ],
            ROWS,
        ),
        (
            [{"name": "全年", "due_date": date(2028, 1, 1), "amount": "28000"}],
            "履约节点“全年”的计划日期不在合同期限内。",
        ),
        (
            [{"name": "全年", "due_date": date(2027, 6, 30), "amount": "27999.99"}],
            "履约节点金额合计 27,999.99 元，应等于合同金额 28,000.00 元。",
        ),
    ],
)
def test_bad_milestones_are_named_exactly(town_user, awarded, milestones, message):
    with pytest.raises(DomainError) as caught:
        sign(town_user, awarded, milestones=milestones)
    assert caught.value.fields == {"milestones": [message]}
    assert not Contract.objects.exists() and not Milestone.objects.exists()


def test_at_least_one_milestone(town_user, awarded):
    with pytest.raises(DomainError) as caught:
        contract_sign(
            actor=town_user,
            project=awarded,
            number="HT-1",
            amount="28000",
            start_date=START,
            end_date=date(2027, 12, 31),
            signed_on=START,
            milestones=[],
        )
    assert caught.value.fields == {"milestones": ["至少需要一个履约节点。"]}
    with pytest.raises(DomainError) as caught:  # a row without a name at all
        sign(town_user, awarded, milestones=[{"due_date": START, "amount": "28000"}])
    assert caught.value.fields == {"milestones": [ROWS]}


def test_a_milestone_of_nothing_or_of_cents_is_allowed(town_user, awarded):
    contract = sign(
        town_user,
        awarded,
        milestones=[
            {"name": "启动", "due_date": START, "amount": "0"},
            {"name": "尾款", "due_date": date(2027, 4, 1), "amount": "0.50"},
            {"name": "全年", "due_date": date(2027, 12, 31), "amount": "27999.50"},
        ],
    )
    assert sorted(contract.milestones.values_list("name", flat=True)) == ["全年", "启动", "尾款"]


def test_term_messages_are_exact():
    assert term(date(2027, 2, 28)) == {"end_date": ["结束日期不能早于开始日期。"]}
    assert term(date(2030, 3, 1), "x" * 20, ALL_CONDITIONS) == {
        "end_date": ["政府购买服务合同期限不得超过三年。"]
    }
    assert term(date(2028, 3, 1), "", ALL_CONDITIONS) == {
        "term_justification": ["合同期限超过一年，须说明理由（不少于 20 个字）。"]
    }


def test_steps_out_of_their_status_are_conflicts(town_user, awarded):
    contract = sign(town_user, awarded)  # 已签约, not yet 履约中
    milestone = contract.milestones.order_by("due_date").first()
    with pytest.raises(DomainError) as caught:
        milestone_accept(actor=town_user, milestone=milestone, accepted_on=date(2027, 7, 1))
    error = caught.value
    assert (error.code, error.status) == ("invalid_status", 409)
    assert error.message == "项目当前状态为“已签约”，不能办理此事项。"
    with pytest.raises(DomainError) as caught:
        payment_record(actor=town_user, milestone=milestone, amount="1", paid_on=date(2027, 7, 2))
    assert caught.value.code == "invalid_status"
    with pytest.raises(DomainError) as caught:
        sign(town_user, awarded)  # a second contract
    assert caught.value.code == "invalid_status"


def test_the_purchaser_only_message(county_user, awarded):
    with pytest.raises(PermissionDenied) as caught:
        sign(county_user, awarded)
    assert caught.value.message == "只有购买主体可以办理合同和支付。"

"""Paying small and medium providers on time (保障中小企业款项支付条例): the last day to
pay is counted from the acceptance on the legal calendar (30 days, or the contract's
period of at most 60), reminded before, flagged after, on the 工作台 of the county and
the province."""

from datetime import date, timedelta

import pytest

from goumai.contracts.models import Milestone
from goumai.contracts.services import milestone_accept, payment_record
from goumai.contracts.tests.factories import sign
from goumai.core.errors import DomainError
from goumai.holidays.models import CalendarYear
from goumai.holidays.services import calendar_year_enter
from goumai.notifications.models import Notification
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.providers.models import Provider
from goumai.site.reminders import send_due_reminders
from goumai.site.worklist import piles_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]
ACCEPTED = date(2027, 12, 31)
# 30 days later is Sunday 30 January 2028: the period runs to Monday 31 January.
DUE = date(2028, 1, 31)


def performing_with(town_user, awarded, size: str, **extra):
    Provider.objects.filter(pk=awarded.procurement.award.provider_id).update(size=size)
    contract = sign(
        town_user,
        awarded,
        milestones=[{"name": "全年服务", "due_date": ACCEPTED, "amount": "28000.00"}],
        **extra,
    )
    project_transition(
        actor=town_user, project=Project.objects.get(pk=awarded.pk), action="start_performance"
    )
    return contract.milestones.get()


@pytest.mark.parametrize("size", ["micro", "small", "medium"])
def test_a_small_or_medium_provider_gets_a_last_day_to_pay(town_user, awarded, size):
    milestone = performing_with(town_user, awarded, size)
    accepted = milestone_accept(actor=town_user, milestone=milestone, accepted_on=ACCEPTED)
    assert accepted.payment_due_on == DUE


@pytest.mark.parametrize("size", ["large", ""])
def test_other_providers_get_none(town_user, awarded, size):
    milestone = performing_with(town_user, awarded, size)
    accepted = milestone_accept(actor=town_user, milestone=milestone, accepted_on=ACCEPTED)
    assert accepted.payment_due_on is None


def test_the_contract_may_agree_up_to_sixty_days(town_user, awarded):
    with pytest.raises(DomainError) as caught:
        performing_with(town_user, awarded, "small", payment_days=61)
    assert "不超过 60 日" in caught.value.fields["payment_days"][0]
    with pytest.raises(DomainError):
        performing_with(town_user, awarded, "small", payment_days=0)
    milestone = performing_with(town_user, awarded, "small", payment_days=60)
    accepted = milestone_accept(actor=town_user, milestone=milestone, accepted_on=ACCEPTED)
    assert accepted.payment_due_on == ACCEPTED + timedelta(days=60)  # Tuesday 29 February


def test_the_last_day_waits_for_the_calendar_and_comes_when_the_year_is_entered(
    town_user, awarded, finance_user
):
    milestone = performing_with(town_user, awarded, "small")
    CalendarYear.objects.filter(year=2028).delete()  # 2028 not entered yet
    accepted = milestone_accept(actor=town_user, milestone=milestone, accepted_on=ACCEPTED)
    assert accepted.payment_due_on is None  # never guessed
    calendar_year_enter(
        actor=finance_user,
        year=2028,
        notice="国务院办公厅关于2028年部分节假日安排的通知（测试）",
        holidays="2028-01-31 至 2028-02-02 测试假日",
        workdays="",
    )
    # entered: counted with it, the holiday moving the last day to Thursday 3 February
    assert Milestone.objects.get(pk=milestone.pk).payment_due_on == date(2028, 2, 3)


def test_reminded_before_flagged_after_and_shown_to_the_county(town_user, awarded, county_user):
    milestone = performing_with(town_user, awarded, "small")
    milestone_accept(actor=town_user, milestone=milestone, accepted_on=ACCEPTED)

    def told(kind):
        return Notification.objects.filter(user=town_user, kind=kind).count()

    send_due_reminders(today=DUE - timedelta(days=4))
    assert (
        told("payment_late") == 0
        and not Notification.objects.filter(key__startswith="payment_deadline").exists()
    )
    send_due_reminders(today=DUE - timedelta(days=3))
    assert Notification.objects.filter(user=town_user, key=f"payment_deadline:{milestone.pk}")
    send_due_reminders(today=DUE)  # the last day itself: not late yet
    assert told("payment_late") == 0

    def late_pile(today):
        piles = {p.key: p for p in piles_for(county_user, today)}
        return piles["late_payments"].count

    assert late_pile(DUE) == 0
    assert late_pile(DUE + timedelta(days=1)) == 1
    send_due_reminders(today=DUE + timedelta(days=1))
    assert told("payment_late") == 1
    note = Notification.objects.get(user=town_user, kind="payment_late")
    assert "应于 2028-01-31 前" in note.body and "已逾期 1 日" in note.body
    # paid in full: no longer late
    payment_record(
        actor=town_user, milestone=milestone, amount="28000.00", paid_on=DUE + timedelta(days=1)
    )
    assert late_pile(DUE + timedelta(days=2)) == 0


def test_the_township_sees_no_late_pile_of_others(town_user, awarded, make_user, township_a2):
    milestone = performing_with(town_user, awarded, "small")
    milestone_accept(actor=town_user, milestone=milestone, accepted_on=ACCEPTED)
    neighbour = make_user(f"{township_a2.code}-government")
    other_county = make_user("510521-finance", roles=("clerk", "approver"))
    for actor in (neighbour, other_county):
        piles = {p.key: p for p in piles_for(actor, DUE + timedelta(days=5))}
        assert piles.get("late_payments") is None or piles["late_payments"].count == 0

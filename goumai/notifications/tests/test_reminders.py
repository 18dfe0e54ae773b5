# ruff: noqa: F811 — pytest fixtures imported from another test module
"""The daily reminders: the right people, each reminder once however often the job
runs."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from goumai.bidding import services as bidding
from goumai.bidding.tests.test_bidding import CLOSES, PRICE
from goumai.contracts.services import milestone_accept
from goumai.contracts.tests.conftest import awarded, performing  # noqa: F401 — fixtures
from goumai.evaluation.tests.conftest import accepted  # noqa: F401 — a fixture
from goumai.notifications.models import Notification
from goumai.site.reminders import send_due_reminders

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


def told(kind) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_a_closing_tender_reminds_those_who_have_not_bid_once(tender):
    bidding.bid_submit(actor=tender["a"], tender=tender["tender"], amount=PRICE)
    tender["tm"].move_to(CLOSES - timedelta(days=3, seconds=1))  # not yet within 3 days
    send_due_reminders(today=date(2027, 3, 8))
    assert told("deadline") == []
    tender["tm"].move_to(CLOSES - timedelta(days=2))
    send_due_reminders(today=date(2027, 3, 9))
    send_due_reminders(today=date(2027, 3, 9))  # run twice: once
    call_command("reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert told("deadline") == ["bidder-2"]  # 乙 has not bid; 甲 has


def test_milestones_payments_evaluations_and_disclosure(
    performing,
    town_user,
    time_machine,
    make_user,
    settings,  # noqa: F811
):
    settings.GOUMAI_REMINDER_DAYS = 3
    make_user("510131-finance", roles=("approver",))  # the county: not the purchaser
    first, second = performing.milestones.order_by("due_date")
    time_machine.move_to(datetime(2027, 6, 27, 9, tzinfo=CST))  # first due 06-30: 3 days
    send_due_reminders(today=date(2027, 6, 27))
    send_due_reminders(today=date(2027, 6, 27))
    assert told("milestone_due") == [town_user.username]
    assert Notification.objects.get(kind="milestone_due").key == f"milestone_due:{first.pk}"
    time_machine.move_to(datetime(2027, 7, 2, 9, tzinfo=CST))
    milestone_accept(actor=town_user, milestone=first, accepted_on=date(2027, 6, 30))
    send_due_reminders(today=date(2027, 7, 2))
    assert told("payment_due") == [town_user.username]  # accepted, not paid
    # the plan, notice, award and contract were due in March and never published
    overdue = Notification.objects.filter(kind="disclosure_overdue")
    assert overdue.count() == 4 and set(overdue.values_list("user__username", flat=True)) == {
        town_user.username
    }
    send_due_reminders(today=date(2027, 7, 3))
    assert Notification.objects.filter(kind="disclosure_overdue").count() == 4
    assert Notification.objects.filter(kind="payment_due").count() == 1


@pytest.mark.usefixtures("in_2028")
def test_evaluation_overdue(accepted, town_user, time_machine):  # noqa: F811
    """Accepted on 2028-06-01; the policy allows 90 days."""
    send_due_reminders(today=date(2028, 8, 30))  # day 90: not late yet
    assert told("evaluation_overdue") == []
    send_due_reminders(today=date(2028, 8, 31))  # day 91
    send_due_reminders(today=date(2028, 9, 1))
    assert told("evaluation_overdue") == [town_user.username]


def test_disclosure_is_overdue_after_the_allowed_days_not_on_the_last_one(
    performing,
    time_machine,
    settings,  # noqa: F811
):
    """The notice, award and contract were due on 2027-03-01; 20 days are allowed, the
    20th being Sunday 21 March: the period runs to Monday 22 March."""
    settings.GOUMAI_DISCLOSURE_DAYS = 20
    time_machine.move_to(datetime(2027, 3, 21, 9, tzinfo=CST))
    send_due_reminders(today=date(2027, 3, 21))  # the 20th day: still allowed
    send_due_reminders(today=date(2027, 3, 22))  # the period's last day: still allowed
    keys = set(Notification.objects.values_list("key", flat=True))
    assert not any(k.endswith((":notice", ":award", ":contract")) for k in keys)
    send_due_reminders(today=date(2027, 3, 23))
    keys = set(Notification.objects.values_list("key", flat=True))
    assert {k.rsplit(":", 1)[1] for k in keys if k.startswith("disclosure_overdue")} >= {
        "notice",
        "award",
        "contract",
    }

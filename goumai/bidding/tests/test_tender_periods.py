"""An online tender keeps the method's legal minimum from its publication (the server's
date) to its closing: one minute short is refused with the earliest allowed moment."""

from datetime import date, datetime, timedelta

import pytest

from goumai.bidding import services
from goumai.bidding.models import Tender
from goumai.core.dates import CHINA
from goumai.core.errors import DomainError
from goumai.holidays.models import CalendarYear
from goumai.procurement.services import procurement_start

pytestmark = pytest.mark.django_db
START = datetime(2027, 3, 1, 9, 0, tzinfo=CHINA)  # a Monday


def procurement(clerk, project, method, deadline):
    return procurement_start(
        actor=clerk, project=project, method=method, announced_on=START.date(), deadline=deadline
    )


@pytest.mark.parametrize(
    ("method", "deadline", "earliest"),
    [
        # 3 working days after Monday 1 March: Thursday 4 March
        ("request_for_quotation", date(2027, 3, 4), datetime(2027, 3, 4, tzinfo=CHINA)),
        # 20 days after 1 March is Sunday 21 March: the period runs to Monday 22 March
        ("open_tender", date(2027, 3, 22), datetime(2027, 3, 22, tzinfo=CHINA)),
    ],
)
def test_one_minute_short_of_the_minimum_is_refused(
    town_user, approved, time_machine, method, deadline, earliest
):
    time_machine.move_to(START)
    proc = procurement(town_user, approved, method, deadline)
    short = earliest - timedelta(minutes=1)
    with pytest.raises(DomainError) as caught:
        services.tender_publish(actor=town_user, procurement=proc, closes_at=short)
    assert caught.value.code == "deadline_too_short"
    assert f"投标截止时间最早为 {earliest:%Y-%m-%d} 00:00:00" in caught.value.fields["closes_at"][0]
    assert not Tender.objects.exists()
    made = services.tender_publish(actor=town_user, procurement=proc, closes_at=earliest)
    assert made.closes_at == earliest


def test_the_minimum_counts_from_the_publication_not_an_earlier_typed_announcement(
    town_user, approved, time_machine
):
    time_machine.move_to(START)
    proc = procurement(town_user, approved, "request_for_quotation", date(2027, 3, 4))
    time_machine.move_to(datetime(2027, 3, 3, 10, 0, tzinfo=CHINA))  # published on Wednesday
    with pytest.raises(DomainError) as caught:
        services.tender_publish(
            actor=town_user, procurement=proc, closes_at=datetime(2027, 3, 5, 17, tzinfo=CHINA)
        )
    # Wednesday + 3 working days = Monday 8 March
    assert "最早为 2027-03-08 00:00:00" in caught.value.fields["closes_at"][0]


def test_a_closing_in_a_year_without_holidays_is_refused(town_user, approved, time_machine):
    time_machine.move_to(START)
    proc = procurement(town_user, approved, "request_for_quotation", date(2027, 3, 4))
    CalendarYear.objects.filter(year=2027).delete()  # as if 2027 had not been entered
    with pytest.raises(DomainError) as caught:
        services.tender_publish(
            actor=town_user, procurement=proc, closes_at=datetime(2027, 3, 10, tzinfo=CHINA)
        )
    assert caught.value.code == "calendar_missing"
    assert "2027 年的法定节假日安排尚未录入" in caught.value.fields["closes_at"][0]

"""Periods counted as the law counts them, on the legal calendar only; a year the
calendar does not hold is refused, never guessed."""

from datetime import date

import pytest

from goumai.holidays.models import CalendarDay, CalendarYear
from goumai.holidays.periods import (
    CalendarMissing,
    LegalCalendar,
    Period,
    bid_minimum,
    earliest_closing,
    earliest_deadline,
    payment_due,
)
from goumai.holidays.services import DayRow, calendar_year_save

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_calendar")]


def enter_2027(actor) -> CalendarYear:
    """What the province would type from the State Council's notice for 2027 — test
    data for the tests, never shipped: the platform holds no 2027 holidays of its own."""
    rows = [DayRow(date(2027, 1, d), "holiday", "元旦") for d in (1, 2, 3)]
    rows += [DayRow(date(2027, 2, d), "holiday", "春节") for d in range(5, 13)]
    rows += [DayRow(date(2027, 2, 14), "workday", "春节")]  # a Sunday worked
    return calendar_year_save(
        actor=actor,
        year=2027,
        notice="国务院办公厅关于2027年部分节假日安排的通知（测试）",
        rows=rows,
    )


def test_the_package_years_are_the_starting_data_and_2027_is_not_among_them():
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert {2004, 2020, 2026} <= years
    assert 2027 not in years
    assert CalendarYear.objects.get(year=2026).source == CalendarYear.Source.PACKAGE
    assert CalendarDay.objects.get(day=date(2026, 10, 10)).kind == CalendarDay.Kind.WORKDAY


def test_working_days_come_from_the_calendar():
    calendar = LegalCalendar()
    assert calendar.is_working_day(date(2026, 10, 10))  # Saturday, adjusted working day
    assert not calendar.is_working_day(date(2026, 10, 1))  # National Day
    assert not calendar.is_working_day(date(2026, 3, 7))  # an ordinary Saturday
    assert calendar.is_working_day(date(2026, 3, 9))  # an ordinary Monday


def test_counting_starts_the_day_after_the_event():
    three = Period(3, working_days=True)
    assert three.last_day(date(2026, 3, 2)) == date(2026, 3, 5)  # Mon → Thu
    assert three.last_day(date(2026, 3, 6)) == date(2026, 3, 11)  # Fri → Wed
    # National Day 1–7 October off, Saturday 10 October worked.
    assert three.last_day(date(2026, 9, 30)) == date(2026, 10, 10)
    assert Period(10).last_day(date(2026, 3, 2)) == date(2026, 3, 12)  # a Thursday


def test_a_period_whose_last_day_is_a_holiday_ends_on_the_next_working_day():
    # 20 days after 13 September is Saturday 3 October, in the National Day holiday:
    # the period ends on Thursday 8 October, the first working day after it.
    assert Period(20).last_day(date(2026, 9, 13)) == date(2026, 10, 8)
    # ...and one whose last day is an ordinary Sunday, on the Monday.
    assert Period(20).last_day(date(2026, 3, 2)) == date(2026, 3, 23)
    # A last day that is a working day stays.
    assert Period(20).last_day(date(2026, 3, 5)) == date(2026, 3, 25)


def test_a_year_the_calendar_does_not_hold_is_refused_naming_it():
    with pytest.raises(CalendarMissing) as caught:
        Period(3, working_days=True).last_day(date(2026, 12, 30))
    assert caught.value.year == 2027
    assert "2027 年的法定节假日安排尚未录入" in caught.value.message
    assert "省财政厅" in caught.value.message
    # A calendar-day period ending in 2027 needs 2027 too (its last day may be a holiday).
    with pytest.raises(CalendarMissing):
        Period(20).last_day(date(2026, 12, 15))
    # ...but one ending inside 2026 does not.
    assert Period(3, working_days=True).last_day(date(2026, 12, 24)) == date(2026, 12, 29)


def test_once_2027_is_entered_its_holidays_and_adjusted_days_count(finance_user):
    enter_2027(finance_user)
    three = Period(3, working_days=True)
    # Announced 30 December 2026: 31 Dec, then 4 and 5 January (元旦 1–3 January).
    assert three.last_day(date(2026, 12, 30)) == date(2027, 1, 5)
    # Announced 3 February 2027: the 4th, then the Spring Festival (5–12 February) and a
    # worked Sunday 14 February: 4th, 14th, 15th.
    assert three.last_day(date(2027, 2, 3)) == date(2027, 2, 15)
    # 20 days after 16 January 2027 is Friday 5 February, a holiday: the period runs to
    # the first working day after the festival, Saturday 13 February being an ordinary
    # Saturday, Sunday 14 February worked.
    assert Period(20).last_day(date(2027, 1, 16)) == date(2027, 2, 14)


def test_procurement_minimums_per_method():
    assert bid_minimum("open_tender") == Period(20)
    assert bid_minimum("invited_tender") == Period(20)
    assert bid_minimum("competitive_consultation") == Period(10)
    assert bid_minimum("competitive_negotiation") == Period(3, working_days=True)
    assert bid_minimum("request_for_quotation") == Period(3, working_days=True)
    assert bid_minimum("single_source") is None
    assert bid_minimum("small_purchase") is None
    assert earliest_deadline("single_source", date(2026, 3, 2)) is None
    assert earliest_deadline("request_for_quotation", date(2026, 3, 2)) == date(2026, 3, 5)
    closing = earliest_closing("open_tender", date(2026, 3, 5))
    assert closing.isoformat() == "2026-03-25T00:00:00+08:00"


def test_the_payment_period_after_acceptance():
    assert payment_due(date(2026, 3, 2), 30) == date(2026, 4, 1)  # a Wednesday
    # 30 days after 2 September is Friday 2 October, in the holiday: Thursday 8 October.
    assert payment_due(date(2026, 9, 2), 30) == date(2026, 10, 8)
    with pytest.raises(CalendarMissing):
        payment_due(date(2026, 12, 8), 30)


def test_the_missing_year_message_and_the_labels():
    with pytest.raises(CalendarMissing) as caught:
        LegalCalendar().is_working_day(date(2027, 1, 4))
    assert (caught.value.code, caught.value.status) == ("calendar_missing", 409)
    assert caught.value.message == (
        "2027 年的法定节假日安排尚未录入，无法按工作日和节假日计算期限。"
        "请省财政厅在“法定节假日”页面录入国务院办公厅公布的 2027 年节假日安排后再办理。"
    )
    assert Period(3, working_days=True).label() == "3个工作日"
    assert Period(20).label() == "20日"
    assert not LegalCalendar().holds(2027) and LegalCalendar().holds(2026)


def test_figures_leave_a_period_of_a_missing_year_uncounted():
    from goumai.holidays.periods import disclosure_due, disclosure_late

    calendar = LegalCalendar()
    assert Period(20).last_day_if_known(date(2026, 12, 20), calendar) is None
    assert Period(20).last_day_if_known(date(2026, 3, 2), calendar) == date(2026, 3, 23)
    assert disclosure_due(date(2026, 12, 20), calendar) is None
    assert not disclosure_late(date(2026, 12, 20), on=date(2027, 6, 1), calendar=calendar)
    # 20 days after Monday 2 March 2026 is Sunday 22 March: due Monday 23 March
    assert disclosure_due(date(2026, 3, 2), calendar) == date(2026, 3, 23)
    assert not disclosure_late(date(2026, 3, 2), on=date(2026, 3, 23), calendar=calendar)
    assert disclosure_late(date(2026, 3, 2), on=date(2026, 3, 24), calendar=calendar)
    assert calendar.disclosure_days == {
        date(2026, 12, 20): None,
        date(2026, 3, 2): date(2026, 3, 23),
    }


def test_the_payment_period_uses_the_calendar_given():
    calendar = LegalCalendar()
    assert payment_due(date(2026, 9, 2), 30, calendar) == date(2026, 10, 8)
    assert payment_due(date(2026, 9, 2), 31, calendar) == date(2026, 10, 8)
    assert payment_due(date(2026, 9, 2), 36, calendar) == date(2026, 10, 8)
    assert payment_due(date(2026, 9, 2), 37, calendar) == date(2026, 10, 9)


def test_a_method_without_a_minimum_has_no_earliest_closing(settings):
    assert earliest_closing("single_source", date(2026, 3, 2)) is None
    assert earliest_deadline("small_purchase", date(2026, 3, 2)) is None


def test_the_disclosure_period_is_the_setting_or_twenty_days(settings):
    from goumai.holidays.periods import disclosure_period

    settings.GOUMAI_DISCLOSURE_DAYS = 25
    assert disclosure_period() == Period(25)
    del settings.GOUMAI_DISCLOSURE_DAYS
    assert disclosure_period() == Period(20)

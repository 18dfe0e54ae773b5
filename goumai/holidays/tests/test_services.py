"""Keeping the legal calendar: only the province's finance department, a refused entry
writes nothing, every change is audited."""

from datetime import date

import pytest

from goumai.audit.models import AuditEntry
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.spreadsheets import ImportFailed
from goumai.holidays.models import CalendarDay, CalendarYear
from goumai.holidays.services import (
    calendar_year_enter,
    calendar_year_import,
    load_package_years,
    parse_lines,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_calendar")]
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知（测试）"
HOLIDAYS = "2027-01-01 至 2027-01-03 元旦\n2027-02-05 ~ 2027-02-12 春节\n"
WORKDAYS = "2027-02-14 春节"


def enter(actor, holidays=HOLIDAYS, workdays=WORKDAYS, year=2027):
    return calendar_year_enter(
        actor=actor, year=year, notice=NOTICE, holidays=holidays, workdays=workdays
    )


def test_the_province_enters_a_year_from_lines_of_text(finance_user):
    calendar = enter(finance_user)
    assert calendar.source == CalendarYear.Source.PAGE
    assert calendar.entered_by == finance_user.username
    days = {d.day: (d.kind, d.name) for d in calendar.days.all()}
    assert len(days) == 3 + 8 + 1
    assert days[date(2027, 2, 12)] == ("holiday", "春节")
    assert days[date(2027, 2, 14)] == ("workday", "春节")
    entries = AuditEntry.objects.filter(
        object_type__in=["holidays.calendaryear", "holidays.calendarday"]
    )
    assert entries.count() == 1 + 12


@pytest.mark.parametrize("unit", ["510131-finance", "510000-civil_affairs", "510131104-government"])
def test_nobody_else_keeps_the_calendar(make_user, unit):
    with pytest.raises(PermissionDenied):
        enter(make_user(unit, roles=("clerk", "approver", "unit_admin")))
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize(
    ("holidays", "workdays", "field", "words"),
    [
        ("2027-01-01 元旦", "2027-02-15 春节", "workdays", "调休上班第 1 行：2027-02-15 是工作日"),
        ("2026-12-31 元旦", "", "holidays", "不在 2027 年"),
        (
            "2027-01-01 元旦\n2027-01-01 元旦",
            "",
            "holidays",
            "放假安排第 2 行：2027-01-01 与放假安排第 1 行重复",
        ),
        ("2027/01/01 元旦", "", "holidays", "应写作"),
        ("2027-01-05 至 2027-01-01 元旦", "", "holidays", "日期范围有误"),
        ("2027-02-30 春节", "", "holidays", "应写作"),
        ("", "2027-02-14 春节", "holidays", "至少录入一个放假日期"),
        ("2027-01-01", "", "holidays", "应写作"),  # no name
    ],
)
def test_a_wrong_line_refuses_the_whole_year(finance_user, holidays, workdays, field, words):
    with pytest.raises(DomainError) as caught:
        enter(finance_user, holidays, workdays)
    assert any(words in m for m in caught.value.fields[field]), caught.value.fields
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(day__year=2027).exists()


def test_the_notice_is_required(finance_user):
    with pytest.raises(DomainError) as caught:
        calendar_year_enter(
            actor=finance_user, year=2027, notice="通知", holidays=HOLIDAYS, workdays=""
        )
    assert "notice" in caught.value.fields


def test_a_correction_replaces_the_days_and_audits_each_change(finance_user):
    enter(finance_user)
    before = AuditEntry.objects.count()
    enter(
        finance_user, holidays="2027-01-01 元旦\n2027-02-05 至 2027-02-12 春节节假日", workdays=""
    )
    days = {d.day: d.name for d in CalendarDay.objects.filter(day__year=2027)}
    assert date(2027, 1, 2) not in days and date(2027, 2, 14) not in days
    assert days[date(2027, 2, 6)] == "春节节假日"
    # 2 + 1 days removed, 8 renamed: an entry each.
    new = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before]
    days = [e.action for e in new if e.object_type == "holidays.calendarday"]
    assert days.count("delete") == 3 and days.count("update") == 8 and len(days) == 11


def test_a_year_entered_by_the_province_is_never_overwritten_by_the_package(finance_user):
    calendar_year_enter(
        actor=finance_user,
        year=2026,
        notice="国务院办公厅关于2026年部分节假日安排的通知（更正）",
        holidays="2026-01-01 元旦",
        workdays="",
    )
    assert load_package_years() == []
    assert CalendarDay.objects.filter(day__year=2026).count() == 1


def test_parse_lines_expands_ranges():
    rows, places, errors = parse_lines("2027-10-01 至 2027-10-07 国庆节", "holiday", "放假安排")
    assert not errors and len(rows) == 7 and rows[-1].day == date(2027, 10, 7)
    assert places == ["放假安排第 1 行"] * 7


def test_a_workbook_imports_all_rows_or_none(finance_user):
    table = [
        ["日期", "类型", "节日"],
        ["2027-01-01", "放假", "元旦"],
        ["2027-02-14", "上班", "春节"],
    ]
    calendar = calendar_year_import(actor=finance_user, year=2027, notice=NOTICE, table=table)
    assert calendar.source == CalendarYear.Source.WORKBOOK and calendar.days.count() == 2
    bad = [
        ["日期", "类型", "节日"],
        ["2027-01-02", "放假", "元旦"],
        ["2027-13-01", "放假", "元旦"],
        ["2027-01-03", "休息", "元旦"],
    ]
    with pytest.raises(ImportFailed) as caught:
        calendar_year_import(actor=finance_user, year=2027, notice=NOTICE, table=bad)
    rows = caught.value.fields["rows"]
    assert any("第 3 行「日期」" in r for r in rows) and any("第 4 行「类型」" in r for r in rows)
    assert calendar.days.count() == 2  # unchanged

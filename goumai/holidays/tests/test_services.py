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


SHAPE = "应写作“2027-02-05 至 2027-02-11 春节”或“2027-02-14 春节”。"


@pytest.mark.parametrize(
    ("holidays", "workdays", "field", "messages"),
    [
        (
            "2027-01-01 元旦",
            "2027-02-19 春节",  # a Friday
            "workdays",
            ["调休上班第 1 行：2027-02-19 是工作日，调休上班只能安排在星期六或星期日。"],
        ),
        ("2026-12-31 元旦", "", "holidays", ["放假安排第 1 行：2026-12-31 不在 2027 年。"]),
        (
            "2027-01-01 元旦\n2027-01-01 元旦",
            "",
            "holidays",
            ["放假安排第 2 行：2027-01-01 与放假安排第 1 行重复。"],
        ),
        ("2027/01/01 元旦", "", "holidays", [f"放假安排第 1 行：{SHAPE}"]),
        ("2027-01-05 至 2027-01-01 元旦", "", "holidays", ["放假安排第 1 行：日期范围有误。"]),
        ("2027-01-01 至 2027-01-16 元旦", "", "holidays", ["放假安排第 1 行：日期范围有误。"]),
        ("2027-02-30 春节", "", "holidays", [f"放假安排第 1 行：{SHAPE}"]),
        ("", "2027-02-14 春节", "holidays", ["请至少录入一个放假日期。"]),
        ("2027-01-01", "", "holidays", [f"放假安排第 1 行：{SHAPE}"]),  # no name
        (  # every wrong line at once
            "2027/01/01 元旦\n2027-01-02 元旦\n2027-01-05 至 2027-01-01 元旦\n2027/1/9 元旦",
            "",
            "holidays",
            [
                f"放假安排第 1 行：{SHAPE}",
                "放假安排第 3 行：日期范围有误。",
                f"放假安排第 4 行：{SHAPE}",
            ],
        ),
        ("2027-01-01 元旦", "2027/02/14 春节", "workdays", [f"调休上班第 1 行：{SHAPE}"]),
    ],
)
def test_a_wrong_line_refuses_the_whole_year(finance_user, holidays, workdays, field, messages):
    with pytest.raises(DomainError) as caught:
        enter(finance_user, holidays, workdays)
    assert caught.value.code == "invalid_calendar"
    assert caught.value.message == "节假日安排填写有误，未保存。"
    assert caught.value.fields == {field: messages}
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(day__year=2027).exists()


def test_blank_lines_are_passed_over_and_long_names_cut_to_twenty_characters(finance_user):
    long = "国务院规定的全体公民放假的节日长名称示例测试用字"  # 24 characters
    enter(finance_user, holidays=f"2027-01-01 元旦\n\n   \n2027-01-02 {long}", workdays="")
    days = {d.day: d.name for d in CalendarDay.objects.filter(day__year=2027)}
    assert days == {date(2027, 1, 1): "元旦", date(2027, 1, 2): long[:20]}


def test_a_range_of_fifteen_days_is_the_longest(finance_user):
    enter(finance_user, holidays="2027-01-01 至 2027-01-15 元旦", workdays="2027-02-20 春节")
    assert CalendarDay.objects.filter(day__year=2027, kind="holiday").count() == 15
    # a Saturday may be worked
    assert CalendarDay.objects.get(day=date(2027, 2, 20)).kind == "workday"


def test_who_keeps_the_calendar(finance_user, make_user):
    from goumai.accounts.models import OrgUnit
    from goumai.holidays.services import may_keep

    assert may_keep(finance_user) and not may_keep(None)
    assert may_keep(make_user(None, superuser=True))
    OrgUnit.objects.filter(pk=finance_user.org_unit_id).update(is_active=False)
    finance_user.org_unit.refresh_from_db()
    assert not may_keep(finance_user)


def test_a_year_entered_is_audited_as_its_keeper_entered_it(finance_user):
    enter(finance_user)
    year = CalendarYear.objects.get(year=2027)
    assert year.notice == NOTICE and year.entered_by == finance_user.username
    entries = AuditEntry.objects.filter(object_type__startswith="holidays.")
    assert set(entries.values_list("actor", flat=True)) == {finance_user.pk}
    enter(finance_user, holidays="2027-01-01 元旦", workdays="")  # a correction
    updates = entries.filter(object_type="holidays.calendaryear", action="update")
    assert updates.count() == 1


def test_hooks_hear_of_a_year_once_each(finance_user, monkeypatch):
    from goumai.holidays import services

    monkeypatch.setattr(services, "YEAR_SAVED_HOOKS", [])
    heard = []

    def hook(*, year):
        heard.append(year)

    services.on_year_saved(hook)
    services.on_year_saved(hook)
    assert [hook] == services.YEAR_SAVED_HOOKS
    enter(finance_user)
    assert heard == [2027]


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


def test_workbook_rows_are_named_by_their_row_and_column(finance_user):
    table = [
        ["日期", "类型", "节日"],
        ["2027-01-01", "放假", "元旦"],
        ["2027-01-01", "放假", "元旦"],
        ["2027-02-15", "上班", "春节"],
        ["2027-02-16", "放假", ""],
        ["2028-01-01", "放假", "元旦"],
    ]
    with pytest.raises(ImportFailed) as caught:
        calendar_year_import(actor=finance_user, year=2027, notice=NOTICE, table=table)
    assert caught.value.fields["rows"] == [
        "第 3 行：2027-01-01 与第 2 行重复。",
        "第 4 行：2027-02-15 是工作日，调休上班只能安排在星期六或星期日。",
        "第 5 行：请写明节日名称（如“春节”）。",
        "第 6 行：2028-01-01 不在 2027 年。",
    ]
    bad = [["日期", "类型", "节日"], ["2027-13-01", "放假", "元旦"], ["2027-01-03", "休息", "元旦"]]
    with pytest.raises(ImportFailed) as cells:
        calendar_year_import(actor=finance_user, year=2027, notice=NOTICE, table=bad)
    assert cells.value.fields["rows"] == [
        "第 2 行「日期」：应为日期，如 2027-02-05。",
        "第 3 行「类型」：应为“放假”或“上班”。",
    ]
    several = [
        ["日期", "类型", "节日"],
        ["2027-01-03", "休息", "元旦"],
        ["2027-01-04", "休息", "元旦"],
        ["2027-01-05", "放假"],  # no 节日 cell
    ]
    with pytest.raises(ImportFailed) as each:
        calendar_year_import(actor=finance_user, year=2027, notice=NOTICE, table=several)
    assert each.value.fields["rows"] == [
        "第 2 行「类型」：应为“放假”或“上班”。",
        "第 3 行「类型」：应为“放假”或“上班”。",
    ]
    with pytest.raises(ImportFailed) as nameless:
        calendar_year_import(
            actor=finance_user, year=2027, notice=NOTICE, table=[several[0], several[3]]
        )
    assert nameless.value.fields["rows"] == ["第 2 行：请写明节日名称（如“春节”）。"]
    with pytest.raises(ImportFailed) as empty:
        calendar_year_import(actor=finance_user, year=2027, notice=NOTICE, table=[])
    assert empty.value.fields["rows"] == ["第 1 行：文件是空的。"]
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_package_years_carry_their_chinese_names():
    from goumai.holidays.services import package_years

    years = package_years()
    assert min(years) == 2004 and max(years) == 2026
    names = {row.name for rows in years.values() for row in rows}
    assert names == {
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "国庆节",
        "中秋节",
        "抗战胜利70周年纪念日",
    }
    days = {row.day: (row.kind, row.name) for row in years[2026]}
    assert days[date(2026, 10, 10)] == ("workday", "国庆节")
    assert days[date(2026, 2, 17)] == ("holiday", "春节")
    assert len(days) == len(years[2026]) == 33 + 6


def test_a_package_year_missing_is_loaded_again_and_only_it(finance_user):
    from goumai.holidays.services import load_package_years

    CalendarYear.objects.filter(year=2025).delete()
    assert load_package_years() == [2025]
    again = CalendarYear.objects.get(year=2025)
    assert again.source == "package" and again.entered_by == ""
    assert again.notice == "国务院办公厅关于2025年部分节假日安排的通知（随 chinesecalendar 提供）"
    assert again.days.filter(kind="workday").exists() and again.days.count() > 20
    assert load_package_years() == []


def test_a_workbook_date_read_with_its_time_and_a_long_name(finance_user, make_user):
    long = "国务院规定的全体公民放假的节日长名称示例测试用字"
    table = [["日期", "类型", "节日"], ["2027-01-01 00:00:00", "放假", long]]
    calendar = calendar_year_import(actor=finance_user, year=2027, notice=NOTICE, table=table)
    assert [(d.day, d.name) for d in calendar.days.all()] == [(date(2027, 1, 1), long[:20])]
    with pytest.raises(PermissionDenied) as caught:
        calendar_year_import(
            actor=make_user("510131-finance"), year=2027, notice=NOTICE, table=table
        )
    assert caught.value.message == "法定节假日安排由省财政厅录入。"

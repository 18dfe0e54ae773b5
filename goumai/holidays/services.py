"""Keeping the legal calendar: the province's finance department enters a year's
holidays and adjusted working days from the State Council's notice, on a page or from a
workbook; the years ``chinesecalendar`` knows are the starting data. Every change is
audited, and a refused entry changes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from goumai.accounts.selectors import is_province_finance
from goumai.audit.services import audit, audited, created, deleted, snapshot, updated
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.spreadsheets import ImportFailed, RowError, header_index
from goumai.holidays.models import CalendarDay, CalendarYear

MIN_YEAR, MAX_YEAR = 2000, 2100
KIND_WORDS = {"放假": CalendarDay.Kind.HOLIDAY, "上班": CalendarDay.Kind.WORKDAY}
COLUMNS = ["日期", "类型", "节日"]
LONGEST_RANGE = 15  # days in one line: no holiday of the State Council's notices is longer


# Apps above this one hear of a year entered through hooks they register (in their
# AppConfig.ready), never by being imported: contracts records the payment due dates
# that waited for the year.
YEAR_SAVED_HOOKS: list = []


def on_year_saved(hook) -> None:
    """``hook(year=…)`` runs in the transaction that enters or corrects a year."""
    if hook not in YEAR_SAVED_HOOKS:
        YEAR_SAVED_HOOKS.append(hook)


@dataclass(frozen=True)
class DayRow:
    day: date
    kind: str
    name: str


def may_keep(actor) -> bool:
    """Only the province's finance department keeps the calendar."""
    return is_province_finance(actor)


def _row_problems(year: int, rows: list[DayRow], where: list[str]) -> list[tuple[int, str]]:
    """(row index, message) for rows that cannot stand in ``year``'s calendar; ``where``
    names each row (a line or a workbook row) where a message refers to another."""
    problems = []
    seen: dict[date, str] = {}
    for i, row in enumerate(rows):
        if row.day.year != year:
            problems.append((i, _("%(d)s 不在 %(y)d 年。") % {"d": row.day, "y": year}))
        elif row.day in seen:
            problems.append((i, _("%(d)s 与%(o)s重复。") % {"d": row.day, "o": seen[row.day]}))
        elif row.kind == CalendarDay.Kind.WORKDAY and row.day.weekday() < 5:
            problems.append(
                (i, _("%(d)s 是工作日，调休上班只能安排在星期六或星期日。") % {"d": row.day})
            )
        elif not row.name.strip():
            problems.append((i, _("请写明节日名称（如“春节”）。")))
        seen.setdefault(row.day, where[i])
    return problems


def _check_rows(year: int, rows: list[DayRow], where: list[str]) -> list[str]:
    """The problems of ``rows``, each message led by where its row came from."""
    return [f"{where[i]}：{message}" for i, message in _row_problems(year, rows, where)]


@audited()
def calendar_year_save(
    *,
    actor,
    year: int,
    notice: str,
    rows: list[DayRow],
    source: str = CalendarYear.Source.PAGE,
) -> CalendarYear:
    """Enter or correct one year's calendar as a whole: the days given replace the
    year's days (each added, changed and removed day audited). Refused as a whole —
    nothing written — when any row is wrong (the page and the workbook check their
    lines and rows first, to name them)."""
    if not may_keep(actor):
        raise PermissionDenied(_("法定节假日安排由省财政厅录入。"))
    errors: dict[str, list[str]] = {}
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = [_("年度应在 %(a)d 到 %(b)d 之间。") % {"a": MIN_YEAR, "b": MAX_YEAR}]
    notice = (notice or "").strip()
    if len(notice) < 6:
        errors["notice"] = [
            _("请写明依据，如“国务院办公厅关于%(y)s年部分节假日安排的通知”。") % {"y": year}
        ]
    if not any(r.kind == CalendarDay.Kind.HOLIDAY for r in rows):
        errors["holidays"] = [_("请至少录入一个放假日期。")]
    if not errors:
        places = [_("第 %(n)d 条") % {"n": n} for n in range(1, len(rows) + 1)]
        problems = _check_rows(year, rows, places)
        if problems:
            errors["holidays"] = problems
    if errors:
        raise DomainError("invalid_calendar", _("节假日安排填写有误，未保存。"), fields=errors)
    return _replace(actor=actor, year=year, notice=notice, rows=rows, source=source)


def _replace(*, actor, year: int, notice: str, rows: list[DayRow], source: str) -> CalendarYear:
    calendar = CalendarYear.objects.select_for_update(no_key=True).filter(year=year).first()
    by = actor.get_username()
    changes = []
    if calendar is None:
        calendar = CalendarYear.objects.create(
            year=year, notice=notice, source=source, entered_by=by
        )
        changes.append(created(calendar))
    else:
        before = snapshot(calendar)
        calendar.notice, calendar.source, calendar.entered_by = notice, source, by
        calendar.save()
        changes.append(updated(calendar, before))
    existing = {d.day: d for d in calendar.days.all()}
    wanted = {r.day: r for r in rows}
    for day, old in existing.items():
        if day not in wanted:
            changes.append(deleted(old))
            old.delete()
    for day, row in sorted(wanted.items()):
        old = existing.get(day)
        if old is None:
            changes.append(created(CalendarDay.objects.create(calendar=calendar, **row.__dict__)))
        elif (old.kind, old.name) != (row.kind, row.name):
            before = snapshot(old)
            old.kind, old.name = row.kind, row.name
            old.save()
            changes.append(updated(old, before))
    audit(actor=actor, changes=changes)
    for hook in YEAR_SAVED_HOOKS:
        hook(year=year)
    return calendar


# --- what people type -------------------------------------------------------------------

LINE = re.compile(
    r"^(?P<start>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:\s*(?:至|到|~|～|—|--)\s*(?P<end>\d{4}-\d{1,2}-\d{1,2}))?"
    r"\s+(?P<name>\S.*)$"
)


def _day(text: str) -> date:
    year, month, day = (int(part) for part in text.split("-"))
    return date(year, month, day)


def parse_lines(text: str, kind: str, field: str) -> tuple[list[DayRow], list[str], list[str]]:
    """Lines such as ``2027-02-05 至 2027-02-11 春节`` or ``2027-02-14 春节`` as rows,
    the line each row came from, and a message for each line that cannot be read."""
    rows, places, errors = [], [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = LINE.match(line)
        label = _("%(f)s第 %(n)d 行") % {"f": field, "n": number}
        try:
            if match is None:
                raise ValueError
            start = _day(match["start"])
            end = _day(match["end"]) if match["end"] else start
        except ValueError:
            errors.append(
                _("%(w)s：应写作“2027-02-05 至 2027-02-11 春节”或“2027-02-14 春节”。")
                % {"w": label}
            )
            continue
        if end < start or (end - start).days >= LONGEST_RANGE:
            errors.append(_("%(w)s：日期范围有误。") % {"w": label})
            continue
        name = match["name"].strip()[:20]
        day = start
        while day <= end:
            rows.append(DayRow(day, kind, name))
            places.append(label)
            day += timedelta(days=1)
    return rows, places, errors


def calendar_year_enter(
    *, actor, year: int, notice: str, holidays: str, workdays: str
) -> CalendarYear:
    """The page's form: holidays and adjusted working days as lines of text."""
    off, off_places, off_errors = parse_lines(holidays, CalendarDay.Kind.HOLIDAY, _("放假安排"))
    on, on_places, on_errors = parse_lines(workdays, CalendarDay.Kind.WORKDAY, _("调休上班"))
    # every wrong line at once: those that cannot be read, and those that can but do not
    # stand in the year (beside the field each came from)
    off_errors += _check_rows(year, off, off_places)
    on_errors += _check_rows(year, on, on_places)
    fields = {}
    if off_errors:
        fields["holidays"] = off_errors
    if on_errors:
        fields["workdays"] = on_errors
    if fields:
        raise DomainError("invalid_calendar", _("节假日安排填写有误，未保存。"), fields=fields)
    return calendar_year_save(actor=actor, year=year, notice=notice, rows=off + on)


def calendar_year_import(*, actor, year: int, notice: str, table: list[list[str]]) -> CalendarYear:
    """A workbook transcribing the notice: columns 日期, 类型 (放假 / 上班), 节日; all
    rows or none, each wrong row named."""
    if not may_keep(actor):
        raise PermissionDenied(_("法定节假日安排由省财政厅录入。"))
    if not table:
        raise ImportFailed([RowError(1, "", _("文件是空的。"))])
    columns = header_index(table[0], COLUMNS, [])
    rows, errors, places, numbers = [], [], [], []
    for number, cells in enumerate(table[1:], start=2):
        cells = cells + [""] * (len(table[0]) - len(cells))
        text, word, name = (cells[columns[c]].strip() for c in COLUMNS)
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            errors.append(RowError(number, "日期", _("应为日期，如 2027-02-05。")))
            continue
        if word not in KIND_WORDS:
            errors.append(RowError(number, "类型", _("应为“放假”或“上班”。")))
            continue
        rows.append(DayRow(day, KIND_WORDS[word], name[:20]))
        places.append(_("第 %(n)d 行") % {"n": number})
        numbers.append(number)
    if not errors:
        errors = [RowError(numbers[i], "", m) for i, m in _row_problems(year, rows, places)]
    if errors:
        raise ImportFailed(errors)
    return calendar_year_save(
        actor=actor, year=year, notice=notice, rows=rows, source=CalendarYear.Source.WORKBOOK
    )


# --- the starting data ------------------------------------------------------------------


def package_years() -> dict[int, list[DayRow]]:
    """The years ``chinesecalendar`` knows, as rows (its English holiday names in
    Chinese)."""
    from chinese_calendar import constants

    names = {
        "New Year's Day": "元旦",
        "Spring Festival": "春节",
        "Tomb-sweeping Day": "清明节",
        "Labour Day": "劳动节",
        "Dragon Boat Festival": "端午节",
        "National Day": "国庆节",
        "Mid-autumn Festival": "中秋节",
        "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
    }
    years: dict[int, list[DayRow]] = {}
    for table, kind in ((constants.holidays, "holiday"), (constants.workdays, "workday")):
        for day, name in table.items():
            label = names.get(str(name), str(name))
            years.setdefault(day.year, []).append(DayRow(day, kind, label))
    return years


def load_package_years() -> list[int]:
    """Load the years the package knows that the calendar does not hold yet (a year
    entered by the province is never overwritten). Returns the years loaded."""
    loaded = []
    held = set(CalendarYear.objects.values_list("year", flat=True))
    for year, rows in sorted(package_years().items()):
        if year in held:
            continue
        calendar = CalendarYear.objects.create(
            year=year,
            notice=f"国务院办公厅关于{year}年部分节假日安排的通知（随 chinesecalendar 提供）",
            source=CalendarYear.Source.PACKAGE,
        )
        CalendarDay.objects.bulk_create(CalendarDay(calendar=calendar, **r.__dict__) for r in rows)
        loaded.append(year)
    return loaded

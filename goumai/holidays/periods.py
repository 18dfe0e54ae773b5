"""Every legal period, counted as the law counts it, on the province's legal calendar.

The rules (民法典 第二百零一条至第二百零三条):

* a period in days starts the day **after** the event: announced on a Monday, "3 days"
  are Tuesday, Wednesday and Thursday;
* a period whose last day is not a working day (a public holiday, or a Saturday or
  Sunday that is not an adjusted working day) ends on the next working day;
* a period in working days counts only working days, so its last day is always one;
* a day's deadline is that whole day: the earliest closing moment of a procurement is
  00:00 (Beijing time) of its earliest deadline day, the deadline day itself counted.

Working days come only from the legal calendar (``CalendarYear``/``CalendarDay``, kept
by the province's finance department). A period that reaches into a year the calendar
does not hold raises ``CalendarMissing``, naming the year: nothing is guessed.

The periods: the procurement minimums per method (``bid_minimum``,
``GOUMAI_MIN_BID_PERIODS``), the payment period of a contract after acceptance
(``payment_due``), the disclosure period (``disclosure_due``,
``GOUMAI_DISCLOSURE_DAYS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from goumai.core.dates import start_of_day
from goumai.core.errors import DomainError
from goumai.holidays.models import CalendarDay, CalendarYear


class CalendarMissing(DomainError):
    """A period reaches into a year whose holidays have not been entered."""

    def __init__(self, year: int) -> None:
        super().__init__(
            "calendar_missing",
            _(
                "%(year)d 年的法定节假日安排尚未录入，无法按工作日和节假日计算期限。"
                "请省财政厅在“法定节假日”页面录入国务院办公厅公布的 %(year)d 年节假日安排后再办理。"
            )
            % {"year": year},
            status=409,
        )
        self.year = year


class LegalCalendar:
    """The working days of the years entered, each year read once per instance."""

    def __init__(self) -> None:
        self._years: dict[int, tuple[frozenset[date], frozenset[date]] | None] = {}
        self.disclosure_days: dict[date, date | None] = {}  # see disclosure_due

    def _load(self, year: int) -> tuple[frozenset[date], frozenset[date]] | None:
        if year not in self._years:
            # One query: the year's row joined to its days (none: the year is unknown).
            rows = list(
                CalendarYear.objects.filter(year=year).values_list("days__day", "days__kind")
            )
            if not rows:
                self._years[year] = None
            else:
                holidays = frozenset(d for d, kind in rows if kind == CalendarDay.Kind.HOLIDAY)
                workdays = frozenset(d for d, kind in rows if kind == CalendarDay.Kind.WORKDAY)
                self._years[year] = (holidays, workdays)
        return self._years[year]

    def holds(self, year: int) -> bool:
        return self._load(year) is not None

    def is_working_day(self, day: date) -> bool:
        known = self._load(day.year)
        if known is None:
            raise CalendarMissing(day.year)
        holidays, workdays = known
        if day in workdays:
            return True
        return day.weekday() < 5 and day not in holidays


@dataclass(frozen=True)
class Period:
    count: int
    working_days: bool = False

    def label(self) -> str:
        unit = _("个工作日") if self.working_days else _("日")
        return f"{self.count}{unit}"

    def last_day(self, event_day: date, calendar: LegalCalendar | None = None) -> date:
        """The period's last day after an event on ``event_day``; raises
        ``CalendarMissing`` when a year it needs is not entered."""
        calendar = calendar or LegalCalendar()
        if self.working_days:
            day, counted = event_day, 0
            while counted < self.count:
                day += timedelta(days=1)
                counted += calendar.is_working_day(day)
            return day
        day = event_day + timedelta(days=self.count)
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        return day

    def last_day_if_known(self, event_day: date, calendar: LegalCalendar) -> date | None:
        """``last_day``, or ``None`` when the calendar lacks a year it needs (for
        figures and reminders, which then neither count nor flag the period)."""
        try:
            return self.last_day(event_day, calendar)
        except CalendarMissing:
            return None


def parse(text: str) -> Period:
    """``"20d"`` → 20 days, ``"3wd"`` → 3 working days."""
    text = str(text).strip().lower()
    working = text.endswith("wd")
    return Period(count=int(text.removesuffix("wd").removesuffix("d")), working_days=working)


# --- procurement ----------------------------------------------------------------------


def bid_minimum(method: str) -> Period | None:
    """The shortest time the law allows between the announcement and the bid deadline
    (``GOUMAI_MIN_BID_PERIODS``), or ``None`` for a method without one."""
    text = settings.GOUMAI_MIN_BID_PERIODS.get(method)
    return parse(text) if text else None


def earliest_deadline(
    method: str, announced_on: date, calendar: LegalCalendar | None = None
) -> date | None:
    """The earliest bid deadline day for an announcement on ``announced_on``."""
    period = bid_minimum(method)
    return period.last_day(announced_on, calendar) if period else None


def earliest_closing(method: str, announced_on: date) -> datetime | None:
    """The earliest closing moment of an online tender announced on ``announced_on``:
    the start (00:00, Beijing time) of the earliest deadline day."""
    day = earliest_deadline(method, announced_on)
    return start_of_day(day) if day else None


# --- payment --------------------------------------------------------------------------

# 保障中小企业款项支付条例 第九条: within 30 days of acceptance; a contract may agree
# another period, never more than 60 days.
PAYMENT_DAYS = 30
PAYMENT_DAYS_MAX = 60


def payment_due(accepted_on: date, days: int, calendar: LegalCalendar | None = None) -> date:
    """The last day to pay for work accepted on ``accepted_on`` within ``days``."""
    return Period(days).last_day(accepted_on, calendar)


# --- disclosure -----------------------------------------------------------------------


def disclosure_period() -> Period:
    """How long a stage may wait before it is published (``GOUMAI_DISCLOSURE_DAYS``)."""
    return Period(int(getattr(settings, "GOUMAI_DISCLOSURE_DAYS", 20)))


def disclosure_due(day: date, calendar: LegalCalendar) -> date | None:
    """The last day to publish a stage due since ``day``; ``None`` while the calendar
    lacks that year (the stage is then not counted late). Remembered per day in the
    calendar: a province's figures ask for the same few hundred days many times."""
    known = calendar.disclosure_days
    if day not in known:
        known[day] = disclosure_period().last_day_if_known(day, calendar)
    return known[day]


def disclosure_late(day: date, *, on: date, calendar: LegalCalendar) -> bool:
    """Whether a stage due since ``day`` and unpublished on ``on`` is late."""
    due = disclosure_due(day, calendar)
    return due is not None and on > due

"""The legal minimum time between a procurement's announcement and its bid deadline.

The table is ``settings.GOUMAI_MIN_BID_PERIODS`` (defaults from the law, one entry
per method): ``"20d"`` is 20 calendar days, ``"3wd"`` 3 working days. Counting
starts the day after the announcement and includes the deadline's day: announced on
a Monday, three working days end on Thursday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class MinimumPeriod:
    count: int
    working_days: bool

    def label(self) -> str:
        unit = _("个工作日") if self.working_days else _("日")
        return f"{self.count}{unit}"

    def earliest_deadline(self, announced_on: date) -> date:
        if not self.working_days:
            return announced_on + timedelta(days=self.count)
        day, counted = announced_on, 0
        while counted < self.count:
            day += timedelta(days=1)
            counted += is_working_day(day)
        return day


def is_working_day(day: date) -> bool:
    """A Chinese working day: weekdays, less public holidays, plus make-up working
    Saturdays and Sundays. Years the calendar does not know yet count Monday–Friday."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def minimum_period(method: str) -> MinimumPeriod | None:
    """The method's minimum bid period, or ``None`` when it has none."""
    text = settings.GOUMAI_MIN_BID_PERIODS.get(method)
    if not text:
        return None
    text = str(text).strip().lower()
    working = text.endswith("wd")
    count = int(text.removesuffix("wd").removesuffix("d"))
    return MinimumPeriod(count=count, working_days=working)

"""Reading the legal calendar: the years held, a year's days, and the years missing
that people are about to need."""

from __future__ import annotations

from datetime import date

from goumai.core.errors import NotFound
from goumai.holidays.models import CalendarYear

WARN_FROM_MONTH = 11  # the State Council publishes next year's holidays in November


def calendar_years():
    """Every year held, newest first, with its number of days (public reference data:
    every signed-in user may read it)."""
    from django.db.models import Count, Q

    return CalendarYear.objects.annotate(
        holidays=Count("days", filter=Q(days__kind="holiday")),
        workdays=Count("days", filter=Q(days__kind="workday")),
    ).order_by("-year")


def calendar_year_get(*, year: int) -> CalendarYear:
    found = CalendarYear.objects.filter(year=year).first()
    if found is None:
        raise NotFound(f"{year} 年的法定节假日安排尚未录入。")
    return found


def missing_years(today: date) -> list[int]:
    """This year, and from 1 November next year, when the calendar does not hold them:
    what the province's 工作台 warns about."""
    wanted = [today.year] + ([today.year + 1] if today.month >= WARN_FROM_MONTH else [])
    held = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return [year for year in wanted if year not in held]

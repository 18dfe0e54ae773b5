"""The rules of the annual target assessment (目标考核, seed §十二).

Subjects: the provincial sector departments (their sector, province-wide) and the
市州 (their area). Indicators and their default weights (100 in all) are in
``DEFAULT_INDICATORS``; the province may change weights and add manual ones before
computing. Computed indicators take a percentage from the platform's data:

* 任务完成及时率 (``task_timeliness``): of the work-plan tasks the subject answers
  for whose deadline falls in the year, on or before ``as_of``, the share done on or
  before the deadline. A department answers for the tasks that name it; a 市州 for
  the tasks of its area (set by it or by its counties and townships) and those that
  name one of its units.
* the figures of ``goumai.indicators.figures`` for the subject's area and sector:
  目录覆盖率, 信息公开完整率, 信息公开及时率, 绩效评价覆盖率, 本地承接占比.

购买服务占比 (share of eligible spending bought as services) is manual: the
platform does not hold a township's whole spending, so no figure is invented for it.

Points: computed, ``weight × value / 100`` (two decimals, half up); no data yet, no
points and the weight is left out of the possible points. Manual: typed between 0
and the weight, with evidence. 得分率 = points ÷ possible points; subjects rank by
it within their kind (ties share a rank).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from goumai.core import rounding
from goumai.indicators.figures import share
from goumai.supervision.models import Task

CENT = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    source: str
    weight: str
    applies_to: str = "both"


DEFAULT_INDICATORS = (
    IndicatorSpec("task_timeliness", "任务完成及时率", "task_timeliness", "20"),
    IndicatorSpec("service_share", "购买服务占比", "manual", "10"),
    IndicatorSpec("catalog_coverage", "目录覆盖率", "catalog_coverage", "10"),
    IndicatorSpec("disclosure_completeness", "信息公开完整率", "disclosure_completeness", "15"),
    IndicatorSpec("disclosure_timeliness", "信息公开及时率", "disclosure_timeliness", "15"),
    IndicatorSpec("evaluation_coverage", "绩效评价覆盖率", "evaluation_coverage", "15"),
    IndicatorSpec("local_share", "本地承接占比", "local_share", "15"),
)
SOURCES = {
    "task_timeliness": "任务完成及时率",
    "catalog_coverage": "目录覆盖率",
    "disclosure_completeness": "信息公开完整率",
    "disclosure_timeliness": "信息公开及时率",
    "evaluation_coverage": "绩效评价覆盖率",
    "local_share": "本地承接占比",
    "manual": "人工评分",
}


def task_timeliness(
    *, year: int, as_of: date, unit_ids=(), area_path: str | None = None
) -> Decimal | None:
    """The share of the subject's tasks due in ``year`` (up to ``as_of``) done in time."""
    answers = Q(responsible_units__in=list(unit_ids))
    if area_path:
        answers |= Q(scope_path__startswith=area_path)
    due = Task.objects.filter(answers, deadline__year=year, deadline__lte=as_of).distinct()
    rows = list(due.values_list("status", "done_on", "deadline"))
    in_time = sum(
        1
        for status, done_on, deadline in rows
        if status == Task.Status.DONE and done_on <= deadline
    )
    return share(in_time, len(rows))


def points_of(value: Decimal | None, weight: Decimal) -> Decimal | None:
    if value is None:
        return None
    return rounding.points(weight * value / 100)


def totals(scores) -> tuple[Decimal, Decimal, Decimal | None]:
    """(points, possible points, 得分率) of ``(points, weight)`` pairs."""
    points = sum((p for p, _w in scores if p is not None), Decimal("0.00"))
    possible = sum((w for p, w in scores if p is not None), Decimal("0.00"))
    return points, possible, share(points, possible)


def ranks(rates: list[Decimal | None]) -> list[int | None]:
    """Competition ranks (1, 2, 2, 4) by descending rate; no rate, no rank."""
    ordered = sorted((r for r in rates if r is not None), reverse=True)
    return [None if r is None else ordered.index(r) + 1 for r in rates]

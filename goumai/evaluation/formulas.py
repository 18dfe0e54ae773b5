"""Leaves computed from the project's own data, never typed: each formula returns
the value and how it was reached, or why it cannot be computed yet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.utils.translation import gettext as _

from goumai.evaluation.models import Evaluation
from goumai.evaluation.scoring import HUNDRED, q

STAR_POINTS = Decimal(20)  # 5 stars = 100, 4 = 80, 3 = 60, 2 = 40, 1 = 20


@dataclass(frozen=True)
class Computed:
    value: Decimal | None  # None: cannot be computed yet
    explanation: str


def _pct(numerator, denominator) -> Decimal:
    return q(Decimal(numerator) * HUNDRED / Decimal(denominator))


def on_time_rate(evaluation: Evaluation) -> Computed:
    contract = getattr(evaluation.project, "contract", None)
    milestones = list(contract.milestones.all()) if contract else []
    if not milestones:
        return Computed(None, _("项目没有履约节点。"))
    on_time = sum(1 for m in milestones if m.accepted_on and m.accepted_on <= m.due_date)
    return Computed(
        _pct(on_time, len(milestones)),
        _("按期验收的履约节点 %(a)d 个 ÷ 全部 %(b)d 个 × 100")
        % {"a": on_time, "b": len(milestones)},
    )


def budget_execution_rate(evaluation: Evaluation) -> Computed:
    project = evaluation.project
    return Computed(
        _pct(project.paid_amount, project.budget_amount),
        _("已支付 %(p)s 元 ÷ 项目预算 %(b)s 元 × 100")
        % {"p": f"{project.paid_amount:,.2f}", "b": f"{project.budget_amount:,.2f}"},
    )


def people_served_rate(evaluation: Evaluation) -> Computed:
    planned = evaluation.project.planned_people
    if not planned:
        return Computed(None, _("项目未填写计划服务人数。"))
    if evaluation.people_served is None:
        return Computed(None, _("请先填写实际服务人数。"))
    return Computed(
        _pct(evaluation.people_served, planned),
        _("实际服务 %(a)d 人 ÷ 计划 %(b)d 人 × 100")
        % {"a": evaluation.people_served, "b": planned},
    )


def unit_cost_ratio(evaluation: Evaluation) -> Computed:
    project = evaluation.project
    item = project.catalog_entry.item if project.catalog_entry_id else None
    if item is None or not item.reference_unit_cost:
        return Computed(None, _("目录条目未设参考单价。"))
    if not evaluation.quantity_delivered:
        return Computed(None, _("请先填写实际服务数量（%(u)s）。") % {"u": item.unit or _("单位")})
    unit_cost = project.paid_amount / evaluation.quantity_delivered
    return Computed(
        _pct(unit_cost, item.reference_unit_cost),
        _("单位成本 %(c)s 元（已支付 %(p)s 元 ÷ %(n)s %(u)s）÷ 参考单价 %(r)s 元 × 100")
        % {
            "c": f"{q(unit_cost):,.2f}",
            "p": f"{project.paid_amount:,.2f}",
            "n": f"{evaluation.quantity_delivered.normalize():f}",
            "u": item.unit,
            "r": f"{item.reference_unit_cost:,.2f}",
        },
    )


def satisfaction(evaluation: Evaluation) -> Computed:
    count, score = satisfaction_score(evaluation)
    if score is None:
        return Computed(None, _("尚无满意度答卷。"))
    return Computed(score, _("%(n)d 份答卷的平均星级 × 20（5 星 = 100）") % {"n": count})


def satisfaction_score(evaluation: Evaluation) -> tuple[int, Decimal | None]:
    """How many answers, and the mean of all their ratings with 5 stars = 100 (None
    without answers). Summed in integers so that SQLite and PostgreSQL agree."""
    row = evaluation.answers.aggregate(n=Count("id"), stars=STARS)
    return row["n"], satisfaction_from(row["n"], row["stars"])


# Every rating of an answer, summed (4 per answer).
STARS = Sum(F("overall") + F("quality") + F("timeliness") + F("attitude"))


def satisfaction_from(count: int, stars) -> Decimal | None:
    """The score of ``count`` answers holding ``stars`` ratings in all; None without."""
    if not count:
        return None
    return q(Decimal(stars) * STAR_POINTS / (4 * count))


FORMULAS: dict[str, tuple[str, str, Callable[[Evaluation], Computed]]] = {
    "on_time_rate": ("履约节点按期验收率", "%", on_time_rate),
    "budget_execution_rate": ("预算执行率", "%", budget_execution_rate),
    "people_served_rate": ("服务人数完成率", "%", people_served_rate),
    "unit_cost_ratio": ("单位成本与参考单价之比", "%", unit_cost_ratio),
    "satisfaction": ("服务对象满意度", "分", satisfaction),
}
FORMULA_NAMES = {key: label for key, (label, _unit, _f) in FORMULAS.items()}


def compute(name: str, evaluation: Evaluation) -> Computed:
    return FORMULAS[name][2](evaluation)

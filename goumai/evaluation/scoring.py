"""The arithmetic of an evaluation, free of the database so that anyone can check it.

* A leaf's score is a percentage (0–100) of its points:
  - 目标值与偏差扣分 (``target``) and 按项目数据计算 (``formula``): full marks when the
    value reaches the target; otherwise ``penalty`` points off per unit of shortfall
    (below the target when higher is better, above it when lower is better), never
    below 0;
  - 分档评分 (``levels``): the score of the chosen level.
* A leaf's points are its weight times the weights of its ancestors, each level's
  weights summing to 100: 产出 50 › 数量 40 › 服务人次 50 is worth 50 × 0.4 × 0.5 = 10
  points of 100.
* A scoring's total is the sum of leaf points × leaf score ÷ 100.
* The final score weighs the submitted scorings with the province's part weights,
  the weight of a part not taken (no third party) shared out in proportion; it combines
  the parts' unrounded totals and is rounded once (half up, ``core.rounding``).
* Grades: 优 ≥ 90, 良 80–89.99, 中 60–79.99, 差 < 60 (domain.md §6).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from goumai.core import rounding
from goumai.evaluation.models import Direction, Grade, Rule

HUNDRED = Decimal(100)
POINT = Decimal("0.01")
GRADE_FLOORS = (
    (Decimal(90), Grade.EXCELLENT),
    (Decimal(80), Grade.GOOD),
    (Decimal(60), Grade.FAIR),
)
MAX_LEVEL = 3


def q(value: Decimal) -> Decimal:
    return rounding.points(value)


def grade_of(score: Decimal) -> str:
    for floor, grade in GRADE_FLOORS:
        if score >= floor:
            return grade
    return Grade.POOR


def deviation_score(
    *, value: Decimal, target: Decimal, direction: str, penalty: Decimal
) -> Decimal:
    shortfall = value - target if direction == Direction.LOWER else target - value
    return q(max(Decimal(0), HUNDRED - penalty * max(shortfall, Decimal(0))))


def level_score(levels: list[dict], index: int) -> Decimal:
    return q(Decimal(str(levels[index]["score"])))


def weighted_sum(points_and_scores) -> Decimal:
    """Σ points × score ÷ 100 over (points, score) pairs, not rounded."""
    return sum((points * score / HUNDRED for points, score in points_and_scores), Decimal(0))


def weighted_total(points_and_scores) -> Decimal:
    """``weighted_sum`` rounded to two decimals: a part's total as shown."""
    return q(weighted_sum(points_and_scores))


def final_score(parts: dict[str, Decimal], weights: dict[str, Decimal]) -> Decimal:
    """Weighted mean of the parts taken; weights of missing parts are shared out.
    ``parts`` are the parts' unrounded totals (``weighted_sum``): the score is rounded
    once, here. The purchaser's part is always taken and weighs more than 0 (a
    database constraint on the policy), so the weights taken never sum to 0."""
    total_weight = sum(weights[part] for part in parts)
    return q(sum(parts[part] * weights[part] for part in parts) / total_weight)


# --- the tree as a document ------------------------------------------------------------------


@dataclass
class Node:
    """One indicator of a framework being written, as the API and Excel give it."""

    name: str
    weight: Decimal
    rule: str = ""
    formula: str = ""
    target: Decimal | None = None
    direction: str = Direction.HIGHER
    penalty: Decimal | None = None
    unit: str = ""
    levels: list[dict] = field(default_factory=list)
    guidance: str = ""
    children: list[Node] = field(default_factory=list)


def validate_tree(nodes: list[Node], *, formulas: dict[str, str]) -> dict[str, list[str]]:
    """Field errors of a whole tree, keyed by the indicator's path (``产出/数量``);
    empty when it may be saved."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        if message not in errors.setdefault(key, []):
            errors[key].append(message)

    def walk(siblings: list[Node], parent_path: str, level: int) -> None:
        where = parent_path or _("一级指标")
        if not siblings:
            add(where, _("“%(p)s”下没有指标。") % {"p": where})
            return
        if level > MAX_LEVEL:
            add(parent_path, _("“%(p)s”超过三级指标。") % {"p": parent_path})
            return
        names = [n.name.strip() for n in siblings]
        total = sum(n.weight for n in siblings)
        if total != HUNDRED:
            add(
                where,
                _("“%(p)s”下各指标权重合计为 %(t)s，应为 100。") % {"p": where, "t": _num(total)},
            )
        for node in siblings:
            name = node.name.strip()
            path = f"{parent_path}/{name}" if parent_path else name
            if not name or len(name) > 60:
                add(path or where, _("指标名称不能为空，且不超过 60 个字。"))
            elif names.count(name) > 1:
                add(path, _("“%(p)s”下有重名指标“%(n)s”。") % {"p": where, "n": name})
            if not Decimal(0) < node.weight <= HUNDRED:
                add(path, _("“%(n)s”的权重应大于 0 且不超过 100。") % {"n": path})
            if node.children:
                if node.rule:
                    add(path, _("“%(n)s”有下级指标，不应设评分规则。") % {"n": path})
                walk(node.children, path, level + 1)
            else:
                for message in leaf_errors(node, formulas=formulas):
                    add(path, _("“%(n)s”：%(m)s") % {"n": path, "m": message})

    walk(nodes, "", 1)
    return errors


def leaf_errors(node: Node, *, formulas: dict[str, str]) -> list[str]:
    if node.rule not in Rule.values:
        return [_("末级指标须设评分规则（目标值、公式或分档）。")]
    messages = []
    if node.rule == Rule.FORMULA and node.formula not in formulas:
        messages.append(_("未知的计算公式“%(f)s”。") % {"f": node.formula})
    if node.rule in (Rule.TARGET, Rule.FORMULA):
        if node.target is None:
            messages.append(_("请填写目标值。"))
        if node.penalty is None or node.penalty < 0:
            messages.append(_("请填写每单位偏差扣分（不小于 0）。"))
        if node.direction not in Direction.values:
            messages.append(_("方向应为“越高越好”或“越低越好”。"))
    if node.rule == Rule.LEVELS:
        if len(node.levels) < 2:
            messages.append(_("分档评分至少需要两档。"))
        for n, level in enumerate(node.levels, start=1):
            label = str(level.get("label", "")).strip()
            try:
                score = Decimal(str(level.get("score")))
            except ArithmeticError:
                score = None
            if not label or score is None or not Decimal(0) <= score <= HUNDRED:
                messages.append(_("第 %(n)d 档须有名称和 0–100 的得分率。") % {"n": n})
    return messages


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"

"""A framework as an Excel sheet: one row an indicator, so the people who write
indicator systems can do it where they already do — and upload it back.

    一级指标 | 二级指标 | 三级指标 | 权重 | 评分规则 | 公式 | 目标值 | 方向 | 每单位扣分 | 单位 | 分档 | 评分说明

A row's indicator is its deepest filled name; the names to its left are its
ancestors, which earlier rows define. 评分规则 is 目标值, 公式 or 分档 on leaves and
empty on the others; 分档 lists levels as 名称:得分率:说明, separated by |. Every
problem is reported with its row, and nothing is saved unless the whole sheet is
right.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from goumai.core.spreadsheets import ImportFailed, RowError, header_index
from goumai.evaluation.formulas import FORMULA_NAMES
from goumai.evaluation.models import Direction, Rule
from goumai.evaluation.scoring import Node, validate_tree

LEVEL_COLUMNS = ["一级指标", "二级指标", "三级指标"]
COLUMNS = [
    *LEVEL_COLUMNS,
    "权重",
    "评分规则",
    "公式",
    "目标值",
    "方向",
    "每单位扣分",
    "单位",
    "分档",
    "评分说明",
]
RULE_WORDS = {"目标值": Rule.TARGET, "公式": Rule.FORMULA, "分档": Rule.LEVELS, "": ""}
DIRECTION_WORDS = {"越高越好": Direction.HIGHER, "越低越好": Direction.LOWER, "": Direction.HIGHER}
FORMULA_WORDS = {label: key for key, label in FORMULA_NAMES.items()}


def export_rows(nodes: list[Node]) -> list[list]:
    rows: list[list] = []

    def walk(siblings, names):
        for node in siblings:
            path = [*names, node.name]
            levels = "|".join(
                f"{lv['label']}:{lv['score']}:{lv.get('description', '')}" for lv in node.levels
            )
            rule = {v: k for k, v in RULE_WORDS.items()}.get(node.rule, "")
            rows.append(
                [
                    *(path + ["", "", ""])[:3],
                    float(node.weight),
                    rule,
                    FORMULA_NAMES.get(node.formula, ""),
                    float(node.target) if node.target is not None else "",
                    "越低越好" if node.direction == Direction.LOWER else "越高越好" if rule else "",
                    float(node.penalty) if node.penalty is not None else "",
                    node.unit,
                    levels,
                    node.guidance,
                ]
            )
            walk(node.children, path)

    walk(nodes, [])
    return rows


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def parse(table: list[list[str]]) -> list[Node]:
    """The tree from a sheet's rows (header first); ``ImportFailed`` names each bad row."""
    if not table:
        raise ImportFailed([RowError(1, "", _("文件中没有数据。"))])
    where = header_index(table[0], COLUMNS[:5], COLUMNS[5:])
    errors: list[RowError] = []
    roots: list[Node] = []
    by_path: dict[tuple[str, ...], Node] = {}
    rows_of: dict[str, int] = {}

    def cell(row, column):
        index = where.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    for number, row in enumerate(table[1:], start=2):
        names = [cell(row, c) for c in LEVEL_COLUMNS]
        depth = max((i for i, n in enumerate(names) if n), default=-1)
        if depth < 0:
            errors.append(RowError(number, "一级指标", _("请填写指标名称。")))
            continue
        path = tuple(names[: depth + 1])
        if any(not n for n in path):
            errors.append(RowError(number, LEVEL_COLUMNS[depth], _("上级指标名称不能为空。")))
            continue
        weight = _decimal(cell(row, "权重"))
        if weight is None:
            errors.append(RowError(number, "权重", _("应为数字。")))
            continue
        rule_word = cell(row, "评分规则")
        if rule_word not in RULE_WORDS:
            errors.append(RowError(number, "评分规则", _("应为“目标值”“公式”“分档”之一。")))
            continue
        direction_word = cell(row, "方向")
        if direction_word not in DIRECTION_WORDS:
            errors.append(RowError(number, "方向", _("应为“越高越好”或“越低越好”。")))
            continue
        formula_word = cell(row, "公式")
        if formula_word and formula_word not in FORMULA_WORDS and formula_word not in FORMULA_NAMES:
            errors.append(
                RowError(
                    number,
                    "公式",
                    _("未知的公式，可用：%(names)s。") % {"names": "、".join(FORMULA_WORDS)},
                )
            )
            continue
        levels = []
        for part in filter(None, (p.strip() for p in cell(row, "分档").split("|"))):
            label, _sep, rest = part.partition(":")
            score, _sep, description = rest.partition(":")
            levels.append(
                {"label": label.strip(), "score": score.strip(), "description": description.strip()}
            )
        numbers = {}
        for column in ("目标值", "每单位扣分"):
            text = cell(row, column)
            numbers[column] = _decimal(text) if text else None
            if text and numbers[column] is None:
                errors.append(RowError(number, column, _("应为数字。")))
        node = Node(
            name=path[-1],
            weight=weight,
            rule=RULE_WORDS[rule_word],
            formula=FORMULA_WORDS.get(formula_word, formula_word),
            target=numbers["目标值"],
            direction=DIRECTION_WORDS[direction_word],
            penalty=numbers["每单位扣分"],
            unit=cell(row, "单位")[:16],
            levels=levels,
            guidance=cell(row, "评分说明")[:300],
        )
        if path in by_path:
            errors.append(RowError(number, LEVEL_COLUMNS[depth], _("指标重复。")))
            continue
        parent = by_path.get(path[:-1]) if depth else None
        if depth and parent is None:
            errors.append(
                RowError(
                    number,
                    LEVEL_COLUMNS[depth - 1],
                    _("上级指标“%(p)s”应写在前面的行中。") % {"p": path[-2]},
                )
            )
            continue
        (parent.children if parent else roots).append(node)
        by_path[path] = node
        rows_of["/".join(path)] = number
    if errors:
        raise ImportFailed(errors)
    problems = validate_tree(roots, formulas=FORMULA_NAMES)
    if problems:
        raise ImportFailed(
            [
                RowError(_row_for(key, rows_of), "", message)
                for key, messages in problems.items()
                for message in messages
            ]
        )
    return roots


def _row_for(key: str, rows_of: dict[str, int]) -> int:
    """The sheet row a tree error is about: the indicator's own row, or the first
    row of the level it concerns."""
    if key in rows_of:
        return rows_of[key]
    below = [row for path, row in rows_of.items() if path.startswith(f"{key}/") or "/" not in path]
    return min(below) if below else 2

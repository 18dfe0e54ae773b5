"""The arithmetic, on hand-computed numbers."""

from decimal import Decimal as D

import pytest

from goumai.evaluation.formulas import FORMULA_NAMES
from goumai.evaluation.scoring import (
    Node,
    deviation_score,
    final_score,
    grade_of,
    q,
    validate_tree,
    weighted_total,
)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", "excellent"),
        ("90", "excellent"),
        ("89.99", "good"),
        ("80", "good"),
        ("79.99", "fair"),
        ("60", "fair"),
        ("59.99", "poor"),
        ("0", "poor"),
    ],
)
def test_grade_boundaries(score, grade):
    assert grade_of(D(score)) == grade


def test_deviation_higher_is_better():
    # 90 % against a target of 100 at 2 points per point short: 100 - 20 = 80
    assert deviation_score(value=D(90), target=D(100), direction="higher", penalty=D(2)) == D(80)
    assert deviation_score(value=D(100), target=D(100), direction="higher", penalty=D(2)) == 100
    assert deviation_score(value=D(120), target=D(100), direction="higher", penalty=D(2)) == 100
    # never below zero
    assert deviation_score(value=D(10), target=D(100), direction="higher", penalty=D(2)) == 0
    assert deviation_score(value=D("99.5"), target=D(100), direction="higher", penalty=D(3)) == D(
        "98.50"
    )


def test_deviation_lower_is_better():
    # a unit cost 110 % of the reference at 1 point per point over: 90
    assert deviation_score(value=D(110), target=D(100), direction="lower", penalty=D(1)) == D(90)
    assert deviation_score(value=D(100), target=D(100), direction="lower", penalty=D(1)) == 100
    assert deviation_score(value=D(80), target=D(100), direction="lower", penalty=D(1)) == 100


def test_weighted_total_and_final_score():
    # leaves worth 10, 30 and 60 points, scored 100 %, 50 %, 80 %: 10 + 15 + 48 = 73
    assert weighted_total([(D(10), D(100)), (D(30), D(50)), (D(60), D(80))]) == D(73)
    weights = {"self": D(10), "purchaser": D(60), "third_party": D(30)}
    parts = {"self": D(98), "purchaser": D(80), "third_party": D(70)}
    # (98×10 + 80×60 + 70×30) / 100 = 9.8 + 48 + 21 = 78.8
    assert final_score(parts, weights) == D("78.80")
    # no third party: its 30 shared out, (98×10 + 80×60) / 70 = 82.571… → 82.57
    assert final_score({"self": D(98), "purchaser": D(80)}, weights) == D("82.57")


def leaf(name, weight, **rule):
    rule = rule or {
        "rule": "levels",
        "levels": [{"label": "好", "score": 100}, {"label": "差", "score": 0}],
    }
    return Node(name=name, weight=D(weight), **rule)


def test_weights_must_sum_to_100_at_every_level():
    good = [leaf("甲", 60), leaf("乙", 40)]
    assert validate_tree(good, formulas=FORMULA_NAMES) == {}
    top = validate_tree([leaf("甲", 60), leaf("乙", 30)], formulas=FORMULA_NAMES)
    assert top == {"一级指标": ["“一级指标”下各指标权重合计为 90，应为 100。"]}
    second = [Node(name="产出", weight=D(100), children=[leaf("数量", 50), leaf("质量", 49.5)])]
    errors = validate_tree(second, formulas=FORMULA_NAMES)
    assert errors == {"产出": ["“产出”下各指标权重合计为 99.5，应为 100。"]}
    third = [
        Node(
            name="产出",
            weight=D(100),
            children=[
                Node(name="数量", weight=D(100), children=[leaf("人数", 70), leaf("次数", 31)])
            ],
        )
    ]
    assert validate_tree(third, formulas=FORMULA_NAMES) == {
        "产出/数量": ["“产出/数量”下各指标权重合计为 101，应为 100。"]
    }


def test_a_fourth_level_and_a_leaf_without_a_rule_are_refused():
    deep = [
        Node(
            name="一",
            weight=D(100),
            children=[
                Node(
                    name="二",
                    weight=D(100),
                    children=[Node(name="三", weight=D(100), children=[leaf("四", 100)])],
                )
            ],
        )
    ]
    assert validate_tree(deep, formulas=FORMULA_NAMES) == {"一/二/三": ["“一/二/三”超过三级指标。"]}
    bare = validate_tree([Node(name="产出", weight=D(100))], formulas=FORMULA_NAMES)
    assert bare == {"产出": ["“产出”：末级指标须设评分规则（目标值、公式或分档）。"]}


def test_leaf_rules_are_checked():
    unknown = Node(
        name="甲", weight=D(100), rule="formula", formula="magic", target=D(1), penalty=D(1)
    )
    assert validate_tree([unknown], formulas=FORMULA_NAMES) == {
        "甲": ["“甲”：未知的计算公式“magic”。"]
    }
    no_target = Node(name="甲", weight=D(100), rule="target", penalty=D(1))
    assert validate_tree([no_target], formulas=FORMULA_NAMES) == {"甲": ["“甲”：请填写目标值。"]}
    negative = Node(name="甲", weight=D(100), rule="target", target=D(1), penalty=D(-1))
    assert validate_tree([negative], formulas=FORMULA_NAMES) == {
        "甲": ["“甲”：请填写每单位偏差扣分（不小于 0）。"]
    }
    one_level = Node(
        name="甲", weight=D(100), rule="levels", levels=[{"label": "好", "score": 100}]
    )
    assert validate_tree([one_level], formulas=FORMULA_NAMES) == {
        "甲": ["“甲”：分档评分至少需要两档。"]
    }
    out_of_range = Node(
        name="甲",
        weight=D(100),
        rule="levels",
        levels=[{"label": "好", "score": 101}, {"label": "差", "score": 0}],
    )
    assert validate_tree([out_of_range], formulas=FORMULA_NAMES) == {
        "甲": ["“甲”：第 1 档须有名称和 0–100 的得分率。"]
    }


def test_duplicate_names_and_bad_weights():
    errors = validate_tree([leaf("甲", 50), leaf("甲", 50)], formulas=FORMULA_NAMES)
    assert errors == {"甲": ["“一级指标”下有重名指标“甲”。"]}
    errors = validate_tree([leaf("甲", 0), leaf("乙", 100)], formulas=FORMULA_NAMES)
    assert errors == {"甲": ["“甲”的权重应大于 0 且不超过 100。"]}


def test_rounding_is_half_up():
    assert q(D("0.125")) == D("0.13") and q(D("0.135")) == D("0.14")
    # the same in the totals: 1 point at 12.5 % is 0.125 → 0.13
    assert weighted_total([(D(1), D("12.5"))]) == D("0.13")
    assert weighted_total([]) == D("0.00")


def test_a_part_weighed_at_one_counts_and_at_zero_does_not():
    parts = {"self": D(100), "purchaser": D(50)}
    # (100 × 1 + 50 × 99) / 100 = 50.5
    assert final_score(parts, {"self": D(1), "purchaser": D(99)}) == D("50.50")
    assert final_score(parts, {"self": D(0), "purchaser": D(60)}) == D("50.00")


def test_an_empty_tree_and_an_inner_node_with_a_rule_are_refused():
    assert validate_tree([], formulas=FORMULA_NAMES) == {"一级指标": ["“一级指标”下没有指标。"]}
    inner = Node(name="产出", weight=D(100), rule="levels", children=[leaf("数量", 100)])
    assert validate_tree([inner], formulas=FORMULA_NAMES) == {
        "产出": ["“产出”有下级指标，不应设评分规则。"]
    }


def test_names_up_to_60_characters_and_weights_from_just_above_0():
    assert validate_tree([leaf("甲" * 60, 1), leaf("乙", 99)], formulas=FORMULA_NAMES) == {}
    long = "甲" * 61
    assert validate_tree([leaf(long, 100)], formulas=FORMULA_NAMES) == {
        long: ["指标名称不能为空，且不超过 60 个字。"]
    }
    assert validate_tree([leaf(" ", 100)], formulas=FORMULA_NAMES) == {
        "一级指标": ["指标名称不能为空，且不超过 60 个字。"]
    }
    tiny = [leaf("甲", "0.01"), leaf("乙", "99.99")]
    assert validate_tree(tiny, formulas=FORMULA_NAMES) == {}


def test_a_penalty_of_zero_is_allowed_and_a_direction_must_be_known():
    free = Node(name="甲", weight=D(100), rule="target", target=D(1), penalty=D(0))
    assert validate_tree([free], formulas=FORMULA_NAMES) == {}
    assert deviation_score(value=D(0), target=D(1), direction="higher", penalty=D(0)) == 100
    sideways = Node(
        name="甲", weight=D(100), rule="target", target=D(1), penalty=D(1), direction="sideways"
    )
    assert validate_tree([sideways], formulas=FORMULA_NAMES) == {
        "甲": ["“甲”：方向应为“越高越好”或“越低越好”。"]
    }


@pytest.mark.parametrize(
    "level",
    [{"score": 50}, {"label": " ", "score": 50}, {"label": "中", "score": "很好"}, {"label": "中"}],
)
def test_every_level_needs_a_name_and_a_score(level):
    node = Node(
        name="甲", weight=D(100), rule="levels", levels=[{"label": "好", "score": 100}, level]
    )
    assert validate_tree([node], formulas=FORMULA_NAMES) == {
        "甲": ["“甲”：第 2 档须有名称和 0–100 的得分率。"]
    }

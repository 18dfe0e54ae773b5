"""Each formula leaf on data computed by hand (the accepted project: budget 30,000,
paid 28,000, milestones due 2027-06-30 and 2027-12-31, 200 people planned)."""

from datetime import date
from decimal import Decimal as D

import pytest

from goumai.catalog.models import CatalogItem
from goumai.contracts.models import Milestone
from goumai.evaluation.formulas import compute
from goumai.evaluation.services import evaluation_set_facts
from goumai.evaluation.tests.factories import answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


def test_on_time_rate(evaluation):
    result = compute("on_time_rate", evaluation)
    assert (result.value, result.explanation) == (
        D("100.00"),
        "按期验收的履约节点 2 个 ÷ 全部 2 个 × 100",
    )
    # accepted one day late: 1 of 2 on time
    Milestone.objects.filter(due_date=date(2027, 6, 30)).update(accepted_on=date(2027, 7, 1))
    assert compute("on_time_rate", evaluation).value == D("50.00")
    # accepted on the due date itself counts as on time
    Milestone.objects.filter(due_date=date(2027, 6, 30)).update(accepted_on=date(2027, 6, 30))
    assert compute("on_time_rate", evaluation).value == D("100.00")


def test_budget_execution_rate(evaluation):
    assert compute("budget_execution_rate", evaluation).value == D("93.33")  # 28,000 / 30,000


def test_people_served_rate(evaluation, town_user):
    assert compute("people_served_rate", evaluation).explanation == "请先填写实际服务人数。"
    evaluation_set_facts(actor=town_user, evaluation=evaluation, people_served=230)
    evaluation.refresh_from_db()
    result = compute("people_served_rate", evaluation)
    assert (result.value, result.explanation) == (
        D("115.00"),
        "实际服务 230 人 ÷ 计划 200 人 × 100",
    )
    evaluation.project.planned_people = None
    assert compute("people_served_rate", evaluation).value is None


def test_unit_cost_against_the_catalogs_reference(evaluation, town_user):
    assert compute("unit_cost_ratio", evaluation).explanation == "目录条目未设参考单价。"
    CatalogItem.objects.filter(pk=evaluation.project.catalog_entry.item_id).update(
        reference_unit_cost=D("50.00"), unit="人次"
    )
    evaluation.project.catalog_entry.item.refresh_from_db()
    assert compute("unit_cost_ratio", evaluation).explanation == "请先填写实际服务数量（人次）。"
    evaluation_set_facts(actor=town_user, evaluation=evaluation, quantity_delivered="700")
    evaluation.refresh_from_db()
    result = compute("unit_cost_ratio", evaluation)
    # 28,000 / 700 = 40 per 人次, against 50: 80 %
    assert result.value == D("80.00")
    assert result.explanation == (
        "单位成本 40.00 元（已支付 28,000.00 元 ÷ 700 人次）÷ 参考单价 50.00 元 × 100"
    )


def test_satisfaction(evaluation):
    assert compute("satisfaction", evaluation).value is None
    answers(evaluation, stars=5, count=3)
    answers(evaluation, stars=2, count=1)
    # (3 × 20 + 1 × 8) stars / 16 ratings × 20 = 85
    result = compute("satisfaction", evaluation)
    assert (result.value, result.explanation) == (
        D("85.00"),
        "4 份答卷的平均星级 × 20（5 星 = 100）",
    )

"""What a finished evaluation does: the provider's record, next year's budget advice
beside the budget form and in the list, and the policy table behind the advice."""

from decimal import Decimal as D

import pytest

from goumai.budgets.models import BudgetAdvice
from goumai.budgets.services import budget_line_create
from goumai.evaluation.services import evaluation_finish, policy, scoring_submit
from goumai.evaluation.tests.factories import all_leaves
from goumai.providers.models import PerformanceRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


@pytest.fixture
def finished(ready, town_user, provider_user):
    scoring_submit(actor=provider_user, evaluation=ready, part="self", leaves=all_leaves(ready, 0))
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready, 1))
    return evaluation_finish(actor=town_user, evaluation=ready)


def test_the_grade_is_kept_with_the_provider_and_advises_next_years_budget(finished):
    project = finished.project
    record = PerformanceRecord.objects.get()
    assert (record.provider_id, record.project_code, record.score, record.grade) == (
        project.contract.provider_id,
        project.code,
        D("87.02"),
        "good",
    )
    assert record.county.code == "510131" and record.catalog_item == project.catalog_entry.item
    advice = BudgetAdvice.objects.get()
    assert (advice.org_unit, advice.for_year, advice.action, advice.text) == (
        project.purchaser,
        2028,
        "keep",
        "建议保持",
    )


def test_the_province_sets_what_a_grade_means(ready, town_user, provider_user):
    rules = policy()
    rules.budget_advice = {"good": {"action": "cut", "percent": 15}}
    rules.save()
    scoring_submit(actor=provider_user, evaluation=ready, part="self", leaves=all_leaves(ready, 0))
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready, 1))
    evaluation_finish(actor=town_user, evaluation=ready)
    assert BudgetAdvice.objects.get().text == "建议压减 15%"


def test_the_advice_shows_where_next_years_line_is_drawn_up(client, finished, county_user):
    project = finished.project
    client.force_login(county_user)
    page = client.get(f"/budgets/new/?org_unit={project.purchaser_id}").content.decode()
    assert "绩效评价结果建议" in page
    assert f"2028 年 · {project.catalog_entry.name}</b>：建议保持" in page
    assert project.code in page
    budget_line_create(
        actor=county_user,
        org_unit=project.purchaser,
        fiscal_year=2028,
        code="B-2028",
        name="2028 养老服务",
        funding_source="own",
        amount="30000",
        catalog_entries=[project.catalog_entry],
    )
    listing = client.get("/budgets/?year=2028").content.decode()
    assert f"{project.catalog_entry.name}：建议保持" in listing


def test_another_county_sees_no_advice(client, finished, make_user):
    client.force_login(make_user("510521-finance", roles=("clerk",)))
    page = client.get(f"/budgets/new/?org_unit={finished.project.purchaser_id}")
    assert page.status_code == 404

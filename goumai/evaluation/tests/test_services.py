"""Evaluating an accepted project, on numbers computed by hand.

The accepted project: budget 30,000, paid 28,000, both milestones accepted on
their due dates, 200 people planned and 180 served, ten answers of four stars.
With the civil-affairs template every formula leaf is then:

    预算执行率      28,000 / 30,000 = 93.33 %  → target 95, 1 point per point: 98.33
    按期验收率      2 / 2 = 100 %              → 100
    服务人数完成率  180 / 200 = 90 %           → target 100, 2 per point: 80
    满意度          4 stars × 20 = 80          → target 90, 2 per point: 80

Points: 决策 10, 过程 15 (7.5 + 7.5), 产出 40 (数量 12, 质量 16, 时效 6, 成本 6),
效益 20, 满意度 15. All graded leaves at 好 (100 %):
    10 + 7.5 × 0.9833 + 7.5 + 12 × 0.8 + 16 + 6 + 6 + 20 + 15 × 0.8 = 94.47475 → 94.47
All graded leaves at 较好 (85 %): 58 × 0.85 + 36.47475 = 85.77475 → 85.77
"""

from decimal import Decimal as D

import pytest

from goumai.accounts.models import OrgUnit
from goumai.accounts.services import user_create
from goumai.audit.models import AuditEntry
from goumai.conftest import PASSWORD
from goumai.core.errors import DomainError, PermissionDenied
from goumai.evaluation.models import Evaluation, Framework, LeafScore, Scoring
from goumai.evaluation.services import (
    evaluation_assign,
    evaluation_finish,
    evaluation_open,
    evaluation_set_facts,
    framework_replace,
    scoring_submit,
    tree_of,
)
from goumai.evaluation.tests.factories import all_leaves, answers
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


def evaluator_org(code="EV-1") -> OrgUnit:
    return OrgUnit.objects.create(
        code=code,
        name="四川某绩效评价事务所",
        kind=OrgUnit.Kind.EVALUATOR,
        region=Region.objects.get(level=Region.Level.PROVINCE),
    )


def evaluator_user(org: OrgUnit):
    return user_create(
        actor=None, username=f"ev-{org.code}", password=PASSWORD, org_unit=org, roles=["clerk"]
    )


def test_the_whole_evaluation_on_hand_computed_numbers(ready, town_user, provider_user):
    self_scoring = scoring_submit(
        actor=provider_user, evaluation=ready, part="self", leaves=all_leaves(ready, level=0)
    )
    assert self_scoring.total == D("94.47") and not self_scoring.entered_on_paper
    purchaser = scoring_submit(
        actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready, level=1)
    )
    assert purchaser.total == D("85.77")
    budget_leaf = purchaser.leaves.get(indicator__name="预算执行率")
    assert (budget_leaf.value, budget_leaf.score, budget_leaf.computed) == (
        D("93.33"),
        D("98.33"),
        True,
    )
    assert budget_leaf.explanation == "已支付 28,000.00 元 ÷ 项目预算 30,000.00 元 × 100"
    people = purchaser.leaves.get(indicator__name="服务人数完成率")
    assert (people.value, people.score) == (D("90.00"), D("80.00"))
    satisfaction = purchaser.leaves.get(indicator__name="服务对象满意度")
    assert (satisfaction.value, satisfaction.score) == (D("80.00"), D("80.00"))

    finished = evaluation_finish(actor=town_user, evaluation=ready)
    # The parts unrounded, 94.47475 and 85.77475 (shown 94.47 and 85.77), rounded once:
    # (94.47475 × 10 + 85.77475 × 60) / 70 = 87.0176… → 87.02; the third party's 30 is
    # shared out. (Rounding the parts first would give 87.01.)
    assert (finished.score, finished.grade) == (D("87.02"), "good")
    assert finished.breakdown["parts"]["self"] == {"total": "94.47", "weight": "10.00"}
    assert finished.breakdown["satisfaction"] == {"answers": 10, "score": "80.00"}
    project = Project.objects.get(pk=ready.project_id)
    assert project.status == "evaluated"
    assert project.events.last().note == "绩效评价 87.02 分，等级：良"
    assert AuditEntry.objects.filter(object_type="evaluation.evaluation").count() == 3


def test_finishing_needs_the_self_and_the_purchaser_scoring(ready, town_user):
    with pytest.raises(DomainError) as caught:
        evaluation_finish(actor=town_user, evaluation=ready)
    assert caught.value.message == "尚未提交：承接主体自评、购买主体评价。"
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready))
    with pytest.raises(DomainError) as caught:
        evaluation_finish(actor=town_user, evaluation=ready)
    assert caught.value.message == "尚未提交：承接主体自评。"
    assert Evaluation.objects.get(pk=ready.pk).status == "open"
    assert Project.objects.get(pk=ready.project_id).status == "accepted"


def test_a_paper_self_evaluation_typed_in_by_the_purchaser_is_marked(ready, town_user):
    scoring = scoring_submit(
        actor=town_user, evaluation=ready, part="self", leaves=all_leaves(ready)
    )
    assert scoring.entered_on_paper and scoring.submitted_by == town_user.username


def test_the_evaluate_transition_needs_a_finished_evaluation(accepted, town_user):
    with pytest.raises(DomainError) as caught:
        project_transition(
            actor=town_user, project=accepted, action="evaluate", note="优", internal=True
        )
    assert caught.value.code == "evaluation_required"
    evaluation_open(actor=town_user, project=accepted)
    with pytest.raises(DomainError) as caught:
        project_transition(
            actor=town_user, project=accepted, action="evaluate", note="优", internal=True
        )
    assert caught.value.code == "evaluation_required"
    # and never from the transitions endpoint or page
    with pytest.raises(DomainError) as caught:
        project_transition(actor=town_user, project=accepted, action="evaluate", note="优")
    assert caught.value.code == "use_dedicated_step"


def test_a_formula_leaf_without_its_data_blocks_the_scoring(evaluation, town_user):
    answers(evaluation, stars=5)
    with pytest.raises(DomainError) as caught:
        scoring_submit(
            actor=town_user, evaluation=evaluation, part="purchaser", leaves=all_leaves(evaluation)
        )
    assert caught.value.message == "指标“服务人数完成率”：请先填写实际服务人数。"
    assert not Scoring.objects.filter(submitted_at__isnull=False).exists()
    assert not LeafScore.objects.exists()


def test_a_level_out_of_range_names_the_leaf_and_changes_nothing(ready, town_user):
    leaves = all_leaves(ready)
    quality = next(i for i in ready.framework.indicators.all() if i.name == "服务质量")
    leaves[quality.pk] = {"level": 4}  # four levels: 0–3
    with pytest.raises(DomainError) as caught:
        scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=leaves)
    assert caught.value.message == "指标“服务质量”：请选择一个评分档次。"
    assert caught.value.fields == {f"leaf_{quality.pk}": ["请选择一个评分档次。"]}
    assert not LeafScore.objects.exists()
    leaves[quality.pk] = {"level": 3}
    scoring = scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=leaves)
    assert scoring.leaves.get(indicator=quality).score == D(30)


def test_facts_out_of_range_are_refused(evaluation, town_user):
    for people, field in ((-1, "people_served"), ("1.5", "people_served"), ("十", "people_served")):
        with pytest.raises(DomainError) as caught:
            evaluation_set_facts(actor=town_user, evaluation=evaluation, people_served=people)
        assert list(caught.value.fields) == [field]
    with pytest.raises(DomainError) as caught:
        evaluation_set_facts(actor=town_user, evaluation=evaluation, quantity_delivered="-3")
    assert caught.value.fields == {"quantity_delivered": ["实际服务数量应为不小于 0 的数字。"]}
    assert Evaluation.objects.get(pk=evaluation.pk).people_served is None
    evaluation_set_facts(actor=town_user, evaluation=evaluation, people_served=0)
    assert Evaluation.objects.get(pk=evaluation.pk).people_served == 0


def test_a_submitted_scoring_is_final(ready, town_user):
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready))
    with pytest.raises(DomainError) as caught:
        scoring_submit(
            actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready)
        )
    assert caught.value.code == "scoring_submitted"


def test_who_may_score_which_part(ready, town_user, provider_user, make_user, township_a2):
    other_town = make_user(f"{township_a2.code}-government")
    for actor, part in (
        (other_town, "purchaser"),
        (provider_user, "purchaser"),
        (provider_user, "third_party"),
        (town_user, "third_party"),
    ):
        with pytest.raises(PermissionDenied):
            scoring_submit(actor=actor, evaluation=ready, part=part, leaves=all_leaves(ready))
    stranger = user_create(
        actor=None,
        username="other-provider",
        password=PASSWORD,
        org_unit=None,
        roles=["clerk"],
        provider=type(provider_user.provider).objects.create(
            name="别的公司", kind="company", credit_code="91510131MA6CUW6X1Q"
        ),
    )
    with pytest.raises(PermissionDenied):
        scoring_submit(actor=stranger, evaluation=ready, part="self", leaves=all_leaves(ready))
    assert not Scoring.objects.exists()


def test_a_third_party_scores_when_commissioned(ready, town_user, provider_user):
    agency = evaluator_org()
    other_agency = evaluator_org("EV-2")
    evaluator = evaluator_user(agency)
    with pytest.raises(PermissionDenied):
        scoring_submit(
            actor=evaluator, evaluation=ready, part="third_party", leaves=all_leaves(ready)
        )
    evaluation_assign(actor=town_user, evaluation=ready, third_party=agency)
    with pytest.raises(PermissionDenied):
        scoring_submit(
            actor=evaluator_user(other_agency),
            evaluation=ready,
            part="third_party",
            leaves=all_leaves(ready),
        )
    scoring_submit(actor=provider_user, evaluation=ready, part="self", leaves=all_leaves(ready, 0))
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready, 1))
    with pytest.raises(DomainError) as caught:
        evaluation_finish(actor=town_user, evaluation=ready)
    assert caught.value.message == "尚未提交：第三方评价。"
    third = scoring_submit(
        actor=evaluator, evaluation=ready, part="third_party", leaves=all_leaves(ready, 2)
    )
    # graded leaves at 一般 (65 %): 58 × 0.65 + 36.47475 = 74.17475 → 74.17
    assert third.total == D("74.17")
    finished = evaluation_finish(actor=town_user, evaluation=ready)
    # 94.47 × 0.1 + 85.77 × 0.6 + 74.17 × 0.3 = 9.447 + 51.462 + 22.251 = 83.16
    assert (finished.score, finished.grade) == (D("83.16"), "good")


def test_only_an_evaluation_agency_can_be_commissioned(ready, town_user):
    county = OrgUnit.objects.get(code="510131-finance")
    with pytest.raises(DomainError) as caught:
        evaluation_assign(actor=town_user, evaluation=ready, third_party=county)
    assert caught.value.code == "not_an_evaluator"
    assert Evaluation.objects.get(pk=ready.pk).third_party_id is None


def test_opening_needs_an_accepted_project_of_ones_own(
    performing, town_user, make_user, township_a2
):
    project = Project.objects.get(pk=performing.project_id)
    with pytest.raises(DomainError) as caught:
        evaluation_open(actor=town_user, project=project)
    assert caught.value.message == "项目验收后才能开展绩效评价（当前状态：履约中）。"
    with pytest.raises(PermissionDenied):
        evaluation_open(actor=make_user(f"{township_a2.code}-government"), project=project)


def test_editing_a_framework_in_use_makes_a_new_version(
    ready, town_user, provider_user, civil_user
):
    scoring_submit(actor=provider_user, evaluation=ready, part="self", leaves=all_leaves(ready))
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready))
    finished = evaluation_finish(actor=town_user, evaluation=ready)
    old = ready.framework
    tree = tree_of(old)
    tree[0].weight, tree[2].weight = D(5), D(45)  # 决策 5, 产出 45
    new = framework_replace(actor=civil_user, framework=old, nodes=tree, change_note="提高产出权重")
    assert (new.version, new.is_current, new.key) == (2, True, old.key)
    old.refresh_from_db()
    assert not old.is_current and old.indicators.get(name="决策").weight == D(10)
    finished.refresh_from_db()
    assert finished.framework_id == old.pk and finished.score == D("94.47")
    assert Framework.objects.filter(key=old.key).count() == 2


def test_editing_an_unused_framework_edits_it_in_place(accepted, civil_user, county_user):
    framework = Framework.objects.get(sector="civil_affairs", is_current=True)
    tree = tree_of(framework)
    tree[0].weight = D(11)
    with pytest.raises(DomainError) as caught:
        framework_replace(actor=civil_user, framework=framework, nodes=tree)
    assert caught.value.message == "“一级指标”下各指标权重合计为 101，应为 100。"
    tree[1].weight = D(14)
    with pytest.raises(PermissionDenied):
        framework_replace(actor=county_user, framework=framework, nodes=tree)
    same = framework_replace(actor=civil_user, framework=framework, nodes=tree)
    assert same.pk == framework.pk and same.version == 1
    assert same.indicators.get(name="决策").weight == D(11)

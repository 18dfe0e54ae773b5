"""The comprehensive review: weights summing to 100, blind scores, conflicted reviewers
refused, and the trimmed mean of five reviewers on hand-computed data."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from goumai.conftest import COUNTY_A
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.pilots.reviewing import (
    criteria_set,
    review_submit,
    reviewer_assign,
    reviews_visible,
    score_of,
)
from goumai.pilots.services import application_save, application_submit, call_create, call_set_open
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
D = Decimal


@pytest.fixture
def setting(make_user, time_machine):
    time_machine.move_to(datetime(2027, 1, 10, 9, 0, tzinfo=CST))
    finance = make_user("510000-finance")
    call = call_create(
        actor=finance, title="试点申报", closes_at=datetime(2027, 2, 28, 17, 0, tzinfo=CST)
    )
    call_set_open(actor=finance, call=call, is_open=True)
    criteria_set(
        actor=finance, call=call, criteria=[("基础条件", 30), ("工作方案", 40), ("保障措施", 30)]
    )
    county = make_user(f"{COUNTY_A}-government")
    application = application_save(
        actor=county,
        call=call,
        sectors=["civil_affairs"],
        townships=list(Region.objects.filter(parent__code=COUNTY_A)[:1]),
        goals="居家养老全覆盖",
        current_spending="100000",
    )
    application_submit(actor=county, application=application)
    time_machine.move_to(datetime(2027, 3, 1, 9, 0, tzinfo=CST))  # after the deadline
    # experts from other 市州 (泸州, 宜宾…) and the province; one from 成都 (conflicted)
    reviewers = [
        make_user(code)
        for code in (
            "510000-education",
            "510521-finance",
            "511324-finance",
            "510500-finance",
            "511300-finance",
        )
    ]
    for reviewer in reviewers:
        reviewer_assign(actor=finance, call=call, reviewer=reviewer)
    return {"finance": finance, "call": call, "application": application, "reviewers": reviewers}


def scores(a, b, c):
    return {"基础条件": a, "工作方案": b, "保障措施": c}


def test_weights_must_sum_to_100(setting):
    with pytest.raises(DomainError) as caught:
        criteria_set(
            actor=setting["finance"],
            call=setting["call"],
            criteria=[("基础条件", 30), ("工作方案", 60)],
        )
    assert "权重合计应为 100，现为 90" in caught.value.fields["criteria"][0]
    assert setting["call"].criteria.count() == 3  # unchanged


def test_five_reviewers_are_trimmed_on_hand_computed_scores(setting):
    app, reviewers = setting["application"], setting["reviewers"]
    # weighted: 30a + 40b + 30c over 100
    given = [
        scores(80, 90, 70),
        scores(60, 60, 60),
        scores(100, 100, 100),
        scores(85, 80, 75),
        scores(90, 85, 80),
    ]
    totals = [
        review_submit(actor=r, application=app, scores=s).total
        for r, s in zip(reviewers, given, strict=True)
    ]
    assert totals == [D("81.00"), D("60.00"), D("100.00"), D("80.00"), D("85.00")]
    # drop 60 and 100: (81 + 80 + 85) / 3 = 82.00
    assert score_of(app) == D("82.00")


def test_scores_are_blind_until_ones_own_is_in(setting):
    app, (first, second, *_rest) = setting["application"], setting["reviewers"]
    review_submit(actor=first, application=app, scores=scores(80, 90, 70))
    assert reviews_visible(actor=second, application=app) == []  # not yet scored
    review_submit(actor=second, application=app, scores=scores(70, 70, 70))
    assert len(reviews_visible(actor=second, application=app)) == 2
    assert len(reviews_visible(actor=setting["finance"], application=app)) == 2
    with pytest.raises(DomainError) as caught:  # one review each, fixed once in
        review_submit(actor=second, application=app, scores=scores(90, 90, 90))
    assert caught.value.code == "already_reviewed"


def test_a_reviewer_from_the_applicants_city_is_refused(setting, make_user):
    chengdu = make_user("510100-finance")  # same 市州 as 蒲江县
    reviewer_assign(actor=setting["finance"], call=setting["call"], reviewer=chengdu)
    with pytest.raises(PermissionDenied) as caught:
        review_submit(actor=chengdu, application=setting["application"], scores=scores(90, 90, 90))
    assert "回避" in caught.value.message
    assert not setting["application"].reviews.exists()


def test_an_unassigned_reviewer_finds_nothing_and_bad_scores_are_refused(setting, make_user):
    with pytest.raises(NotFound):
        review_submit(
            actor=make_user("510600-finance"),
            application=setting["application"],
            scores=scores(1, 1, 1),
        )
    with pytest.raises(DomainError) as caught:
        review_submit(
            actor=setting["reviewers"][0],
            application=setting["application"],
            scores=scores(80, 101, 70),
        )
    assert "0 到 100" in caught.value.fields["scores"][0]
    with pytest.raises(DomainError) as caught:
        review_submit(
            actor=setting["reviewers"][0],
            application=setting["application"],
            scores={"基础条件": 80},
        )
    assert "工作方案" in caught.value.message
    assert not setting["application"].reviews.exists()


def test_a_selection_run_is_kept_with_its_rules_and_result(setting, make_user, time_machine):
    from goumai.audit.models import AuditEntry
    from goumai.pilots.models import SelectionRun
    from goumai.pilots.reviewing import selection_run
    from goumai.pilots.selection import Rules

    # a second county applies (泸县, 川南) before the deadline; a third applies but is never scored
    time_machine.move_to(datetime(2027, 2, 1, 9, 0, tzinfo=CST))
    for code in ("510521", "511324"):
        county = make_user(f"{code}-government")
        application = application_save(
            actor=county,
            call=setting["call"],
            sectors=["education"],
            townships=list(Region.objects.filter(parent__code=code)[:2]),
            goals="课后服务",
            current_spending="50000",
        )
        application_submit(actor=county, application=application)
    time_machine.move_to(datetime(2027, 3, 1, 9, 0, tzinfo=CST))
    luxian = setting["call"].applications.get(county__code="510521")
    reviewer = setting["reviewers"][0]  # 省教育厅: neither county's 市州
    review_submit(actor=reviewer, application=setting["application"], scores=scores(80, 90, 70))
    review_submit(actor=reviewer, application=luxian, scores=scores(90, 90, 90))
    rules = Rules(minimum=1, maximum=1, regions=frozenset(), sectors={"civil_affairs": 1})
    entries = AuditEntry.objects.count()
    run = selection_run(actor=setting["finance"], call=setting["call"], rules=rules)
    run = SelectionRun.objects.get(pk=run.pk)
    # 泸县 scores higher (90) but only 蒲江县 covers 民政, which must have a pilot
    assert run.feasible and run.chosen == ["510131"] and run.total == D("81.00")
    assert run.rules["sectors"] == {"civil_affairs": 1} and run.rules["maximum"] == 1
    assert "民政领域至少 1 个" in run.explanation["binding"]
    assert run.explanation["unscored"] == ["仪陇县"]
    assert AuditEntry.objects.count() == entries + 1
    with pytest.raises(PermissionDenied):
        selection_run(actor=reviewer, call=setting["call"], rules=rules)

# ruff: noqa: F811 — pytest fixtures imported from another test module
"""The target assessment: its rules on hand-computed data, its writes and who sees it."""

from datetime import date
from decimal import Decimal

import pytest

from goumai.accounts.models import OrgUnit
from goumai.audit.models import AuditEntry
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.indicators.tests.test_figures import projects  # noqa: F401 — a fixture
from goumai.supervision import assessing
from goumai.supervision.assessment import points_of, ranks, task_timeliness, totals
from goumai.supervision.models import Assessment, AssessmentScore, Task
from goumai.supervision.selectors import assessment_get, assessment_list, subject_get

pytestmark = pytest.mark.django_db
CHENGDU = "/510000/510100/"
AS_OF = date(2027, 12, 31)


def _task(number, *, deadline, done_on=None, scope_path=CHENGDU, units=()):
    task = Task.objects.create(
        number=number,
        title=f"任务{number}",
        scope_path=scope_path,
        deadline=deadline,
        status="done" if done_on else "open",
        done_on=done_on,
    )
    task.responsible_units.set(units)
    return task


@pytest.fixture
def chengdu_tasks():
    """Due in 2027 in 成都's area: on its deadline (in time), a day late, open and due
    on ``AS_OF`` (late); due after ``AS_OF``, due in 2026 and without a deadline (not
    counted); a task of 泸州 (not 成都's). 成都 is in time on 1 of 3."""
    _task("1", deadline=date(2027, 6, 30), done_on=date(2027, 6, 30))
    _task("2", deadline=date(2027, 6, 30), done_on=date(2027, 7, 1))
    _task("3", deadline=AS_OF)
    _task("4", deadline=date(2028, 1, 1))
    _task("5", deadline=date(2026, 12, 31), done_on=date(2026, 12, 1))
    _task("6", deadline=None)
    _task("7", deadline=date(2027, 3, 1), done_on=date(2027, 2, 1), scope_path="/510000/510500/")


def test_task_timeliness_by_hand(chengdu_tasks):
    assert task_timeliness(year=2027, as_of=AS_OF, area_path=CHENGDU) == Decimal("33.3")
    # the day before: task 3 is not yet due → 1 of 2
    assert task_timeliness(year=2027, as_of=date(2027, 12, 30), area_path=CHENGDU) == Decimal(
        "50.0"
    )
    assert task_timeliness(year=2027, as_of=AS_OF, area_path="/510000/510500/") == Decimal("100.0")
    assert task_timeliness(year=2027, as_of=AS_OF, area_path="/510000/511300/") is None


def test_task_timeliness_of_a_department_counts_the_tasks_naming_it():
    civil = OrgUnit.objects.get(code="510000-civil_affairs")
    education = OrgUnit.objects.get(code="510000-education")
    _task(
        "1",
        deadline=date(2027, 6, 30),
        done_on=date(2027, 6, 1),
        scope_path="/510000/",
        units=[civil, education],
    )
    _task("2", deadline=date(2027, 9, 30), scope_path="/510000/", units=[civil])
    assert task_timeliness(year=2027, as_of=AS_OF, unit_ids=[civil.pk]) == Decimal("50.0")
    assert task_timeliness(year=2027, as_of=AS_OF, unit_ids=[education.pk]) == Decimal("100.0")


def test_points_totals_and_ranks():
    assert points_of(None, Decimal(15)) is None
    assert points_of(Decimal("58.3"), Decimal(15)) == Decimal("8.75")  # 8.745, half up
    assert points_of(Decimal("100.0"), Decimal(20)) == Decimal("20.00")
    assert totals(
        [(Decimal("8.75"), Decimal(15)), (None, Decimal(10)), (Decimal(5), Decimal(5))]
    ) == (
        Decimal("13.75"),
        Decimal("20.00"),
        Decimal("68.8"),
    )
    assert totals([(None, Decimal(10))]) == (Decimal("0.00"), Decimal("0.00"), None)
    assert ranks([Decimal(80), Decimal(90), Decimal(80), None, Decimal(70)]) == [2, 1, 2, None, 4]


@pytest.fixture
def year_2027(finance_user):
    return assessing.assessment_create(actor=finance_user, year=2027, as_of=AS_OF)


def test_only_the_province_runs_an_assessment(civil_user, county_user, finance_user):
    for actor in (civil_user, county_user):
        with pytest.raises(PermissionDenied):
            assessing.assessment_create(actor=actor, year=2027, as_of=AS_OF)
    assert not Assessment.objects.exists()
    made = assessing.assessment_create(actor=finance_user, year=2027, as_of=AS_OF)
    assert sum(i.weight for i in made.indicators.all()) == 100
    with pytest.raises(DomainError) as twice:
        assessing.assessment_create(actor=finance_user, year=2027, as_of=AS_OF)
    assert "已经建立" in twice.value.fields["year"][0]
    with pytest.raises(DomainError) as early:
        assessing.assessment_create(actor=finance_user, year=2028, as_of=date(2027, 12, 31))
    assert "as_of" in early.value.fields


@pytest.mark.usefixtures("in_2028")
def test_compute_scores_every_subject_from_the_data(
    year_2027,
    finance_user,
    chengdu_tasks,
    projects,  # noqa: F811
):
    assessing.assessment_compute(actor=finance_user, assessment=year_2027)
    _a, subjects = assessment_get(actor=finance_user, year=2027)
    kinds = [s.kind for s in subjects]
    assert kinds.count("department") == OrgUnit.objects.filter(kind="sector_department").count()
    assert kinds.count("city") == 21
    chengdu = next(s for s in subjects if s.path == CHENGDU)
    values = {s.indicator.code: (s.value, s.points) for s in chengdu.scores.all()}
    assert values["task_timeliness"] == (Decimal("33.3"), Decimal("6.66"))  # 20 × 33.3%
    assert values["local_share"] == (Decimal("58.3"), Decimal("8.75"))
    assert values["evaluation_coverage"] == (Decimal("50.0"), Decimal("7.50"))
    assert "service_share" not in values  # manual: no invented number
    # P1's and P2's notice, award and contract (2027-03-01) are due and unpublished
    assert values["disclosure_completeness"] == (Decimal("0.0"), Decimal("0.00"))
    civil = next(s for s in subjects if s.sector == "civil_affairs")
    assert {s.indicator.code: s.value for s in civil.scores.all()}["local_share"] == Decimal(
        "65.5"
    )  # 38,000 local of 58,000 in the civil-affairs projects of the province
    # totals: 成都 has data on every computed indicator (90 points); none on the manual
    catalog = values["catalog_coverage"][1]
    assert chengdu.possible == Decimal("90.00")
    assert chengdu.points == Decimal("6.66") + catalog + Decimal("7.50") + Decimal("8.75")
    # 泸州 did its one task in time and has a catalog: ahead of 成都; the rest have only
    # catalog coverage, 0 of 10, and share the next rank
    luzhou = next(s for s in subjects if s.path == "/510000/510500/")
    assert luzhou.rate > chengdu.rate > Decimal(0)
    assert (luzhou.rank, chengdu.rank) == (1, 2)
    others = [s for s in subjects if s.kind == "city" and s not in (luzhou, chengdu)]
    assert {(s.rate, s.rank) for s in others} == {(Decimal("0.0"), 3)}
    assert AuditEntry.objects.filter(object_type="supervision.assessmentscore").exists()


def test_manual_score_needs_evidence_and_stays_within_the_weight(year_2027, finance_user):
    assessing.assessment_compute(actor=finance_user, assessment=year_2027)
    manual = year_2027.indicators.get(code="service_share")
    subject = year_2027.subjects.get(region__code="510100")
    for points, evidence, field in (
        ("10.01", "决算报表", "points"),
        ("-1", "决算报表", "points"),
        ("abc", "决算报表", "points"),
        ("5.555", "决算报表", "points"),
        ("5", "  ", "evidence"),
    ):
        with pytest.raises(DomainError) as refused:
            assessing.manual_score(
                actor=finance_user,
                subject=subject,
                indicator=manual,
                points=points,
                evidence=evidence,
            )
        assert field in refused.value.fields
    assert not AssessmentScore.objects.filter(indicator=manual).exists()
    score = assessing.manual_score(
        actor=finance_user, subject=subject, indicator=manual, points="10", evidence="决算报表"
    )
    assert score.points == Decimal("10") and score.entered_by == finance_user.username
    subject.refresh_from_db()
    assert (subject.points, subject.possible, subject.rate, subject.rank) == (
        Decimal("10.00"),
        Decimal("20.00"),  # and 0 of 10 on catalog coverage: no county catalog here
        Decimal("50.0"),
        1,
    )
    computed = year_2027.indicators.get(code="local_share")
    with pytest.raises(DomainError):
        assessing.manual_score(
            actor=finance_user, subject=subject, indicator=computed, points="1", evidence="x"
        )


def test_finalize_needs_every_manual_score_and_then_nothing_changes(year_2027, finance_user):
    with pytest.raises(DomainError):
        assessing.assessment_finalize(actor=finance_user, assessment=year_2027)  # not computed
    assessing.assessment_compute(actor=finance_user, assessment=year_2027)
    manual = year_2027.indicators.get(code="service_share")
    subjects = list(year_2027.subjects.all())
    for subject in subjects[:-1]:
        assessing.manual_score(
            actor=finance_user, subject=subject, indicator=manual, points="8", evidence="报表"
        )
    with pytest.raises(DomainError) as missing:
        assessing.assessment_finalize(actor=finance_user, assessment=year_2027)
    assert "1 项" in missing.value.message
    assessing.manual_score(
        actor=finance_user, subject=subjects[-1], indicator=manual, points="8", evidence="报表"
    )
    final = assessing.assessment_finalize(actor=finance_user, assessment=year_2027)
    assert final.status == "final"
    for attempt in (
        lambda: assessing.assessment_compute(actor=finance_user, assessment=final),
        lambda: assessing.indicator_set_weight(actor=finance_user, indicator=manual, weight="5"),
        lambda: assessing.manual_score(
            actor=finance_user, subject=subjects[0], indicator=manual, points="1", evidence="x"
        ),
    ):
        with pytest.raises(DomainError) as locked:
            attempt()
        assert locked.value.code == "assessment_final"


def test_indicators_weights_and_added_manual_ones(year_2027, finance_user, civil_user):
    indicator = year_2027.indicators.get(code="local_share")
    for bad in ("0", "100.01", "x", "1.234"):
        with pytest.raises(DomainError):
            assessing.indicator_set_weight(actor=finance_user, indicator=indicator, weight=bad)
    assessing.indicator_set_weight(actor=finance_user, indicator=indicator, weight="100")
    with pytest.raises(PermissionDenied):
        assessing.indicator_set_weight(actor=civil_user, indicator=indicator, weight="5")
    added = assessing.indicator_add(
        actor=finance_user, assessment=year_2027, name="典型案例报送", weight="5", applies_to="city"
    )
    assert added.is_manual and added.code.startswith("manual-")
    with pytest.raises(DomainError) as same:
        assessing.indicator_add(
            actor=finance_user, assessment=year_2027, name="典型案例报送", weight="5"
        )
    assert "name" in same.value.fields
    assessing.assessment_compute(actor=finance_user, assessment=year_2027)
    department = year_2027.subjects.filter(kind="department").first()
    with pytest.raises(DomainError) as city_only:
        assessing.manual_score(
            actor=finance_user, subject=department, indicator=added, points="1", evidence="x"
        )
    assert city_only.value.code == "not_applicable"


def test_who_sees_which_subjects(year_2027, finance_user, civil_user, county_user, make_user):
    assessing.assessment_compute(actor=finance_user, assessment=year_2027)
    chengdu_user = make_user("510100-finance")
    # before it is final only the province sees the year
    for actor in (civil_user, chengdu_user, county_user):
        assert not assessment_list(actor=actor).exists()
        with pytest.raises(NotFound):
            assessment_get(actor=actor, year=2027)
    Assessment.objects.filter(pk=year_2027.pk).update(status="final")
    _a, own = assessment_get(actor=civil_user, year=2027)
    assert [s.unit.code for s in own] == ["510000-civil_affairs"]
    _a, own = assessment_get(actor=chengdu_user, year=2027)
    assert [s.region.code for s in own] == ["510100"]
    luzhou = year_2027.subjects.get(region__code="510500")
    with pytest.raises(NotFound):
        subject_get(actor=chengdu_user, year=2027, subject_id=luzhou.pk)
    assert not assessment_list(actor=county_user).exists()
    _a, everyone = assessment_get(actor=finance_user, year=2027)
    assert len(everyone) == year_2027.subjects.count()

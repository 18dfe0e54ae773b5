"""The reform's figures against hand computation on a few projects.

蒲江县 (510131): P1 in township A won by a provider of township A (28,000), accepted
and graded 优; P2 in township A2 won by a 泸县 provider (20,000), accepted, not
evaluated; P3 approved only; P4 a draft. 泸县: P5 won locally (10,000). Every
project's budget is 30,000.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from goumai.catalog.models import CountyCatalogEntry
from goumai.contracts.services import milestone_accept, payment_record
from goumai.contracts.tests.factories import START, sign
from goumai.disclosure.services import publish
from goumai.evaluation.tests.factories import mark_evaluated
from goumai.indicators.figures import figures, share
from goumai.procurement.tests.factories import approved_project, awarded_project
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project
from goumai.providers.tests.factories import provider
from goumai.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]
PUJIANG = "/510000/510100/510131/"
LUXIAN = "/510000/510500/510521/"
DAY = date(2028, 6, 1)  # every approval, acceptance and evaluation happens on it


def _perform_and_accept(clerk, project, amount):
    contract = sign(
        clerk,
        project,
        amount=amount,
        milestones=[{"name": "全年服务", "due_date": date(2027, 12, 31), "amount": amount}],
    )
    project_transition(
        actor=clerk, project=Project.objects.get(pk=project.pk), action="start_performance"
    )
    for milestone in contract.milestones.all():
        milestone_accept(actor=clerk, milestone=milestone, accepted_on=milestone.due_date)
        payment_record(
            actor=clerk, milestone=milestone, amount=milestone.amount, paid_on=date(2028, 1, 5)
        )
    return project_transition(
        actor=clerk, project=Project.objects.get(pk=project.pk), action="accept"
    )


@pytest.fixture
def projects(make_user, township_a, township_a2, township_b):
    clerk_a = make_user(f"{township_a.code}-government")
    clerk_a2 = make_user(f"{township_a2.code}-government")
    clerk_b = make_user(f"{township_b.code}-government")
    approver_a = make_user("510131-finance", roles=("approver",))
    approver_b = make_user("510521-finance", roles=("approver",))
    local_a = provider("蒲江本地", region=township_a)
    outsider = provider("泸县机构", region=township_b)
    p1 = awarded_project(clerk_a, township_a, approver_a, provider=local_a, bid_amount="28000")
    p1 = _perform_and_accept(clerk_a, p1, "28000.00")
    p1 = mark_evaluated(clerk_a, p1, score="92.00", grade="excellent")
    p2 = awarded_project(clerk_a2, township_a2, approver_a, provider=outsider, bid_amount="20000")
    p2 = _perform_and_accept(clerk_a2, p2, "20000.00")
    p3 = approved_project(clerk_a, township_a, approver_a)
    p4 = draft_project(clerk_a, township_a)
    p5 = awarded_project(
        clerk_b, township_b, approver_b, provider=provider("泸县本地", region=township_b)
    )
    sign(
        clerk_b,
        p5,
        amount="10000.00",
        milestones=[{"name": "全年服务", "due_date": date(2027, 12, 31), "amount": "10000.00"}],
    )
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "a": clerk_a, "a2": clerk_a2}


def test_share_is_none_without_a_denominator_and_rounds_to_a_tenth():
    assert share(0, 0) is None
    assert share(1, 3) == Decimal("33.3")
    assert share(2, 3) == Decimal("66.7")
    assert share(5, 5) == Decimal("100.0")


def test_money_evaluation_and_local_share_by_county(projects):
    by_county = figures(year=2027, within="/510000/", length=22, as_of=DAY)
    pujiang, luxian = by_county[PUJIANG], by_county[LUXIAN]
    assert pujiang.projects == 3  # the draft is not counted
    assert pujiang.budget == Decimal("90000.00")
    assert pujiang.contracted == Decimal("48000.00")
    assert pujiang.local_contracted == Decimal("28000.00")
    assert pujiang.local_share == Decimal("58.3")  # 28,000 / 48,000
    assert (pujiang.accepted, pujiang.evaluated) == (2, 1)
    assert pujiang.evaluation_coverage == Decimal("50.0")
    assert (pujiang.finished_evaluations, pujiang.good_evaluations) == (1, 1)
    assert pujiang.good_share == Decimal("100.0")
    assert pujiang.grades == {"excellent": 1}
    assert luxian.projects == 1 and luxian.contracted == Decimal("10000.00")
    assert luxian.local_share == Decimal("100.0")
    assert luxian.evaluation_coverage is None  # nothing accepted: no data, not 0


def test_one_place_by_default_and_other_years_and_sectors_are_empty(projects):
    (only,) = figures(year=2027, within=PUJIANG, as_of=DAY).values()
    assert only.projects == 3
    assert figures(year=2026, within=PUJIANG, as_of=DAY).get(PUJIANG) is None or (
        figures(year=2026, within=PUJIANG, as_of=DAY)[PUJIANG].projects == 0
    )
    education = figures(year=2027, within=PUJIANG, sector="education", as_of=DAY)[PUJIANG]
    assert (education.projects, education.contracted) == (0, Decimal("0.00"))
    civil = figures(year=2027, within=PUJIANG, sector="civil_affairs", as_of=DAY)[PUJIANG]
    assert civil.projects == 3


def _publish(time_machine, actor, project, stage, day):
    time_machine.move_to(datetime.combine(day, time(10), ZoneInfo("Asia/Shanghai")))
    publish(actor=actor, project=Project.objects.get(pk=project.pk), stage=stage)


def test_disclosure_completeness_and_timeliness(projects, settings, time_machine):
    """Due on START, 2027-03-01 (plan, notice, award, contract) or on DAY (acceptance,
    evaluation): P1 6 stages, P2 5, P3 1 = 12. 20 days after START is a Sunday, so the
    period runs to Monday 22 March: P1's plan published that day is on time, P2's on
    the 24th is late."""
    settings.GOUMAI_DISCLOSURE_DAYS = 20
    _publish(time_machine, projects["a"], projects["p1"], "plan", START + timedelta(days=21))
    _publish(time_machine, projects["a2"], projects["p2"], "plan", START + timedelta(days=23))
    later = figures(year=2027, within=PUJIANG, as_of=DAY + timedelta(days=30))[PUJIANG]
    assert (later.stages_due, later.stages_published, later.stages_on_time) == (12, 2, 1)
    assert later.disclosure_completeness == Decimal("16.7")
    assert later.disclosure_timeliness == Decimal("8.3")
    # exactly 20 days after DAY nothing due on DAY counts yet; the 2027 stages do
    boundary = figures(year=2027, within=PUJIANG, as_of=DAY + timedelta(days=20))[PUJIANG]
    assert boundary.stages_due == 9
    day21 = figures(year=2027, within=PUJIANG, as_of=DAY + timedelta(days=21))[PUJIANG]
    assert (day21.stages_due, day21.stages_published, day21.stages_on_time) == (12, 2, 1)
    # a publication after as_of is not yet published: on 23 March P2's is still to come
    on_the_23rd = figures(year=2027, within=PUJIANG, as_of=START + timedelta(days=22))
    assert on_the_23rd[PUJIANG].stages_published == 1


def test_catalog_coverage_counts_counties_with_an_active_entry(projects):
    dayi = Region.objects.get(code="510129")
    assert not CountyCatalogEntry.objects.filter(county=dayi).exists()
    by_county = figures(year=2027, within="/510000/510100/", length=22, as_of=DAY)
    assert by_county[PUJIANG].catalog_coverage == Decimal("100.0")
    assert by_county[dayi.path].catalog_coverage == Decimal("0.0")
    chengdu = figures(year=2027, within="/510000/510100/", as_of=DAY)["/510000/510100/"]
    counties = Region.objects.filter(parent__code="510100", is_active=True).count()
    assert (chengdu.counties, chengdu.counties_with_catalog) == (counties, 1)
    CountyCatalogEntry.objects.filter(county__code="510131").update(is_active=False)
    assert figures(year=2027, within=PUJIANG, as_of=DAY)[PUJIANG].catalog_coverage == Decimal("0.0")


def test_queries_do_not_grow_with_the_projects(projects, django_assert_max_num_queries):
    # 14, and one a year of the legal calendar the disclosure periods end in (2027, 2028)
    with django_assert_max_num_queries(16):
        figures(year=2027, within="/510000/", length=22, as_of=DAY)


def test_figures_of_places_add_up(projects):
    by_county = figures(year=2027, within="/510000/", length=22, as_of=DAY)
    both = figures(year=2027, within="/510000/", length=22, as_of=DAY)[PUJIANG].add(
        by_county[LUXIAN]
    )
    assert both.projects == 4 and both.contracted == Decimal("58000.00")
    assert both.local_share == Decimal("65.5")  # (28,000 + 10,000) / 58,000
    assert both.grades == {"excellent": 1}
    province = figures(year=2027, within="/510000/", as_of=DAY)["/510000/"]
    cities = list(figures(year=2027, within="/510000/", length=15, as_of=DAY).values())
    added = cities[0]
    for city in cities[1:]:
        added = added.add(city)
    assert added.as_dict() == province.as_dict()


def test_local_means_the_projects_own_county_not_its_city(projects):
    """P2's provider moves to a township of 大邑县, also in 成都: still not local to 蒲江县."""
    from goumai.contracts.models import Contract
    from goumai.providers.models import Provider

    dayi_town = Region.objects.filter(parent__code="510129").first()
    provider_id = Contract.objects.get(project=projects["p2"]).provider_id
    Provider.objects.filter(pk=provider_id).update(region=dayi_town)
    pujiang = figures(year=2027, within=PUJIANG, as_of=DAY)[PUJIANG]
    assert pujiang.local_share == Decimal("58.3")

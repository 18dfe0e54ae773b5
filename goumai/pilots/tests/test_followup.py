# ruff: noqa: F811 — pytest fixtures imported from another test module
"""After the selection: the published list, targets against the platform's figures,
and 容错纠错 cases, each read through the jurisdiction."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from goumai.audit.models import AuditEntry
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.pilots import followup
from goumai.pilots.models import Pilot, ToleranceCase
from goumai.pilots.reviewing import review_submit, selection_run
from goumai.pilots.selection import Rules
from goumai.pilots.tests.test_reviewing import CST, scores, setting  # noqa: F401 — a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(setting):  # noqa: F811
    review_submit(
        actor=setting["reviewers"][0], application=setting["application"], scores=scores(80, 90, 70)
    )
    rules = Rules(minimum=1, maximum=1, regions=frozenset())
    return selection_run(actor=setting["finance"], call=setting["call"], rules=rules)


@pytest.fixture
def pilot(setting, run):  # noqa: F811
    followup.selection_publish(actor=setting["finance"], run=run)
    return Pilot.objects.get()


def test_publishing_makes_the_pilots_once(setting, run, make_user, time_machine):  # noqa: F811
    with pytest.raises(PermissionDenied):
        followup.selection_publish(actor=setting["reviewers"][0], run=run)
    impossible = selection_run(
        actor=setting["finance"], call=setting["call"], rules=Rules(minimum=2, maximum=2)
    )
    with pytest.raises(DomainError) as infeasible:
        followup.selection_publish(actor=setting["finance"], run=impossible)
    assert infeasible.value.code == "run_infeasible"
    time_machine.move_to(datetime(2027, 2, 28, 16, 59, tzinfo=CST))  # before the deadline
    with pytest.raises(DomainError) as early:
        followup.selection_publish(actor=setting["finance"], run=run)
    assert early.value.code == "call_still_open"
    assert not Pilot.objects.exists()
    time_machine.move_to(datetime(2027, 2, 28, 17, 0, tzinfo=CST))  # exactly at the deadline
    call = followup.selection_publish(actor=setting["finance"], run=run)
    assert call.published_run_id == run.pk and call.published_at is not None
    (made,) = Pilot.objects.all()
    assert made.county.code == "510131" and made.score == Decimal("81.00")
    with pytest.raises(DomainError) as twice:
        followup.selection_publish(actor=setting["finance"], run=run)
    assert twice.value.code == "already_published"


def test_targets_are_checked_and_compared_with_the_data(setting, pilot):
    finance = setting["finance"]
    for indicator, target, field in (
        ("local_share", "100.5", "target"),
        ("local_share", "-1", "target"),
        ("projects", "x", "target"),
        ("nonsense", "5", "indicator"),
        ("local_share", "50.123", "target"),
    ):
        with pytest.raises(DomainError) as bad:
            followup.target_set(
                actor=finance, pilot=pilot, year=2027, indicator=indicator, target=target
            )
        assert field in bad.value.fields
    followup.target_set(actor=finance, pilot=pilot, year=2027, indicator="projects", target="0")
    followup.target_set(actor=finance, pilot=pilot, year=2027, indicator="local_share", target="60")
    again = followup.target_set(
        actor=finance, pilot=pilot, year=2027, indicator="local_share", target="70"
    )
    assert again.target == Decimal("70") and pilot.targets.count() == 2
    rows = {r["target"].indicator: r for r in followup.progress(pilot, 2027)}
    # no project in 蒲江县 in this test: 0 projects meets a target of 0 exactly; the
    # local share has no data, so it is neither met nor missed
    assert (rows["projects"]["actual"], rows["projects"]["met"]) == (0, True)
    assert (rows["local_share"]["actual"], rows["local_share"]["met"]) == (None, None)
    with pytest.raises(PermissionDenied):
        followup.target_set(
            actor=setting["reviewers"][0], pilot=pilot, year=2027, indicator="projects", target="1"
        )


def _case(actor, pilot, **changes):
    values = dict(
        title="采购程序瑕疵",
        happened_on=date(2027, 2, 1),
        what_happened="询价时仅两家报价",
        assessment="属于探索中的失误，未造成损失",
        decision="exempt",
        decided_by="四川省财政厅",
        decided_on=date(2027, 2, 20),
    )
    values.update(changes)
    return followup.tolerance_record(actor=actor, pilot=pilot, **values)


def test_tolerance_cases_are_complete_and_audited(setting, pilot):
    finance = setting["finance"]
    for changes, field in (
        ({"assessment": " "}, "assessment"),
        ({"decision": "maybe"}, "decision"),
        ({"decided_on": date(2027, 1, 31)}, "decided_on"),  # before it happened
        ({"happened_on": date(2027, 3, 2), "decided_on": date(2027, 3, 2)}, "happened_on"),
    ):
        with pytest.raises(DomainError) as bad:
            _case(finance, pilot, **changes)
        assert field in bad.value.fields
    assert not ToleranceCase.objects.exists()
    entries = AuditEntry.objects.count()
    same_day = _case(finance, pilot, decided_on=date(2027, 2, 1))  # decided the day it happened
    assert same_day.recorded_by == finance.username
    assert AuditEntry.objects.count() == entries + 1
    with pytest.raises(PermissionDenied):
        _case(setting["reviewers"][1], pilot)


def test_who_sees_a_pilot(setting, pilot, make_user):
    county = make_user("510131-government")
    chengdu = make_user("510100-finance")
    other_county = make_user("510521-government")
    assert followup.pilot_get(actor=county, pilot_id=pilot.pk) == pilot
    assert followup.pilot_get(actor=chengdu, pilot_id=pilot.pk) == pilot
    for outsider in (other_county, make_user("510500-finance")):
        with pytest.raises(NotFound):
            followup.pilot_get(actor=outsider, pilot_id=pilot.pk)
        assert not followup.pilot_list(actor=outsider).exists()

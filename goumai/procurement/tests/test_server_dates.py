"""The server's clock decides: a date typed for a paper step is never in the future,
never before the step it follows, and long ago only with a recorded reason; whether a
provider may be invited or awarded is decided on the server's date, whatever date is
typed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from goumai.contracts.tests.factories import START
from goumai.core.errors import DomainError
from goumai.procurement.models import Award, Invitation, Procurement
from goumai.procurement.services import (
    award_make,
    bid_record,
    procurement_invite,
    procurement_start,
)
from goumai.procurement.tests.factories import approved_project
from goumai.projects.models import Project
from goumai.providers.models import PerformanceRecord
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db
APPROVED = date(2027, 2, 1)
ANNOUNCED = date(2027, 2, 5)
BAR_DAY = date(2027, 2, 20)  # a 差 grade, after the typed dates below, before today
TODAY = START  # the tests' clock: 2027-03-01 in Beijing


@pytest.fixture
def approver(make_user):
    return make_user("510131-finance", roles=("approver",))


def procuring(clerk, township, approver, method="open_tender") -> Procurement:
    project = approved_project(clerk, township, approver, on=APPROVED)
    return procurement_start(
        actor=clerk,
        project=project,
        method=method,
        announced_on=ANNOUNCED,
        deadline=date(2027, 2, 26),
    )


def bar(firm, procurement):
    """A 差 grade on BAR_DAY for the same service in the purchaser's county."""
    project = procurement.project
    PerformanceRecord.objects.create(
        provider=firm,
        catalog_item=project.catalog_entry.item,
        county=project.purchaser.region.parent,
        purchaser_name="另一乡镇",
        project_code="2026-OTHER-0001",
        fiscal_year=2026,
        evaluated_on=BAR_DAY,
        score=Decimal("55.00"),
        grade="poor",
    )


def test_a_barred_provider_is_refused_at_award_whatever_date_is_typed(
    town_user, township_a, approver
):
    procurement = procuring(town_user, township_a, approver)
    firm = provider("曾被评为差的机构")
    bid = bid_record(
        actor=town_user,
        procurement=procurement,
        provider=firm,
        amount="20000",
        submitted_on=ANNOUNCED,
    )
    bar(firm, procurement)
    with pytest.raises(DomainError) as caught:
        # typed before the grade existed: the bar is checked on the server's date
        award_make(
            actor=town_user,
            procurement=procurement,
            bid=bid,
            reasons="价格最低",
            awarded_on=BAR_DAY - timedelta(days=5),
        )
    assert caught.value.code == "provider_ineligible" and "绩效评价为“差”" in caught.value.message
    assert not Award.objects.exists()
    assert Project.objects.get(pk=procurement.project_id).status == "procuring"


def test_a_barred_provider_is_refused_at_invitation_whatever_date_is_typed(
    town_user, township_a, approver
):
    procurement = procuring(town_user, township_a, approver, method="invited_tender")
    firm = provider("曾被评为差的机构")
    bar(firm, procurement)
    with pytest.raises(DomainError) as caught:
        procurement_invite(
            actor=town_user, procurement=procurement, provider=firm, invited_on=ANNOUNCED
        )
    assert caught.value.code == "provider_ineligible"
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("awarded_on", "words"),
    [
        (ANNOUNCED + timedelta(days=1), "不能早于最后一份报价的提交日期（2027-02-10）"),
        (TODAY + timedelta(days=1), "不能晚于今天（2027-03-01）"),
    ],
)
def test_an_award_dated_before_the_bids_or_after_today_is_refused(
    town_user, township_a, approver, awarded_on, words
):
    procurement = procuring(town_user, township_a, approver)
    bid = bid_record(
        actor=town_user,
        procurement=procurement,
        provider=provider(),
        amount="20000",
        submitted_on=date(2027, 2, 10),
    )
    with pytest.raises(DomainError) as caught:
        award_make(
            actor=town_user,
            procurement=procurement,
            bid=bid,
            reasons="价格最低",
            awarded_on=awarded_on,
        )
    assert words in caught.value.fields["awarded_on"][0]
    assert not Award.objects.exists()
    # the last bid's own day and today are both allowed
    made = award_make(
        actor=town_user, procurement=procurement, bid=bid, reasons="价格最低", awarded_on=TODAY
    )
    assert made.awarded_on == TODAY


def test_a_bid_before_the_announcement_and_an_invitation_before_it_are_refused(
    town_user, township_a, approver
):
    procurement = procuring(town_user, township_a, approver, method="invited_tender")
    firm = provider()
    with pytest.raises(DomainError) as early:
        procurement_invite(
            actor=town_user,
            procurement=procurement,
            provider=firm,
            invited_on=ANNOUNCED - timedelta(days=1),
        )
    assert "不能早于采购公告日期（2027-02-05）" in early.value.fields["invited_on"][0]
    procurement_invite(
        actor=town_user, procurement=procurement, provider=firm, invited_on=date(2027, 2, 7)
    )
    with pytest.raises(DomainError) as before_invitation:
        bid_record(
            actor=town_user,
            procurement=procurement,
            provider=firm,
            amount="20000",
            submitted_on=date(2027, 2, 6),
        )
    assert "不能早于邀请日期（2027-02-07）" in before_invitation.value.fields["submitted_on"][0]


def test_a_date_long_ago_needs_a_reason_from_the_day_after_the_limit(
    settings, town_user, township_a, approver
):
    settings.GOUMAI_BACKDATE_DAYS = 30
    project = approved_project(town_user, township_a, approver, on=date(2027, 1, 1))
    limit = TODAY - timedelta(days=30)  # 2027-01-30: exactly 30 days back
    with pytest.raises(DomainError) as caught:
        procurement_start(
            actor=town_user,
            project=project,
            method="single_source",
            announced_on=limit - timedelta(days=1),
            single_source_justification="本村唯一具备资质的服务组织，经公示无异议，只能由其承接。",
        )
    assert "补录 30 天以前的日期须说明理由" in caught.value.fields["late_reason"][0]
    assert not Procurement.objects.exists()
    made = procurement_start(
        actor=town_user,
        project=project,
        method="single_source",
        announced_on=limit - timedelta(days=1),
        single_source_justification="本村唯一具备资质的服务组织，经公示无异议，只能由其承接。",
        late_reason="线下已完成的采购，系统上线后补录",
    )
    assert made.late_reason == "线下已完成的采购，系统上线后补录"


def test_exactly_the_limit_needs_no_reason(settings, town_user, township_a, approver):
    settings.GOUMAI_BACKDATE_DAYS = 30
    project = approved_project(town_user, township_a, approver, on=date(2027, 1, 1))
    made = procurement_start(
        actor=town_user,
        project=project,
        method="single_source",
        announced_on=TODAY - timedelta(days=30),
        single_source_justification="本村唯一具备资质的服务组织，经公示无异议，只能由其承接。",
    )
    assert made.late_reason == ""

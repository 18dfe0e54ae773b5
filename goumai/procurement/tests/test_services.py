from datetime import date
from decimal import Decimal

import pytest

from goumai.core.errors import DomainError
from goumai.procurement.models import Procurement
from goumai.procurement.services import (
    award_make,
    bid_disqualify,
    bid_record,
    procurement_invite,
    procurement_start,
)
from goumai.projects.models import Project
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db
DAY = date(2027, 3, 1)


def test_open_procurement_to_award(town_user, approved):
    procurement = procurement_start(
        actor=town_user,
        project=approved,
        method="competitive_consultation",
        announced_on=DAY,
        deadline=date(2027, 3, 11),
    )
    assert Project.objects.get(pk=approved.pk).status == "procuring"
    a, b = provider("甲社工中心"), provider("乙养老公司", kind="enterprise")
    for p in (a, b):
        procurement_invite(actor=town_user, procurement=procurement, provider=p, invited_on=DAY)
    cheap = bid_record(
        actor=town_user,
        procurement=procurement,
        provider=a,
        amount="28000",
        submitted_on=DAY,
        technical_score="85",
    )
    bid_record(
        actor=town_user, procurement=procurement, provider=b, amount="29500.5", submitted_on=DAY
    )
    award = award_make(
        actor=town_user, procurement=procurement, bid=cheap, reasons="综合得分最高", awarded_on=DAY
    )
    assert (award.provider, award.amount) == (a, Decimal("28000.00"))


def test_small_purchase_only_below_the_threshold(town_user, approved, settings):
    settings.GOUMAI_SMALL_PURCHASE_THRESHOLD = "30000.00"
    with pytest.raises(DomainError) as caught:
        procurement_start(
            actor=town_user, project=approved, method="small_purchase", announced_on=DAY
        )
    assert "达到分散采购限额标准 30,000.00 元" in caught.value.fields["method"][0]
    assert (
        Project.objects.get(pk=approved.pk).status == "approved"
        and not Procurement.objects.exists()
    )
    settings.GOUMAI_SMALL_PURCHASE_THRESHOLD = "30000.01"
    procurement_start(actor=town_user, project=approved, method="small_purchase", announced_on=DAY)


def test_single_source_needs_a_justification_and_one_provider(town_user, approved):
    with pytest.raises(DomainError) as caught:
        procurement_start(
            actor=town_user, project=approved, method="single_source", announced_on=DAY
        )
    assert "single_source_justification" in caught.value.fields
    procurement = procurement_start(
        actor=town_user,
        project=approved,
        method="single_source",
        announced_on=DAY,
        single_source_justification="该服务只能由本村村民委员会提供，因涉及村内自治事务且无其他承接主体。",
    )
    procurement_invite(
        actor=town_user,
        procurement=procurement,
        provider=provider("村委会", "village_committee"),
        invited_on=DAY,
    )
    with pytest.raises(DomainError) as caught:
        procurement_invite(
            actor=town_user, procurement=procurement, provider=provider("别家"), invited_on=DAY
        )
    assert caught.value.code == "single_source_one_provider"


def test_invited_methods_refuse_uninvited_bidders(town_user, approved):
    procurement = procurement_start(
        actor=town_user,
        project=approved,
        method="invited_tender",
        announced_on=DAY,
        deadline=date(2027, 4, 1),
    )
    with pytest.raises(DomainError) as caught:
        bid_record(
            actor=town_user,
            procurement=procurement,
            provider=provider("不请自来"),
            amount="1000",
            submitted_on=DAY,
        )
    assert "未受邀" in caught.value.fields["provider"][0]


def test_award_rules(town_user, approved):
    procurement = procurement_start(
        actor=town_user,
        project=approved,
        method="open_tender",
        announced_on=DAY,
        deadline=date(2027, 4, 1),
    )
    too_dear = bid_record(
        actor=town_user,
        procurement=procurement,
        provider=provider("贵"),
        amount="30000.01",
        submitted_on=DAY,
    )
    with pytest.raises(DomainError) as caught:
        award_make(
            actor=town_user, procurement=procurement, bid=too_dear, reasons="x", awarded_on=DAY
        )
    assert (
        caught.value.code == "award_exceeds_budget"
        and "超过项目预算 30,000.00 元" in caught.value.message
    )
    bad = bid_record(
        actor=town_user,
        procurement=procurement,
        provider=provider("废标"),
        amount="100",
        submitted_on=DAY,
    )
    bid_disqualify(actor=town_user, bid=bad, reason="资格文件不全")
    with pytest.raises(DomainError) as caught:
        award_make(
            actor=town_user, procurement=procurement, bid=bad, reasons="最低价", awarded_on=DAY
        )
    assert caught.value.code == "bid_disqualified"
    good = bid_record(
        actor=town_user,
        procurement=procurement,
        provider=provider("好"),
        amount="200",
        submitted_on=DAY,
    )
    with pytest.raises(DomainError) as caught:
        award_make(actor=town_user, procurement=procurement, bid=good, reasons=" ", awarded_on=DAY)
    assert caught.value.code == "reasons_required"


def test_someone_else_cannot_run_the_procurement(approved, make_user, township_a2, county_user):
    neighbour = make_user(f"{township_a2.code}-government")
    for actor in (neighbour, county_user):
        with pytest.raises(Exception) as caught:
            procurement_start(
                actor=actor,
                project=approved,
                method="open_tender",
                announced_on=DAY,
                deadline=date(2027, 4, 1),
            )
        assert getattr(caught.value, "code", "") == "permission_denied"

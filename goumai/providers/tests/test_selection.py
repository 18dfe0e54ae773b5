from datetime import date
from decimal import Decimal

import pytest

from goumai.core.errors import DomainError
from goumai.procurement.models import Award
from goumai.procurement.services import award_make, bid_record, procurement_start
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project
from goumai.providers.models import CreditRecord
from goumai.providers.selection import rank_bids
from goumai.providers.tests.factories import provider
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db
DAY = date(2027, 3, 1)


@pytest.fixture
def procurement(town_user, township_a, make_user):
    approver = make_user("510131-finance", roles=("approver",))
    project = draft_project(town_user, township_a)
    project_transition(actor=town_user, project=project, action="submit")
    project = project_transition(
        actor=approver, project=Project.objects.get(pk=project.pk), action="approve"
    )
    return procurement_start(
        actor=town_user,
        project=project,
        method="open_tender",
        announced_on=DAY,
        deadline=date(2027, 4, 1),
    )


def bid(user, proc, name, amount, score, region=None):
    return bid_record(
        actor=user,
        procurement=proc,
        provider=provider(name, region=region),
        amount=amount,
        submitted_on=DAY,
        technical_score=score,
    )


def test_every_score_shows_its_parts(town_user, procurement, township_a):
    local = bid(town_user, procurement, "本乡服务社", "25000", "80", region=township_a)
    outsider = bid(
        town_user,
        procurement,
        "外县公司",
        "20000",
        "85",
        region=Region.objects.get(code="510521100"),
    )
    banned = bid(town_user, procurement, "失信公司", "10000", "99")
    CreditRecord.objects.create(
        provider=banned.provider, kind="blacklist", source="信用中国", recorded_on=date(2026, 1, 1)
    )
    ranking = rank_bids(procurement, on=DAY)
    first, second, excluded = ranking
    assert first.bid == outsider and (first.price, first.technical, first.local_bonus) == (
        Decimal("30.00"),
        Decimal("51.00"),
        Decimal("0"),
    )
    # no evaluation yet: 6.00 for past performance, said so
    assert first.total == Decimal("87.00") and first.performance == Decimal("6.00")
    assert first.performance_note == "无近三年评价记录，按 60 分计"
    assert second.bid == local and (second.price, second.technical, second.local_bonus) == (
        Decimal("24.00"),
        Decimal("48.00"),
        Decimal("2"),
    )
    assert second.total == Decimal("80.00")
    assert (
        excluded.bid == banned
        and excluded.rank is None
        and excluded.ineligible[0].code == "blacklisted"
    )


def test_the_local_bonus_is_configurable_and_capped(town_user, procurement, township_a, settings):
    bid(town_user, procurement, "本乡服务社", "25000", "80", region=township_a)
    settings.GOUMAI_LOCAL_BONUS = "20"
    assert rank_bids(procurement, on=DAY)[0].local_bonus == Decimal(5)


def test_choosing_other_than_the_first_needs_a_written_reason_kept_for_disclosure(
    town_user, procurement, township_a, api_client
):
    bid(town_user, procurement, "外县公司", "20000", "85")
    local = bid(town_user, procurement, "本乡服务社", "25000", "80", region=township_a)
    with pytest.raises(DomainError) as caught:
        award_make(
            actor=town_user,
            procurement=procurement,
            bid=local,
            reasons="本地服务响应快",
            awarded_on=DAY,
        )
    assert caught.value.code == "deviation_reason_required" and "外县公司" in caught.value.message
    assert not Award.objects.exists()
    api = api_client.login(town_user)
    ranking = api.get(
        f"/api/v1/projects/{procurement.project_id}/procurement/ranking", on="2027-03-01"
    ).json()
    assert [r["provider_name"] for r in ranking] == ["外县公司", "本乡服务社"] and ranking[0][
        "performance"
    ] == "6.00"
    response = api.post(
        f"/api/v1/projects/{procurement.project_id}/procurement/award",
        {
            "bid_id": local.pk,
            "reasons": "本地服务响应快",
            "awarded_on": "2027-03-01",
            "deviation_reason": "第一名外县公司无法在 2 小时内上门，本乡服务社可随叫随到。",
        },
    )
    assert response.status_code == 201
    assert "随叫随到" in Award.objects.get().deviation_reason


def test_ranking_does_not_query_per_bid(town_user, procurement, django_assert_max_num_queries):
    for n in range(8):
        bid(town_user, procurement, f"服务社{n}", str(20000 + n * 100), "80")
    with django_assert_max_num_queries(8):
        ranking = rank_bids(procurement, on=DAY)
    assert len(ranking) == 8

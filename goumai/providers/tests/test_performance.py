"""Evaluation records in selection: the ranking's past-performance part and the
bar a 差 puts on the same item in the same county."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from goumai.audit.models import AuditEntry
from goumai.catalog.models import CatalogItem
from goumai.core.errors import DomainError, PermissionDenied
from goumai.procurement.services import award_make
from goumai.providers.eligibility import check_eligibility
from goumai.providers.models import PerformanceRecord
from goumai.providers.performance import (
    can_lift_bar,
    performance_bar_lift,
    performance_points,
    performance_record_add,
)
from goumai.providers.selection import rank_bids
from goumai.providers.tests.factories import provider
from goumai.providers.tests.test_selection import DAY, bid, procurement  # noqa: F401
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


def record(firm, *, score, grade, on, item="010401", county="510131", code=None):
    return PerformanceRecord.objects.create(
        provider=firm,
        catalog_item=CatalogItem.objects.get(code=item),
        county=Region.objects.get(code=county),
        purchaser_name="某镇人民政府",
        project_code=code or f"P-{firm.pk}-{on}-{score}",
        fiscal_year=on.year,
        evaluated_on=on,
        score=D(score),
        grade=grade,
    )


def test_recent_scores_weigh_more():
    firm = provider()
    record(firm, score="92", grade="excellent", on=date(2026, 12, 1))  # last year: ×3
    record(firm, score="70", grade="fair", on=date(2025, 6, 1))  # two years before: ×2
    record(firm, score="50", grade="poor", on=date(2024, 6, 1))  # three: ×1
    record(firm, score="10", grade="poor", on=date(2023, 6, 1))  # older: not counted
    record(firm, score="0", grade="poor", on=date(2027, 3, 2))  # after the day: not counted
    result = performance_points(firm.performance_records.all(), on=DAY)
    # (92×3 + 70×2 + 50×1) / 6 = 466 / 6 = 77.67 → 7.77
    assert result.points == D("7.77")
    assert result.explanation == (
        "2026 年 92.00 分（优）×3，2025 年 70.00 分（中）×2，2024 年 50.00 分（差）×1，"
        "加权平均 77.67 分 × 0.1"
    )
    assert performance_points([], on=DAY).points == D("6.00")


def test_the_ranking_changes_with_grades(town_user, procurement):  # noqa: F811
    good = bid(town_user, procurement, "好评公司", "20000", "80")
    poor = bid(town_user, procurement, "差评公司", "20000", "81")
    before = {s.bid.pk: s for s in rank_bids(procurement, on=DAY)}
    assert before[poor.pk].rank == 1  # better technical score, equal price
    record(good.provider, score="96", grade="excellent", on=date(2026, 5, 1))
    record(poor.provider, score="62", grade="fair", on=date(2026, 5, 1))
    after = {s.bid.pk: s for s in rank_bids(procurement, on=DAY)}
    assert (after[good.pk].performance, after[poor.pk].performance) == (D("9.60"), D("6.20"))
    assert after[good.pk].rank == 1 and after[good.pk].total == D("87.60")


def test_a_poor_grade_bars_the_same_item_in_the_same_county_for_a_year():
    firm = provider()
    item = CatalogItem.objects.get(code="010401")
    county = Region.objects.get(code="510131")
    record(firm, score="55", grade="poor", on=date(2027, 3, 1), code="P-1")
    barred = check_eligibility(firm, item=item, on=date(2027, 3, 1), county=county)
    assert [r.code for r in barred] == ["poor_grade_bar"]
    assert barred[0].message == (
        "2027-03-01 在本县承接同一服务事项的绩效评价为“差”（项目 P-1），"
        "一年内不得承接，除非县级部门书面说明理由解除限制。"
    )
    last_day = check_eligibility(firm, item=item, on=date(2028, 2, 29), county=county)
    assert [r.code for r in last_day] == ["poor_grade_bar"]
    assert check_eligibility(firm, item=item, on=date(2028, 3, 1), county=county) == []
    assert check_eligibility(firm, item=item, on=date(2027, 2, 28), county=county) == []
    other_item = CatalogItem.objects.get(code="010402")
    assert check_eligibility(firm, item=other_item, on=date(2027, 6, 1), county=county) == []
    other_county = Region.objects.get(code="510521")
    assert check_eligibility(firm, item=item, on=date(2027, 6, 1), county=other_county) == []
    fair = provider("中评公司")
    record(fair, score="60", grade="fair", on=date(2027, 3, 1))
    assert check_eligibility(fair, item=item, on=date(2027, 6, 1), county=county) == []


def test_the_bar_stops_an_award_until_a_county_official_lifts_it(
    town_user,
    procurement,  # noqa: F811
    make_user,
    county_user,
):
    barred = bid(town_user, procurement, "差评公司", "20000", "90")
    entry = procurement.project.catalog_entry
    poor = record(
        barred.provider,
        score="40",
        grade="poor",
        on=date(2026, 12, 1),
        item=entry.item.code,
        code="P-OLD",
    )
    with pytest.raises(DomainError) as caught:
        award_make(
            actor=town_user, procurement=procurement, bid=barred, reasons="x", awarded_on=DAY
        )
    assert caught.value.code == "provider_ineligible" and "P-OLD" in caught.value.message
    reason = "该公司已整改，更换了项目负责人并通过县民政局复核，本县暂无其他具备资质的机构。"
    with pytest.raises(PermissionDenied):
        performance_bar_lift(actor=town_user, record=poor, reason=reason)
    clerk_only = make_user("510131-finance", roles=("clerk",))
    with pytest.raises(PermissionDenied):
        performance_bar_lift(actor=clerk_only, record=poor, reason=reason)
    other_county = make_user("510521-finance", roles=("approver",))
    with pytest.raises(PermissionDenied):
        performance_bar_lift(actor=other_county, record=poor, reason=reason)
    with pytest.raises(DomainError) as caught:
        performance_bar_lift(actor=county_user, record=poor, reason="已整改" * 6)  # 18 chars
    assert caught.value.code == "reason_required"
    assert PerformanceRecord.objects.get(pk=poor.pk).override_reason == ""
    lifted = performance_bar_lift(actor=county_user, record=poor, reason="已整改" * 6 + "完毕")
    assert lifted.overridden_by == county_user.username
    award = award_make(
        actor=town_user, procurement=procurement, bid=barred, reasons="综合评分第一", awarded_on=DAY
    )
    assert award.provider_id == barred.provider_id


def test_a_record_counts_from_its_own_day_and_rounds_half_up():
    firm = provider()
    record(firm, score="77.25", grade="fair", on=DAY)
    result = performance_points(firm.performance_records.all(), on=DAY)
    assert result.points == D("7.73")  # 7.725 rounded half up
    other = provider("另一家")
    record(other, score="77", grade="fair", on=date(2026, 6, 1))  # ×3
    record(other, score="77.5", grade="fair", on=date(2024, 6, 1))  # ×1
    # (231 + 77.5) / 4 = 77.125 → shown as 77.13
    assert performance_points(other.performance_records.all(), on=DAY).explanation.endswith(
        "加权平均 77.13 分 × 0.1"
    )


def test_without_a_county_nothing_is_barred():
    firm = provider()
    record(firm, score="40", grade="poor", on=DAY)
    item = CatalogItem.objects.get(code="010401")
    assert check_eligibility(firm, item=item, on=DAY) == []


def test_the_record_keeps_who_was_served_and_who_recorded_it(county_user):
    with transaction.atomic():
        kept = performance_record_add(
            actor=county_user,
            provider=provider(),
            catalog_item=CatalogItem.objects.get(code="010401"),
            county=Region.objects.get(code="510131"),
            purchaser_name="镇" * 101,
            project_code="P-1",
            fiscal_year=2027,
            evaluated_on=DAY,
            score=D("88"),
            grade="good",
        )
    assert kept.purchaser_name == "镇" * 100
    entry = AuditEntry.objects.get(object_type="providers.performancerecord")
    assert entry.actor_label == county_user.username


def test_a_superuser_may_lift_and_an_anonymous_visitor_may_not(make_user):
    poor = record(provider(), score="40", grade="poor", on=DAY)
    assert can_lift_bar(make_user(None, superuser=True), poor)
    assert not can_lift_bar(AnonymousUser(), poor)

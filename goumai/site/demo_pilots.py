"""The demo pilot programme and target assessment: a closed call with applications from
24 counties in all five economic regions, scored by five experts, a stored selection
run published as the pilot list, targets and a 容错纠错 case for the pilots; and the
year's target assessment computed, with the manual indicator scored. Idempotent."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from goumai.accounts.models import User
from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.core.dates import china_today
from goumai.core.roles import Sector
from goumai.pilots import followup
from goumai.pilots.models import Application, PilotCall
from goumai.pilots.reviewing import criteria_set, review_submit, reviewer_assign, selection_run
from goumai.pilots.selection import Rules
from goumai.pilots.services import call_create, call_set_open
from goumai.regions.models import EconomicRegion, Region
from goumai.supervision import assessing
from goumai.supervision.models import Assessment

TITLE = "乡镇政府购买服务改革试点县申报（演示）"
EXPERTS = ["evaluator-demo", "expert-1", "expert-2", "expert-3", "expert-4"]
PER_REGION = {
    "chengdu_plain": 6,
    "south_sichuan": 5,
    "northeast_sichuan": 5,
    "panxi": 4,
    "northwest_sichuan": 4,
}
MUST = ["510131", "510521", "511324"]  # the demo counties apply too
SECTORS = Sector.values


def _counties() -> list[Region]:
    chosen: list[Region] = list(Region.objects.filter(code__in=MUST).order_by("code"))
    for region in EconomicRegion.objects.all():
        have = sum(1 for c in chosen if c.parent.economic_region_id == region.pk)
        more = (
            Region.objects.filter(
                level=Region.Level.COUNTY, is_active=True, parent__economic_region=region
            )
            .exclude(code__in=[c.code for c in chosen])
            .exclude(kind=Region.Kind.DISTRICT)  # townships are in counties, not city districts
            .order_by("parent__code", "code")
        )
        # one or two per 市州, so the per-市州 limit leaves room to choose
        seen: dict[int, int] = {}
        for county in more:
            if have >= PER_REGION.get(region.code, 4):
                break
            if seen.get(county.parent_id, 0) >= 2:
                continue
            seen[county.parent_id] = seen.get(county.parent_id, 0) + 1
            chosen.append(county)
            have += 1
    return chosen


@audited()
def create_demo_pilots(*, today: date | None = None) -> int:
    """Returns the number of applications made (0 when the demo call exists)."""
    if PilotCall.objects.filter(title=TITLE).exists():
        return 0
    finance = User.objects.get(username="sc-finance")
    now = timezone.now()
    call = call_create(actor=finance, title=TITLE, closes_at=now + timedelta(days=1))
    call = call_set_open(actor=finance, call=call, is_open=True)
    criteria_set(
        actor=finance, call=call, criteria=[("基础条件", 30), ("工作方案", 40), ("保障措施", 30)]
    )
    chance = random.Random(2027)  # noqa: S311 — demo figures, not security
    applications = []
    for n, county in enumerate(_counties()):
        towns = list(
            Region.objects.filter(parent=county, is_active=True)
            .exclude(kind=Region.Kind.SUBDISTRICT)
            .order_by("code")[:3]
        )
        for town, merged in zip(towns, (6, 5, 1), strict=False):
            if town.merged_unit_count is None:
                Region.objects.filter(pk=town.pk).update(merged_unit_count=merged)
        application = Application.objects.create(
            call=call,
            county=county,
            status=Application.Status.SUBMITTED,
            sectors=sorted({SECTORS[n % 4], SECTORS[(n * 3 + 1) % 4]}),
            goals=f"{county.name}在合并乡镇全面推行政府购买服务，培育本地承接主体。",
            current_spending=Decimal(chance.randrange(300, 3000) * 1000),
            submitted_at=now,
        )
        application.townships.set(towns)
        applications.append(application)
    audit(actor=None, changes=[created(a) for a in applications])
    before = snapshot(call)  # the call closes: the review begins
    call.closes_at, call.is_open = now - timedelta(days=20), False
    call.save(update_fields=["closes_at", "is_open"])
    audit(actor=None, changes=[updated(call, before)])
    criteria = [c.name for c in call.criteria.all()]
    for username in EXPERTS:
        expert = User.objects.get(username=username)
        reviewer_assign(actor=finance, call=call, reviewer=expert)
        for application in applications:
            base = 60 + int(application.county.code) % 29
            review_submit(
                actor=expert,
                application=application,
                scores={name: min(100, base + chance.randrange(0, 12)) for name in criteria},
            )
    run = selection_run(
        actor=finance,
        call=call,
        rules=Rules(
            minimum=10,
            maximum=12,
            sectors={sector: 2 for sector in SECTORS},
            per_city=2,
            merged_share=Decimal("0.3"),
        ),
    )
    if run.feasible:
        followup.selection_publish(actor=finance, run=run)
        year = (today or china_today()).year
        pilots = list(call.pilots.select_related("county"))
        for pilot in pilots:
            for indicator, target in (
                ("projects", "5"),
                ("local_share", "50"),
                ("evaluation_coverage", "80"),
                ("disclosure_timeliness", "90"),
            ):
                followup.target_set(
                    actor=finance, pilot=pilot, year=year, indicator=indicator, target=target
                )
        day = (today or china_today()) - timedelta(days=40)
        followup.tolerance_record(
            actor=finance,
            pilot=pilots[0],
            title="合并乡镇首次委托村委会承接，验收材料不全",
            happened_on=day,
            what_happened="村委会承接的环境整治服务验收时缺少部分服务记录，已补齐。",
            assessment="属于改革探索中的程序性失误，未造成资金损失，及时纠正。",
            decision="exempt",
            decided_by="四川省财政厅",
            decided_on=day + timedelta(days=10),
        )
    return len(applications)


@audited()
def create_demo_assessment(*, year: int, as_of: date) -> bool:
    """The year's assessment computed from the demo data, the manual indicator scored."""
    if Assessment.objects.filter(year=year).exists():
        return False
    finance = User.objects.get(username="sc-finance")
    made = assessing.assessment_create(actor=finance, year=year, as_of=as_of)
    assessing.assessment_compute(actor=finance, assessment=made)
    manual = made.indicators.get(code="service_share")
    for n, subject in enumerate(made.subjects.order_by("kind", "name")):
        assessing.manual_score(
            actor=finance,
            subject=subject,
            indicator=manual,
            points=str(Decimal(6 + n % 5)),
            evidence="依据年度部门决算和政府购买服务支出统计表核定。",
        )
    return True


@audited()
def create_demo_cases() -> int:
    """Two good cases of 蒲江县: one published on the portal, one awaiting review."""
    from goumai.supervision import cases
    from goumai.supervision.models import GoodCase

    if GoodCase.objects.exists():
        return 0
    writer = User.objects.get(username="county-510131")
    finance = User.objects.get(username="sc-finance")
    county = Region.objects.get(code="510131")
    published = cases.case_save(
        actor=writer,
        region=county,
        sector="civil_affairs",
        title="合并村委会承接居家养老上门服务",
        summary="蒲江县将居家养老上门服务交由合并后的村民委员会承接，按服务人次结算，群众满意度达 95%。",
        body=(
            "一、背景：乡镇和村合并后，服务半径扩大，原有养老服务力量不足。\n\n"
            "二、做法：县财政局统一编制目录，乡镇按片区购买，村委会组织本村志愿者提供上门服务，"
            "按人次和满意度结算。\n\n三、成效：服务覆盖全部合并村，资金全部公开，绩效评价为优。"
        ),
    )
    cases.case_submit(actor=writer, case=published)
    cases.case_review(actor=finance, case=published, publish=True)
    waiting = cases.case_save(
        actor=writer,
        region=Region.objects.filter(parent=county, is_active=True).order_by("code").first(),
        sector="agriculture",
        title="集体经济组织承接农田水利设施管护",
        summary="由村集体经济组织承接小型水利设施日常管护，本地承接占比提高。",
        body="做法与成效待补充数据后完善。",
    )
    cases.case_submit(actor=writer, case=waiting)
    return 2

"""Demo purchases for the demo counties: county catalogs, budget lines, providers and
projects in every status, made through the services (so every gate and audit
entry is real). Idempotent: a township that already has projects is skipped."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count
from stdnum.cn import ric, uscc

from goumai.accounts.models import OrgUnit, User
from goumai.accounts.services import org_unit_set_credit_code, user_create
from goumai.audit.services import audited
from goumai.budgets.services import budget_line_create
from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.catalog.services import county_entry_add_local, county_entry_adopt
from goumai.contracts.services import contract_sign, milestone_accept, payment_record
from goumai.core.dates import CHINA
from goumai.core.errors import DomainError
from goumai.core.rounding import money
from goumai.disclosure.services import due_stages, publish
from goumai.holidays.periods import earliest_deadline
from goumai.procurement.models import Invitation, Procurement
from goumai.procurement.services import (
    award_make,
    bid_record,
    procurement_invite,
    procurement_start,
)
from goumai.projects.models import Project, ProjectEvent
from goumai.projects.services import project_create, project_transition
from goumai.providers.models import Provider
from goumai.providers.services import provider_register, provider_set_services
from goumai.regions.models import Region
from goumai.site.demo_evaluations import evaluate_demo_project

# How far along each demo project goes; one project per status and township.
STAGES = [
    "draft",
    "submitted",
    "approved",
    "procuring",
    "contracted",
    "performing",
    "accepted",
    "evaluated",
    "closed",
    "withdrawn",
    "terminated",
]
SERVICES = [
    "010401",
    "010402",
    "010403",
    "010202",
    "011101",
    "011203",
    "011001",
    "011002",
    "010203",
    "011201",
    "011501",
]
# Every kind of provider the plan names, registered in the county's townships, plus
# two from outside the county, so the cultivation figures have something to compare.
LOCAL_PROVIDERS = [
    ("村民委员会", "village_committee"),
    ("社区居民委员会", "residents_committee"),
    ("股份经济合作联合社", "collective_economic_org"),
    ("集体企业服务公司", "collective_enterprise"),
    ("集体资产管理有限公司", "collective_asset_company"),
    ("供销合作社", "supply_marketing_coop"),
    ("社会工作服务中心", "social_organization"),
    ("农民专业合作社", "farmers_coop"),
    ("物业服务有限公司", "enterprise"),
    ("农业技术服务站", "public_institution"),
]
OUTSIDE_PROVIDERS = [
    ("成都锦城社会工作服务中心", "social_organization"),
    ("四川蜀安物业服务有限公司", "enterprise"),
]
ENTERPRISE_SIZES = {"enterprise": "small", "collective_enterprise": "micro"}
YEAR = 2026
START = date(YEAR, 2, 1)
# The demo records a year of purchases already done: dates lie months back, which the
# services accept only with a reason, and the approvals are dated as they happened.
HISTORY = "演示数据：补录本年度已完成的采购记录"


def _approved_on(project: Project, day: date) -> None:
    """Date the project's events so far (submission, approval) on ``day``, 09:00 in
    China: the demo's history, as if the approval had happened then."""
    ProjectEvent.objects.filter(project=project).update(
        created_at=datetime.combine(day, time(9), tzinfo=CHINA)
    )


def _credit_code(region_code: str, n: int) -> str:
    """A valid 18-character 统一社会信用代码: type, region, organisation code, check digit."""
    body = f"9{'1' if n % 2 else '2'}{region_code}MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def _provider(name: str, kind: str, region: Region, n: int) -> Provider:
    """Registered through the same service and validation as a real provider."""
    admin = User.objects.get(username="admin")
    provider = Provider.objects.filter(credit_code=_credit_code(region.code[:6], n)).first()
    if provider is None:
        provider = provider_register(
            actor=admin,
            name=name,
            kind=kind,
            credit_code=_credit_code(region.code[:6], n),
            region=region,
        )
    if kind in ENTERPRISE_SIZES and not provider.size:
        # an enterprise declares its size (the legal payment period depends on it)
        Provider.objects.filter(pk=provider.pk).update(size=ENTERPRISE_SIZES[kind])
    items = CatalogItem.objects.filter(code__in=SERVICES[: 3 + n % 8])
    if set(provider.catalog_items.values_list("pk", flat=True)) != {i.pk for i in items}:
        provider_set_services(
            actor=admin, provider=provider, sectors=provider.sectors, catalog_items=items
        )
    return provider


def _providers(county: Region) -> list[Provider]:
    """Eligible organisations to invite: local ones of every kind, and two from elsewhere."""
    townships = list(Region.objects.filter(parent=county, is_active=True).order_by("code"))
    providers = [
        _provider(
            # a village committee is named after its village (here: the township's seat)
            f"{townships[n % len(townships)].name[:2]}村{name}"
            if kind == "village_committee"
            else f"{county.name}{townships[n % len(townships)].name[:2]}{name}",
            kind,
            townships[n % len(townships)],
            n,
        )
        for n, (name, kind) in enumerate(LOCAL_PROVIDERS, start=1)
    ]
    outside = Region.objects.get(code="510104003")  # 春熙路街道, 成都市锦江区
    providers += [
        _provider(name, kind, outside, 50 + n) for n, (name, kind) in enumerate(OUTSIDE_PROVIDERS)
    ]
    # An individual with the skills, registered too (invited only where an item allows individuals).
    # born 1996: a birth-place code must have existed then (仪陇县 is 511324 since 1993)
    body = f"{county.code}19960615{int(county.code[-3:]) % 1000:03d}"
    if not Provider.objects.filter(name=f"{county.name}农技员个人").exists():
        provider_register(
            actor=User.objects.get(username="admin"),
            name=f"{county.name}农技员个人",
            kind="individual",
            id_number=body + ric.calc_check_digit(body + "0"),
            region=townships[0],
        )
    return providers


def _county_catalog(county: Region, county_user: User) -> dict[str, CountyCatalogEntry]:
    entries = {}
    for code in SERVICES:
        item = CatalogItem.objects.get(code=code)
        entry = CountyCatalogEntry.objects.filter(county=county, item=item, local_code="").first()
        entries[code] = entry or county_entry_adopt(actor=county_user, county=county, item=item)
    if not CountyCatalogEntry.objects.filter(county=county).exclude(local_code="").exists():
        county_entry_add_local(
            actor=county_user,
            county=county,
            parent_item=CatalogItem.objects.get(code="010401"),
            name="农村老年助餐点运营",
            content="为农村老人提供集中助餐",
            purchase_level="township",
            service_rationale="属于居家养老服务的细化，由承接主体提供餐食服务，不含场地建设。",
        )
    return entries


def _advance(project, stage, clerk, approver, providers, n, evaluation_number=0):
    """Move a draft through the lifecycle up to ``stage``."""
    if stage == "draft":
        return
    if stage == "withdrawn":
        project_transition(
            actor=clerk, project=project, action="withdraw", note="需求调整，本年度暂不实施"
        )
        return
    project = project_transition(actor=clerk, project=project, action="submit")
    if stage == "submitted":
        return
    project = project_transition(actor=approver, project=project, action="approve")
    if stage == "approved":
        return
    method = (
        "competitive_consultation"
        if project.budget_amount >= Decimal("50000")
        else "request_for_quotation"
    )
    announced = START + timedelta(days=10 + n)
    _approved_on(project, announced)
    procurement = procurement_start(
        actor=clerk,
        project=project,
        method=method,
        announced_on=announced,
        deadline=earliest_deadline(method, announced),
        late_reason=HISTORY,
    )
    bids = []
    # A different provider wins each stage, so every kind ends up with contracts.
    turn = n % len(providers)
    for k, provider in enumerate((providers[turn:] + providers[:turn])[:3]):
        procurement_invite(
            actor=clerk,
            procurement=procurement,
            provider=provider,
            invited_on=announced,
            late_reason=HISTORY,
        )
        amount = money(project.budget_amount * Decimal(("0.92", "0.96", "0.99")[k]))
        bids.append(
            bid_record(
                actor=clerk,
                procurement=procurement,
                provider=provider,
                amount=amount,
                submitted_on=announced + timedelta(days=9),
                technical_score=88 - 4 * k,
                late_reason=HISTORY,
            )
        )
    if stage == "procuring":
        return
    award = award_make(
        actor=clerk,
        procurement=procurement,
        bid=bids[0],
        reasons="报价最低且技术评分最高",
        awarded_on=announced + timedelta(days=12),
        late_reason=HISTORY,
    )
    begin = announced + timedelta(days=20)
    half = money(award.amount / 2)
    contract = contract_sign(
        actor=clerk,
        project=project,
        number=f"HT-{project.code}",
        amount=award.amount,
        start_date=begin,
        end_date=date(YEAR, 12, 31),
        signed_on=begin - timedelta(days=3),
        milestones=[
            {"name": "上半年服务", "due_date": date(YEAR, 6, 30), "amount": half},
            {"name": "下半年服务", "due_date": date(YEAR, 11, 15), "amount": award.amount - half},
        ],
        quantity_quality="按服务标准足量提供，服务对象满意率不低于 85%",
        settlement="按履约节点验收后支付",
        liabilities="未达标准的按比例扣减服务费",
        late_reason=HISTORY,
    )
    if stage == "contracted":
        return
    project = project_transition(
        actor=clerk, project=Project.objects.get(pk=project.pk), action="start_performance"
    )
    first, second = contract.milestones.order_by("due_date")
    milestone_accept(
        actor=clerk,
        milestone=first,
        accepted_on=date(YEAR, 7, 5),
        note="服务记录完整",
        late_reason=HISTORY,
    )
    payment_record(
        actor=clerk,
        milestone=first,
        amount=first.amount,
        paid_on=date(YEAR, 7, 20),
        late_reason=HISTORY,
    )
    if stage == "performing":
        return
    if stage == "terminated":
        project_transition(
            actor=clerk,
            project=Project.objects.get(pk=project.pk),
            action="terminate",
            note="承接主体人员不足，经协商解除合同",
        )
        return
    milestone_accept(
        actor=clerk,
        milestone=second,
        accepted_on=date(YEAR, 11, 20),
        note="全年服务验收合格",
        late_reason=HISTORY,
    )
    payment_record(
        actor=clerk,
        milestone=second,
        amount=second.amount,
        paid_on=date(YEAR, 11, 25),
        late_reason=HISTORY,
    )
    project = project_transition(
        actor=clerk, project=Project.objects.get(pk=project.pk), action="accept"
    )
    if stage == "accepted":
        return
    evaluate_demo_project(project, clerk, evaluation_number)
    if stage == "evaluated":
        return
    project_transition(actor=clerk, project=Project.objects.get(pk=project.pk), action="close")


@audited()
def create_demo_purchases(*, county_codes: list[str]) -> int:
    made = 0
    for c, county_code in enumerate(county_codes):
        county = Region.objects.get(code=county_code)
        county_user = User.objects.get(username=f"county-{county_code}")
        entries = _county_catalog(county, county_user)
        providers = _providers(county)
        towns = Region.objects.filter(parent=county, kind=Region.Kind.TOWN).order_by("code")[:2]
        for t, township in enumerate(towns):
            purchaser = OrgUnit.objects.get(code=f"{township.code}-government")
            if Project.objects.filter(purchaser=purchaser).exists():
                continue
            clerk = User.objects.get(username=f"town-{township.code}")
            if t == 0:  # one township per county has recorded its code (OCDS: CN-USCC buyer)
                body = f"11{township.code[:6]}MB{c:03d}{t:04d}"
                org_unit_set_credit_code(
                    actor=User.objects.get(username="admin"),
                    unit=purchaser,
                    credit_code=body + uscc.calc_check_digit(body),
                )
            line = budget_line_create(
                actor=county_user,
                org_unit=purchaser,
                fiscal_year=YEAR,
                code=f"{YEAR}-GMFW-01",
                name="政府购买服务专项经费",
                funding_source="transfer",
                amount=Decimal("1500000.00"),
                catalog_entries=list(entries.values()),
                note="含上级转移支付",
            )
            areas = list(township.service_areas.all())
            for n, stage in enumerate(STAGES):
                entry = entries[SERVICES[n]]
                amount = Decimal(38000 + 9000 * n)
                project = project_create(
                    actor=clerk,
                    purchaser=purchaser,
                    fiscal_year=YEAR,
                    title=f"{township.name}{entry.name}",
                    content=f"{entry.item.content}",
                    budget_amount=amount,
                    catalog_entry=entry,
                    budget_line=line,
                    service_areas=areas[:1],
                    beneficiaries="辖区群众",
                    planned_people=300 + 20 * n,
                    standards="按县级服务标准执行",
                    evaluation_standards="服务数量、质量、时效和群众满意度",
                )
                number = 4 * c + 2 * t + (stage == "closed")
                _advance(project, stage, clerk, county_user, providers, n + 6 * t, number)
                _publish_due(project, clerk, leave_one=(stage == "performing" and t == 1))
                made += 1
            if c == 0 and t == 0:
                # Next year's line, drawn up by the county: the budget list shows the
                # evaluations' advice beside it.
                budget_line_create(
                    actor=county_user,
                    org_unit=purchaser,
                    fiscal_year=YEAR + 1,
                    code=f"{YEAR + 1}-GMFW-01",
                    name="政府购买服务专项经费",
                    funding_source="transfer",
                    amount=Decimal("1500000.00"),
                    catalog_entries=list(entries.values()),
                    note="参考 2026 年度绩效评价结果编制",
                )
    return made


def _publish_due(project: Project, clerk: User, *, leave_one: bool) -> None:
    """Publish every stage the project has reached; one township leaves its latest
    stage unpublished, so the back office shows what is still due."""
    project = Project.objects.get(pk=project.pk)
    due = list(due_stages(project))
    for stage in due[:-1] if leave_one else due:
        publish(actor=clerk, project=project, stage=stage)


def create_demo_provider_accounts(*, password: str, county_codes) -> list[tuple[str, str]]:
    """One provider account per demo county, ``provider-<county code>``, for a
    provider with contracts there — one registered in the county if there is one,
    and a different provider for each county (the first county's prefers one whose
    contract awaits evaluation, so the self-evaluation can be tried); idempotent."""
    made, used = [], set()
    for number, code in enumerate(county_codes):
        county = Region.objects.get(code=code)
        contracts = Project.objects.filter(
            contract__isnull=False, scope_path__startswith=county.path
        ).exclude(contract__provider__in=used)
        if number == 0 and contracts.filter(status=Project.Status.ACCEPTED).exists():
            contracts = contracts.filter(status=Project.Status.ACCEPTED)
        local = contracts.filter(contract__provider__region__path__startswith=county.path)
        ranked = list(
            (local if local.exists() else contracts)
            .values_list("contract__provider", flat=True)
            .annotate(n=Count("id"))
            .order_by("-n", "contract__provider")
        )
        if not ranked:
            continue
        # one that is also invited to a purchase still open shows both sides of the portal
        invited = set(
            Invitation.objects.filter(
                provider__in=ranked,
                procurement__project__status=Project.Status.PROCURING,
                procurement__award__isnull=True,
            ).values_list("provider", flat=True)
        )
        best = next((pk for pk in ranked if pk in invited), ranked[0])
        provider = Provider.objects.get(pk=best)
        if best not in invited:
            _invite_to_an_open_purchase(provider, county)
        used.add(provider.pk)
        username = f"provider-{code}"
        if not User.objects.filter(username=username).exists():
            user_create(
                actor=None,
                username=username,
                password=password,
                org_unit=None,
                roles=["clerk"],
                provider=provider,
                full_name=f"{provider.name}演示账号",
            )
        made.append((username, User.objects.get(username=username).provider.name))
    return made


def _invite_to_an_open_purchase(provider: Provider, county: Region) -> None:
    """Invite ``provider`` (through the service, as the purchaser's clerk) to a purchase
    of ``county`` still open, so that its demo account has an invitation to show."""
    open_ones = Procurement.objects.filter(
        project__status=Project.Status.PROCURING,
        project__scope_path__startswith=county.path,
        award__isnull=True,
    ).exclude(method="single_source")
    for procurement in open_ones.select_related("project__purchaser"):
        clerk = User.objects.filter(org_unit=procurement.project.purchaser).first()
        try:
            procurement_invite(
                actor=clerk,
                procurement=procurement,
                provider=provider,
                invited_on=procurement.announced_on,
                late_reason=HISTORY,
            )
        except DomainError:
            continue
        return

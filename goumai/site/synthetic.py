"""Synthetic purchase data at province scale, for benchmarks and load tests.

Rows are written in bulk, not through the services: a province (3,101 townships ×
30 projects × 3 years ≈ 280,000 projects with procurements, contracts,
milestones and payments) would take hours one audited transaction at a time.
The figures are made consistent by construction — every budget line covers what
its projects reserved and spent, payments equal accepted milestones — and the
database constraints check them on insert. Generated rows are not audited: this
is test data, and ``goumai generate`` refuses to run in production.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from stdnum.cn import uscc

from goumai.accounts.models import OrgUnit
from goumai.budgets.models import BudgetAdvice, BudgetLine
from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.contracts.models import Contract, Milestone, Payment
from goumai.core.dates import china_date
from goumai.core.rounding import money
from goumai.evaluation.models import Evaluation, Framework, LeafScore, Scoring, SurveyAnswer
from goumai.evaluation.services import leaves_of
from goumai.holidays.periods import bid_minimum
from goumai.procurement.models import Award, Bid, Procurement
from goumai.projects.models import ProcurementMethod, Project, ProjectEvent
from goumai.providers.models import Grade, PerformanceRecord, Provider
from goumai.regions.models import Region

S = Project.Status
PAST_YEAR_MIX = [(S.CLOSED, 85), (S.WITHDRAWN, 7), (S.EVALUATED, 5), (S.TERMINATED, 3)]
CURRENT_YEAR_MIX = [
    (S.DRAFT, 8),
    (S.SUBMITTED, 8),
    (S.APPROVED, 8),
    (S.PROCURING, 10),
    (S.CONTRACTED, 10),
    (S.PERFORMING, 30),
    (S.ACCEPTED, 8),
    (S.EVALUATED, 6),
    (S.CLOSED, 6),
    (S.WITHDRAWN, 4),
    (S.TERMINATED, 2),
]
METHOD_MIX = [
    (ProcurementMethod.COMPETITIVE_CONSULTATION, 30),
    (ProcurementMethod.REQUEST_FOR_QUOTATION, 20),
    (ProcurementMethod.OPEN_TENDER, 15),
    (ProcurementMethod.COMPETITIVE_NEGOTIATION, 10),
    (ProcurementMethod.SINGLE_SOURCE, 8),
    (ProcurementMethod.SMALL_PURCHASE, 17),
]
PROVIDER_KINDS = [k for k in Provider.Kind.values if k != Provider.Kind.INDIVIDUAL]
PROCURED = {
    S.PROCURING,
    S.CONTRACTED,
    S.PERFORMING,
    S.ACCEPTED,
    S.EVALUATED,
    S.CLOSED,
    S.TERMINATED,
}
SIGNED = {S.CONTRACTED, S.PERFORMING, S.ACCEPTED, S.EVALUATED, S.CLOSED, S.TERMINATED}
APPROVED_ONWARDS = {S.APPROVED, *PROCURED}
CENT = Decimal("0.01")
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass
class Report:
    townships: int = 0
    projects: int = 0
    contracts: int = 0
    payments: int = 0
    evaluations: int = 0


def _pick(rng: random.Random, mix):
    return rng.choices([value for value, _ in mix], weights=[weight for _, weight in mix])[0]


def _credit_code(rng: random.Random, region_code: str) -> str:
    """A valid 统一社会信用代码: registration type, region, a random body, the check digit."""
    body = f"9{rng.choice('123')}{region_code}" + "".join(
        rng.choice(USCC_ALPHABET) for _ in range(9)
    )
    return body + uscc.calc_check_digit(body)


def generate(
    *,
    townships_per_county: int | None = None,
    projects_per_year: int = 30,
    years: int = 3,
    last_year: int = 2026,
    seed: int = 2026,
    counties: list[str] | None = None,
    part: int = 0,
    parts: int = 1,
    log=print,
) -> Report:
    """Generate for the given counties (all by default). ``part`` of ``parts`` takes
    every ``parts``-th county, so several processes can share the work; each county
    has a random generator of its own, seeded from ``seed`` and its code, so the data
    does not depend on how the work was split."""
    report = Report()
    items = list(CatalogItem.objects.filter(level=3, is_retired=False).order_by("code"))
    county_qs = Region.objects.filter(level=Region.Level.COUNTY, is_active=True).order_by("code")
    if counties:
        county_qs = county_qs.filter(code__in=counties)
    first_year = last_year - years + 1
    for n, county in enumerate(list(county_qs)[part::parts], start=1):
        rng = random.Random(f"{seed}-{county.code}")
        with transaction.atomic():
            _county(
                rng,
                county,
                items,
                townships_per_county,
                projects_per_year,
                first_year,
                last_year,
                report,
            )
        if n % 20 == 0:
            log(f"  {n} 个县已生成，累计项目 {report.projects:,} 个")
    return report


def _county(rng, county, items, townships_per_county, per_year, first_year, last_year, report):
    existing = {
        e.item_id: e for e in CountyCatalogEntry.objects.filter(county=county, local_code="")
    }
    new_entries = [
        CountyCatalogEntry(
            county=county,
            item=item,
            purchase_level=item.purchase_level or "township",
            content=item.content,
            service_rationale=item.service_rationale,
        )
        for item in items
        if item.pk not in existing
    ]
    CountyCatalogEntry.objects.bulk_create(new_entries)
    entries = list(
        CountyCatalogEntry.objects.filter(county=county, local_code="").select_related("item")
    )
    providers = Provider.objects.bulk_create(
        [
            Provider(
                name=f"{county.name}第{i + 1}{Provider.Kind(kind).label}",
                kind=kind,
                credit_code=_credit_code(rng, county.code),
                region=county,
            )
            for i, kind in enumerate(rng.choices(PROVIDER_KINDS, k=6))
        ],
        ignore_conflicts=True,
    )
    providers = list(Provider.objects.filter(region=county)) or providers
    townships = Region.objects.filter(parent=county, is_active=True).order_by("code")
    if townships_per_county:
        townships = townships[:townships_per_county]
    units = {
        u.region_id: u
        for u in OrgUnit.objects.filter(region__in=townships, kind="township_government")
    }
    for township in townships:
        purchaser = units[township.pk]
        report.townships += 1
        for year in range(first_year, last_year + 1):
            _township_year(
                rng, township, purchaser, entries, providers, year, per_year, last_year, report
            )


def _township_year(rng, township, purchaser, entries, providers, year, per_year, last_year, report):
    mix = CURRENT_YEAR_MIX if year == last_year else PAST_YEAR_MIX
    plans = []
    for _ in range(per_year):
        status = _pick(rng, mix)
        budget = Decimal(rng.randrange(200, 3000) * 100)
        contract_amount = (
            money(budget * Decimal(rng.randrange(88, 100)) / 100) if status in SIGNED else None
        )
        paid = Decimal(0)
        if contract_amount is not None:
            half = money(contract_amount / 2)
            paid = {S.CONTRACTED: Decimal(0), S.PERFORMING: half, S.TERMINATED: half}.get(
                status, contract_amount
            )
        if (
            status in (S.WITHDRAWN, S.TERMINATED, S.CLOSED, S.ACCEPTED, S.EVALUATED)
            or status not in APPROVED_ONWARDS
        ):
            reserved = Decimal(0)
        else:
            reserved = (contract_amount if contract_amount is not None else budget) - paid
        plans.append((status, budget, contract_amount, paid, reserved, rng.choice(entries)))
    committed = sum(p[3] + p[4] for p in plans)
    waiting = sum(p[1] for p in plans if p[0] in (S.DRAFT, S.SUBMITTED))
    line = BudgetLine.objects.create(
        org_unit=purchaser,
        fiscal_year=year,
        code=f"{year}-GMFW",
        name="政府购买服务经费",
        funding_source="own",
        amount=money(committed + waiting + Decimal(200000)),
        reserved=sum(p[4] for p in plans),
        spent=sum(p[3] for p in plans),
    )
    line.catalog_entries.set({p[5] for p in plans})
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"{year}-{township.code}-{i + 1:04d}",
                title=f"{township.name}{entry.name}（{year}年第{i + 1}批）",
                purchaser=purchaser,
                fiscal_year=year,
                catalog_entry=entry,
                budget_line=line,
                budget_amount=budget,
                reserved_amount=reserved,
                paid_amount=paid,
                planned_method=_pick(rng, METHOD_MIX),
                content=entry.item.content or entry.name,
                status=status,
                scope_path=township.path,
                sector=entry.item.sector,
                beneficiaries="辖区群众",
            )
            for i, (status, budget, _c, paid, reserved, entry) in enumerate(plans)
        ],
        batch_size=1000,
    )
    ProjectEvent.objects.bulk_create(
        [
            ProjectEvent(
                project=p,
                action="create",
                from_status="",
                to_status=p.status,
                actor_label="generate",
            )
            for p in projects
        ],
        batch_size=2000,
    )
    report.projects += len(projects)
    procured = [(p, plan) for p, plan in zip(projects, plans, strict=True) if plan[0] in PROCURED]
    start = date(year, 3, 1)
    procurements = Procurement.objects.bulk_create(
        [
            Procurement(
                project=p,
                method=p.planned_method,
                announced_on=start,
                deadline=start + timedelta(days=30) if bid_minimum(p.planned_method) else None,
                single_source_justification="仅该承接主体具备本村服务条件，经公示无异议。"
                if p.planned_method == ProcurementMethod.SINGLE_SOURCE
                else "",
            )
            for p, _plan in procured
        ],
        batch_size=1000,
    )
    signed = [
        (proc, p, plan)
        for proc, (p, plan) in zip(procurements, procured, strict=True)
        if plan[2] is not None
    ]
    bids = Bid.objects.bulk_create(
        [
            Bid(
                procurement=proc,
                provider=rng.choice(providers),
                amount=plan[2],
                submitted_on=start + timedelta(days=10),
                technical_score=Decimal(rng.randrange(70, 98)),
            )
            for proc, _p, plan in signed
        ],
        batch_size=1000,
    )
    Award.objects.bulk_create(
        [
            Award(
                procurement=proc,
                bid=bid,
                provider=bid.provider,
                amount=bid.amount,
                reasons="综合评分最高",
                awarded_on=start + timedelta(days=12),
            )
            for (proc, _p, _plan), bid in zip(signed, bids, strict=True)
        ],
        batch_size=1000,
    )
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                project=p,
                provider=bid.provider,
                number=f"HT-{p.code}",
                amount=plan[2],
                start_date=date(year, 4, 1),
                end_date=date(year, 12, 31),
                signed_on=date(year, 3, 25),
            )
            for (_proc, p, plan), bid in zip(signed, bids, strict=True)
        ],
        batch_size=1000,
    )
    report.contracts += len(contracts)
    milestones, accepted = [], []
    for contract, (_proc, _p, plan) in zip(contracts, signed, strict=True):
        half = money(contract.amount / 2)
        first = Milestone(
            contract=contract,
            name="上半年服务",
            due_date=date(contract.start_date.year, 6, 30),
            amount=half,
        )
        second = Milestone(
            contract=contract,
            name="下半年服务",
            due_date=date(contract.start_date.year, 12, 31),
            amount=contract.amount - half,
        )
        milestones += [first, second]
        for milestone in (first, second)[
            : 2 if plan[3] >= contract.amount else 1 if plan[3] > 0 else 0
        ]:
            milestone.accepted_on = milestone.due_date
            accepted.append(milestone)
    Milestone.objects.bulk_create(milestones, batch_size=2000)
    payments = Payment.objects.bulk_create(
        [
            Payment(
                contract=m.contract,
                milestone=m,
                amount=m.amount,
                paid_on=m.accepted_on + timedelta(days=10),
                actor_label="generate",
            )
            for m in accepted
        ],
        batch_size=2000,
    )
    report.payments += len(payments)
    evaluated = [
        (p, contract)
        for contract, (_proc, p, plan) in zip(contracts, signed, strict=True)
        if plan[0] in (S.EVALUATED, S.CLOSED)
    ]
    report.evaluations += _evaluations(rng, township, purchaser, evaluated, year)


# --- evaluations -----------------------------------------------------------------------------

_LEAVES: dict[str, list] = {}
GRADE_SCORES = [
    (Grade.EXCELLENT, 90, 99),
    (Grade.GOOD, 80, 89),
    (Grade.FAIR, 60, 79),
    (Grade.POOR, 40, 59),
]
GRADE_MIX = [(0, 30), (1, 45), (2, 20), (3, 5)]


def _leaves(sector: str):
    if sector not in _LEAVES:
        framework = Framework.objects.get(sector=sector, catalog_item__isnull=True, is_current=True)
        _LEAVES[sector] = (framework, [(i.pk, i.rule) for i, _p in leaves_of(framework)])
    return _LEAVES[sector]


def _evaluations(rng, township, purchaser, evaluated, year) -> int:
    """Finished evaluations of evaluated and closed projects: the self and purchaser
    scorings with the purchaser's leaf scores, survey answers, the provider's record
    and next year's budget advice. One township in ten copies the same scores onto
    every project (what the look-alike flag is for). No evidence files are made, so
    every generated evaluation carries the no-evidence flag."""
    if not evaluated:
        return 0
    clerk = f"town-{township.code}"
    copier = rng.random() < 0.1
    fixed_levels = [rng.randrange(0, 2) for _ in range(20)]
    finished = datetime(year + 1, 1, 20, 10, 0, tzinfo=UTC)
    plans = []
    for project, contract in evaluated:
        band = _pick(rng, GRADE_MIX)
        grade, low, high = GRADE_SCORES[band]
        score = Decimal(rng.randrange(low * 100, high * 100 + 99)) / 100
        plans.append((project, contract, grade, score, band))
    evaluations = Evaluation.objects.bulk_create(
        [
            Evaluation(
                project=project,
                framework=_leaves(project.sector)[0],
                status=Evaluation.Status.FINISHED,
                people_served=rng.randrange(80, 400),
                score=score,
                grade=grade,
                breakdown={"parts": {}, "satisfaction": {}},
                finished_at=finished,
                finished_by=clerk,
            )
            for project, _c, grade, score, _b in plans
        ],
        batch_size=1000,
    )
    scorings = Scoring.objects.bulk_create(
        [
            Scoring(
                evaluation=evaluation,
                part=part,
                total=min(
                    Decimal(100),
                    plan[3] + (Decimal(rng.randrange(0, 800)) / 100 if part == "self" else 0),
                ),
                submitted_at=finished,
                submitted_by=clerk,
                entered_on_paper=part == "self",
            )
            for evaluation, plan in zip(evaluations, plans, strict=True)
            for part in ("self", "purchaser")
        ],
        batch_size=2000,
    )
    leaf_rows = []
    for scoring, (project, _c, _g, _s, band) in zip(scorings[1::2], plans, strict=True):
        for k, (indicator_id, rule) in enumerate(_leaves(project.sector)[1]):
            level = fixed_levels[k] if copier else min(3, max(0, band + rng.randrange(-1, 2)))
            leaf_rows.append(
                LeafScore(
                    scoring=scoring,
                    indicator_id=indicator_id,
                    level=level if rule == "levels" else None,
                    score=Decimal((100, 85, 65, 30)[level]),
                    computed=rule == "formula",
                )
            )
    LeafScore.objects.bulk_create(leaf_rows, batch_size=5000)
    answers = []
    for evaluation, (_p, _c, _g, score, _band) in zip(evaluations, plans, strict=True):
        for _ in range(rng.randrange(8, 30)):
            stars = max(1, min(5, round((float(score) + rng.randrange(-10, 11)) / 20)))
            answers.append(
                SurveyAnswer(
                    evaluation=evaluation,
                    overall=stars,
                    quality=stars,
                    timeliness=stars,
                    attitude=stars,
                    source="paper",
                    answered_on=date(year, 12, 20),
                )
            )
    SurveyAnswer.objects.bulk_create(answers, batch_size=5000)
    county = township.parent
    PerformanceRecord.objects.bulk_create(
        [
            PerformanceRecord(
                provider_id=contract.provider_id,
                catalog_item_id=project.catalog_entry.item_id,
                county=county,
                purchaser_name=purchaser.name,
                project_code=project.code,
                fiscal_year=year,
                evaluated_on=china_date(finished),
                score=score,
                grade=grade,
            )
            for project, contract, grade, score, _b in plans
        ],
        batch_size=2000,
    )
    advice = {
        Grade.EXCELLENT: ("grow", 10),
        Grade.GOOD: ("keep", 0),
        Grade.FAIR: ("cut", 20),
        Grade.POOR: ("stop", 0),
    }
    BudgetAdvice.objects.bulk_create(
        [
            BudgetAdvice(
                org_unit=purchaser,
                catalog_entry=project.catalog_entry,
                for_year=year + 1,
                action=advice[grade][0],
                percent=Decimal(advice[grade][1]),
                grade=grade,
                score=score,
                project_code=project.code,
            )
            for project, _c, grade, score, _b in plans
        ],
        batch_size=2000,
    )
    return len(evaluations)

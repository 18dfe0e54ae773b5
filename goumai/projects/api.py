"""Purchase projects over the API: the whole lifecycle, procurement, contract, payments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from goumai.budgets.selectors import budget_line_get
from goumai.catalog.selectors import county_entry_get
from goumai.contracts import services as contracts
from goumai.core.api import ErrorOut
from goumai.core.errors import NotFound
from goumai.projects import lifecycle, procurement, selectors, services
from goumai.providers.selection import rank_bids
from goumai.providers.selectors import provider_get
from goumai.regions.models import ServiceArea

router = Router(tags=["购买项目"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    purchaser_id: int
    purchaser_name: str
    fiscal_year: int
    status: str
    status_display: str
    catalog_entry_code: str | None
    budget_line_id: int | None
    budget_amount: Decimal
    reserved_amount: Decimal
    paid_amount: Decimal
    planned_method: str
    sector: str | None
    version: int

    @staticmethod
    def resolve_purchaser_name(project) -> str:
        return project.purchaser.name

    @staticmethod
    def resolve_status_display(project) -> str:
        return project.get_status_display()

    @staticmethod
    def resolve_catalog_entry_code(project) -> str | None:
        return project.catalog_entry.code if project.catalog_entry_id else None


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    actor_label: str
    created_at: datetime


class ProjectDetailOut(ProjectOut):
    content: str
    standards: str
    requirements: str
    beneficiaries: str
    evaluation_standards: str
    service_area_ids: list[int]
    allowed_actions: list[str] = []
    events: list[EventOut]

    @staticmethod
    def resolve_service_area_ids(project) -> list[int]:
        return [area.pk for area in project.service_areas.all()]

    @staticmethod
    def resolve_events(project):
        return list(project.events.all())


class ProjectIn(Schema):
    fiscal_year: int
    title: str
    content: str
    budget_amount: Decimal
    catalog_entry_id: int | None = None
    budget_line_id: int | None = None
    service_area_ids: list[int] = []
    planned_method: str = ""
    standards: str = ""
    requirements: str = ""
    beneficiaries: str = ""
    evaluation_standards: str = ""


class ProjectUpdateIn(ProjectIn):
    version: int


class TransitionIn(Schema):
    note: str = ""
    version: int | None = None


class StatusCountOut(Schema):
    status: str
    label: str
    count: int
    budget: Decimal
    paid: Decimal


class ProcurementIn(Schema):
    method: str
    announced_on: date
    deadline: date | None = None
    single_source_justification: str = ""


class InvitationIn(Schema):
    provider_id: int
    invited_on: date


class BidIn(Schema):
    provider_id: int
    amount: Decimal
    submitted_on: date
    technical_score: Decimal | None = None


class DisqualifyIn(Schema):
    reason: str


class AwardIn(Schema):
    bid_id: int
    reasons: str
    awarded_on: date
    deviation_reason: str = ""


class ScoredBidOut(Schema):
    bid_id: int
    provider_id: int
    provider_name: str
    amount: Decimal
    rank: int | None
    price: Decimal
    technical: Decimal
    performance: Decimal | None
    local_bonus: Decimal
    total: Decimal
    ineligible: list[str]


class MilestoneIn(Schema):
    name: str
    due_date: date
    amount: Decimal


class ContractIn(Schema):
    number: str
    amount: Decimal
    start_date: date
    end_date: date
    signed_on: date
    milestones: list[MilestoneIn]
    term_justification: str = ""
    multi_year_conditions: list[str] = []
    quantity_quality: str = ""
    settlement: str = ""
    liabilities: str = ""


class ContractOut(Schema):
    id: int
    number: str
    provider_id: int
    amount: Decimal
    amount_in_words: str
    start_date: date
    end_date: date
    version: int


class AmendmentIn(Schema):
    reason: str
    end_date: date | None = None
    milestone_amounts: dict[int, Decimal] = {}
    term_justification: str | None = None
    multi_year_conditions: list[str] | None = None
    quantity_quality: str | None = None
    settlement: str | None = None
    liabilities: str | None = None


class AcceptIn(Schema):
    accepted_on: date
    note: str = ""


class PaymentIn(Schema):
    milestone_id: int
    amount: Decimal
    paid_on: date
    reference: str = ""


class PaymentOut(Schema):
    id: int
    milestone_id: int
    amount: Decimal
    paid_on: date


class IdOut(Schema):
    id: int


def _detail(request, project_id: int) -> ProjectDetailOut:
    project = selectors.project_get(actor=request.auth, project_id=project_id)
    out = ProjectDetailOut.model_validate(project, from_attributes=True)
    out.allowed_actions = [t.name for t in lifecycle.allowed_transitions(request.auth, project)]
    return out


def _references(request, payload: ProjectIn):
    entry = (
        county_entry_get(actor=request.auth, entry_id=payload.catalog_entry_id)
        if payload.catalog_entry_id
        else None
    )
    line = (
        budget_line_get(actor=request.auth, line_id=payload.budget_line_id)
        if payload.budget_line_id
        else None
    )
    areas = list(ServiceArea.objects.filter(pk__in=payload.service_area_ids))
    texts = {
        f: getattr(payload, f)
        for f in ("standards", "requirements", "beneficiaries", "evaluation_standards")
    }
    return entry, line, areas, texts


@router.get("/projects", response=list[ProjectOut], summary="管辖范围内的购买项目")
@paginate(LimitOffsetPagination)
def list_projects(
    request,
    status: str | None = None,
    fiscal_year: int | None = None,
    sector: str | None = None,
    method: str | None = None,
    region: str | None = None,
    economic_region: str | None = None,
    q: str | None = None,
):
    return selectors.project_list(
        actor=request.auth,
        status=status,
        fiscal_year=fiscal_year,
        sector=sector,
        method=method,
        region_code=region,
        economic_region=economic_region,
        search=q,
    )


@router.get(
    "/projects/dashboard", response=list[StatusCountOut], summary="按状态统计项目数量和金额"
)
def dashboard(
    request, fiscal_year: int | None = None, region: str | None = None, sector: str | None = None
):
    projects = selectors.project_list(
        actor=request.auth, fiscal_year=fiscal_year, region_code=region, sector=sector
    )
    return selectors.project_dashboard(projects)


@router.get(
    "/projects/{project_id}", response={200: ProjectDetailOut, 404: ErrorOut}, summary="项目详情"
)
def get_project(request, project_id: int):
    return _detail(request, project_id)


@router.post("/projects", response={201: ProjectDetailOut, **ERRORS}, summary="新建项目（草稿）")
def create_project(request, payload: ProjectIn):
    purchaser = request.auth.org_unit
    if purchaser is None:
        raise NotFound()
    entry, line, areas, texts = _references(request, payload)
    project = services.project_create(
        actor=request.auth,
        purchaser=purchaser,
        fiscal_year=payload.fiscal_year,
        title=payload.title,
        content=payload.content,
        budget_amount=payload.budget_amount,
        catalog_entry=entry,
        budget_line=line,
        service_areas=areas,
        planned_method=payload.planned_method,
        **texts,
    )
    return Status(201, _detail(request, project.pk))


@router.patch(
    "/projects/{project_id}", response={200: ProjectDetailOut, **ERRORS}, summary="修改草稿"
)
def update_project(request, project_id: int, payload: ProjectUpdateIn):
    project = selectors.project_get(actor=request.auth, project_id=project_id)
    entry, line, areas, texts = _references(request, payload)
    services.project_update(
        actor=request.auth,
        project=project,
        expected_version=payload.version,
        title=payload.title,
        content=payload.content,
        budget_amount=payload.budget_amount,
        catalog_entry=entry,
        budget_line=line,
        service_areas=areas,
        planned_method=payload.planned_method,
        **texts,
    )
    return _detail(request, project_id)


@router.post(
    "/projects/{project_id}/transitions/{action}",
    response={200: ProjectDetailOut, **ERRORS},
    summary="项目状态流转（submit、return、approve、start_performance、accept、evaluate、close、withdraw、terminate）",
)
def transition(request, project_id: int, action: str, payload: TransitionIn):
    project = selectors.project_get(actor=request.auth, project_id=project_id)
    services.project_transition(
        actor=request.auth,
        project=project,
        action=action,
        note=payload.note,
        expected_version=payload.version,
    )
    return _detail(request, project_id)


@router.post(
    "/projects/{project_id}/procurement", response={201: IdOut, **ERRORS}, summary="开始采购"
)
def start_procurement(request, project_id: int, payload: ProcurementIn):
    project = selectors.project_get(actor=request.auth, project_id=project_id)
    result = procurement.procurement_start(
        actor=request.auth, project=project, **payload.model_dump()
    )
    return Status(201, result)


def _procurement(request, project_id: int):
    return selectors.procurement_get(actor=request.auth, project_id=project_id)


@router.post(
    "/projects/{project_id}/procurement/invitations",
    response={201: IdOut, **ERRORS},
    summary="邀请承接主体",
)
def invite(request, project_id: int, payload: InvitationIn):
    proc = _procurement(request, project_id)
    provider = provider_get(actor=request.auth, provider_id=payload.provider_id)
    return Status(
        201,
        procurement.procurement_invite(
            actor=request.auth, procurement=proc, provider=provider, invited_on=payload.invited_on
        ),
    )


@router.post(
    "/projects/{project_id}/procurement/bids",
    response={201: IdOut, **ERRORS},
    summary="录入投标或报价",
)
def record_bid(request, project_id: int, payload: BidIn):
    proc = _procurement(request, project_id)
    provider = provider_get(actor=request.auth, provider_id=payload.provider_id)
    bid = procurement.bid_record(
        actor=request.auth,
        procurement=proc,
        provider=provider,
        amount=payload.amount,
        submitted_on=payload.submitted_on,
        technical_score=payload.technical_score,
    )
    return Status(201, bid)


@router.post(
    "/projects/{project_id}/procurement/bids/{bid_id}/disqualify",
    response={200: IdOut, **ERRORS},
    summary="认定无效投标",
)
def disqualify(request, project_id: int, bid_id: int, payload: DisqualifyIn):
    bid = selectors.bid_get(actor=request.auth, project_id=project_id, bid_id=bid_id)
    return procurement.bid_disqualify(actor=request.auth, bid=bid, reason=payload.reason)


@router.post(
    "/projects/{project_id}/procurement/award", response={201: IdOut, **ERRORS}, summary="确定成交"
)
def award(request, project_id: int, payload: AwardIn):
    bid = selectors.bid_get(actor=request.auth, project_id=project_id, bid_id=payload.bid_id)
    proc = bid.procurement
    return Status(
        201,
        procurement.award_make(
            actor=request.auth,
            procurement=proc,
            bid=bid,
            reasons=payload.reasons,
            awarded_on=payload.awarded_on,
            deviation_reason=payload.deviation_reason,
        ),
    )


@router.post(
    "/projects/{project_id}/contract", response={201: ContractOut, **ERRORS}, summary="签订合同"
)
def sign_contract(request, project_id: int, payload: ContractIn):
    project = selectors.project_get(actor=request.auth, project_id=project_id)
    data = payload.model_dump()
    return Status(201, contracts.contract_sign(actor=request.auth, project=project, **data))


def _contract(request, project_id: int):
    return selectors.contract_get(actor=request.auth, project_id=project_id)


@router.post(
    "/projects/{project_id}/contract/milestones/{milestone_id}/accept",
    response={200: IdOut, **ERRORS},
    summary="履约节点验收",
)
def accept_milestone(request, project_id: int, milestone_id: int, payload: AcceptIn):
    milestone = selectors.milestone_get(
        actor=request.auth, project_id=project_id, milestone_id=milestone_id
    )
    return contracts.milestone_accept(
        actor=request.auth, milestone=milestone, accepted_on=payload.accepted_on, note=payload.note
    )


@router.post(
    "/projects/{project_id}/contract/payments", response={201: PaymentOut, **ERRORS}, summary="支付"
)
def pay(request, project_id: int, payload: PaymentIn):
    milestone = selectors.milestone_get(
        actor=request.auth, project_id=project_id, milestone_id=payload.milestone_id
    )
    payment = contracts.payment_record(
        actor=request.auth,
        milestone=milestone,
        amount=payload.amount,
        paid_on=payload.paid_on,
        reference=payload.reference,
    )
    return Status(201, payment)


@router.post(
    "/projects/{project_id}/contract/amendments",
    response={200: ContractOut, **ERRORS},
    summary="合同变更（保留变更历史；金额随履约节点调整并相应预留或释放预算）",
)
def amend_contract(request, project_id: int, payload: AmendmentIn):
    contract = _contract(request, project_id)
    data = payload.model_dump()
    data["milestone_amounts"] = {int(k): str(v) for k, v in data["milestone_amounts"].items()}
    return contracts.contract_amend(actor=request.auth, contract=contract, **data)


@router.get(
    "/projects/{project_id}/procurement/ranking",
    response={200: list[ScoredBidOut], 404: ErrorOut},
    summary="有效报价的综合排名及各项得分（价格、技术、以往绩效、本地加分）",
)
def ranking(request, project_id: int, on: date | None = None):
    proc = _procurement(request, project_id)
    return [
        ScoredBidOut(
            bid_id=s.bid.pk,
            provider_id=s.bid.provider_id,
            provider_name=s.bid.provider.name,
            amount=s.bid.amount,
            rank=s.rank,
            price=s.price,
            technical=s.technical,
            performance=s.performance,
            local_bonus=s.local_bonus,
            total=s.total,
            ineligible=[r.message for r in s.ineligible],
        )
        for s in rank_bids(proc, on=on or date.today())
    ]

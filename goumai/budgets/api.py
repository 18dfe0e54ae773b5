from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from goumai.accounts.selectors import org_unit_get
from goumai.budgets import selectors, services
from goumai.catalog.models import CountyCatalogEntry
from goumai.core.api import WRITE_ERRORS, ErrorOut, Paging

router = Router(tags=["部门预算"])


class BudgetLineOut(Schema):
    id: int
    org_unit_id: int
    org_unit_name: str
    fiscal_year: int
    code: str
    name: str
    funding_source: str
    amount: Decimal
    reserved: Decimal
    spent: Decimal
    available: Decimal
    version: int

    @staticmethod
    def resolve_org_unit_name(line) -> str:
        return line.org_unit.name


class MovementOut(Schema):
    kind: str
    amount: Decimal
    reference: str
    note: str
    actor_label: str
    created_at: datetime


class BudgetLineDetailOut(BudgetLineOut):
    catalog_entry_codes: list[str]
    movements: list[MovementOut]

    @staticmethod
    def resolve_catalog_entry_codes(line) -> list[str]:
        return [entry.code for entry in line.catalog_entries.all()]

    @staticmethod
    def resolve_movements(line):
        return list(line.movements.all()[:200])


class BudgetLineIn(Schema):
    org_unit_id: int
    fiscal_year: int
    code: str
    name: str
    funding_source: str
    amount: Decimal
    catalog_entry_ids: list[int] = []
    note: str = ""


class AdjustIn(Schema):
    amount: Decimal
    reason: str
    version: int | None = None


@router.get("/budget-lines", response=list[BudgetLineOut], summary="管辖范围内的预算项目")
@paginate(Paging)
def list_lines(
    request, fiscal_year: int | None = None, org_unit: int | None = None, region: str | None = None
):
    return selectors.budget_line_list(
        actor=request.auth, fiscal_year=fiscal_year, org_unit_id=org_unit, region_code=region
    )


@router.get(
    "/budget-lines/{line_id}",
    response={200: BudgetLineDetailOut, 404: ErrorOut},
    summary="预算项目及其变动",
)
def get_line(request, line_id: int):
    return selectors.budget_line_get(actor=request.auth, line_id=line_id)


@router.post(
    "/budget-lines",
    response={201: BudgetLineDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="编制预算项目",
)
def create_line(request, payload: BudgetLineIn):
    org_unit = org_unit_get(actor=request.auth, unit_id=payload.org_unit_id)
    entries = list(CountyCatalogEntry.objects.filter(pk__in=payload.catalog_entry_ids))
    line = services.budget_line_create(
        actor=request.auth,
        org_unit=org_unit,
        fiscal_year=payload.fiscal_year,
        code=payload.code,
        name=payload.name,
        funding_source=payload.funding_source,
        amount=payload.amount,
        catalog_entries=entries,
        note=payload.note,
    )
    return Status(201, selectors.budget_line_get(actor=request.auth, line_id=line.pk))


@router.post(
    "/budget-lines/{line_id}/adjust",
    response={200: BudgetLineDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="预算调整（不得低于已预留和已支付合计）",
)
def adjust_line(request, line_id: int, payload: AdjustIn):
    line = selectors.budget_line_get(actor=request.auth, line_id=line_id)
    services.budget_line_adjust(
        actor=request.auth,
        line=line,
        amount=payload.amount,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return selectors.budget_line_get(actor=request.auth, line_id=line_id)


class ChangeRequestIn(Schema):
    amount: Decimal
    reason: str


class DecisionIn(Schema):
    note: str = ""


class ChangeRequestOut(Schema):
    id: int
    line_id: int
    line_name: str
    org_unit_name: str
    current_amount: Decimal
    amount: Decimal
    reason: str
    status: str
    proposed_by: str
    decided_by: str
    decision_note: str
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_line_name(change) -> str:
        return change.line.name

    @staticmethod
    def resolve_org_unit_name(change) -> str:
        return change.line.org_unit.name

    @staticmethod
    def resolve_current_amount(change) -> Decimal:
        return change.line.amount


@router.get(
    "/budget-change-requests",
    response=list[ChangeRequestOut],
    summary="管辖范围内的预算调整申请",
)
@paginate(Paging)
def list_change_requests(request, status: str | None = None, line: int | None = None):
    return selectors.budget_change_list(actor=request.auth, status=status, line_id=line)


@router.post(
    "/budget-lines/{line_id}/change-requests",
    response={201: ChangeRequestOut, **WRITE_ERRORS},
    summary="申请调整本单位预算（由上级财政部门审批）",
)
def propose_change(request, line_id: int, payload: ChangeRequestIn):
    line = selectors.budget_line_get(actor=request.auth, line_id=line_id)
    change = services.budget_change_propose(
        actor=request.auth, line=line, amount=payload.amount, reason=payload.reason
    )
    return Status(201, selectors.budget_change_get(actor=request.auth, change_id=change.pk))


def _decide(request, change_id: int, payload: DecisionIn, approve: bool):
    change = selectors.budget_change_get(actor=request.auth, change_id=change_id)
    services.budget_change_decide(
        actor=request.auth, change=change, approve=approve, note=payload.note
    )
    return selectors.budget_change_get(actor=request.auth, change_id=change_id)


@router.post(
    "/budget-change-requests/{change_id}/approve",
    response={200: ChangeRequestOut, **WRITE_ERRORS},
    summary="批准预算调整申请（随即调整预算）",
)
def approve_change(request, change_id: int, payload: DecisionIn):
    return _decide(request, change_id, payload, approve=True)


@router.post(
    "/budget-change-requests/{change_id}/reject",
    response={200: ChangeRequestOut, **WRITE_ERRORS},
    summary="驳回预算调整申请（须填写意见）",
)
def reject_change(request, change_id: int, payload: DecisionIn):
    return _decide(request, change_id, payload, approve=False)

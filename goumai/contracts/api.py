"""Contracts over the API: sign, accept milestones, pay, amend; and a provider
account's own contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Router, Schema
from ninja.responses import Status

from goumai.contracts import selectors, services
from goumai.core.api import WRITE_ERRORS, ErrorOut, IdOut
from goumai.projects.selectors import project_get

router = Router(tags=["购买项目"])


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
    payment_days: int = 30
    late_reason: str = ""


class ContractOut(Schema):
    id: int
    number: str
    provider_id: int
    amount: Decimal
    amount_in_words: str
    start_date: date
    end_date: date
    payment_days: int
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
    early_reason: str = ""
    late_reason: str = ""


class PaymentIn(Schema):
    milestone_id: int
    amount: Decimal
    paid_on: date
    reference: str = ""
    late_reason: str = ""


class PaymentOut(Schema):
    id: int
    milestone_id: int
    amount: Decimal
    paid_on: date


@router.post(
    "/projects/{project_id}/contract",
    response={201: ContractOut, **WRITE_ERRORS},
    summary="签订合同",
)
def sign_contract(request, project_id: int, payload: ContractIn):
    project = project_get(actor=request.auth, project_id=project_id)
    data = payload.model_dump()
    return Status(201, services.contract_sign(actor=request.auth, project=project, **data))


def _contract(request, project_id: int):
    return selectors.contract_get(actor=request.auth, project_id=project_id)


@router.post(
    "/projects/{project_id}/contract/milestones/{milestone_id}/accept",
    response={200: IdOut, **WRITE_ERRORS},
    summary="履约节点验收",
)
def accept_milestone(request, project_id: int, milestone_id: int, payload: AcceptIn):
    milestone = selectors.milestone_get(
        actor=request.auth, project_id=project_id, milestone_id=milestone_id
    )
    return services.milestone_accept(
        actor=request.auth,
        milestone=milestone,
        accepted_on=payload.accepted_on,
        note=payload.note,
        early_reason=payload.early_reason,
        late_reason=payload.late_reason,
    )


@router.post(
    "/projects/{project_id}/contract/payments",
    response={201: PaymentOut, **WRITE_ERRORS},
    summary="支付",
)
def pay(request, project_id: int, payload: PaymentIn):
    milestone = selectors.milestone_get(
        actor=request.auth, project_id=project_id, milestone_id=payload.milestone_id
    )
    payment = services.payment_record(
        actor=request.auth,
        milestone=milestone,
        amount=payload.amount,
        paid_on=payload.paid_on,
        reference=payload.reference,
        late_reason=payload.late_reason,
    )
    return Status(201, payment)


@router.post(
    "/projects/{project_id}/contract/amendments",
    response={200: ContractOut, **WRITE_ERRORS},
    summary="合同变更（保留变更历史；金额随履约节点调整并相应预留或释放预算）",
)
def amend_contract(request, project_id: int, payload: AmendmentIn):
    contract = _contract(request, project_id)
    data = payload.model_dump()
    data["milestone_amounts"] = {int(k): str(v) for k, v in data["milestone_amounts"].items()}
    return services.contract_amend(actor=request.auth, contract=contract, **data)


class OwnContractOut(Schema):
    id: int
    number: str
    project_code: str
    amount: Decimal
    start_date: date
    end_date: date

    @staticmethod
    def resolve_project_code(contract) -> str:
        return contract.project.code


@router.get(
    "/provider/contracts",
    response={200: list[OwnContractOut], 404: ErrorOut},
    summary="本单位的合同",
    tags=["承接主体（本单位）"],
)
def contracts(request):
    return list(selectors.own_contracts(actor=request.auth)[:500])

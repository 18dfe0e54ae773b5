from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Router, Schema

from goumai.core.api import ErrorOut
from goumai.providers import portal

router = Router(tags=["承接主体（本单位）"])


class OwnProviderOut(Schema):
    id: int
    name: str
    kind: str
    credit_code: str | None
    legal_representative: str
    phone: str
    sectors: list[str]
    staff_count: int | None
    capacity: str
    bank_name: str
    bank_account: str


class OwnProviderIn(Schema):
    phone: str | None = None
    capacity: str | None = None
    staff_count: int | None = None
    bank_name: str | None = None
    bank_account: str | None = None
    sectors: list[str] | None = None


class OwnBidOut(Schema):
    id: int
    project_code: str
    project_title: str
    amount: Decimal
    submitted_on: date
    disqualified: bool

    @staticmethod
    def resolve_project_code(bid) -> str:
        return bid.procurement.project.code

    @staticmethod
    def resolve_project_title(bid) -> str:
        return bid.procurement.project.title


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
    "/provider/me", response={200: OwnProviderOut, 404: ErrorOut}, summary="本承接主体的登记信息"
)
def me(request):
    return portal.own_provider(actor=request.auth)


@router.patch(
    "/provider/me",
    response={200: OwnProviderOut, 400: ErrorOut, 404: ErrorOut},
    summary="维护本单位信息",
)
def update_me(request, payload: OwnProviderIn):
    return portal.provider_update_own(actor=request.auth, **payload.model_dump(exclude_none=True))


@router.get(
    "/provider/bids", response={200: list[OwnBidOut], 404: ErrorOut}, summary="本单位的投标"
)
def bids(request):
    return list(portal.own_bids(actor=request.auth)[:500])


@router.get(
    "/provider/contracts",
    response={200: list[OwnContractOut], 404: ErrorOut},
    summary="本单位的合同",
)
def contracts(request):
    return list(portal.own_contracts(actor=request.auth)[:500])

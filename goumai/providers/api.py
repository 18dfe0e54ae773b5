from __future__ import annotations

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
    size: str
    capacity: str
    bank_name: str
    bank_account: str


class OwnProviderIn(Schema):
    phone: str | None = None
    capacity: str | None = None
    staff_count: int | None = None
    size: str | None = None
    bank_name: str | None = None
    bank_account: str | None = None
    sectors: list[str] | None = None


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

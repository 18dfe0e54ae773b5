from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from goumai.accounts import selectors
from goumai.accounts.services import token_issue, token_revoke
from goumai.core.api import ErrorOut, Paging
from goumai.core.jurisdiction import Jurisdiction

router = Router(tags=["账号与单位"])


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=128)


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105 (a scheme name, not a secret)
    expires_at: datetime


class OrgUnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_display: str = Field(alias="get_kind_display")
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")
    sector: str | None


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    org_unit: OrgUnitOut | None
    roles: list[str]
    jurisdiction_path: str | None
    jurisdiction_sector: str | None


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 429: ErrorOut},
    summary="用户名和密码换取接口令牌",
)
def create_token(request, payload: TokenIn):
    text, token = token_issue(request=request, username=payload.username, password=payload.password)
    return TokenOut(token=text, expires_at=token.expires_at)


@router.delete("/auth/token", response={204: None}, summary="注销当前接口令牌")
def delete_token(request):
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token_revoke(text=header.removeprefix("Bearer ").strip())
    return Status(204, None)


@router.get("/me", response=MeOut, summary="当前用户及其管辖范围")
def me(request):
    user = request.auth
    jurisdiction = Jurisdiction.of(user)
    return MeOut(
        username=user.username,
        full_name=user.full_name,
        is_superuser=user.is_superuser,
        org_unit=user.org_unit,
        roles=sorted(user.role_codes),
        jurisdiction_path=jurisdiction.region_path,
        jurisdiction_sector=jurisdiction.sector,
    )


@router.get("/org-units", response=list[OrgUnitOut], summary="管辖范围内的单位")
@paginate(Paging)
def list_org_units(
    request, region: str | None = None, kind: str | None = None, q: str | None = None
):
    return selectors.org_unit_list(actor=request.auth, region_code=region, kind=kind, search=q)


@router.get("/org-units/{unit_id}", response={200: OrgUnitOut, 404: ErrorOut}, summary="单位详情")
def get_org_unit(request, unit_id: int):
    return selectors.org_unit_get(actor=request.auth, unit_id=unit_id)

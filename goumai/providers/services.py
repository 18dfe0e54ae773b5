"""Writes to the provider registry."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc

from goumai.accounts.models import OrgUnit
from goumai.accounts.roles import Sector
from goumai.audit.services import audit, created
from goumai.core.errors import DomainError, PermissionDenied
from goumai.providers.models import Provider
from goumai.regions.models import Region


@transaction.atomic
def provider_register(
    *,
    actor,
    name: str,
    kind: str,
    credit_code: str = "",
    id_number: str = "",
    region: Region | None = None,
    legal_representative: str = "",
    phone: str = "",
    sectors: list[str] = (),
    staff_count: int | None = None,
    capacity: str = "",
    bank_name: str = "",
    bank_account: str = "",
) -> Provider:
    """Register an organisation by its 统一社会信用代码, or an individual by resident ID
    (both checked, check digit included)."""
    if not actor.is_superuser and (
        actor.org_unit is None or actor.org_unit.kind == OrgUnit.Kind.SECTOR_DEPARTMENT
    ):
        raise PermissionDenied(_("您没有登记承接主体的权限。"))
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("必填。")]
    if kind not in Provider.Kind.values:
        errors["kind"] = [_("请选择承接主体类型。")]
    if any(sector not in Sector.values for sector in sectors):
        errors["sectors"] = [_("行业不正确。")]
    values = {"credit_code": None, "id_number": None}
    if kind == Provider.Kind.INDIVIDUAL:
        number = ric.compact(id_number or "")
        if not ric.is_valid(number):
            errors["id_number"] = [_("居民身份证号码不正确。")]
        elif Provider.objects.filter(id_number=number).exists():
            errors["id_number"] = [_("该身份证号码已登记。")]
        values["id_number"] = number
    else:
        code = uscc.compact(credit_code or "")
        if not uscc.is_valid(code):
            errors["credit_code"] = [_("统一社会信用代码不正确（18 位，含校验码）。")]
        elif Provider.objects.filter(credit_code=code).exists():
            errors["credit_code"] = [_("该统一社会信用代码已登记。")]
        values["credit_code"] = code
    if errors:
        raise DomainError("invalid_provider", _("承接主体信息填写有误。"), fields=errors)
    provider = Provider.objects.create(
        name=name.strip(),
        kind=kind,
        region=region,
        legal_representative=legal_representative.strip(),
        phone=phone.strip(),
        sectors=sorted(set(sectors)),
        staff_count=staff_count,
        capacity=capacity.strip(),
        bank_name=bank_name.strip(),
        bank_account=bank_account.strip(),
        **values,
    )
    audit(actor=actor, changes=[created(provider)])
    return provider

"""Writes to the provider registry (minimal until the provider issue lands)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import uscc

from goumai.accounts.models import OrgUnit
from goumai.audit.services import audit, created
from goumai.core.errors import DomainError, PermissionDenied
from goumai.providers.models import Provider
from goumai.regions.models import Region


@transaction.atomic
def provider_register(
    *, actor, name: str, kind: str, credit_code: str, region: Region | None = None
) -> Provider:
    """Register an organisation by its 统一社会信用代码 (checked, checksum included)."""
    if not actor.is_superuser and (
        actor.org_unit is None or actor.org_unit.kind == OrgUnit.Kind.SECTOR_DEPARTMENT
    ):
        raise PermissionDenied(_("您没有登记承接主体的权限。"))
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("必填。")]
    if kind not in Provider.Kind.values or kind == Provider.Kind.INDIVIDUAL:
        errors["kind"] = [_("请选择组织类型（个人承接主体在承接主体登记中办理）。")]
    code = uscc.compact(credit_code or "")
    if not uscc.is_valid(code):
        errors["credit_code"] = [_("统一社会信用代码不正确（18 位，含校验码）。")]
    elif Provider.objects.filter(credit_code=code).exists():
        errors["credit_code"] = [_("该统一社会信用代码已登记。")]
    if errors:
        raise DomainError("invalid_provider", _("承接主体信息填写有误。"), fields=errors)
    provider = Provider.objects.create(
        name=name.strip(), kind=kind, credit_code=code, region=region
    )
    audit(actor=actor, changes=[created(provider)])
    return provider

"""Writes to the provider registry."""

from __future__ import annotations

from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc

from goumai.accounts.models import OrgUnit
from goumai.audit.services import audit, audited, created
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.roles import Sector
from goumai.providers.models import Provider, SupportRecord
from goumai.regions.models import Region


@audited()
def may_register(actor) -> bool:
    """Government bodies register providers; sector departments and providers do not."""
    return actor.is_superuser or (
        actor.org_unit is not None and actor.org_unit.kind != OrgUnit.Kind.SECTOR_DEPARTMENT
    )


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
    if not may_register(actor):
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


def _check_keeper(actor, provider: Provider) -> None:
    """Officials whose jurisdiction covers the provider's registered place keep its
    record (a provider without a place: provincial bodies)."""
    from goumai.core.jurisdiction import Jurisdiction

    if actor.is_superuser:
        return
    path = provider.region.path if provider.region_id else "/510000/"
    if actor.org_unit is None or not Jurisdiction.of(actor).covers(path):
        raise PermissionDenied(_("只能维护本辖区登记的承接主体。"))


@audited()
def provider_set_services(
    *, actor, provider: Provider, sectors: list[str], catalog_items
) -> Provider:
    _check_keeper(actor, provider)
    if any(sector not in Sector.values for sector in sectors):
        raise DomainError(
            "invalid_provider", _("行业不正确。"), fields={"sectors": [_("行业不正确。")]}
        )
    from goumai.audit.services import snapshot, updated

    before = snapshot(provider)
    provider.sectors = sorted(set(sectors))
    provider.save(update_fields=["sectors"])
    provider.catalog_items.set(catalog_items)
    audit(actor=actor, changes=[updated(provider, before)])
    return provider


@audited()
def qualification_add(
    *,
    actor,
    provider: Provider,
    name: str,
    valid_from,
    valid_until=None,
    number: str = "",
    issued_by: str = "",
):
    from goumai.providers.models import Qualification

    _check_keeper(actor, provider)
    if not name.strip():
        raise DomainError(
            "invalid_qualification", _("请填写资质名称。"), fields={"name": [_("必填。")]}
        )
    if valid_until is not None and valid_until < valid_from:
        raise DomainError(
            "invalid_qualification",
            _("有效期至不能早于有效期起。"),
            fields={"valid_until": [_("日期不正确。")]},
        )
    record = Qualification.objects.create(
        provider=provider,
        name=name.strip(),
        number=number.strip(),
        issued_by=issued_by.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
    )
    audit(actor=actor, changes=[created(record)])
    return record


@audited()
def credit_record_add(
    *,
    actor,
    provider: Provider,
    kind: str,
    source: str,
    recorded_on,
    expires_on=None,
    description: str = "",
):
    from goumai.providers.models import CreditRecord

    _check_keeper(actor, provider)
    errors = {}
    if kind not in CreditRecord.Kind.values:
        errors["kind"] = [_("请选择类型。")]
    if not source.strip():
        errors["source"] = [_("请填写来源（如“信用中国（四川）”）。")]
    if expires_on is not None and expires_on < recorded_on:
        errors["expires_on"] = [_("移出日期不能早于认定日期。")]
    if errors:
        raise DomainError("invalid_credit_record", _("信用记录填写有误。"), fields=errors)
    record = CreditRecord.objects.create(
        provider=provider,
        kind=kind,
        source=source.strip(),
        recorded_on=recorded_on,
        expires_on=expires_on,
        description=description.strip()[:300],
    )
    audit(actor=actor, changes=[created(record)])
    return record


@audited()
def support_record_add(
    *, actor, provider: Provider, kind: str, given_on, description: str = ""
) -> SupportRecord:
    if (
        actor.org_unit is None
        or provider.region is None
        or not Jurisdiction.of(actor).covers(provider.region.path)
    ):
        raise PermissionDenied(_("只能记录对本辖区承接主体的培育。"))
    if kind not in SupportRecord.Kind.values:
        raise DomainError(
            "invalid_support", _("培育方式不正确。"), fields={"kind": [_("请选择。")]}
        )
    record = SupportRecord.objects.create(
        provider=provider,
        kind=kind,
        given_by=actor.org_unit,
        given_on=given_on,
        description=description.strip()[:300],
    )
    audit(actor=actor, changes=[created(record)])
    return record

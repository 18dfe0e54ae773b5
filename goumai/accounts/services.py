"""Writes for org units, users and API tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc

from goumai.accounts.lockout import refusal
from goumai.accounts.login_guard import clear_account
from goumai.accounts.models import ApiToken, LoginFailure, OrgUnit, RoleAssignment, User
from goumai.accounts.requester import primed, role_list
from goumai.audit.models import AuditEntry
from goumai.audit.services import Change, audit, audited, created, deleted, snapshot, updated
from goumai.core.crypto import sm3_hex
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.roles import Role, Sector
from goumai.regions.data import PROVINCE_CODE
from goumai.regions.models import Region

SECTOR_DEPARTMENT_NAMES = {
    Sector.CIVIL_AFFAIRS: "四川省民政厅",
    Sector.EDUCATION: "四川省教育厅",
    Sector.AGRICULTURE: "四川省农业农村厅",
    Sector.JUSTICE: "四川省司法厅",
}


@dataclass(frozen=True)
class SyncReport:
    created: int
    updated: int
    total: int


def standard_org_units(region: Region, county_name: str = "") -> list[dict]:
    """The government bodies every division of this level has."""
    K = OrgUnit.Kind
    if region.level == Region.Level.PROVINCE:
        units = [
            dict(code=f"{region.code}-finance", name="四川省财政厅", kind=K.FINANCE_DEPARTMENT)
        ]
        units += [
            dict(code=f"{region.code}-{sector}", name=name, kind=K.SECTOR_DEPARTMENT, sector=sector)
            for sector, name in SECTOR_DEPARTMENT_NAMES.items()
        ]
        return units
    if region.level == Region.Level.CITY:
        return [
            dict(
                code=f"{region.code}-government",
                name=f"{region.name}人民政府",
                kind=K.CITY_GOVERNMENT,
            ),
            dict(code=f"{region.code}-finance", name=f"{region.name}财政局", kind=K.CITY_FINANCE),
        ]
    if region.level == Region.Level.COUNTY:
        return [
            dict(
                code=f"{region.code}-government",
                name=f"{region.name}人民政府",
                kind=K.COUNTY_GOVERNMENT,
            ),
            dict(code=f"{region.code}-finance", name=f"{region.name}财政局", kind=K.COUNTY_FINANCE),
        ]
    suffix = "办事处" if region.kind == Region.Kind.SUBDISTRICT else "人民政府"
    # Township names repeat across counties (many a 城关镇), so the county is named too.
    return [
        dict(
            code=f"{region.code}-government",
            name=f"{county_name}{region.name}{suffix}",
            kind=K.TOWNSHIP_GOVERNMENT,
        )
    ]


@audited()
def sync_org_units(*, actor=None) -> SyncReport:
    """Create the standard org units for every active division; idempotent."""
    existing = {unit.code: unit for unit in OrgUnit.objects.all()}
    regions = Region.objects.filter(is_active=True, path__startswith=f"/{PROVINCE_CODE}/")
    names = dict(regions.filter(level=Region.Level.COUNTY).values_list("id", "name"))
    new_units, changes, n_updated, total = [], [], 0, 0
    for region in regions.order_by("level", "code"):
        for spec in standard_org_units(region, names.get(region.parent_id, "")):
            total += 1
            unit = existing.get(spec["code"])
            if unit is None:
                new_units.append(OrgUnit(region=region, **spec))
                continue
            before = snapshot(unit)
            unit.name, unit.region = spec["name"], region
            change = updated(unit, before)
            if change:
                unit.save()
                changes.append(change)
                n_updated += 1
    OrgUnit.objects.bulk_create(new_units, batch_size=1000)
    if new_units:
        fresh = OrgUnit.objects.filter(code__in=[u.code for u in new_units]).select_related(
            "region"
        )
        changes += [created(unit) for unit in fresh]
    audit(actor=actor, changes=changes)
    return SyncReport(created=len(new_units), updated=n_updated, total=total)


@audited()
def org_unit_set_credit_code(*, actor, unit: OrgUnit, credit_code: str) -> OrgUnit:
    """Record the unit's 统一社会信用代码 (its own unit administrator, or a superuser);
    an empty value clears it."""
    own_admin = actor.org_unit_id == unit.pk and Role.UNIT_ADMIN in actor.role_codes
    if not (actor.is_superuser or own_admin):
        raise PermissionDenied(_("只有本单位的单位管理员可以登记统一社会信用代码。"))
    code = uscc.compact(credit_code or "") if credit_code else ""
    if code and not uscc.is_valid(code):
        raise DomainError(
            "invalid_credit_code",
            _("统一社会信用代码无效：应为 18 位，且校验位正确。"),
            fields={"credit_code": [_("请核对后重新填写。")]},
        )
    unit = OrgUnit.objects.select_for_update(no_key=True).get(pk=unit.pk)
    if code and OrgUnit.objects.filter(credit_code=code).exclude(pk=unit.pk).exists():
        raise DomainError(
            "duplicate_credit_code",
            _("该统一社会信用代码已登记给另一个单位。"),
            fields={"credit_code": [_("已被占用。")]},
            status=409,
        )
    before = snapshot(unit)
    unit.credit_code = code
    unit.save(update_fields=["credit_code"])
    audit(actor=actor, changes=[updated(unit, before)])
    return unit


@audited()
def user_create(
    *,
    actor,
    username: str,
    password: str | None,
    org_unit: OrgUnit | None,
    roles: list[str],
    full_name: str = "",
    is_superuser: bool = False,
    provider=None,
) -> User:
    user = User(
        username=username,
        full_name=full_name,
        org_unit=org_unit,
        provider=provider,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=role) for role in roles])
    audit(actor=actor, changes=[created(user)])
    return user


@audited()
def password_changed(*, user: User) -> None:
    """Record a password change (never the password) and end the user's API tokens."""
    tokens_revoke_all(user=user)
    change = Change(
        AuditEntry.Action.UPDATE, user, {"password": "（旧密码）"}, {"password": "（已修改）"}
    )
    audit(actor=user, changes=[change])


# --- API tokens ---------------------------------------------------------------------


def token_issue(*, request, username: str, password: str) -> tuple[str, ApiToken]:
    """Check the credentials (counted by the login lockout) and issue a bearer token.

    Returns the token text, shown once, and its record; only the SM3 hash is kept.
    """
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        code, message, _wait = refusal(request)
        raise DomainError(code, message, status=429)
    if user is None:
        raise DomainError("invalid_credentials", _("用户名或密码错误。"), status=401)
    clear_account(user.get_username())  # no user_logged_in here: no session is made
    text = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=sm3_hex(text),
        prefix=text[:8],
        password_stamp=password_stamp(user),
        expires_at=timezone.now() + timedelta(days=settings.GOUMAI_API_TOKEN_DAYS),
    )
    return text, token


def token_user(text: str) -> User | None:
    """The active user behind a bearer token, or ``None``."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user__org_unit__region")
        .annotate(role_list=role_list("user_id"))
        .filter(key_hash=sm3_hex(text), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    primed(token.user, token.role_list)  # who is asking: one query in all
    if token.password_stamp != password_stamp(token.user):
        return None  # the password changed since: the token died with the old one
    # Write at most once a minute: reads should not turn into writes.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def password_stamp(user: User) -> str:
    return sm3_hex(user.password or "")[:16]


def tokens_revoke_all(*, user: User) -> int:
    """End every API token of the user ("log out everywhere"): at logout and when
    the account is deactivated."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def token_revoke(*, text: str) -> bool:
    return bool(
        ApiToken.objects.filter(key_hash=sm3_hex(text), revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


# --- Login lockout ------------------------------------------------------------------


@audited()
def login_unlock(*, actor, username: str = "", ip_address: str = "") -> int:
    """An administrator clears the failed logins of an account, of an address, or of
    both (``login_guard``): the throttle or lockout ends now. Audited; returns how
    many records were cleared."""
    if not actor.has_perm("accounts.delete_loginfailure"):
        raise PermissionDenied(_("只有系统管理员可以解除登录限制。"))
    if not username and not ip_address:
        raise DomainError("value_missing", _("请指定用户名或地址。"))
    failures = LoginFailure.objects.all()
    if username:
        failures = failures.filter(username=username)
    if ip_address:
        failures = failures.filter(ip_address=ip_address)
    failures = list(failures)
    audit(actor=actor, changes=[deleted(failure) for failure in failures])
    LoginFailure.objects.filter(pk__in=[failure.pk for failure in failures]).delete()
    return len(failures)

from __future__ import annotations

from django.db.models import Q, QuerySet

from goumai.accounts.models import OrgUnit, User
from goumai.core.jurisdiction import get_in_scope, scope


def org_unit_list(
    *, actor, region_code: str | None = None, kind: str | None = None, search: str | None = None
) -> QuerySet[OrgUnit]:
    """Org units inside the actor's jurisdiction; a sector department sees the
    general government bodies and its own sector's, never another sector's."""
    units = scope(OrgUnit.objects.all(), actor, path_field="region__path", sector_field="sector")
    if region_code:
        units = units.filter(region__code=region_code)
    if kind:
        units = units.filter(kind=kind)
    if search:
        units = units.filter(Q(name__contains=search) | Q(code__startswith=search))
    return units.select_related("region").order_by("region__code", "kind", "code")


def org_unit_get(*, actor, unit_id: int) -> OrgUnit:
    return get_in_scope(
        OrgUnit.objects.select_related("region"),
        actor,
        path_field="region__path",
        sector_field="sector",
        pk=unit_id,
    )


def user_list(*, actor) -> QuerySet[User]:
    """Accounts of the org units the actor can see (superusers only to superusers)."""
    users = scope(
        User.objects.filter(org_unit__isnull=False),
        actor,
        path_field="org_unit__region__path",
        sector_field="org_unit__sector",
    )
    return users.select_related("org_unit__region").order_by("username")


def display_names(usernames) -> dict[str, str]:
    """How people are named on pages: "姓名（单位）" for each username, in one query
    (a username with no account left keeps its text). Only officials and providers
    who acted on a record the reader may see are named this way."""
    names = {}
    for user in User.objects.filter(username__in=set(usernames)).select_related(
        "org_unit", "provider"
    ):
        who = user.full_name or user.username
        unit = user.org_unit or user.provider
        names[user.username] = f"{who}（{unit.name}）" if unit else who
    return names


def unit_users(unit_id: int, role: str) -> list[User]:
    """The active users of one unit holding ``role`` (who a notice goes to)."""
    return list(
        User.objects.filter(
            org_unit_id=unit_id, is_active=True, role_assignments__role=role
        ).distinct()
    )


def is_province_finance(actor) -> bool:
    """The provincial finance department (an active unit of that kind), or a superuser:
    who keeps the province-wide rules (the legal calendar, the target assessment)."""
    if getattr(actor, "is_superuser", False):
        return True
    unit = getattr(actor, "org_unit", None)
    return unit is not None and unit.is_active and unit.kind == OrgUnit.Kind.FINANCE_DEPARTMENT

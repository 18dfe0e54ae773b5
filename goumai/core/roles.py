"""Roles a user holds inside their org unit, and what each role may do.

A permission answers "may this kind of user do this at all"; the jurisdiction
(``goumai.core.jurisdiction``) answers "on which records". Both must hold.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    VIEWER = "viewer", "查看人员"
    CLERK = "clerk", "经办人员"
    APPROVER = "approver", "审核人员"
    UNIT_ADMIN = "unit_admin", "单位管理员"


class Sector(models.TextChoices):
    """The four pilot sectors of the work plan (seed task 四)."""

    CIVIL_AFFAIRS = "civil_affairs", "民政"
    EDUCATION = "education", "教育"
    AGRICULTURE = "agriculture", "农业农村"
    JUSTICE = "justice", "司法"


def sector_choices_for(user) -> list[tuple[str, str]]:
    """The sectors a user may filter by: a sector department sees only its own."""
    unit = getattr(user, "org_unit", None)
    own = unit.sector if unit is not None else None
    return [(v, label) for v, label in Sector.choices if own is None or v == own]


class Perm(StrEnum):
    EDIT_TOWNSHIP_PROFILE = "edit_township_profile"
    VIEW_AUDIT = "view_audit"
    EDIT_CATALOG = "edit_catalog"
    MANAGE_BUDGET = "manage_budget"
    RUN_PROJECT = "run_project"
    APPROVE_PROJECT = "approve_project"


GRANTS: dict[Perm, frozenset[str]] = {
    Perm.EDIT_TOWNSHIP_PROFILE: frozenset({Role.CLERK, Role.UNIT_ADMIN}),
    Perm.VIEW_AUDIT: frozenset({Role.VIEWER, Role.CLERK, Role.APPROVER, Role.UNIT_ADMIN}),
    Perm.EDIT_CATALOG: frozenset({Role.CLERK, Role.UNIT_ADMIN}),
    Perm.MANAGE_BUDGET: frozenset({Role.CLERK, Role.UNIT_ADMIN}),
    Perm.RUN_PROJECT: frozenset({Role.CLERK, Role.UNIT_ADMIN}),
    Perm.APPROVE_PROJECT: frozenset({Role.APPROVER}),
}


def has_perm(user, perm: Perm) -> bool:
    """``user`` is an ``accounts.User`` (or anonymous); only its attributes are read."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user.role_codes & GRANTS[perm])

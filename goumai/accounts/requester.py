"""Who is asking, in one query: the user with its org unit, region and role codes.

Every request needs all four (jurisdiction, permissions); loaded lazily they cost four
queries. ``with_everything`` joins the unit and region and adds the role codes as one
comma-separated string from a subquery; ``primed`` puts them where ``User.role_codes``
would otherwise query them.
"""

from __future__ import annotations

from django.db.models import Aggregate, CharField, OuterRef, QuerySet, Subquery

from goumai.accounts.models import RoleAssignment, User


class Joined(Aggregate):
    """Strings joined with commas: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def role_list(user_ref: str) -> Subquery:
    """The role codes of the user whose id is in ``user_ref`` (outer query), joined."""
    return Subquery(
        RoleAssignment.objects.filter(user_id=OuterRef(user_ref))
        .order_by()
        .values("user_id")
        .annotate(codes=Joined("role"))
        .values("codes")
    )


def with_everything(users: QuerySet[User]) -> QuerySet[User]:
    return users.select_related("org_unit__region").annotate(role_list=role_list("pk"))


def primed(user: User, role_list: str | None) -> User:
    """``user`` with ``role_codes`` already known (no query when it is asked)."""
    user.__dict__["role_codes"] = frozenset(code for code in (role_list or "").split(",") if code)
    return user

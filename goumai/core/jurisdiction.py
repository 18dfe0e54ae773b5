"""The core security rule: who may see which records.

An actor's jurisdiction is the subtree of the administrative map under their org
unit's region — the whole province for provincial departments, a 市州 for its
bodies, a county for its bureaus, one township for itself — narrowed to one sector
for a sector department. Everything else is denied: a user without an org unit
(or in a third-party evaluation agency, which reaches only its assignments) sees nothing, and a record outside the jurisdiction is reported as not found.

Every selector that reads tenant data passes its queryset through ``scope``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Substr
from django.db.models.lookups import Exact

from goumai.core.errors import NotFound


@dataclass(frozen=True)
class Jurisdiction:
    region_path: str | None  # subtree root, e.g. "/510000/510100/"; None: nothing
    sector: str | None = None  # a sector department sees only its sector
    everything: bool = False  # superusers

    @classmethod
    def of(cls, user) -> Jurisdiction:
        if user is None or not user.is_authenticated or not user.is_active:
            return NOBODY
        cached = getattr(user, "_goumai_jurisdiction", None)
        if cached is not None:
            return cached
        if user.is_superuser:
            jurisdiction = cls(region_path="/", everything=True)
        elif (
            user.org_unit is None
            or not user.org_unit.is_active
            or not user.org_unit.has_regional_reach
        ):
            # A third-party evaluator reaches only what is assigned to it, through
            # the evaluation selectors, never a region.
            jurisdiction = NOBODY
        else:
            jurisdiction = cls(region_path=user.org_unit.region.path, sector=user.org_unit.sector)
        user._goumai_jurisdiction = jurisdiction
        return jurisdiction

    @property
    def is_empty(self) -> bool:
        return self.region_path is None

    def q(
        self,
        *,
        path_field: str,
        sector_field: str | None = None,
        prefix_lengths: Collection[int] = (),
    ) -> Q:
        """A filter for records whose region path is in ``path_field``.

        Records without a sector (``NULL``) belong to every sector; a record tagged
        with a sector is visible to a sector department only when it is theirs.

        ``prefix_lengths``: path lengths for which the table has an index on
        ``substring(path_field, 1, n)``; for a jurisdiction whose path is that long the
        same rows are asked for as ``substring(path, 1, n) = region_path`` (equal to
        ``path LIKE 'region_path%'``, which no index can serve in id order).
        """
        if self.is_empty:
            return Q(pk__in=[])
        if self.everything:
            return Q()
        length = len(self.region_path)
        if length in prefix_lengths:
            condition = Q(Exact(Substr(path_field, 1, length), self.region_path))
        else:
            condition = Q(**{f"{path_field}__startswith": self.region_path})
        if self.sector and sector_field:
            condition &= Q(**{f"{sector_field}__isnull": True}) | Q(**{sector_field: self.sector})
        return condition

    def covers(self, path: str, sector: str | None = None) -> bool:
        if self.is_empty:
            return False
        if self.everything:
            return True
        if not path.startswith(self.region_path):
            return False
        return not (self.sector and sector and sector != self.sector)


NOBODY = Jurisdiction(region_path=None)


def scope(
    queryset: QuerySet,
    actor,
    *,
    path_field: str,
    sector_field: str | None = None,
    prefix_lengths: Collection[int] = (),
) -> QuerySet:
    """Limit ``queryset`` to what ``actor`` may see (``prefix_lengths``: see ``q``)."""
    jurisdiction = Jurisdiction.of(actor)
    if jurisdiction.is_empty:
        return queryset.none()
    return queryset.filter(
        jurisdiction.q(
            path_field=path_field, sector_field=sector_field, prefix_lengths=prefix_lengths
        )
    )


def get_in_scope(
    queryset: QuerySet, actor, *, path_field: str, sector_field: str | None = None, **lookup
):
    """One record inside the actor's jurisdiction, or ``NotFound`` (never "forbidden")."""
    try:
        return scope(queryset, actor, path_field=path_field, sector_field=sector_field).get(
            **lookup
        )
    except queryset.model.DoesNotExist:
        raise NotFound() from None

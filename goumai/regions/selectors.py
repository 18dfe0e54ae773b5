from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from goumai.core.jurisdiction import get_in_scope, scope
from goumai.regions.models import Region, ServiceArea


def region_list(
    *,
    actor,
    level: int | None = None,
    parent_code: str | None = None,
    economic_region: str | None = None,
    search: str | None = None,
    merged_at_least: int | None = None,
) -> QuerySet[Region]:
    """Divisions inside the actor's jurisdiction (a township sees only itself)."""
    regions = scope(Region.objects.all(), actor, path_field="path")
    if level:
        regions = regions.filter(level=level)
    if parent_code:
        regions = regions.filter(parent__code=parent_code)
    if economic_region:
        regions = regions.filter(
            Q(economic_region__code=economic_region)
            | Q(parent__economic_region__code=economic_region)
            | Q(parent__parent__economic_region__code=economic_region)
        )
    if search:
        regions = regions.filter(Q(name__contains=search) | Q(code__startswith=search))
    if merged_at_least:
        regions = regions.filter(merged_unit_count__gte=merged_at_least)
    return regions.select_related("parent", "economic_region").order_by("code")


def region_get(*, actor, code: str) -> Region:
    queryset = Region.objects.select_related("parent__parent", "economic_region").prefetch_related(
        Prefetch("service_areas", queryset=ServiceArea.objects.order_by("sort_order", "id"))
    )
    return get_in_scope(queryset, actor, path_field="path", code=code)


def county_of(region: Region) -> Region | None:
    """The county a township (or the county itself) belongs to; ``None`` above counties."""
    while region is not None and region.level > Region.Level.COUNTY:
        region = region.parent
    return region if region is not None and region.level == Region.Level.COUNTY else None


def economic_region_of(region: Region):
    """The economic region of a 市州, or of the 市州 above a county or township."""
    node = region
    while node is not None and node.level > Region.Level.CITY:
        node = node.parent
    return node.economic_region if node is not None else None

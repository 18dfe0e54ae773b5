from __future__ import annotations

from django.db.models import Q, QuerySet

from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.core.errors import NotFound
from goumai.core.jurisdiction import Jurisdiction
from goumai.regions.models import Region


def catalog_item_list(
    *,
    actor,
    level: int | None = None,
    sector: str | None = None,
    parent_code: str | None = None,
    search: str | None = None,
    include_retired: bool = False,
) -> QuerySet[CatalogItem]:
    """The provincial catalog. It is published, so every signed-in official reads
    all of it (a sector department too: it needs the whole tree to place its items)."""
    if Jurisdiction.of(actor).is_empty:
        return CatalogItem.objects.none()
    items = CatalogItem.objects.select_related("parent")
    if not include_retired:
        items = items.filter(is_retired=False)
    if level:
        items = items.filter(level=level)
    if sector:
        items = items.filter(sector=sector)
    if parent_code:
        items = items.filter(parent__code=parent_code)
    if search:
        items = items.filter(Q(name__contains=search) | Q(code__startswith=search))
    return items.order_by("code")


def catalog_item_get(*, actor, code: str) -> CatalogItem:
    item = catalog_item_list(actor=actor, include_retired=True).filter(code=code).first()
    if item is None:
        raise NotFound()
    return item


def county_of_interest(*, actor, county_code: str) -> Region:
    """A county whose catalog the actor may read: one inside their jurisdiction, or
    the county a township actor belongs to (its townships buy from that catalog)."""
    jurisdiction = Jurisdiction.of(actor)
    county = Region.objects.filter(code=county_code, level=Region.Level.COUNTY).first()
    if county is None or jurisdiction.is_empty:
        raise NotFound()
    inside = jurisdiction.covers(county.path)
    own_county = not jurisdiction.everything and jurisdiction.region_path.startswith(county.path)
    if not (inside or own_county):
        raise NotFound()
    return county


def county_catalog(
    *, actor, county_code: str, usable_only: bool = False, include_inactive: bool = False
) -> QuerySet[CountyCatalogEntry]:
    county = county_of_interest(actor=actor, county_code=county_code)
    entries = CountyCatalogEntry.objects.filter(county=county).select_related(
        "item__parent", "county"
    )
    if not include_inactive:
        entries = entries.filter(is_active=True)
    if usable_only:
        entries = entries.filter(flagged_at__isnull=True, item__is_retired=False)
    sector = Jurisdiction.of(actor).sector
    if sector:
        entries = entries.filter(Q(item__sector__isnull=True) | Q(item__sector=sector))
    return entries.order_by("item__code", "local_code")


def county_entry_get(*, actor, entry_id: int) -> CountyCatalogEntry:
    entry = CountyCatalogEntry.objects.select_related("county").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound()
    entry = (
        county_catalog(actor=actor, county_code=entry.county.code, include_inactive=True)
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise NotFound()
    return entry


def county_entry_by_code(*, actor, county: Region, code: str) -> CountyCatalogEntry | None:
    """The county's entry in force under a code: a local item by its own code, an
    adopted one by the provincial code; ``None`` when there is none."""
    entries = county_catalog(actor=actor, county_code=county.code)
    return entries.filter(Q(local_code=code) | Q(local_code="", item__code=code)).first()


# --- the published catalogs, for the public portal (no actor: anyone may read them) ---


def public_catalog(*, search: str = "", sector: str | None = None) -> QuerySet[CatalogItem]:
    """The provincial guidance catalog in force (retired items left out)."""
    items = CatalogItem.objects.filter(is_retired=False).select_related("parent")
    if sector:
        items = items.filter(Q(sector=sector) | Q(level__lte=2))
    if search:
        items = items.filter(Q(name__contains=search) | Q(code__startswith=search))
    return items.order_by("code")


def public_county_catalog(*, county: Region) -> QuerySet[CountyCatalogEntry]:
    """A county's catalog as it stands: entries in force whose provincial item is too."""
    return (
        CountyCatalogEntry.objects.filter(
            county=county, is_active=True, flagged_at__isnull=True, item__is_retired=False
        )
        .select_related("item")
        .order_by("item__code", "local_code")
    )

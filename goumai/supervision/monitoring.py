"""The reform's monitoring dashboard (seed §十二): the figures of ``goumai.indicators``
for the actor's jurisdiction, year on year, broken down one level (the province by
economic region and 市州, a 市州 by county, a county by township), narrowed to the
sector of a sector department. Computed figures are cached for ``CACHE_SECONDS``."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

from goumai.core.errors import NotFound
from goumai.core.jurisdiction import Jurisdiction
from goumai.indicators.figures import Figures, figures
from goumai.regions.models import EconomicRegion, Region

CACHE_SECONDS = 600
CHILD_LENGTH = {
    Region.Level.PROVINCE: 15,
    Region.Level.CITY: 22,
    Region.Level.COUNTY: 32,
    Region.Level.TOWNSHIP: 32,  # a township: itself, no breakdown
}
SHOWN = (
    ("projects", "项目数"),
    ("contracted", "合同金额（元）"),
    ("local_share", "本地承接占比（%）"),
    ("evaluation_coverage", "评价覆盖率（%）"),
    ("good_share", "优良率（%）"),
    ("disclosure_completeness", "公开完整率（%）"),
    ("disclosure_timeliness", "公开及时率（%）"),
)


def root_for(*, actor, code: str | None) -> Region:
    """The place to show: ``code`` if the actor's jurisdiction covers it, else the
    actor's own region. ``NotFound`` for what it may not see."""
    jurisdiction = Jurisdiction.of(actor)
    if jurisdiction.is_empty:
        raise NotFound()
    if code:
        region = Region.objects.filter(code=code).first()
    elif jurisdiction.everything:
        region = Region.objects.get(level=Region.Level.PROVINCE)
    else:
        region = Region.objects.filter(path=jurisdiction.region_path).first()
    if region is None or not jurisdiction.covers(region.path):
        raise NotFound()
    return region


def _figures(root: Region, year: int, sector: str | None, today: date) -> dict[str, Figures]:
    key = f"monitoring:{root.path}:{sector}:{year}:{today}"
    found = cache.get(key)
    if found is None:
        found = figures(
            year=year, within=root.path, length=CHILD_LENGTH[root.level], sector=sector, as_of=today
        )
        cache.set(key, found, CACHE_SECONDS)
    return found


def years_to(today: date, count: int = 3) -> list[int]:
    return list(range(today.year - count + 1, today.year + 1))


def warm_figures(*, today: date) -> int:
    """Put today's figures of the province and of each 市州 (every sector together) in
    the cache; returns how many places × years were computed."""
    roots = [Region.objects.get(level=Region.Level.PROVINCE)]
    roots += list(Region.objects.filter(level=Region.Level.CITY, is_active=True))
    done = 0
    for root in roots:
        for year in years_to(today):
            _figures(root, year, None, today)
            done += 1
    return done


def _row(values: dict[int, Figures | None], years: list[int]) -> list[dict]:
    return [
        {"year": year}
        | {name: getattr(values.get(year) or Figures(), name) for name, _label in SHOWN}
        for year in years
    ]


def dashboard(*, actor, root: Region, years: list[int], today: date) -> dict:
    jurisdiction = Jurisdiction.of(actor)
    sector = jurisdiction.sector
    up = root.parent if root.parent_id and jurisdiction.covers(root.parent.path) else None
    by_year = {year: _figures(root, year, sector, today) for year in years}
    children = list(Region.objects.filter(parent=root, is_active=True).order_by("code"))
    totals = {}
    for year, places in by_year.items():
        total = Figures()
        for found in places.values():
            total.add(found)
        totals[year] = total
    rows = [
        {"region": child, "years": _row({y: by_year[y].get(child.path) for y in years}, years)}
        for child in children
    ]
    regions = []
    if root.level == Region.Level.PROVINCE:
        for economic in EconomicRegion.objects.order_by("sort_order"):
            per_year = {}
            for year in years:
                total = Figures()
                for child in children:
                    if child.economic_region_id == economic.pk and child.path in by_year[year]:
                        total.add(by_year[year][child.path])
                per_year[year] = total
            regions.append({"name": economic.name, "years": _row(per_year, years)})
    return {
        "root": root,
        "up": up,
        "sector": sector,
        "years": years,
        "shown": SHOWN,
        "totals": _row(totals, years),
        "rows": rows,
        "regions": regions,
        "drill": root.level < Region.Level.COUNTY,
    }

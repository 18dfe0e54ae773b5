from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from goumai.core.jurisdiction import Jurisdiction, get_in_scope, scope
from goumai.core.money import money_sum
from goumai.core.rounding import money
from goumai.projects.models import (
    PATH_LENGTHS,
    Project,
    ProjectCitySummary,
    ProjectSummary,
)


def project_list(
    *,
    actor,
    status: str | None = None,
    fiscal_year: int | None = None,
    sector: str | None = None,
    method: str | None = None,
    region_code: str | None = None,
    economic_region: str | None = None,
    search: str | None = None,
) -> QuerySet[Project]:
    """Projects of purchasers inside the actor's jurisdiction (a sector department:
    its sector's)."""
    projects = _in_reach(
        Project.objects.all(),
        actor,
        status=status,
        fiscal_year=fiscal_year,
        sector=sector,
        region_code=region_code,
        economic_region=economic_region,
    )
    if method:
        projects = projects.filter(planned_method=method)
    if search:
        projects = projects.filter(Q(title__contains=search) | Q(code__startswith=search))
    return projects.select_related("purchaser", "catalog_entry__item", "budget_line").order_by(
        "-id"
    )


def summary_list(
    *,
    actor,
    fiscal_year: int | None = None,
    sector: str | None = None,
    region_code: str | None = None,
    economic_region: str | None = None,
) -> QuerySet[ProjectSummary]:
    """The summary rows (``ProjectSummary``) the actor may see, filtered like
    ``project_list``: what dashboards add up instead of every project."""
    return _in_reach(
        ProjectSummary.objects.filter(count__gt=0),
        actor,
        fiscal_year=fiscal_year,
        sector=sector,
        region_code=region_code,
        economic_region=economic_region,
    )


def dashboard_rows(
    *,
    actor,
    fiscal_year: int | None = None,
    sector: str | None = None,
    region_code: str | None = None,
    economic_region: str | None = None,
) -> QuerySet:
    """The summary rows a dashboard adds up: the 市州 rollup (``ProjectCitySummary``,
    a few thousand rows for the province) when the actor sees whole 市州 and no
    narrower place is asked for; else the township-level rows (``summary_list``)."""
    jurisdiction = Jurisdiction.of(actor)
    whole_cities = not jurisdiction.is_empty and (
        jurisdiction.everything or jurisdiction.region_path.count("/") <= CITY_DEPTH
    )
    if not whole_cities or region_code:
        return summary_list(
            actor=actor,
            fiscal_year=fiscal_year,
            sector=sector,
            region_code=region_code,
            economic_region=economic_region,
        )
    rows = scope(
        ProjectCitySummary.objects.filter(count__gt=0),
        actor,
        path_field="city_path",
        sector_field="sector",
    )
    if fiscal_year:
        rows = rows.filter(fiscal_year=fiscal_year)
    if sector:
        rows = rows.filter(sector=sector)
    if economic_region:
        from goumai.regions.models import Region

        rows = rows.filter(
            city_path__in=Region.objects.filter(
                level=Region.Level.CITY, economic_region__code=economic_region
            ).values("path")
        )
    return rows


CITY_DEPTH = "/510000/510100/".count("/")


def _in_reach(
    rows,
    actor,
    *,
    status=None,
    fiscal_year=None,
    sector=None,
    region_code=None,
    economic_region=None,
):
    """Rows with a ``scope_path`` and a ``sector`` (projects, summaries) the actor may
    see, narrowed by the filters every list and dashboard offers."""
    rows = scope(
        rows,
        actor,
        path_field="scope_path",
        sector_field="sector",
        # projects have an index per place on (substring(scope_path, 1, n), id): a
        # county's newest page is read off it (migration 0010)
        prefix_lengths=PATH_LENGTHS.values() if rows.model is Project else (),
    )
    if status:
        rows = rows.filter(status=status)
    if fiscal_year:
        rows = rows.filter(fiscal_year=fiscal_year)
    if sector:
        rows = rows.filter(sector=sector)
    if region_code:
        rows = rows.filter(scope_path__contains=f"/{region_code}/")
    if economic_region:
        from goumai.regions.models import Region

        cities = Region.objects.filter(
            level=Region.Level.CITY, economic_region__code=economic_region
        )
        condition = Q(pk__in=[])
        for path in cities.values_list("path", flat=True):
            condition |= Q(scope_path__startswith=path)
        rows = rows.filter(condition)
    return rows


def project_get(*, actor, project_id: int) -> Project:
    return get_in_scope(
        Project.objects.select_related(
            "purchaser__region", "catalog_entry__item", "budget_line"
        ).prefetch_related("service_areas", "events"),
        actor,
        path_field="scope_path",
        sector_field="sector",
        pk=project_id,
    )


def project_in_reach(*, actor, project_id: int) -> Project:
    """The bare project row if the actor may see it (``NotFound`` if not): what a write
    checks before its service locks and reloads the project."""
    return get_in_scope(
        Project.objects.all(), actor, path_field="scope_path", sector_field="sector", pk=project_id
    )


def project_dashboard(projects: QuerySet[Project]) -> list[dict]:
    """Counts and amounts by status, in lifecycle order."""
    rows = {
        row["status"]: row
        for row in projects.order_by()
        .values("status")
        .annotate(count=Count("id"), budget=Sum("budget_amount"), paid=Sum("paid_amount"))
    }
    return [
        {
            "status": value,
            "label": label,
            "count": rows.get(value, {}).get("count", 0),
            "budget": money_sum(rows.get(value, {}).get("budget")),
            "paid": money_sum(rows.get(value, {}).get("paid")),
        }
        for value, label in Project.Status.choices
    ]


def summary_total(*, actor, status: str | None = None, **filters) -> int:
    """How many projects ``project_list`` would give for these filters (all but the
    method and the search), exactly, from the summary instead of counting rows."""
    rows = dashboard_rows(actor=actor, **filters)
    if status:
        rows = rows.filter(status=status)
    return rows.aggregate(n=Sum("count"))["n"] or 0


def summary_dashboard(rows: QuerySet[ProjectSummary]) -> list[dict]:
    """``project_dashboard``'s figures from the summary rows: a handful of rows to add
    up instead of every project."""
    totals = {
        row["status"]: row
        for row in rows.order_by()
        .values("status")
        .annotate(count=Sum("count"), budget=Sum("budget_fen"), paid=Sum("paid_fen"))
    }
    return [
        {
            "status": value,
            "label": label,
            "count": totals.get(value, {}).get("count") or 0,
            "budget": fen_to_yuan(totals.get(value, {}).get("budget")),
            "paid": fen_to_yuan(totals.get(value, {}).get("paid")),
        }
        for value, label in Project.Status.choices
    ]


def fen_to_yuan(fen) -> Decimal:
    return money(Decimal(fen or 0) / 100)

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from goumai.core.jurisdiction import get_in_scope, scope
from goumai.core.money import money_sum
from goumai.projects.models import Project


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
    projects = scope(Project.objects.all(), actor, path_field="scope_path", sector_field="sector")
    if status:
        projects = projects.filter(status=status)
    if fiscal_year:
        projects = projects.filter(fiscal_year=fiscal_year)
    if sector:
        projects = projects.filter(sector=sector)
    if method:
        projects = projects.filter(planned_method=method)
    if region_code:
        projects = projects.filter(scope_path__contains=f"/{region_code}/")
    if economic_region:
        from goumai.regions.models import Region

        cities = Region.objects.filter(
            level=Region.Level.CITY, economic_region__code=economic_region
        )
        condition = Q(pk__in=[])
        for path in cities.values_list("path", flat=True):
            condition |= Q(scope_path__startswith=path)
        projects = projects.filter(condition)
    if search:
        projects = projects.filter(Q(title__contains=search) | Q(code__startswith=search))
    return projects.select_related("purchaser", "catalog_entry__item", "budget_line").order_by(
        "-id"
    )


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

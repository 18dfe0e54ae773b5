"""Test helper: the summary table (kept by triggers) against a fresh aggregation."""

from django.db.models import Count, Sum

from goumai.projects.models import Project, ProjectCitySummary, ProjectSummary


def fresh() -> dict:
    rows = (
        Project.objects.order_by()
        .values("scope_path", "fiscal_year", "status", "sector")
        .annotate(n=Count("id"), budget=Sum("budget_amount"), paid=Sum("paid_amount"))
    )
    return {
        (r["scope_path"], r["fiscal_year"], r["status"], r["sector"] or ""): (
            r["n"],
            int(round(r["budget"] * 100)),
            int(round(r["paid"] * 100)),
        )
        for r in rows
    }


def kept() -> dict:
    return {
        (s.scope_path, s.fiscal_year, s.status, s.sector): (s.count, s.budget_fen, s.paid_fen)
        for s in ProjectSummary.objects.all()
        if s.count or s.budget_fen or s.paid_fen
    }


def kept_cities() -> dict:
    return {
        (s.city_path, s.fiscal_year, s.status, s.sector): (s.count, s.budget_fen, s.paid_fen)
        for s in ProjectCitySummary.objects.all()
        if s.count or s.budget_fen or s.paid_fen
    }


def fresh_cities() -> dict:
    cities: dict = {}
    for (path, year, status, sector), (n, budget, paid) in fresh().items():
        key = (path[:15], year, status, sector)
        old = cities.get(key, (0, 0, 0))
        cities[key] = (old[0] + n, old[1] + budget, old[2] + paid)
    return cities


def assert_summary_is_fresh(where: str = "") -> None:
    assert kept() == fresh(), where
    assert kept_cities() == fresh_cities(), f"{where} (市州)"

from __future__ import annotations

from django.db.models import QuerySet, Sum

from goumai.budgets.models import BudgetChangeRequest, BudgetLine
from goumai.core.jurisdiction import get_in_scope, scope
from goumai.core.money import money_sum


def budget_line_list(
    *,
    actor,
    fiscal_year: int | None = None,
    org_unit_id: int | None = None,
    region_code: str | None = None,
) -> QuerySet[BudgetLine]:
    """Budget lines of purchasers inside the actor's jurisdiction."""
    lines = scope(BudgetLine.objects.all(), actor, path_field="org_unit__region__path")
    if fiscal_year:
        lines = lines.filter(fiscal_year=fiscal_year)
    if org_unit_id:
        lines = lines.filter(org_unit_id=org_unit_id)
    if region_code:
        lines = lines.filter(org_unit__region__path__contains=f"/{region_code}/")
    return lines.select_related("org_unit__region").order_by(
        "-fiscal_year", "org_unit__code", "code"
    )


def budget_line_get(*, actor, line_id: int) -> BudgetLine:
    return get_in_scope(
        BudgetLine.objects.select_related("org_unit__region").prefetch_related(
            "catalog_entries__item"
        ),
        actor,
        path_field="org_unit__region__path",
        pk=line_id,
    )


def budget_totals(lines: QuerySet[BudgetLine]) -> dict:
    totals = lines.aggregate(amount=Sum("amount"), reserved=Sum("reserved"), spent=Sum("spent"))
    return {key: money_sum(value) for key, value in totals.items()}


def budget_change_list(
    *, actor, status: str | None = None, line_id: int | None = None
) -> QuerySet[BudgetChangeRequest]:
    """Change requests for budget lines inside the actor's jurisdiction, newest first."""
    changes = scope(
        BudgetChangeRequest.objects.all(), actor, path_field="line__org_unit__region__path"
    )
    if status:
        changes = changes.filter(status=status)
    if line_id:
        changes = changes.filter(line_id=line_id)
    return changes.select_related("line__org_unit").order_by("-id")


def budget_change_get(*, actor, change_id: int) -> BudgetChangeRequest:
    return get_in_scope(
        BudgetChangeRequest.objects.select_related("line__org_unit__region"),
        actor,
        path_field="line__org_unit__region__path",
        pk=change_id,
    )

"""Next year's budget advice from evaluation grades (seed task 九, domain.md §6).

The evaluation app writes one piece of advice per finished evaluation; the budget
pages show it beside the form where next year's line is drawn up and in the list.
The grade → advice table is the province's (``evaluation.EvaluationPolicy``)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from goumai.audit.services import audit, created
from goumai.budgets.models import BudgetAdvice, BudgetLine


def budget_advice_record(
    *,
    actor,
    org_unit,
    catalog_entry,
    for_year: int,
    action: str,
    percent: Decimal,
    grade: str,
    score: Decimal,
    project_code: str,
) -> BudgetAdvice:
    """Record the advice (inside the caller's transaction)."""
    advice = BudgetAdvice.objects.create(
        org_unit=org_unit,
        catalog_entry=catalog_entry,
        for_year=for_year,
        action=action,
        percent=Decimal(percent) if action in ("grow", "cut") else Decimal(0),
        grade=grade,
        score=score,
        project_code=project_code,
    )
    audit(actor=actor, changes=[created(advice)])
    return advice


def advice_for_unit(org_unit, *, from_year: int) -> QuerySet[BudgetAdvice]:
    return (
        BudgetAdvice.objects.filter(org_unit=org_unit, for_year__gte=from_year)
        .select_related("catalog_entry__item")
        .order_by("for_year", "catalog_entry__item__code", "id")
    )


def attach_advice(lines: list[BudgetLine]) -> list[BudgetLine]:
    """Give each line ``.advice``: the advice for its unit, year and catalog items
    (two queries for the whole page)."""
    if not lines:
        return lines
    entries: dict[int, set[int]] = {}
    for line in lines:
        entries[line.pk] = {e.pk for e in line.catalog_entries.all()}
    found = BudgetAdvice.objects.filter(
        org_unit_id__in={line.org_unit_id for line in lines},
        for_year__in={line.fiscal_year for line in lines},
    ).select_related("catalog_entry")
    for line in lines:
        line.advice = [
            a
            for a in found
            if a.org_unit_id == line.org_unit_id
            and a.for_year == line.fiscal_year
            and (not entries[line.pk] or a.catalog_entry_id in entries[line.pk])
        ]
    return lines

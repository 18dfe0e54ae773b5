"""A provider's track record from performance evaluations, and what it does:

* **ranking** — the past-performance part of the selection score (10 points):
  the mean of the provider's evaluation scores, recent ones weighing more
  (evaluated this year or last: ×3, two years before: ×2, three: ×1, older: not
  counted), times 0.1. A provider without a counted evaluation gets 6.00 — the
  floor of 中 — so a newcomer is not behind a provider graded 差, and not ahead of
  one graded 中 or better;
* **the 差 bar** — a 差 bars the provider from the same catalog item in the same
  county for one year after the evaluation, unless a county official lifts it
  with a written reason (kept on the record, audited, published).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.core import rounding
from goumai.core.dates import add_years
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.jurisdiction import Jurisdiction, scope
from goumai.core.roles import Perm, has_perm
from goumai.providers.models import Grade, PerformanceRecord

NO_RECORD_POINTS = Decimal("6.00")
RECENCY_WEIGHTS = {0: 3, 1: 3, 2: 2, 3: 1}
POINT = Decimal("0.01")
# Officials of these org unit kinds lift a bar in their county.
COUNTY_OFFICIALS = frozenset({"county_government", "county_finance"})


@dataclass(frozen=True)
class Performance:
    points: Decimal
    explanation: str


def performance_points(records, *, on: date) -> Performance:
    """The past-performance points from ``records`` (a provider's PerformanceRecords)."""
    counted = []
    for record in records:
        weight = RECENCY_WEIGHTS.get(on.year - record.evaluated_on.year)
        if weight and record.evaluated_on <= on:
            counted.append((record, weight))
    if not counted:
        return Performance(NO_RECORD_POINTS, _("无近三年评价记录，按 60 分计"))
    total_weight = sum(w for _r, w in counted)
    mean = sum(r.score * w for r, w in counted) / total_weight
    parts = "，".join(
        f"{r.evaluated_on.year} 年 {r.score} 分（{r.get_grade_display()}）×{w}" for r, w in counted
    )
    points = rounding.points(mean / 10)
    return Performance(
        points,
        _("%(parts)s，加权平均 %(mean)s 分 × 0.1")
        % {"parts": parts, "mean": rounding.points(mean)},
    )


def poor_grade_bars(records, *, item, county, on: date) -> list[PerformanceRecord]:
    """The 差 records that bar this provider from ``item`` in ``county`` on ``on``."""
    if item is None or county is None:
        return []
    return [
        r
        for r in records
        if r.grade == Grade.POOR
        and r.catalog_item_id == item.pk
        and r.county_id == county.pk
        and r.evaluated_on <= on < add_years(r.evaluated_on, 1)
        and not r.override_reason
    ]


def performance_record_add(
    *,
    actor,
    provider,
    catalog_item,
    county,
    purchaser_name: str,
    project_code: str,
    fiscal_year: int,
    evaluated_on: date,
    score: Decimal,
    grade: str,
) -> PerformanceRecord:
    """Keep a finished evaluation with the provider (inside the caller's transaction)."""
    record = PerformanceRecord.objects.create(
        provider=provider,
        catalog_item=catalog_item,
        county=county,
        purchaser_name=purchaser_name[:100],
        project_code=project_code,
        fiscal_year=fiscal_year,
        evaluated_on=evaluated_on,
        score=score,
        grade=grade,
    )
    audit(actor=actor, changes=[created(record)])
    return record


def can_lift_bar(actor, record: PerformanceRecord) -> bool:
    if actor.is_superuser:
        return True
    unit = actor.org_unit if actor.is_authenticated else None
    return (
        unit is not None
        and unit.kind in COUNTY_OFFICIALS
        and has_perm(actor, Perm.APPROVE_PROJECT)
        and Jurisdiction.of(actor).covers(record.county.path)
    )


@audited()
def performance_bar_lift(*, actor, record: PerformanceRecord, reason: str) -> PerformanceRecord:
    """A county official lifts a 差 bar with a written reason (at least 20 characters)."""
    record = (
        PerformanceRecord.objects.select_for_update(no_key=True)
        .select_related("county")
        .get(pk=record.pk)
    )
    if not can_lift_bar(actor, record):
        raise PermissionDenied(_("只有本县县级政府或财政部门的审核人员可以解除限制。"))
    if record.grade != Grade.POOR:
        raise DomainError("not_barred", _("只有评价为“差”的记录会限制承接。"), status=409)
    if record.override_reason:
        raise DomainError("already_lifted", _("该限制已解除。"), status=409)
    reason = (reason or "").strip()
    if len(reason) < 20 or len(reason) > 500:
        raise DomainError(
            "reason_required",
            _("请书面说明解除限制的理由（20 至 500 个字），该理由将予以公开。"),
            fields={"reason": [_("20 至 500 个字。")]},
        )
    before = snapshot(record)
    record.override_reason = reason
    record.overridden_by = actor.get_username()
    record.overridden_at = timezone.now()
    record.save()
    audit(actor=actor, changes=[updated(record, before)])
    return record


def bars_in_reach(actor):
    """差 records in the actor's jurisdiction (by the purchaser's county), newest first."""
    return scope(
        PerformanceRecord.objects.filter(grade=Grade.POOR),
        actor,
        path_field="county__path",
        sector_field="catalog_item__sector",
    ).select_related("provider", "catalog_item", "county")

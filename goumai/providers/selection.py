"""Ranking the eligible bids of a procurement by a score anyone can recompute.

    total = price + technical + past performance + local bonus

* price (weight 30): lowest valid price ÷ this bid's price × 30 (the usual
  综合评分法 formula);
* technical (weight 60): the evaluators' technical score (0–100) × 0.6;
* past performance (weight 10): the provider's recent evaluation scores, recent
  ones weighing more; 6.00 without any (``providers.performance``, which explains
  each figure);
* local bonus: ``GOUMAI_LOCAL_BONUS`` points (default 2, at most 5) for a provider
  registered in the purchaser's county — cultivating local providers is a goal of
  the work plan (task 八), kept small so that it cannot decide a purchase on its own.

Ineligible bids are listed with their reasons and not ranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings

from goumai.core.rounding import points
from goumai.providers.eligibility import Ineligibility, check_eligibility
from goumai.providers.performance import performance_points
from goumai.regions.selectors import county_of

PRICE_WEIGHT = Decimal(30)
TECHNICAL_WEIGHT = Decimal("0.6")
MAX_LOCAL_BONUS = Decimal(5)
POINT = Decimal("0.01")


@dataclass
class ScoredBid:
    bid: object
    price: Decimal = Decimal(0)
    technical: Decimal = Decimal(0)
    performance: Decimal = Decimal(0)
    performance_note: str = ""
    local_bonus: Decimal = Decimal(0)
    ineligible: list[Ineligibility] = field(default_factory=list)
    rank: int | None = None

    @property
    def total(self) -> Decimal:
        return points(self.price + self.technical + self.performance + self.local_bonus)


def local_bonus() -> Decimal:
    return min(Decimal(str(getattr(settings, "GOUMAI_LOCAL_BONUS", "2"))), MAX_LOCAL_BONUS)


def rank_bids(procurement, *, on: date) -> list[ScoredBid]:
    project = procurement.project
    item = project.catalog_entry.item if project.catalog_entry_id else None
    county = county_of(project.purchaser.region)
    # Eligibility reads each provider's credit records and qualifications: fetch them at once.
    bids = [
        b
        for b in procurement.bids.select_related("provider__region").prefetch_related(
            "provider__credit_records",
            "provider__qualifications",
            "provider__performance_records",
        )
        if not b.disqualified
    ]
    scored = [
        ScoredBid(bid=b, ineligible=check_eligibility(b.provider, item=item, on=on, county=county))
        for b in bids
    ]
    eligible = [s for s in scored if not s.ineligible]
    if eligible:
        lowest = min(s.bid.amount for s in eligible)
        for s in eligible:
            s.price = points(lowest / s.bid.amount * PRICE_WEIGHT)
            s.technical = points((s.bid.technical_score or 0) * TECHNICAL_WEIGHT)
            past = performance_points(s.bid.provider.performance_records.all(), on=on)
            s.performance, s.performance_note = past.points, past.explanation
            region = s.bid.provider.region
            if county is not None and region is not None and region.path.startswith(county.path):
                s.local_bonus = local_bonus()
        eligible.sort(key=lambda s: (-s.total, s.bid.amount, s.bid.pk))
        for n, s in enumerate(eligible, start=1):
            s.rank = n
    return eligible + [s for s in scored if s.ineligible]

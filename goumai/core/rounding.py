"""One rounding rule for the whole platform: half up (四舍五入), as people and the
finance rules round — 0.125 → 0.13, 2.25 → 2.3 — for money, points and percentages.

Python's ``Decimal.quantize`` rounds half to even unless told otherwise (0.125 →
0.12); nothing outside this module calls it to round. A figure built from parts
(an evaluation's final score from the parts' totals) combines the unrounded parts
and rounds once, here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")  # money: yuan with two decimals
POINT = Decimal("0.01")  # points and scores: two decimals
TENTH = Decimal("0.1")  # percentages: one decimal


def half_up(value, step: Decimal) -> Decimal:
    """``value`` rounded half up to a multiple of ``step`` (``CENT``, ``POINT``, ``TENTH``)."""
    return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)


def money(value) -> Decimal:
    return half_up(value, CENT)


def points(value) -> Decimal:
    return half_up(value, POINT)


def percent(part, whole, step: Decimal = TENTH) -> Decimal | None:
    """``part`` of ``whole`` in per cent; ``None`` when ``whole`` is 0 (no share at all,
    shown 暂无数据, never 0)."""
    if not whole:
        return None
    return half_up(Decimal(part) * 100 / Decimal(whole), step)

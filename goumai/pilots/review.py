"""The comprehensive review of pilot applications (seed task 四): the arithmetic and the
conflict-of-interest rule, apart from storage so they are tested on hand-computed data.

* A reviewer's score for an application is the weighted sum of the criteria scores
  (each 0–100, weights summing to 100), rounded to two decimals.
* The application's score is the mean of its reviewers' scores; with five reviewers or
  more the highest and the lowest one are dropped first (one each, however many tie).
* A reviewer whose unit is in the applicant county, or in the same 市州, may not review
  it (a provincial expert or one from another 市州 may).
"""

from __future__ import annotations

from decimal import Decimal

from goumai.core.rounding import points

CENT = Decimal("0.01")
TRIM_FROM = 5  # reviewers from which the highest and the lowest score are dropped
CITY_PATH = len("/510000/510100/")


class ReviewError(ValueError):
    """Bad review input; the message is Chinese and names what is wrong."""


def reviewer_score(weights: dict[str, Decimal], scores: dict[str, Decimal]) -> Decimal:
    """Σ weight × score / 100 over the criteria, rounded half up to cents."""
    if sum(weights.values(), Decimal(0)) != 100:
        raise ReviewError(f"评审指标权重合计应为 100，现为 {sum(weights.values(), Decimal(0))}。")
    missing = [name for name in weights if name not in scores]
    if missing:
        raise ReviewError("缺少以下指标的评分：" + "、".join(missing) + "。")
    total = Decimal(0)
    for name, weight in weights.items():
        score = Decimal(scores[name])
        if not 0 <= score <= 100:
            raise ReviewError(f"“{name}”的评分应在 0 到 100 之间。")
        total += weight * score
    return points(total / 100)


def application_score(reviewer_scores: list[Decimal]) -> Decimal | None:
    """The mean of the reviewers' scores, trimmed of the highest and the lowest from
    five reviewers on; ``None`` before anyone has scored."""
    if not reviewer_scores:
        return None
    ordered = sorted(reviewer_scores)
    if len(ordered) >= TRIM_FROM:
        ordered = ordered[1:-1]
    return points(sum(ordered, Decimal(0)) / len(ordered))


def is_conflicted(reviewer_path: str, applicant_county_path: str) -> bool:
    """Is the reviewer's unit (its region's path) in the applicant's county or 市州?
    A provincial unit ("/510000/") is not."""
    if len(reviewer_path) < CITY_PATH:
        return False
    return reviewer_path[:CITY_PATH] == applicant_county_path[:CITY_PATH]

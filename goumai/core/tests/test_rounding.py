"""One rounding rule, half up, for money, points and percentages; a score built from
parts is rounded once."""

from decimal import Decimal

from goumai.core.money import format_yuan, money_sum
from goumai.core.rounding import CENT, TENTH, half_up, money, percent, points
from goumai.evaluation.scoring import final_score, grade_of, weighted_sum, weighted_total
from goumai.indicators.figures import share
from goumai.pilots.review import application_score


def test_halves_round_up_not_to_even():
    assert half_up(Decimal("0.125"), CENT) == Decimal("0.13")  # half-even gives 0.12
    assert half_up(Decimal("2.25"), TENTH) == Decimal("2.3")  # half-even gives 2.2
    assert money(Decimal("10.005")) == Decimal("10.01")
    assert points(Decimal("84.995")) == Decimal("85.00")
    assert half_up(Decimal("-0.125"), CENT) == Decimal("-0.13")  # away from zero


def test_percentages_round_half_up_and_have_no_value_without_a_whole():
    assert percent(1, 16) == Decimal("6.3")  # 6.25: half-even gives 6.2
    assert share(1, 16) == Decimal("6.3")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(0, 0) is None and share(5, 0) is None


def test_money_formats_round_half_up():
    assert format_yuan(Decimal("0.125")) == "0.13"
    assert money_sum(Decimal("2.005")) == Decimal("2.01")


def test_the_final_score_rounds_once_from_unrounded_parts():
    # Parts 89.986 and 90.003: rounded first (89.99, 90.00) their mean is 89.995 → 90.00,
    # 优; unrounded it is 89.9945 → 89.99, 良.
    parts = {"self": Decimal("89.986"), "purchaser": Decimal("90.003")}
    weights = {"self": Decimal(50), "purchaser": Decimal(50)}
    assert final_score(parts, weights) == Decimal("89.99")
    assert grade_of(final_score(parts, weights)) == "good"
    shown = {part: points(value) for part, value in parts.items()}
    assert final_score(shown, weights) == Decimal("90.00")  # what rounding twice gave


def test_a_parts_total_is_its_unrounded_sum_rounded():
    pairs = [(Decimal("33.333"), Decimal("99.99")), (Decimal("66.667"), Decimal("50.5"))]
    exact = weighted_sum(pairs)
    assert (
        exact
        == Decimal("33.333") * Decimal("99.99") / 100 + Decimal("66.667") * Decimal("50.5") / 100
    )
    assert weighted_total(pairs) == points(exact)


def test_a_review_score_rounds_half_up():
    # The mean of 80.02 and 80.03 is 80.025: half up 80.03 (half-even would give 80.02).
    assert application_score([Decimal("80.02"), Decimal("80.03")]) == Decimal("80.03")

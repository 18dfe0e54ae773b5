"""Review arithmetic and the conflict-of-interest rule on hand-computed data."""

from decimal import Decimal

import pytest

from goumai.pilots.review import ReviewError, application_score, is_conflicted, reviewer_score

D = Decimal
WEIGHTS = {"基础条件": D(30), "工作方案": D(40), "保障措施": D(30)}


def test_a_reviewer_score_is_the_weighted_sum():
    # 30×80 + 40×90 + 30×70 = 2400 + 3600 + 2100 = 8100 → 81.00
    assert reviewer_score(WEIGHTS, {"基础条件": D(80), "工作方案": D(90), "保障措施": D(70)}) == D(
        "81.00"
    )
    # 30×85.5 + 40×77 + 30×91 = 2565 + 3080 + 2730 = 8375 → 83.75
    assert reviewer_score(
        WEIGHTS, {"基础条件": D("85.5"), "工作方案": D(77), "保障措施": D(91)}
    ) == D("83.75")


@pytest.mark.parametrize(
    ("weights", "scores", "message"),
    [
        (
            {"基础条件": D(30), "工作方案": D(60)},
            {"基础条件": D(1), "工作方案": D(1)},
            "合计应为 100",
        ),
        (WEIGHTS, {"基础条件": D(80), "工作方案": D(90)}, "保障措施"),
        (WEIGHTS, {"基础条件": D(80), "工作方案": D("100.01"), "保障措施": D(1)}, "0 到 100"),
        (WEIGHTS, {"基础条件": D(-1), "工作方案": D(1), "保障措施": D(1)}, "0 到 100"),
    ],
)
def test_bad_scores_are_refused_in_chinese(weights, scores, message):
    with pytest.raises(ReviewError) as caught:
        reviewer_score(weights, scores)
    assert message in str(caught.value)


def test_the_bounds_of_a_criterion_score_are_allowed():
    assert reviewer_score(WEIGHTS, dict.fromkeys(WEIGHTS, D(0))) == D("0.00")
    assert reviewer_score(WEIGHTS, dict.fromkeys(WEIGHTS, D(100))) == D("100.00")


def test_four_reviewers_are_averaged_untrimmed():
    # (70 + 80 + 90 + 95) / 4 = 335 / 4 = 83.75
    assert application_score([D(70), D(80), D(90), D(95)]) == D("83.75")


def test_five_reviewers_lose_their_highest_and_lowest_score():
    # drop 60 and 99: (80 + 85 + 90) / 3 = 85.00
    assert application_score([D(99), D(80), D(60), D(85), D(90)]) == D("85.00")
    # ties: one of each end only — drop one 70 and one 90: (70 + 80 + 90) / 3 = 80.00
    assert application_score([D(70), D(70), D(80), D(90), D(90)]) == D("80.00")
    # (81 + 82 + 83 + 84) / 4 = 82.50 after dropping 10 and 100 of six
    assert application_score([D(10), D(81), D(82), D(83), D(84), D(100)]) == D("82.50")


def test_no_score_before_anyone_has_scored_and_rounding_is_half_up():
    assert application_score([]) is None
    # (80 + 80 + 80.01) / 3 = 80.00333… → 80.00 ; (80.01 + 80.01 + 80) / 3 = 80.00666… → 80.01
    assert application_score([D(80), D(80), D("80.01")]) == D("80.00")
    assert application_score([D("80.01"), D("80.01"), D(80)]) == D("80.01")


@pytest.mark.parametrize(
    ("reviewer", "conflicted"),
    [
        ("/510000/510100/510131/", True),  # the applicant county itself
        ("/510000/510100/510131/510131104/", True),  # one of its townships
        ("/510000/510100/510132/", True),  # another county of the same 市州
        ("/510000/510100/", True),  # the 市州 itself
        ("/510000/510500/510521/", False),  # another 市州
        ("/510000/", False),  # the province
    ],
)
def test_a_reviewer_from_the_applicants_county_or_city_is_conflicted(reviewer, conflicted):
    assert is_conflicted(reviewer, "/510000/510100/510131/") is conflicted

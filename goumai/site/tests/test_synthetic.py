import pytest
from django.db import transaction
from django.db.models import Sum
from stdnum.cn import uscc

from goumai.budgets.models import BudgetAdvice, BudgetLine
from goumai.contracts.models import Payment
from goumai.evaluation.models import Evaluation
from goumai.evaluation.scoring import grade_of
from goumai.projects.models import Project
from goumai.providers.models import PerformanceRecord, Provider
from goumai.site.synthetic import generate

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def fingerprint(seed, *, counties=("510131",), parts=1):
    """What ``generate`` made, then rolled back so the next call starts clean."""
    rows = []
    try:
        with transaction.atomic():
            for part in range(parts):
                generate(
                    projects_per_year=6,
                    years=2,
                    seed=seed,
                    counties=list(counties),
                    part=part,
                    parts=parts,
                    log=lambda *_: None,
                )
            rows = list(
                Project.objects.order_by("code").values_list(
                    "code", "status", "budget_amount", "paid_amount"
                )
            )
            raise Rollback
    except Rollback:
        return rows


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not():
    first, again, other = fingerprint(7), fingerprint(7), fingerprint(8)
    assert len(first) == 8 * 6 * 2  # 8 townships in 蒲江县, 6 a year, 2 years
    assert first == again and first != other


def test_splitting_the_work_between_processes_gives_the_same_data():
    both = ("510131", "510521")
    assert fingerprint(3, counties=both, parts=2) == fingerprint(3, counties=both, parts=1)


def test_generated_figures_are_consistent():
    generate(projects_per_year=10, years=2, seed=1, counties=["510131"], log=lambda *_: None)
    for line in BudgetLine.objects.all():
        sums = line.projects.aggregate(reserved=Sum("reserved_amount"), paid=Sum("paid_amount"))
        paid = (
            Payment.objects.filter(contract__project__budget_line=line).aggregate(s=Sum("amount"))[
                "s"
            ]
            or 0
        )
        assert (line.reserved, line.spent) == (sums["reserved"], sums["paid"]) and paid == sums[
            "paid"
        ]
        assert line.available >= 0
    assert set(Project.objects.values_list("status", flat=True)) == set(Project.Status.values)
    assert all(
        uscc.is_valid(code) for code in Provider.objects.values_list("credit_code", flat=True)
    )
    # every evaluated or closed project with a contract has a finished evaluation,
    # whose grade matches its score, a provider record and next year's advice
    evaluated = Project.objects.filter(status__in=["evaluated", "closed"], contract__isnull=False)
    evaluations = Evaluation.objects.filter(status="finished")
    assert evaluations.count() == evaluated.count() > 0
    assert all(grade_of(e.score) == e.grade for e in evaluations)
    assert PerformanceRecord.objects.count() == BudgetAdvice.objects.count() == evaluated.count()

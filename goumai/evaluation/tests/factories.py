"""Evaluations for tests: a real one through the services, and a shortcut for
tests of other apps that only need a project past 已评价."""

from decimal import Decimal

from django.utils import timezone

from goumai.evaluation.models import Evaluation, Rule, SurveyAnswer
from goumai.evaluation.services import framework_for, leaves_of, policy
from goumai.projects.models import Project
from goumai.projects.services import project_transition


def answers(evaluation, stars: int, count: int = 10) -> None:
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            evaluation=evaluation,
            overall=stars,
            quality=stars,
            timeliness=stars,
            attitude=stars,
            source=SurveyAnswer.Source.PAPER,
            answered_on=timezone.localdate(),
        )
        for _ in range(count)
    )


def all_leaves(evaluation, level: int = 0, value: str = "100") -> dict[int, dict]:
    """Every typed leaf at the same level (0: the best) or value."""
    entries = {}
    for indicator, _points in leaves_of(evaluation.framework):
        if indicator.rule == Rule.LEVELS:
            entries[indicator.pk] = {"level": level}
        elif indicator.rule == Rule.TARGET:
            entries[indicator.pk] = {"value": value}
        else:
            entries[indicator.pk] = {}
    return entries


def mark_evaluated(actor, project: Project, score: str = "92.00", grade: str = "excellent"):
    """Skip the scoring: a finished evaluation row, then 完成绩效评价."""
    policy()
    Evaluation.objects.create(
        project=project,
        framework=framework_for(project),
        status=Evaluation.Status.FINISHED,
        score=Decimal(score),
        grade=grade,
        finished_at=timezone.now(),
    )
    return project_transition(
        actor=actor,
        project=Project.objects.get(pk=project.pk),
        action="evaluate",
        note=f"绩效评价 {score} 分",
        internal=True,
    )

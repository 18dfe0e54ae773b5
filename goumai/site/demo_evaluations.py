"""Demo evaluations: every grade, every formality flag, surveys with answers, a
third-party agency, evidence files, and next year's budget advice.

Each evaluated demo project takes the next profile in turn:

    优  all served, 5 stars, everything at its best level, evidence attached
    良  90 % served, 4 stars, the purchaser at its best level, evidence attached
    中  70 % served, 3 stars, graded leaves at 一般 — the provider's self-score is
        far above the satisfaction (flag)
    差  40 % served, 2 stars from only four answers (flag), graded leaves at 差,
        no evidence (flag) — and the provider is barred from the item in the county

The demo agency evaluates the 良/中/差 projects of two counties with the same
scores on every graded leaf (flag: look-alike scores); one 良 project is finished
four months after its acceptance (flag: late). Everything goes through the
services, so every rule and audit entry is real.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from goumai.accounts.models import OrgUnit, User
from goumai.evaluation.models import Part, Rule
from goumai.evaluation.reports import cjk_pdf
from goumai.evaluation.services import (
    RATINGS,
    evaluation_assign,
    evaluation_finish,
    evaluation_open,
    evaluation_set_facts,
    evidence_add,
    leaves_of,
    scoring_submit,
    survey_answers_enter,
)
from goumai.projects.models import Project, ProjectEvent

EVALUATOR_UNIT = "EVAL-DEMO"
# (share served, stars, answers, purchaser level, self level, evidence)
PROFILES = [
    (100, 5, 25, 0, 0, True),
    (90, 4, 25, 0, 0, True),
    (70, 3, 25, 2, 0, True),
    (40, 2, 4, 3, 1, False),
]
_evidence_pdf: bytes | None = None


def evidence_pdf() -> bytes:
    """A one-page service ledger, made once."""
    global _evidence_pdf
    if _evidence_pdf is None:
        pdf = cjk_pdf()
        pdf.add_page()
        pdf.set_font("sans", size=12)
        pdf.multi_cell(0, 8, "服务台账（演示）\n服务记录、签到表与回访记录的扫描件。")
        _evidence_pdf = bytes(pdf.output())
    return _evidence_pdf


def _typed(evaluation, level: int) -> dict[int, dict]:
    return {
        indicator.pk: (
            {"level": level, "note": "查阅服务台账并走访服务对象"}
            if indicator.rule == Rule.LEVELS
            else {}
        )
        for indicator, _points in leaves_of(evaluation.framework)
    }


def _attach(actor, evaluation, part: str) -> None:
    for indicator, _points in leaves_of(evaluation.framework):
        if indicator.rule != Rule.FORMULA:
            evidence_add(
                actor=actor,
                evaluation=evaluation,
                part=part,
                indicator_id=indicator.pk,
                upload=SimpleUploadedFile("服务台账.pdf", evidence_pdf()),
            )


def evaluate_demo_project(project: Project, clerk: User, number: int) -> None:
    """``number`` counts the demo's evaluated projects, four a county: it picks the
    profile, so the same project gets the same evaluation in every run."""
    profile = number % len(PROFILES)
    served, stars, count, level, self_level, evidence = PROFILES[profile]
    evaluation = evaluation_open(actor=clerk, project=project)
    evaluation_set_facts(
        actor=clerk,
        evaluation=evaluation,
        people_served=(project.planned_people or 0) * served // 100,
    )
    survey_answers_enter(
        actor=clerk, evaluation=evaluation, rows=[dict.fromkeys(RATINGS, stars)] * count
    )
    agency = None
    if profile and number < 8:  # the first two counties
        agency = OrgUnit.objects.get(code=EVALUATOR_UNIT)
        evaluation_assign(actor=clerk, evaluation=evaluation, third_party=agency)
    scoring_submit(
        actor=clerk, evaluation=evaluation, part=Part.SELF, leaves=_typed(evaluation, self_level)
    )
    scoring_submit(
        actor=clerk,
        evaluation=evaluation,
        part=Part.PURCHASER,
        leaves=_typed(evaluation, level),
        comment="按合同约定的服务标准逐项核查",
    )
    if evidence:
        _attach(clerk, evaluation, Part.PURCHASER)
    if agency is not None:
        evaluator = User.objects.filter(org_unit=agency).first()
        scoring_submit(
            actor=evaluator,
            evaluation=evaluation,
            part=Part.THIRD_PARTY,
            leaves=_typed(evaluation, 1),
            comment="第三方现场核查",
        )
        _attach(evaluator, evaluation, Part.THIRD_PARTY)
    if number == 1:
        # Accepted four months ago and evaluated only now.
        ProjectEvent.objects.filter(project=project, action="accept").update(
            created_at=project.events.get(action="accept").created_at - timedelta(days=120)
        )
    evaluation_finish(actor=clerk, evaluation=evaluation)

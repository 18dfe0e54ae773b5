"""Work-plan tasks over the API: the list with flags, a task, sub-tasks, reports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Router, Schema
from ninja.responses import Status

from goumai.accounts.models import OrgUnit
from goumai.core.api import WRITE_ERRORS, ErrorOut
from goumai.core.dates import china_today
from goumai.core.errors import NotFound
from goumai.supervision import assessing, selectors, services

router = Router(tags=["工作方案督查"])


class TaskOut(Schema):
    id: int
    parent_id: int | None
    number: str
    title: str
    scope_path: str
    responsible_units: list[str]
    responsible_note: str
    deadline: date | None
    status: str
    done_on: date | None
    flag: str | None = None


class ReportOut(Schema):
    id: int
    unit_name: str
    reported_on: date
    text: str


class TaskDetailOut(TaskOut):
    reports: list[ReportOut]


class SubtaskIn(Schema):
    number: str
    title: str
    deadline: date | None = None
    responsible_unit_ids: list[int]
    description: str = ""


class ReportIn(Schema):
    text: str
    reported_on: date


class CompleteIn(Schema):
    done_on: date


def _row(task, today: date) -> dict:
    return {
        "id": task.pk,
        "parent_id": task.parent_id,
        "number": task.number,
        "title": task.title,
        "scope_path": task.scope_path,
        "responsible_units": [unit.name for unit in task.responsible_units.all()],
        "responsible_note": task.responsible_note,
        "deadline": task.deadline,
        "status": task.status,
        "done_on": task.done_on,
        "flag": selectors.task_flag(task, today),
    }


@router.get("/tasks", response=list[TaskOut], summary="可见的工作任务（含逾期、即将到期标记）")
def list_tasks(request, flagged: bool = False):
    today = china_today()
    rows = [_row(task, today) for task in selectors.task_list(actor=request.auth)[:1000]]
    return [row for row in rows if row["flag"]] if flagged else rows


def _detail(request, task_id: int):
    task = selectors.task_get(actor=request.auth, task_id=task_id)
    reports = [
        {"id": r.pk, "unit_name": r.unit.name, "reported_on": r.reported_on, "text": r.text}
        for r in selectors.reports_of(actor=request.auth, task=task)
    ]
    return {**_row(task, china_today()), "reports": reports}


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, 404: ErrorOut}, summary="工作任务")
def get_task(request, task_id: int):
    return _detail(request, task_id)


@router.post(
    "/tasks/{task_id}/subtasks",
    response={201: TaskDetailOut, **WRITE_ERRORS},
    summary="分解任务（下达给下级单位）",
)
def create_subtask(request, task_id: int, payload: SubtaskIn):
    parent = selectors.task_get(actor=request.auth, task_id=task_id)
    units = list(
        OrgUnit.objects.select_related("region").filter(pk__in=payload.responsible_unit_ids)
    )
    task = services.subtask_create(
        actor=request.auth,
        parent=parent,
        number=payload.number,
        title=payload.title,
        deadline=payload.deadline,
        responsible_units=units,
        description=payload.description,
    )
    return Status(201, _detail(request, task.pk))


@router.post(
    "/tasks/{task_id}/reports", response={201: TaskDetailOut, **WRITE_ERRORS}, summary="报告进展"
)
def report(request, task_id: int, payload: ReportIn):
    task = selectors.task_get(actor=request.auth, task_id=task_id)
    services.progress_report(
        actor=request.auth, task=task, text=payload.text, reported_on=payload.reported_on
    )
    return Status(201, _detail(request, task_id))


@router.post(
    "/tasks/{task_id}/complete", response={200: TaskDetailOut, **WRITE_ERRORS}, summary="确认完成"
)
def complete(request, task_id: int, payload: CompleteIn):
    task = selectors.task_get(actor=request.auth, task_id=task_id)
    services.task_complete(actor=request.auth, task=task, done_on=payload.done_on)
    return _detail(request, task_id)


# --- target assessment (目标考核) -------------------------------------------------------

assessment_router = Router(tags=["目标考核"])


class AssessmentIn(Schema):
    year: int
    as_of: date


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    source: str
    weight: Decimal
    applies_to: str


class IndicatorIn(Schema):
    name: str
    weight: str
    applies_to: str = "both"


class WeightIn(Schema):
    weight: str


class ScoreIn(Schema):
    points: str
    evidence: str


class ScoreOut(Schema):
    indicator_id: int
    value: Decimal | None
    points: Decimal | None
    evidence: str


class SubjectOut(Schema):
    id: int
    kind: str
    name: str
    region_code: str | None
    unit_code: str | None
    points: Decimal | None
    possible: Decimal | None
    rate: Decimal | None
    rank: int | None
    scores: list[ScoreOut]


class AssessmentOut(Schema):
    year: int
    as_of: date
    status: str
    computed_at: datetime | None


class AssessmentDetailOut(AssessmentOut):
    indicators: list[IndicatorOut]
    subjects: list[SubjectOut]


def _assessment(request, year: int) -> dict:
    assessment, subjects = selectors.assessment_get(actor=request.auth, year=year)
    return {
        "year": assessment.year,
        "as_of": assessment.as_of,
        "status": assessment.status,
        "computed_at": assessment.computed_at,
        "indicators": list(assessment.indicators.all()),
        "subjects": [
            {
                "id": s.pk,
                "kind": s.kind,
                "name": s.name,
                "region_code": s.region.code if s.region_id else None,
                "unit_code": s.unit.code if s.unit_id else None,
                "points": s.points,
                "possible": s.possible,
                "rate": s.rate,
                "rank": s.rank,
                "scores": [
                    {
                        "indicator_id": score.indicator_id,
                        "value": score.value,
                        "points": score.points,
                        "evidence": score.evidence,
                    }
                    for score in s.scores.all()
                ],
            }
            for s in subjects
        ],
    }


@assessment_router.get("/assessments", response=list[AssessmentOut], summary="可见的考核年度")
def list_assessments(request):
    return list(selectors.assessment_list(actor=request.auth))


@assessment_router.post(
    "/assessments", response={201: AssessmentDetailOut, **WRITE_ERRORS}, summary="建立考核年度"
)
def create_assessment(request, payload: AssessmentIn):
    made = assessing.assessment_create(actor=request.auth, year=payload.year, as_of=payload.as_of)
    return Status(201, _assessment(request, made.year))


@assessment_router.get(
    "/assessments/{year}",
    response={200: AssessmentDetailOut, 404: ErrorOut},
    summary="考核年度：指标、考核对象及得分（被考核单位只见本单位）",
)
def get_assessment(request, year: int):
    return _assessment(request, year)


@assessment_router.post(
    "/assessments/{year}/compute",
    response={200: AssessmentDetailOut, **WRITE_ERRORS},
    summary="按平台数据计算",
)
def compute_assessment(request, year: int):
    assessment, _subjects = selectors.assessment_get(actor=request.auth, year=year)
    assessing.assessment_compute(actor=request.auth, assessment=assessment)
    return _assessment(request, year)


@assessment_router.post(
    "/assessments/{year}/finalize",
    response={200: AssessmentDetailOut, **WRITE_ERRORS},
    summary="定稿",
)
def finalize_assessment(request, year: int):
    assessment, _subjects = selectors.assessment_get(actor=request.auth, year=year)
    assessing.assessment_finalize(actor=request.auth, assessment=assessment)
    return _assessment(request, year)


@assessment_router.post(
    "/assessments/{year}/indicators",
    response={201: AssessmentDetailOut, **WRITE_ERRORS},
    summary="添加人工评分指标",
)
def add_indicator(request, year: int, payload: IndicatorIn):
    assessment, _subjects = selectors.assessment_get(actor=request.auth, year=year)
    assessing.indicator_add(
        actor=request.auth,
        assessment=assessment,
        name=payload.name,
        weight=payload.weight,
        applies_to=payload.applies_to,
    )
    return Status(201, _assessment(request, year))


def _indicator(assessment, indicator_id: int):
    indicator = assessment.indicators.filter(pk=indicator_id).first()
    if indicator is None:
        raise NotFound()
    return indicator


@assessment_router.patch(
    "/assessments/{year}/indicators/{indicator_id}",
    response={200: AssessmentDetailOut, **WRITE_ERRORS},
    summary="修改指标分值",
)
def set_weight(request, year: int, indicator_id: int, payload: WeightIn):
    assessment, _subjects = selectors.assessment_get(actor=request.auth, year=year)
    indicator = _indicator(assessment, indicator_id)
    assessing.indicator_set_weight(actor=request.auth, indicator=indicator, weight=payload.weight)
    return _assessment(request, year)


@assessment_router.put(
    "/assessments/{year}/subjects/{subject_id}/scores/{indicator_id}",
    response={200: AssessmentDetailOut, **WRITE_ERRORS},
    summary="人工评分（附佐证材料）",
)
def score_manually(request, year: int, subject_id: int, indicator_id: int, payload: ScoreIn):
    subject = selectors.subject_get(actor=request.auth, year=year, subject_id=subject_id)
    indicator = _indicator(subject.assessment, indicator_id)
    assessing.manual_score(
        actor=request.auth,
        subject=subject,
        indicator=indicator,
        points=payload.points,
        evidence=payload.evidence,
    )
    return _assessment(request, year)

"""The pilot programme over the API: calls, a county's application, expert reviews and
the selection runs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from goumai.accounts.models import User
from goumai.core.api import WRITE_ERRORS, ErrorOut
from goumai.core.dates import china_today
from goumai.core.errors import NotFound, PermissionDenied
from goumai.documents.services import documents_of, response
from goumai.pilots import followup, reviewing, selectors, services
from goumai.pilots.models import PilotCall, SelectionRun
from goumai.pilots.selection import Rules
from goumai.regions.models import Region

router = Router(tags=["试点管理"])


class CallOut(Schema):
    id: int
    title: str
    is_open: bool
    closes_at: datetime


class ApplicationOut(Schema):
    id: int
    call_id: int
    county_code: str
    county_name: str
    status: str
    sectors: list[str]
    township_codes: list[str]
    goals: str
    current_spending: Decimal
    submitted_at: datetime | None


class ReviewOut(Schema):
    reviewer: str
    scores: dict
    total: Decimal


class ApplicationDetailOut(ApplicationOut):
    reviews: list[ReviewOut] = []
    score: Decimal | None = None  # the trimmed mean: for the call's owner only


class ApplicationIn(Schema):
    sectors: list[str] = []
    township_codes: list[str] = []
    goals: str = ""
    current_spending: Decimal = Decimal(0)


class ReviewIn(Schema):
    scores: dict[str, Decimal]


class RulesIn(Schema):
    minimum: int = 10
    maximum: int = 12
    regions: list[str] | None = None  # default: all five economic regions
    sectors: dict[str, int] = {}
    per_city: int | None = None
    merged_share: Decimal = Decimal(0)
    forced_in: list[str] = []
    forced_out: list[str] = []


class RunOut(Schema):
    id: int
    feasible: bool
    chosen: list[str]
    total: Decimal
    rules: dict
    explanation: dict
    created_at: datetime


def _application(application) -> dict:
    return {
        "id": application.pk,
        "call_id": application.call_id,
        "county_code": application.county.code,
        "county_name": application.county.name,
        "status": application.status,
        "sectors": application.sectors,
        "township_codes": [t.code for t in application.townships.all()],
        "goals": application.goals,
        "current_spending": application.current_spending,
        "submitted_at": application.submitted_at,
    }


def _detail(request, application) -> dict:
    reviews = reviewing.reviews_visible(actor=request.auth, application=application)
    owner = services.is_call_owner(request.auth)
    return {
        **_application(application),
        "reviews": [
            {"reviewer": r.reviewer.get_username(), "scores": r.scores, "total": r.total}
            for r in reviews
        ],
        "score": reviewing.score_of(application) if owner else None,
    }


def _call(call_id: int) -> PilotCall:
    call = PilotCall.objects.filter(pk=call_id).first()
    if call is None:
        raise NotFound()
    return call


@router.get("/pilot-calls", response=list[CallOut], summary="试点申报（全省公开）")
def list_calls(request):
    return list(PilotCall.objects.all()[:100])


@router.get(
    "/pilot-calls/{call_id}/applications",
    response=list[ApplicationOut],
    summary="管辖范围内的申报书",
)
def list_applications(request, call_id: int):
    rows = selectors.application_list(actor=request.auth, call_id=call_id)
    return [_application(a) for a in rows.prefetch_related("townships")[:500]]


@router.put(
    "/pilot-calls/{call_id}/application",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="保存本县申报书（草稿）",
)
def save_application(request, call_id: int, payload: ApplicationIn):
    call = _call(call_id)
    towns = list(Region.objects.filter(code__in=payload.township_codes, level=4))
    application = services.application_save(
        actor=request.auth,
        call=call,
        sectors=payload.sectors,
        townships=towns,
        goals=payload.goals,
        current_spending=payload.current_spending,
    )
    return _detail(request, application)


@router.get(
    "/pilot-applications/{application_id}",
    response={200: ApplicationDetailOut, 404: ErrorOut},
    summary="申报书（评审专家：本人评分后才能看到他人评分）",
)
def get_application(request, application_id: int):
    application = selectors.application_readable(actor=request.auth, application_id=application_id)
    return _detail(request, application)


@router.post(
    "/pilot-applications/{application_id}/submit",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="提交申报书（截止前）",
)
def submit(request, application_id: int):
    application = selectors.application_get(actor=request.auth, application_id=application_id)
    return _detail(
        request, services.application_submit(actor=request.auth, application=application)
    )


@router.post(
    "/pilot-applications/{application_id}/withdraw",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="撤回申报书（截止前）",
)
def withdraw(request, application_id: int):
    application = selectors.application_get(actor=request.auth, application_id=application_id)
    return _detail(
        request, services.application_withdraw(actor=request.auth, application=application)
    )


@router.post(
    "/pilot-applications/{application_id}/reviews",
    response={201: ApplicationDetailOut, **WRITE_ERRORS},
    summary="评审打分（指定专家，回避本市州）",
)
def review(request, application_id: int, payload: ReviewIn):
    application = selectors.application_for_review(
        actor=request.auth, application_id=application_id
    )
    reviewing.review_submit(actor=request.auth, application=application, scores=payload.scores)
    return Status(201, _detail(request, application))


@router.post(
    "/pilot-calls/{call_id}/runs",
    response={201: RunOut, **WRITE_ERRORS},
    summary="遴选试点县（整数规划求最优，保存本次条件和结果）",
)
def run_selection(request, call_id: int, payload: RulesIn):
    call = _call(call_id)
    extra = {} if payload.regions is None else {"regions": frozenset(payload.regions)}
    rules = Rules(
        minimum=payload.minimum,
        maximum=payload.maximum,
        sectors=payload.sectors,
        per_city=payload.per_city,
        merged_share=payload.merged_share,
        forced_in=frozenset(payload.forced_in),
        forced_out=frozenset(payload.forced_out),
        **extra,
    )
    return Status(201, reviewing.selection_run(actor=request.auth, call=call, rules=rules))


@router.get("/pilot-calls/{call_id}/runs", response=list[RunOut], summary="遴选记录（省财政厅）")
def list_runs(request, call_id: int):
    if not services.is_call_owner(request.auth):
        return []
    return list(_call(call_id).runs.all()[:100])


class CriterionIn(Schema):
    name: str
    weight: Decimal


class ReviewerIn(Schema):
    username: str


@router.put(
    "/pilot-calls/{call_id}/criteria",
    response={200: list[CriterionIn], **WRITE_ERRORS},
    summary="设置评审指标及权重（合计 100，评审开始前）",
)
def set_criteria(request, call_id: int, payload: list[CriterionIn]):
    made = reviewing.criteria_set(
        actor=request.auth, call=_call(call_id), criteria=[(c.name, c.weight) for c in payload]
    )
    return [{"name": c.name, "weight": c.weight} for c in made]


@router.post(
    "/pilot-calls/{call_id}/reviewers",
    response={201: ReviewerIn, **WRITE_ERRORS},
    summary="指定评审专家（省财政厅）",
)
def assign_reviewer(request, call_id: int, payload: ReviewerIn):
    if not services.is_call_owner(request.auth):
        raise PermissionDenied(_("评审专家由省财政厅指定。"))
    user = User.objects.filter(username=payload.username).first()
    if user is None:
        raise NotFound("没有这个账号。")
    reviewing.reviewer_assign(actor=request.auth, call=_call(call_id), reviewer=user)
    return Status(201, {"username": user.username})


@router.post(
    "/pilot-calls/{call_id}/runs/{run_id}/publish",
    response={200: CallOut, **WRITE_ERRORS},
    summary="公布该次遴选为试点县名单（公开门户）",
)
def publish_run(request, call_id: int, run_id: int):
    run = SelectionRun.objects.filter(pk=run_id, call_id=call_id).first()
    if run is None or not services.is_call_owner(request.auth):
        raise NotFound()
    return followup.selection_publish(actor=request.auth, run=run)


class TargetIn(Schema):
    year: int
    indicator: str
    target: str


class ProgressOut(Schema):
    year: int
    indicator: str
    target: Decimal
    actual: Decimal | None
    met: bool | None


class CaseIn(Schema):
    title: str
    happened_on: date
    what_happened: str
    assessment: str
    decision: str
    decided_by: str
    decided_on: date


class CaseOut(CaseIn):
    id: int
    recorded_by: str


class PilotOut(Schema):
    id: int
    call_id: int
    county_code: str
    county_name: str
    score: Decimal | None


class PilotDetailOut(PilotOut):
    progress: list[ProgressOut]
    cases: list[CaseOut]


def _pilot(pilot, year: int) -> dict:
    return {
        "id": pilot.pk,
        "call_id": pilot.call_id,
        "county_code": pilot.county.code,
        "county_name": pilot.county.name,
        "score": pilot.score,
        "progress": [
            {
                "year": row["target"].year,
                "indicator": row["target"].indicator,
                "target": row["target"].target,
                "actual": row["actual"],
                "met": row["met"],
            }
            for row in followup.progress(pilot, year)
        ],
        "cases": list(pilot.tolerance_cases.all()),
    }


@router.get("/pilots", response=list[PilotOut], summary="管辖范围内的试点县")
def list_pilots(request):
    return [
        {
            "id": p.pk,
            "call_id": p.call_id,
            "county_code": p.county.code,
            "county_name": p.county.name,
            "score": p.score,
        }
        for p in followup.pilot_list(actor=request.auth)
    ]


@router.get(
    "/pilots/{pilot_id}",
    response={200: PilotDetailOut, 404: ErrorOut},
    summary="试点县：某年度目标与平台数据的实际值、容错纠错案例",
)
def get_pilot(request, pilot_id: int, year: int | None = None):
    pilot = followup.pilot_get(actor=request.auth, pilot_id=pilot_id)
    return _pilot(pilot, year or china_today().year)


@router.put(
    "/pilots/{pilot_id}/targets",
    response={200: PilotDetailOut, **WRITE_ERRORS},
    summary="设定试点目标（省财政厅）",
)
def set_target(request, pilot_id: int, payload: TargetIn):
    pilot = followup.pilot_get(actor=request.auth, pilot_id=pilot_id)
    followup.target_set(
        actor=request.auth,
        pilot=pilot,
        year=payload.year,
        indicator=payload.indicator,
        target=payload.target,
    )
    return _pilot(pilot, payload.year)


@router.post(
    "/pilots/{pilot_id}/tolerance-cases",
    response={201: PilotDetailOut, **WRITE_ERRORS},
    summary="登记容错纠错案例（省财政厅）",
)
def record_case(request, pilot_id: int, payload: CaseIn):
    pilot = followup.pilot_get(actor=request.auth, pilot_id=pilot_id)
    followup.tolerance_record(actor=request.auth, pilot=pilot, **payload.dict())
    return Status(201, _pilot(pilot, china_today().year))


class DocumentOut(Schema):
    id: int
    name: str
    version: int
    size: int
    sm3: str
    content_type: str
    uploaded_at: datetime


@router.get(
    "/pilot-applications/{application_id}/files",
    response={200: list[DocumentOut], 404: ErrorOut},
    summary="申报书附件（管辖范围内，或该批评审专家）",
)
def list_files(request, application_id: int):
    return list(
        documents_of(
            selectors.application_readable(actor=request.auth, application_id=application_id)
        )
    )


@router.post(
    "/pilot-applications/{application_id}/files",
    response={201: DocumentOut, **WRITE_ERRORS},
    summary="上传申报书附件（本县草稿，截止前；同名文件为新版本）",
)
def upload_file(request, application_id: int, file: File[UploadedFile]):
    application = selectors.application_get(actor=request.auth, application_id=application_id)
    return Status(
        201, services.application_attach(actor=request.auth, application=application, upload=file)
    )


@router.get(
    "/pilot-applications/{application_id}/files/{document_id}",
    response={404: ErrorOut, 409: ErrorOut},
    summary="下载附件（校验 SM3 摘要）",
)
def download_file(request, application_id: int, document_id: int):
    document = (
        documents_of(
            selectors.application_readable(actor=request.auth, application_id=application_id)
        )
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise NotFound()
    return response(document)

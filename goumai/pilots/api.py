"""The pilot programme over the API: calls, a county's application, expert reviews and
the selection runs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Router, Schema
from ninja.responses import Status

from goumai.core.api import WRITE_ERRORS, ErrorOut
from goumai.core.errors import NotFound
from goumai.pilots import reviewing, selectors, services
from goumai.pilots.models import PilotCall
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
    try:
        application = selectors.application_get(actor=request.auth, application_id=application_id)
    except NotFound:
        application = selectors.application_for_review(
            actor=request.auth, application_id=application_id
        )
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

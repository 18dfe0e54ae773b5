"""Procurement over the API: start, invite, record bids, disqualify, award, the
ranking; and a provider account's own bids."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Router, Schema
from ninja.responses import Status

from goumai.core.api import WRITE_ERRORS, ErrorOut, IdOut
from goumai.core.dates import china_today
from goumai.procurement import selectors, services
from goumai.projects.selectors import project_get
from goumai.providers.selection import rank_bids
from goumai.providers.selectors import provider_get

router = Router(tags=["购买项目"])


class ProcurementIn(Schema):
    method: str
    announced_on: date
    deadline: date | None = None
    single_source_justification: str = ""
    late_reason: str = ""  # when the date lies more than GOUMAI_BACKDATE_DAYS back


class InvitationIn(Schema):
    provider_id: int
    invited_on: date
    late_reason: str = ""  # when the date lies more than GOUMAI_BACKDATE_DAYS back


class BidIn(Schema):
    provider_id: int
    amount: Decimal
    submitted_on: date
    technical_score: Decimal | None = None
    paper_reason: str = ""  # required once the procurement takes bids online
    late_reason: str = ""  # when the date lies more than GOUMAI_BACKDATE_DAYS back


class DisqualifyIn(Schema):
    reason: str


class AwardIn(Schema):
    bid_id: int
    reasons: str
    awarded_on: date
    deviation_reason: str = ""
    late_reason: str = ""  # when the date lies more than GOUMAI_BACKDATE_DAYS back


class ScoredBidOut(Schema):
    bid_id: int
    provider_id: int
    provider_name: str
    amount: Decimal
    rank: int | None
    price: Decimal
    technical: Decimal
    performance: Decimal
    performance_note: str
    local_bonus: Decimal
    total: Decimal
    ineligible: list[str]


@router.post(
    "/projects/{project_id}/procurement", response={201: IdOut, **WRITE_ERRORS}, summary="开始采购"
)
def start_procurement(request, project_id: int, payload: ProcurementIn):
    project = project_get(actor=request.auth, project_id=project_id)
    result = services.procurement_start(actor=request.auth, project=project, **payload.model_dump())
    return Status(201, result)


def _procurement(request, project_id: int):
    return selectors.procurement_get(actor=request.auth, project_id=project_id)


@router.post(
    "/projects/{project_id}/procurement/invitations",
    response={201: IdOut, **WRITE_ERRORS},
    summary="邀请承接主体",
)
def invite(request, project_id: int, payload: InvitationIn):
    proc = _procurement(request, project_id)
    provider = provider_get(actor=request.auth, provider_id=payload.provider_id)
    return Status(
        201,
        services.procurement_invite(
            actor=request.auth,
            procurement=proc,
            provider=provider,
            invited_on=payload.invited_on,
            late_reason=payload.late_reason,
        ),
    )


@router.post(
    "/projects/{project_id}/procurement/bids",
    response={201: IdOut, **WRITE_ERRORS},
    summary="录入投标或报价",
)
def record_bid(request, project_id: int, payload: BidIn):
    proc = _procurement(request, project_id)
    provider = provider_get(actor=request.auth, provider_id=payload.provider_id)
    bid = services.bid_record(
        actor=request.auth,
        procurement=proc,
        provider=provider,
        amount=payload.amount,
        submitted_on=payload.submitted_on,
        technical_score=payload.technical_score,
        paper_reason=payload.paper_reason,
        late_reason=payload.late_reason,
    )
    return Status(201, bid)


@router.post(
    "/projects/{project_id}/procurement/bids/{bid_id}/disqualify",
    response={200: IdOut, **WRITE_ERRORS},
    summary="认定无效投标",
)
def disqualify(request, project_id: int, bid_id: int, payload: DisqualifyIn):
    bid = selectors.bid_get(actor=request.auth, project_id=project_id, bid_id=bid_id)
    return services.bid_disqualify(actor=request.auth, bid=bid, reason=payload.reason)


@router.post(
    "/projects/{project_id}/procurement/award",
    response={201: IdOut, **WRITE_ERRORS},
    summary="确定成交",
)
def award(request, project_id: int, payload: AwardIn):
    bid = selectors.bid_get(actor=request.auth, project_id=project_id, bid_id=payload.bid_id)
    proc = bid.procurement
    return Status(
        201,
        services.award_make(
            actor=request.auth,
            procurement=proc,
            bid=bid,
            reasons=payload.reasons,
            awarded_on=payload.awarded_on,
            deviation_reason=payload.deviation_reason,
            late_reason=payload.late_reason,
        ),
    )


@router.get(
    "/projects/{project_id}/procurement/ranking",
    response={200: list[ScoredBidOut], 404: ErrorOut},
    summary="有效报价的综合排名及各项得分（价格、技术、以往绩效、本地加分）",
)
def ranking(request, project_id: int, on: date | None = None):
    proc = _procurement(request, project_id)
    return [
        ScoredBidOut(
            bid_id=s.bid.pk,
            provider_id=s.bid.provider_id,
            provider_name=s.bid.provider.name,
            amount=s.bid.amount,
            rank=s.rank,
            price=s.price,
            technical=s.technical,
            performance=s.performance,
            performance_note=s.performance_note,
            local_bonus=s.local_bonus,
            total=s.total,
            ineligible=[r.message for r in s.ineligible],
        )
        for s in rank_bids(proc, on=on or china_today())
    ]


class OwnBidOut(Schema):
    id: int
    project_code: str
    project_title: str
    amount: Decimal
    submitted_on: date
    disqualified: bool

    @staticmethod
    def resolve_project_code(bid) -> str:
        return bid.procurement.project.code

    @staticmethod
    def resolve_project_title(bid) -> str:
        return bid.procurement.project.title


@router.get(
    "/provider/bids",
    response={200: list[OwnBidOut], 404: ErrorOut},
    summary="本单位的投标",
    tags=["承接主体（本单位）"],
)
def bids(request):
    return list(selectors.own_bids(actor=request.auth)[:500])

"""Online bidding over the API: the purchaser publishes, answers and opens; a provider
account lists its tenders, bids, replaces, withdraws and asks. Before the opening no
endpoint returns a bid's content — only that it exists and when it arrived."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from goumai.bidding import selectors, services
from goumai.bidding.models import Question
from goumai.core.api import WRITE_ERRORS, ErrorOut
from goumai.core.errors import NotFound
from goumai.procurement.selectors import procurement_get

router = Router(tags=["网上投标"])


class PublishIn(Schema):
    closes_at: datetime


class SealedBidIn(Schema):
    amount: str
    technical: str = ""


class QuestionIn(Schema):
    text: str


class TenderAnswerIn(Schema):
    answer: str


class QuestionOut(Schema):
    id: int
    text: str
    answer: str
    answered_at: datetime | None


class TenderOut(Schema):
    id: int
    project_id: int
    project_title: str
    method: str
    closes_at: datetime
    opened_at: datetime | None
    # before the opening: provider and submitted_at only; after it, the opening sheet
    bids: list[dict]
    questions: list[QuestionOut]


class SealedBidOut(Schema):
    tender_id: int
    version: int
    submitted_at: datetime
    withdrawn_at: datetime | None


def _tender(tender, questions) -> dict:
    project = tender.procurement.project
    return {
        "id": tender.pk,
        "project_id": project.pk,
        "project_title": project.title,
        "method": tender.procurement.method,
        "closes_at": tender.closes_at,
        "opened_at": tender.opened_at,
        "bids": services.bids_visible(tender=tender),
        "questions": list(questions),
    }


def _purchaser_tender(request, project_id: int):
    tender = selectors.tender_of_project(actor=request.auth, project_id=project_id)
    if tender is None:
        raise NotFound("该项目未发布网上投标。")
    return tender


@router.post(
    "/projects/{project_id}/tender",
    response={201: TenderOut, **WRITE_ERRORS},
    summary="发布网上投标（购买主体）",
)
def publish(request, project_id: int, payload: PublishIn):
    procurement = procurement_get(actor=request.auth, project_id=project_id)
    tender = services.tender_publish(
        actor=request.auth, procurement=procurement, closes_at=payload.closes_at
    )
    return Status(201, _tender(tender, []))


@router.get(
    "/projects/{project_id}/tender",
    response={200: TenderOut, 404: ErrorOut},
    summary="项目的网上投标（开标前只显示投标人及递交时间）",
)
def get_for_project(request, project_id: int):
    tender = _purchaser_tender(request, project_id)
    return _tender(tender, tender.questions.all())


@router.post(
    "/projects/{project_id}/tender/questions/{question_id}/answer",
    response={200: TenderOut, **WRITE_ERRORS},
    summary="答复澄清问题（所有投标人可见）",
)
def answer(request, project_id: int, question_id: int, payload: TenderAnswerIn):
    tender = _purchaser_tender(request, project_id)
    question = get_object_or_404(Question, pk=question_id, tender=tender)
    services.question_answer(actor=request.auth, question=question, answer=payload.answer)
    return _tender(tender, tender.questions.all())


@router.post(
    "/projects/{project_id}/tender/open",
    response={200: TenderOut, **WRITE_ERRORS},
    summary="开标（截止后；一次解密全部投标）",
)
def open_bids(request, project_id: int):
    tender = services.tender_open(actor=request.auth, tender=_purchaser_tender(request, project_id))
    return _tender(tender, tender.questions.all())


@router.get("/tenders", response=list[TenderOut], summary="本承接主体可投标的采购")
def own_tenders(request):
    return [
        _tender(t, t.questions.exclude(answered_at=None))
        for t in selectors.open_tenders(actor=request.auth)[:200]
    ]


@router.get(
    "/tenders/{tender_id}",
    response={200: TenderOut, 404: ErrorOut},
    summary="一次网上投标（投标人：所有答复）",
)
def get_tender(request, tender_id: int):
    tender = selectors.tender_for_bidder(actor=request.auth, tender_id=tender_id)
    return _tender(tender, services.answers_for(actor=request.auth, tender=tender))


@router.put(
    "/tenders/{tender_id}/bid",
    response={200: SealedBidOut, **WRITE_ERRORS},
    summary="递交或替换本单位投标（截止前，密封）",
)
def submit_bid(request, tender_id: int, payload: SealedBidIn):
    tender = selectors.tender_for_bidder(actor=request.auth, tender_id=tender_id)
    bid = services.bid_submit(
        actor=request.auth, tender=tender, amount=payload.amount, technical=payload.technical
    )
    return {
        "tender_id": tender.pk,
        "version": bid.version,
        "submitted_at": bid.submitted_at,
        "withdrawn_at": bid.withdrawn_at,
    }


@router.delete(
    "/tenders/{tender_id}/bid",
    response={200: SealedBidOut, **WRITE_ERRORS},
    summary="撤回本单位投标（截止前）",
)
def withdraw_bid(request, tender_id: int):
    tender = selectors.tender_for_bidder(actor=request.auth, tender_id=tender_id)
    bid = services.bid_withdraw(actor=request.auth, tender=tender)
    return {
        "tender_id": tender.pk,
        "version": bid.version,
        "submitted_at": bid.submitted_at,
        "withdrawn_at": bid.withdrawn_at,
    }


class SealedFileOut(Schema):
    id: int
    size: int  # of the ciphertext: the name and content stay sealed until the opening


@router.post(
    "/tenders/{tender_id}/bid/files",
    response={201: SealedFileOut, **WRITE_ERRORS},
    summary="密封上传投标文件（截止前；文件名和内容开标后才解密）",
)
def attach_file(request, tender_id: int, file: File[UploadedFile]):
    tender = selectors.tender_for_bidder(actor=request.auth, tender_id=tender_id)
    return Status(201, services.bid_attach(actor=request.auth, tender=tender, upload=file))


@router.post(
    "/tenders/{tender_id}/questions",
    response={201: QuestionOut, **WRITE_ERRORS},
    summary="提出澄清问题",
)
def ask(request, tender_id: int, payload: QuestionIn):
    tender = selectors.tender_for_bidder(actor=request.auth, tender_id=tender_id)
    return Status(201, services.question_ask(actor=request.auth, tender=tender, text=payload.text))

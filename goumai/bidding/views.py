"""网上投标 pages: the purchaser's (publish, questions, opening) and a provider's (the
tenders it may bid on; bid, replace, withdraw, ask)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from goumai.bidding import selectors, services
from goumai.bidding.forms import BidForm, PublishForm, QuestionForm
from goumai.bidding.models import Question
from goumai.core.dates import stamp
from goumai.core.errors import DomainError, NotFound
from goumai.documents.services import documents_of, response
from goumai.procurement.selectors import procurement_get
from goumai.projects import lifecycle


@login_required
def tender_page(request, project_id: int):
    """The purchaser's page of the project's online tender."""
    tender = selectors.tender_of_project(actor=request.user, project_id=project_id)
    procurement = procurement_get(actor=request.user, project_id=project_id)
    purchaser = lifecycle.is_purchaser(request.user, procurement.project)
    action = request.POST.get("form") if request.method == "POST" else None
    if action is not None and not purchaser:
        raise PermissionDenied()
    publish = PublishForm(request.POST if action == "publish" else None)
    try:
        if action == "publish" and publish.is_valid():
            services.tender_publish(
                actor=request.user,
                procurement=procurement,
                closes_at=publish.cleaned_data["closes_at"],
            )
            messages.success(request, "已发布网上投标，受邀承接主体可在其账号中投标。")
            return redirect("projects:tender", project_id=project_id)
        if action == "answer" and tender is not None:
            question = get_object_or_404(Question, pk=request.POST.get("question"), tender=tender)
            services.question_answer(
                actor=request.user, question=question, answer=request.POST.get("answer", "")
            )
            messages.success(request, "已答复，所有投标人均可看到。")
            return redirect("projects:tender", project_id=project_id)
        if action == "open" and tender is not None:
            services.tender_open(actor=request.user, tender=tender)
            messages.success(request, "已开标，开标记录见下方；请评审后确定成交。")
            return redirect("projects:tender", project_id=project_id)
    except DomainError as error:
        if action == "publish":
            publish.add_domain_error(error)
        else:
            messages.error(request, error.message)
    return render(
        request,
        "bidding/tender.html",
        {
            "project": procurement.project,
            "procurement": procurement,
            "tender": tender,
            "purchaser": purchaser,
            "publish_form": publish,
            "bids": services.bids_visible(tender=tender) if tender else [],
            "questions": tender.questions.select_related("provider") if tender else [],
            "now": timezone.now(),
        },
    )


@login_required
def own_tenders_page(request):
    if getattr(request.user, "provider", None) is None:
        raise NotFound()
    return render(
        request,
        "bidding/own_tenders.html",
        {"tenders": selectors.open_tenders(actor=request.user)[:200], "now": timezone.now()},
    )


@login_required
def bidder_page(request, tender_id: int):
    tender = selectors.tender_for_bidder(actor=request.user, tender_id=tender_id)
    action = request.POST.get("form") if request.method == "POST" else None
    bid_form = BidForm(request.POST if action == "bid" else None)
    question_form = QuestionForm(request.POST if action == "ask" else None)
    try:
        if action == "bid" and bid_form.is_valid():
            made = services.bid_submit(actor=request.user, tender=tender, **bid_form.cleaned_data)
            messages.success(
                request,
                f"投标已密封递交（第 {made.version} 版，"
                f"{stamp(made.submitted_at)}）。开标前任何人都无法查看内容。",
            )
            return redirect("providers:tender", tender_id=tender.pk)
        if action == "attach":
            upload = request.FILES.get("file")
            if upload is None:
                messages.error(request, "请选择要上传的投标文件。")
            else:
                services.bid_attach(actor=request.user, tender=tender, upload=upload)
                messages.success(request, "投标文件已密封上传（文件名和内容在开标前都无法查看）。")
                return redirect("providers:tender", tender_id=tender.pk)
        if action == "withdraw":
            services.bid_withdraw(actor=request.user, tender=tender)
            messages.success(request, "投标已撤回。截止前可以重新递交。")
            return redirect("providers:tender", tender_id=tender.pk)
        if action == "ask" and question_form.is_valid():
            services.question_ask(actor=request.user, tender=tender, **question_form.cleaned_data)
            messages.success(request, "问题已提交，答复将同时发给所有投标人。")
            return redirect("providers:tender", tender_id=tender.pk)
    except DomainError as error:
        form = {"bid": bid_form, "ask": question_form}.get(action)
        if form is not None:
            form.add_domain_error(error)
        else:
            messages.error(request, error.message)
    return render(
        request,
        "bidding/bidder.html",
        {
            "tender": tender,
            "project": tender.procurement.project,
            "mine": selectors.own_bid(actor=request.user, tender=tender),
            "answers": services.answers_for(actor=request.user, tender=tender),
            "bid_form": bid_form,
            "question_form": question_form,
            "now": timezone.now(),
            "sheet": tender.opening_sheet if tender.opened_at else [],
            "documents": documents_of(tender.procurement),
            "own_documents": selectors.own_documents(actor=request.user, tender=tender),
        },
    )


@login_required
def bidder_file(request, tender_id: int, document_id: int):
    """A procurement document, for a provider that may bid on the tender."""
    tender = selectors.tender_for_bidder(actor=request.user, tender_id=tender_id)
    found = documents_of(tender.procurement) | selectors.own_documents(
        actor=request.user, tender=tender
    )
    return response(get_object_or_404(found, pk=document_id))

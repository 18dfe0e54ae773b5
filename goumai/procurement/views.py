"""Procurement screens: start the procurement, invite, record bids, disqualify, award.
Each action returns to the project page, which shows the procurement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goumai.core.errors import DomainError
from goumai.procurement import selectors, services
from goumai.procurement.forms import ProcurementForm
from goumai.projects.selectors import project_get
from goumai.projects.views import act, day_or_today
from goumai.providers.selectors import provider_get


@login_required
def procurement_start_page(request, project_id: int):
    project = project_get(actor=request.user, project_id=project_id)
    form = ProcurementForm(request.POST or None, initial={"method": project.planned_method})
    if request.method == "POST" and form.is_valid():
        try:
            services.procurement_start(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "已开始采购。")
            return redirect("projects:detail", project_id=project.pk)
    return render(request, "procurement/start_form.html", {"form": form, "project": project})


def _proc(request, project_id: int):
    proc = selectors.procurement_get(actor=request.user, project_id=project_id)
    return proc.project, proc


@login_required
@require_POST
def invite_view(request, project_id: int):
    project, proc = _proc(request, project_id)
    provider = provider_get(
        actor=request.user, provider_id=int(request.POST.get("provider_id") or 0)
    )
    return act(
        request,
        project,
        lambda: services.procurement_invite(
            actor=request.user,
            procurement=proc,
            provider=provider,
            invited_on=day_or_today(request.POST.get("invited_on")),
            late_reason=request.POST.get("late_reason", ""),
        ),
        f"已邀请{provider.name}。",
        form="invite",
    )


@login_required
@require_POST
def bid_view(request, project_id: int):
    project, proc = _proc(request, project_id)
    provider = provider_get(
        actor=request.user, provider_id=int(request.POST.get("provider_id") or 0)
    )
    return act(
        request,
        project,
        lambda: services.bid_record(
            actor=request.user,
            procurement=proc,
            provider=provider,
            amount=request.POST.get("amount", ""),
            submitted_on=day_or_today(request.POST.get("submitted_on")),
            technical_score=request.POST.get("technical_score") or None,
            paper_reason=request.POST.get("paper_reason", ""),
            late_reason=request.POST.get("late_reason", ""),
        ),
        f"已录入{provider.name}的报价。",
        form="bid",
    )


@login_required
@require_POST
def disqualify_view(request, project_id: int, bid_id: int):
    bid = selectors.bid_get(actor=request.user, project_id=project_id, bid_id=bid_id)
    return act(
        request,
        bid.procurement.project,
        lambda: services.bid_disqualify(
            actor=request.user, bid=bid, reason=request.POST.get("reason", "")
        ),
        "已认定为无效投标。",
        form=f"disqualify-{bid.pk}",
    )


@login_required
@require_POST
def award_view(request, project_id: int, bid_id: int):
    bid = selectors.bid_get(actor=request.user, project_id=project_id, bid_id=bid_id)
    project, proc = bid.procurement.project, bid.procurement
    return act(
        request,
        project,
        lambda: services.award_make(
            actor=request.user,
            procurement=proc,
            bid=bid,
            reasons=request.POST.get("reasons", ""),
            awarded_on=day_or_today(request.POST.get("awarded_on")),
            deviation_reason=request.POST.get("deviation_reason", ""),
            late_reason=request.POST.get("late_reason", ""),
        ),
        f"已确定成交：{bid.provider.name}。",
        form=f"award-{bid.pk}",
    )

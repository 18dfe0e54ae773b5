from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from goumai.core.errors import DomainError
from goumai.pilots import reviewing, selectors, services
from goumai.pilots.forms import ApplicationForm
from goumai.pilots.models import Application, PilotCall
from goumai.regions.models import Region


@login_required
def call_list_page(request):
    return render(request, "pilots/list.html", {"calls": PilotCall.objects.all()[:50]})


@login_required
def call_page(request, call_id: int):
    """The province sees every application with its score and the latest run; a county
    its own application and its form; a 市州 its counties' applications."""
    call = get_object_or_404(PilotCall, pk=call_id)
    owner = services.is_call_owner(request.user)
    unit = request.user.org_unit
    applicant = unit is not None and unit.kind in services.APPLICANTS
    context = {"call": call, "owner": owner, "now": timezone.now()}
    if applicant:
        county = unit.region
        mine = Application.objects.filter(call=call, county=county).first()
        townships = Region.objects.filter(parent=county, is_active=True).order_by("code")
        initial = (
            {
                "sectors": mine.sectors,
                "township_ids": [str(t.pk) for t in mine.townships.all()],
                "goals": mine.goals,
                "current_spending": mine.current_spending,
            }
            if mine
            else None
        )
        action = request.POST.get("form") if request.method == "POST" else None
        form = ApplicationForm(
            request.POST if action == "save" else None, initial=initial, townships=townships
        )
        done = _county_action(request, call, mine, form, action, townships)
        if done:
            return redirect("pilots:call", call_id=call.pk)
        context |= {"mine": mine, "form": form}
    elif request.method == "POST":
        raise PermissionDenied()
    rows = selectors.application_list(actor=request.user, call_id=call.pk).prefetch_related(
        "reviews", "townships"
    )
    context["applications"] = [
        {"application": a, "score": reviewing.score_of(a) if owner else None} for a in rows
    ]
    context["run"] = call.runs.first() if owner else None
    return render(request, "pilots/call.html", context)


def _county_action(request, call, mine, form, action, townships) -> bool:
    if action is None:
        return False
    try:
        if action == "save" and form.is_valid():
            data = form.cleaned_data
            chosen = [t for t in townships if str(t.pk) in data["township_ids"]]
            services.application_save(
                actor=request.user,
                call=call,
                sectors=data["sectors"],
                townships=chosen,
                goals=data["goals"],
                current_spending=data["current_spending"],
            )
            messages.success(request, "申报书已保存（草稿）。")
            return True
        if action == "submit" and mine:
            services.application_submit(actor=request.user, application=mine)
            messages.success(request, "申报书已提交。")
            return True
        if action == "withdraw" and mine:
            services.application_withdraw(actor=request.user, application=mine)
            messages.success(request, "申报书已撤回，可以修改后再提交。")
            return True
    except DomainError as error:
        if action == "save":
            form.add_domain_error(error)
        else:
            messages.error(request, error.message)
    return False

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from goumai.accounts.models import User
from goumai.core.dates import china_today
from goumai.core.errors import DomainError
from goumai.core.roles import Sector
from goumai.documents.services import documents_of, response
from goumai.pilots import followup, reviewing, selectors, services
from goumai.pilots.forms import (
    ApplicationForm,
    CaseForm,
    CriteriaForm,
    ReviewerForm,
    RulesForm,
    TargetForm,
)
from goumai.pilots.models import Application, Assignment, PilotCall, SelectionRun
from goumai.pilots.selection import Rules
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
        context |= {"mine": mine, "form": form, "mine_files": documents_of(mine) if mine else []}
    elif owner:
        extra = owner_context(request, call)
        if extra.get("done"):
            return redirect("pilots:call", call_id=call.pk)
        context |= extra
    elif request.method == "POST":
        raise PermissionDenied()
    rows = selectors.application_list(actor=request.user, call_id=call.pk).prefetch_related(
        "reviews", "townships"
    )
    context["applications"] = [
        {
            "application": a,
            "score": reviewing.score_of(a) if owner else None,
            "files": documents_of(a),
        }
        for a in rows
    ]
    context["is_reviewer"] = Assignment.objects.filter(call=call, reviewer=request.user).exists()
    if not owner:
        context["pilots"] = followup.pilot_list(actor=request.user, call=call)
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
        if action == "attach" and mine:
            upload = request.FILES.get("file")
            if upload is None:
                messages.error(request, "请选择要上传的文件。")
                return False
            services.application_attach(actor=request.user, application=mine, upload=upload)
            messages.success(request, f"附件“{upload.name}”已上传。")
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


# --- the province: criteria, reviewers, selection, publication ------------------------


def owner_context(request, call: PilotCall) -> dict | None:
    """The province's forms on the call page, and what a POST to them did: a redirect
    target when it succeeded (``{"done": True}``)."""
    action = request.POST.get("form") if request.method == "POST" else None
    if action not in (None, "criteria", "reviewer", "select", "publish"):
        raise PermissionDenied()
    lines = "\n".join(f"{c.name} {c.weight.normalize():f}" for c in call.criteria.all())
    criteria = CriteriaForm(
        request.POST if action == "criteria" else None,
        initial={"criteria": lines or "基础条件 30\n工作方案 40\n保障措施 30"},
    )
    reviewer = ReviewerForm(request.POST if action == "reviewer" else None)
    rules = RulesForm(request.POST if action == "select" else None)
    try:
        if action == "criteria" and criteria.is_valid():
            reviewing.criteria_set(actor=request.user, call=call, criteria=criteria.parsed())
            messages.success(request, "评审指标已保存。")
            return {"done": True}
        if action == "reviewer" and reviewer.is_valid():
            user = User.objects.filter(username=reviewer.cleaned_data["username"]).first()
            if user is None:
                reviewer.add_error("username", "没有这个账号。")
            else:
                reviewing.reviewer_assign(actor=request.user, call=call, reviewer=user)
                messages.success(request, f"已指定评审专家 {user.username}。")
                return {"done": True}
        if action == "select" and rules.is_valid():
            reviewing.selection_run(actor=request.user, call=call, rules=_rules(rules.cleaned_data))
            messages.success(request, "已完成遴选计算，结果见下方。")
            return {"done": True}
        if action == "publish":
            run = get_object_or_404(SelectionRun, pk=request.POST.get("run"), call=call)
            followup.selection_publish(actor=request.user, run=run)
            messages.success(request, "试点县名单已公布。")
            return {"done": True}
    except DomainError as error:
        form = {"criteria": criteria, "reviewer": reviewer, "select": rules}.get(action)
        if form is not None:
            form.add_domain_error(error)
        else:
            messages.error(request, error.message)
    names = dict(Region.objects.filter(pilot_applications__call=call).values_list("code", "name"))
    runs = [
        {
            "run": run,
            "chosen": [names.get(code, code) for code in run.chosen],
            "left_out": [
                (names.get(c, c), why) for c, why in run.explanation.get("left_out", {}).items()
            ],
        }
        for run in call.runs.all()[:5]
    ]
    return {
        "criteria_form": criteria,
        "reviewer_form": reviewer,
        "rules_form": rules,
        "assignments": call.assignments.select_related("reviewer__org_unit"),
        "runs": runs,
        "pilots": followup.pilot_list(actor=request.user, call=call),
    }


def _rules(data: dict) -> Rules:
    codes = lambda text: frozenset((text or "").split())  # noqa: E731
    return Rules(
        minimum=data["minimum"],
        maximum=data["maximum"],
        per_city=data["per_city"],
        merged_share=data["merged_share"] / 100,
        sectors={s: data[s] for s in Sector.values if data[s]},
        forced_in=codes(data["forced_in"]),
        forced_out=codes(data["forced_out"]),
    )


# --- an expert's review ----------------------------------------------------------------


@login_required
def review_page(request, call_id: int):
    """An assigned expert scores each submitted application it is not conflicted on;
    the others' scores appear only once its own are in."""
    call = get_object_or_404(PilotCall, pk=call_id)
    if not Assignment.objects.filter(call=call, reviewer=request.user).exists():
        raise Http404()
    criteria = list(call.criteria.all())
    posted = request.POST.get("application") if request.method == "POST" else None
    rows = []
    for application in call.applications.filter(status="submitted").select_related("county"):
        mine = application.reviews.filter(reviewer=request.user).first()
        conflicted = reviewing.conflicted(request.user, application)
        errors = []
        if posted == str(application.pk) and not mine and not conflicted:
            scores = {c.name: request.POST.get(f"c{c.pk}", "").strip() for c in criteria}
            try:
                reviewing.review_submit(actor=request.user, application=application, scores=scores)
            except DomainError as error:
                errors = [error.message, *[m for ms in error.fields.values() for m in ms]]
                errors = list(dict.fromkeys(errors))
            else:
                messages.success(request, f"已提交对{application.county.name}的评分。")
                return redirect("pilots:review", call_id=call.pk)
        others = reviewing.reviews_visible(actor=request.user, application=application)
        rows.append(
            {
                "files": documents_of(application),
                "application": application,
                "mine": mine,
                "conflicted": conflicted,
                "errors": errors,
                "others": [r.total for r in others if r.reviewer_id != request.user.pk],
                "values": request.POST if posted == str(application.pk) else {},
            }
        )
    return render(
        request,
        "pilots/review.html",
        {"call": call, "criteria": criteria, "rows": rows, "open": timezone.now() < call.closes_at},
    )


# --- a pilot county: targets and 容错纠错 ------------------------------------------------


@login_required
def pilot_page(request, pilot_id: int):
    pilot = followup.pilot_get(actor=request.user, pilot_id=pilot_id)
    owner = services.is_call_owner(request.user)
    action = request.POST.get("form") if request.method == "POST" else None
    if action is not None and not owner:
        raise PermissionDenied()
    this_year = china_today().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    target = TargetForm(request.POST if action == "target" else None, initial={"year": year})
    case = CaseForm(request.POST if action == "case" else None)
    try:
        if action == "target" and target.is_valid():
            followup.target_set(actor=request.user, pilot=pilot, **target.cleaned_data)
            messages.success(request, "试点目标已保存。")
            return redirect(f"{request.path}?year={target.cleaned_data['year']}")
        if action == "case" and case.is_valid():
            followup.tolerance_record(actor=request.user, pilot=pilot, **case.cleaned_data)
            messages.success(request, "容错纠错案例已登记。")
            return redirect(request.path)
    except DomainError as error:
        (target if action == "target" else case).add_domain_error(error)
    application = pilot.call.applications.filter(county=pilot.county).first()
    return render(
        request,
        "pilots/pilot.html",
        {
            "pilot": pilot,
            "application": application,
            "year": year,
            "years": range(this_year - 3, this_year + 2),
            "progress": followup.progress(pilot, year),
            "cases": pilot.tolerance_cases.all(),
            "target_form": target if owner else None,
            "case_form": case if owner else None,
        },
    )


# --- the public portal ------------------------------------------------------------------


def public_pilots(request):
    """Published pilot lists, for anyone: the counties, their 市州 and economic region,
    review scores and sectors."""
    calls = []
    for call in PilotCall.objects.filter(published_at__isnull=False).order_by("-published_at"):
        sectors = {
            a.county_id: a.sector_labels for a in call.applications.filter(status="submitted")
        }
        pilots = call.pilots.select_related("county__parent__economic_region")
        calls.append({"call": call, "pilots": [(p, sectors.get(p.county_id, [])) for p in pilots]})
    return render(request, "pilots/public.html", {"calls": calls})


@login_required
def application_file(request, application_id: int, document_id: int):
    """An application's attachment: for the jurisdiction over the county (the county,
    its 市州, the province) and for the call's assigned experts."""
    application = selectors.application_readable(actor=request.user, application_id=application_id)
    return response(get_object_or_404(documents_of(application), pk=document_id))

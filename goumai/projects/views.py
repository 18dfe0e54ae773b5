"""Project screens: the clerk's whole lifecycle, and lists and a dashboard for
counties and the province. Every write goes through a service; small inline
actions report their outcome as a message on the project page."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goumai.budgets.selectors import budget_line_list
from goumai.catalog.models import CountyCatalogEntry
from goumai.contracts import services as contracts
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.roles import Sector
from goumai.projects import lifecycle, procurement, selectors, services
from goumai.projects.forms import ContractForm, NoteForm, ProcurementForm, ProjectForm
from goumai.projects.models import ProcurementMethod, Project
from goumai.providers.selection import rank_bids
from goumai.providers.selectors import provider_get, provider_list
from goumai.regions.models import EconomicRegion, ServiceArea
from goumai.regions.selectors import county_of

TEXTS = ("standards", "requirements", "beneficiaries", "evaluation_standards")


def _message(error: DomainError) -> str:
    details = "；".join(m for messages_ in error.fields.values() for m in messages_)
    return f"{error.message}{'（' + details + '）' if details and details not in error.message else ''}"


def _act(request, project: Project, action, success: str):
    try:
        action()
    except DomainError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, success)
    return redirect("projects:detail", project_id=project.pk)


@login_required
def project_list_page(request):
    g = request.GET
    year = g.get("year")
    filters = dict(
        status=g.get("status") or None,
        fiscal_year=int(year) if year and year.isdigit() else None,
        sector=g.get("sector") or None,
        method=g.get("method") or None,
        region_code=g.get("region") or None,
        economic_region=g.get("economic_region") or None,
        search=(g.get("q") or "").strip() or None,
    )
    projects = selectors.project_list(actor=request.user, **filters)
    dashboard_filters = {k: v for k, v in filters.items() if k not in ("status", "search")}
    context = {
        "page": Paginator(projects, 50).get_page(g.get("page")),
        "dashboard": selectors.project_dashboard(
            selectors.project_list(actor=request.user, **dashboard_filters)
        ),
        "statuses": Project.Status.choices,
        "sectors": Sector.choices,
        "methods": ProcurementMethod.choices,
        "economic_regions": EconomicRegion.objects.all(),
        "can_create": request.user.org_unit is not None
        and lifecycle.is_purchaser(request.user, Project(purchaser=request.user.org_unit)),
    }
    template = "projects/_table.html" if request.htmx else "projects/list.html"
    return render(request, template, context)


def _form_choices(user, purchaser, fiscal_year=None):
    county = county_of(purchaser.region)
    entries = (
        CountyCatalogEntry.objects.filter(county=county, is_active=True, flagged_at__isnull=True)
        .select_related("item")
        .order_by("item__code", "local_code")
        if county
        else []
    )
    lines = budget_line_list(actor=user, org_unit_id=purchaser.pk, fiscal_year=fiscal_year)
    areas = (
        ServiceArea.objects.filter(township=purchaser.region)
        if purchaser.region.is_township
        else []
    )
    return {"entries": list(entries), "lines": list(lines), "areas": list(areas)}


def _save_project(request, form, choices, save):
    data = form.cleaned_data
    entries = {e.pk: e for e in choices["entries"]}
    lines = {line.pk: line for line in choices["lines"]}
    areas = {a.pk: a for a in choices["areas"]}
    try:
        return save(
            title=data["title"],
            content=data["content"],
            budget_amount=data["budget_amount"],
            catalog_entry=entries.get(data["catalog_entry"]),
            budget_line=lines.get(data["budget_line"]),
            service_areas=[areas[pk] for pk in data.get("service_areas", []) if pk in areas],
            planned_method=data["planned_method"],
            **{f: data[f] for f in TEXTS},
        )
    except DomainError as error:
        form.add_domain_error(error)
        return None


@login_required
def project_create_page(request):
    purchaser = request.user.org_unit
    if purchaser is None or not lifecycle.is_purchaser(request.user, Project(purchaser=purchaser)):
        raise PermissionDenied("只有购买主体的经办人员可以新建项目。")
    choices = _form_choices(request.user, purchaser)
    form = ProjectForm(request.POST or None, initial={"fiscal_year": date.today().year}, **choices)
    if request.method == "POST" and form.is_valid():
        project = _save_project(
            request,
            form,
            choices,
            lambda **values: services.project_create(
                actor=request.user,
                purchaser=purchaser,
                fiscal_year=form.cleaned_data["fiscal_year"],
                **values,
            ),
        )
        if project is not None:
            messages.success(request, f"已保存项目草稿 {project.code}。")
            return redirect("projects:detail", project_id=project.pk)
    return render(request, "projects/form.html", {"form": form, "purchaser": purchaser})


@login_required
def project_edit_page(request, project_id: int):
    project = selectors.project_get(actor=request.user, project_id=project_id)
    if not lifecycle.is_purchaser(request.user, project):
        raise PermissionDenied()
    choices = _form_choices(request.user, project.purchaser)
    initial = {
        f: getattr(project, f)
        for f in ("title", "fiscal_year", "budget_amount", "planned_method", "content", *TEXTS)
    }
    initial |= {
        "catalog_entry": project.catalog_entry_id,
        "budget_line": project.budget_line_id,
        "service_areas": [a.pk for a in project.service_areas.all()],
    }
    form = ProjectForm(request.POST or None, initial=initial, **choices)
    if request.method == "POST" and form.is_valid():
        saved = _save_project(
            request,
            form,
            choices,
            lambda **values: services.project_update(
                actor=request.user,
                project=project,
                expected_version=int(request.POST.get("version", 0)) or None,
                **values,
            ),
        )
        if saved is not None:
            messages.success(request, "已保存。")
            return redirect("projects:detail", project_id=project.pk)
    return render(
        request,
        "projects/form.html",
        {"form": form, "purchaser": project.purchaser, "project": project},
    )


@login_required
def project_detail_page(request, project_id: int):
    project = selectors.project_get(actor=request.user, project_id=project_id)
    proc = getattr(project, "procurement", None)
    contract = getattr(project, "contract", None)
    is_purchaser = lifecycle.is_purchaser(request.user, project)
    context = {
        "project": project,
        "transitions": lifecycle.allowed_transitions(request.user, project),
        "procurement": proc,
        "bids": list(proc.bids.select_related("provider")) if proc else [],
        "ranking": rank_bids(proc, on=date.today()) if proc else [],
        "invitations": list(proc.invitations.select_related("provider")) if proc else [],
        "award": getattr(proc, "award", None) if proc else None,
        "contract": contract,
        "milestones": list(contract.milestones.prefetch_related("payments")) if contract else [],
        "payments": list(contract.payments.select_related("milestone")) if contract else [],
        "amendments": list(contract.amendments.all()) if contract else [],
        "is_purchaser": is_purchaser,
        "can_edit": is_purchaser and project.status in lifecycle.EDITABLE,
        "can_procure": is_purchaser and project.status == Project.Status.APPROVED,
        "procuring": is_purchaser and project.status == Project.Status.PROCURING,
        "performing": is_purchaser and project.status == Project.Status.PERFORMING,
        "can_pay": is_purchaser and project.status in contracts.PAYABLE,
        "can_amend": is_purchaser
        and contract is not None
        and project.status in (Project.Status.CONTRACTED, Project.Status.PERFORMING),
        "conditions": list(contracts.MULTI_YEAR_CONDITIONS.items()),
        "providers": list(provider_list(actor=request.user)[:500]),
        "today": date.today(),
    }
    return render(request, "projects/detail.html", context)


@login_required
@require_POST
def project_transition_view(request, project_id: int, action: str):
    project = selectors.project_get(actor=request.user, project_id=project_id)
    form = NoteForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    label = lifecycle.TRANSITIONS[action].label if action in lifecycle.TRANSITIONS else action
    return _act(
        request,
        project,
        lambda: services.project_transition(
            actor=request.user,
            project=project,
            action=action,
            note=data.get("note", ""),
            expected_version=data.get("version"),
        ),
        f"已{label}。",
    )


@login_required
def procurement_start_page(request, project_id: int):
    project = selectors.project_get(actor=request.user, project_id=project_id)
    form = ProcurementForm(request.POST or None, initial={"method": project.planned_method})
    if request.method == "POST" and form.is_valid():
        try:
            procurement.procurement_start(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "已开始采购。")
            return redirect("projects:detail", project_id=project.pk)
    return render(request, "projects/procurement_form.html", {"form": form, "project": project})


def _proc(request, project_id: int):
    proc = selectors.procurement_get(actor=request.user, project_id=project_id)
    return proc.project, proc


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return date.today()


@login_required
@require_POST
def invite_view(request, project_id: int):
    project, proc = _proc(request, project_id)
    provider = provider_get(
        actor=request.user, provider_id=int(request.POST.get("provider_id") or 0)
    )
    return _act(
        request,
        project,
        lambda: procurement.procurement_invite(
            actor=request.user,
            procurement=proc,
            provider=provider,
            invited_on=_day(request.POST.get("invited_on")),
        ),
        f"已邀请{provider.name}。",
    )


@login_required
@require_POST
def bid_view(request, project_id: int):
    project, proc = _proc(request, project_id)
    provider = provider_get(
        actor=request.user, provider_id=int(request.POST.get("provider_id") or 0)
    )
    return _act(
        request,
        project,
        lambda: procurement.bid_record(
            actor=request.user,
            procurement=proc,
            provider=provider,
            amount=request.POST.get("amount", ""),
            submitted_on=_day(request.POST.get("submitted_on")),
            technical_score=request.POST.get("technical_score") or None,
        ),
        f"已录入{provider.name}的报价。",
    )


@login_required
@require_POST
def disqualify_view(request, project_id: int, bid_id: int):
    bid = selectors.bid_get(actor=request.user, project_id=project_id, bid_id=bid_id)
    return _act(
        request,
        bid.procurement.project,
        lambda: procurement.bid_disqualify(
            actor=request.user, bid=bid, reason=request.POST.get("reason", "")
        ),
        "已认定为无效投标。",
    )


@login_required
@require_POST
def award_view(request, project_id: int, bid_id: int):
    bid = selectors.bid_get(actor=request.user, project_id=project_id, bid_id=bid_id)
    project, proc = bid.procurement.project, bid.procurement
    return _act(
        request,
        project,
        lambda: procurement.award_make(
            actor=request.user,
            procurement=proc,
            bid=bid,
            reasons=request.POST.get("reasons", ""),
            awarded_on=_day(request.POST.get("awarded_on")),
            deviation_reason=request.POST.get("deviation_reason", ""),
        ),
        f"已确定成交：{bid.provider.name}。",
    )


@login_required
def contract_sign_page(request, project_id: int):
    project, proc = _proc(request, project_id)
    award = getattr(proc, "award", None)
    initial = {"amount": award.amount if award else None, "signed_on": date.today()}
    form = ContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contracts.contract_sign(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "合同已签订。")
            return redirect("projects:detail", project_id=project.pk)
    return render(
        request, "projects/contract_form.html", {"form": form, "project": project, "award": award}
    )


def _milestone(request, project_id: int, milestone_id: int):
    milestone = selectors.milestone_get(
        actor=request.user, project_id=project_id, milestone_id=milestone_id
    )
    return milestone.contract.project, milestone


@login_required
@require_POST
def milestone_accept_view(request, project_id: int, milestone_id: int):
    project, milestone = _milestone(request, project_id, milestone_id)
    return _act(
        request,
        project,
        lambda: contracts.milestone_accept(
            actor=request.user,
            milestone=milestone,
            accepted_on=_day(request.POST.get("accepted_on")),
            note=request.POST.get("note", ""),
        ),
        f"“{milestone.name}”已验收。",
    )


@login_required
@require_POST
def payment_view(request, project_id: int, milestone_id: int):
    project, milestone = _milestone(request, project_id, milestone_id)
    return _act(
        request,
        project,
        lambda: contracts.payment_record(
            actor=request.user,
            milestone=milestone,
            amount=request.POST.get("amount", ""),
            paid_on=_day(request.POST.get("paid_on")),
            reference=request.POST.get("reference", ""),
        ),
        "已登记支付。",
    )


@login_required
@require_POST
def amendment_view(request, project_id: int):
    contract = selectors.contract_get(actor=request.user, project_id=project_id)
    project = contract.project
    amounts = {
        milestone.pk: request.POST[f"milestone_{milestone.pk}"]
        for milestone in contract.milestones.all()
        if request.POST.get(f"milestone_{milestone.pk}")
    }
    end = request.POST.get("end_date")
    return _act(
        request,
        project,
        lambda: contracts.contract_amend(
            actor=request.user,
            contract=contract,
            reason=request.POST.get("reason", ""),
            end_date=date.fromisoformat(end) if end else None,
            milestone_amounts=amounts,
            term_justification=request.POST.get("term_justification") or None,
            multi_year_conditions=request.POST.getlist("multi_year_conditions") or None,
        ),
        "合同已变更。",
    )

"""Project screens: the clerk's whole lifecycle, and lists and a dashboard for
counties and the province. Every write goes through a service; small inline
actions report their outcome as a message on the project page."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from goumai.budgets.selectors import budget_line_list
from goumai.catalog.models import CountyCatalogEntry
from goumai.core import failed_form
from goumai.core.dates import china_today
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.paging import CappedPaginator
from goumai.core.replica import replica_reads
from goumai.core.roles import sector_choices_for
from goumai.projects import lifecycle, selectors, services
from goumai.projects.forms import NoteForm, ProjectForm
from goumai.projects.models import ProcurementMethod, Project
from goumai.regions.models import EconomicRegion, ServiceArea
from goumai.regions.selectors import county_of

TEXTS = ("standards", "requirements", "beneficiaries", "evaluation_standards")


def _message(error: DomainError) -> str:
    details = "；".join(m for messages_ in error.fields.values() for m in messages_)
    return f"{error.message}{'（' + details + '）' if details and details not in error.message else ''}"


def day_or_today(text: str | None) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return china_today()


def act(request, project: Project, action, success: str, *, form: str):
    """Run ``action`` (a service call) for the project page's small form ``form``. On
    success the page says so; on failure it shows the errors beside that form's fields
    with what was typed (``core.failed_form``), and the browser returns to the form."""
    try:
        action()
    except DomainError as error:
        failed_form.remember(request, form, error)
        return redirect(f"{reverse('projects:detail', args=[project.pk])}#form-{form}")
    messages.success(request, success)
    return redirect("projects:detail", project_id=project.pk)


def may_create(user) -> bool:
    """新建项目 is offered to a purchaser's clerk inside a county: only a county has a
    catalog to buy from (province and 市州 bodies buy nothing through this platform)."""
    unit = user.org_unit
    return (
        unit is not None
        and lifecycle.is_purchaser(user, Project(purchaser=unit))
        and county_of(unit.region) is not None
    )


def _dashboard(user, filters: dict) -> list[dict]:
    """The figures above the list: from the summary table, unless a filter it does not
    know (the procurement method) asks for grouping the matching projects."""
    if filters.get("method"):
        return selectors.project_dashboard(selectors.project_list(actor=user, **filters))
    known = {k: v for k, v in filters.items() if k != "method"}
    return selectors.summary_dashboard(selectors.dashboard_rows(actor=user, **known))


def _without(filters: dict, *names: str) -> dict:
    return {k: v for k, v in filters.items() if k not in names}


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
    with replica_reads():  # the figures above the list: a report
        dashboard = _dashboard(request.user, dashboard_filters)
    # The summary knows the exact total unless a method or a search narrows the list;
    # else at most 10,000 matches are counted: a province-wide list never waits for a count.
    known_total = (
        None
        if filters["method"] or filters["search"]
        else selectors.summary_total(actor=request.user, **_without(filters, "method", "search"))
    )
    context = {
        "page": CappedPaginator(projects, 50, known_total=known_total).get_page(g.get("page")),
        "dashboard": dashboard,
        "statuses": Project.Status.choices,
        "sectors": sector_choices_for(request.user),
        "methods": ProcurementMethod.choices,
        "economic_regions": EconomicRegion.objects.all(),
        "can_create": may_create(request.user),
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
    lines = budget_line_list(
        actor=user, org_unit_id=purchaser.pk, fiscal_year=fiscal_year
    ).prefetch_related("catalog_entries")
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
            planned_people=data.get("planned_people"),
            **{f: data[f] for f in TEXTS},
        )
    except DomainError as error:
        form.add_domain_error(error)
        return None


@login_required
def project_create_page(request):
    purchaser = request.user.org_unit
    if not may_create(request.user):
        raise PermissionDenied("只有县（市、区）及乡镇购买主体的经办人员可以新建项目。")
    choices = _form_choices(request.user, purchaser)
    form = ProjectForm(request.POST or None, initial={"fiscal_year": china_today().year}, **choices)
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
        for f in (
            "title",
            "fiscal_year",
            "budget_amount",
            "planned_method",
            "planned_people",
            "content",
            *TEXTS,
        )
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
@require_POST
def project_transition_view(request, project_id: int, action: str):
    project = selectors.project_get(actor=request.user, project_id=project_id)
    form = NoteForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    label = lifecycle.TRANSITIONS[action].label if action in lifecycle.TRANSITIONS else action
    return act(
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
        form=f"transition-{action}",
    )

"""Pages that gather several apps: the home page, the project page (the project with
its procurement and contract) and the provider portal (a provider's record, bids
and contracts)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from goumai.accounts.selectors import display_names
from goumai.contracts import services as contracts
from goumai.contracts.selectors import own_contracts
from goumai.core.errors import DomainError
from goumai.core.jurisdiction import Jurisdiction
from goumai.disclosure.services import disclosure_status
from goumai.evaluation.selectors import evaluation_find
from goumai.procurement.selectors import own_bids
from goumai.projects import lifecycle, selectors
from goumai.projects.models import Project
from goumai.providers import portal
from goumai.providers.forms import OwnDetailsForm
from goumai.providers.selection import rank_bids
from goumai.providers.selectors import provider_list
from goumai.regions.models import EconomicRegion, Region
from goumai.regions.selectors import economic_region_of, region_list
from goumai.site import worklist


@login_required
def home(request):
    user = request.user
    if user.provider_id is not None:
        return redirect("providers:portal")
    if user.org_unit is not None and not user.org_unit.has_regional_reach:
        return redirect("projects:evaluation_assignments")
    jurisdiction = Jurisdiction.of(user)
    piles = worklist.piles_for(user, timezone.localdate())
    context = {
        "org_unit": user.org_unit,
        "region": None,
        "piles": [pile for pile in piles if pile.count],
        "has_worklist": bool(piles),
        "figures": worklist.province_figures(user),
    }
    if user.org_unit is not None:
        region = user.org_unit.region
        context["region"] = region
        context["economic_region"] = economic_region_of(region)
        if region.level == Region.Level.TOWNSHIP:
            context["service_areas"] = list(region.service_areas.all())
            context["county"] = region.parent
            context["city"] = region.parent.parent
    if not jurisdiction.is_empty:
        townships = region_list(actor=user, level=Region.Level.TOWNSHIP)
        context["township_stats"] = townships.aggregate(
            total=Count("id"),
            towns=Count("id", filter=Q(kind=Region.Kind.TOWN)),
            townships=Count("id", filter=Q(kind=Region.Kind.TOWNSHIP)),
            subdistricts=Count("id", filter=Q(kind=Region.Kind.SUBDISTRICT)),
            merged_five_or_more=Count("id", filter=Q(merged_unit_count__gte=5)),
            profile_missing=Count("id", filter=Q(merged_unit_count__isnull=True)),
        )
        if jurisdiction.region_path.count("/") <= 2:  # the whole province
            context["economic_regions"] = EconomicRegion.objects.annotate(
                city_count=Count("cities")
            ).order_by("sort_order")
    return render(request, "site/home.html", context)


@login_required
def project_page(request, project_id: int):
    project = selectors.project_get(actor=request.user, project_id=project_id)
    events = list(project.events.all())
    names = display_names(e.actor_label for e in events)
    for event in events:
        event.actor_name = names.get(event.actor_label, event.actor_label)
    proc = getattr(project, "procurement", None)
    contract = getattr(project, "contract", None)
    is_purchaser = lifecycle.is_purchaser(request.user, project)
    context = {
        "project": project,
        "events": events,
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
        "evaluation": evaluation_find(actor=request.user, project_id=project.pk),
        "disclosure": disclosure_status(project, today=date.today()),
    }
    return render(request, "projects/detail.html", context)


@login_required
def provider_portal_page(request):
    """A provider account's home: its record, bids and contracts."""
    provider = portal.own_provider(actor=request.user)
    initial = {f: getattr(provider, f) for f in OwnDetailsForm.base_fields}
    form = OwnDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            portal.provider_update_own(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "已保存。")
            return redirect("providers:portal")
    context = {
        "provider": provider,
        "form": form,
        "bids": own_bids(actor=request.user)[:200],
        "contracts": own_contracts(actor=request.user)[:200],
    }
    return render(request, "providers/portal.html", context)

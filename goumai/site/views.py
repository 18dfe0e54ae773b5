"""Pages that gather several apps: the home page, the project page (the project with
its procurement and contract) and the provider portal (a provider's record, bids
and contracts)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render

from goumai.accounts.selectors import display_names
from goumai.contracts import services as contracts
from goumai.contracts.selectors import own_contracts, own_open_milestones
from goumai.core import failed_form
from goumai.core.dates import china_today
from goumai.core.errors import DomainError
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.replica import replica_reads
from goumai.disclosure.services import disclosure_status
from goumai.evaluation.models import Evaluation
from goumai.evaluation.selectors import evaluation_find, own_self_evaluations_due
from goumai.holidays.selectors import missing_years
from goumai.holidays.services import may_keep
from goumai.notifications.services import latest_unread
from goumai.procurement.selectors import own_bids, own_invitations
from goumai.procurement.services import INVITATION_METHODS
from goumai.projects import lifecycle, selectors
from goumai.projects.models import Project
from goumai.providers import portal
from goumai.providers.forms import OwnDetailsForm
from goumai.providers.selection import rank_bids
from goumai.providers.selectors import providers_for_item
from goumai.regions.models import EconomicRegion, Region
from goumai.regions.selectors import county_of, economic_region_of, region_list
from goumai.site import worklist
from goumai.site.files import files_of
from goumai.site.next_step import next_step


@login_required
def home(request):
    user = request.user
    if user.provider_id is not None:
        return redirect("providers:portal")
    if user.org_unit is not None and not user.org_unit.has_regional_reach:
        return redirect("projects:evaluation_assignments")
    jurisdiction = Jurisdiction.of(user)
    today = china_today()
    piles = worklist.piles_for(user, today)
    with replica_reads():  # province-wide figures: a report, fine a moment behind
        figures = worklist.province_figures(user)
    context = {
        "calendar_missing": _calendar_missing(user, today),
        "org_unit": user.org_unit,
        "region": None,
        "piles": [pile for pile in piles if pile.count],
        "has_worklist": bool(piles),
        "figures": figures,
        "today": today,
        "latest_notifications": latest_unread(user),
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


def _calendar_missing(user, today) -> dict | None:
    """For the province's units: the years of the legal calendar still to be entered
    (this year, and from 1 November next year)."""
    unit = user.org_unit
    provincial = user.is_superuser or (
        unit is not None and unit.region.level == Region.Level.PROVINCE
    )
    if not provincial:
        return None
    years = missing_years(today)
    return {"years": years, "keeper": may_keep(user)} if years else None


# The way out of a project (撤销, 终止) sits apart from the steps forward.
SECONDARY = frozenset({"withdraw", "terminate"})
PRIMARY = frozenset({"submit", "approve", "start_performance", "accept", "close"})


def _action_forms(context: dict) -> set[str]:
    """The keys of the small forms the project page shows (``core.failed_form``)."""
    keys = {f"transition-{t['name']}" for t in context["transitions"]}
    if context["procuring"] and not context["award"]:
        keys |= {"invite", "bid"}
        keys |= {f"award-{s.bid.pk}" for s in context["ranking"] if s.rank}
        keys |= {f"disqualify-{s.bid.pk}" for s in context["ranking"]}
    for m in context["milestones"]:
        if context["performing"] and m.accepted_at is None:
            keys.add(f"accept-{m.pk}")
        if context["can_pay"] and m.accepted_at is not None and m.unpaid > 0:
            keys.add(f"pay-{m.pk}")
    if context["can_amend"]:
        keys.add("amend")
    return keys


@login_required
def project_page(request, project_id: int):
    project = selectors.project_get(actor=request.user, project_id=project_id)
    today = china_today()
    events = list(project.events.all())
    names = display_names(e.actor_label for e in events)
    for event in events:
        event.actor_name = names.get(event.actor_label, event.actor_label)
    proc = getattr(project, "procurement", None)
    contract = getattr(project, "contract", None)
    award = getattr(proc, "award", None) if proc else None
    is_purchaser = lifecycle.is_purchaser(request.user, project)
    procuring = is_purchaser and project.status == Project.Status.PROCURING
    milestones = list(contract.milestones.prefetch_related("payments")) if contract else []
    for m in milestones:
        m.paid_total = sum((p.amount for p in m.payments.all()), Decimal(0))
        m.unpaid = m.amount - m.paid_total
    accepted_names = display_names(m.accepted_by for m in milestones if m.accepted_by)
    for m in milestones:
        m.accepted_by_name = accepted_names.get(m.accepted_by, m.accepted_by)
    evaluation = evaluation_find(actor=request.user, project_id=project.pk)
    ranking = rank_bids(proc, on=today) if proc else []
    invitations = list(proc.invitations.select_related("provider")) if proc else []
    transitions = [
        {
            "name": t.name,
            "label": t.label,
            "confirm": t.confirm,
            "needs_note": t.needs_note,
            "note_label": f"{t.label}说明（必填）",
            "primary": t.name in PRIMARY,
        }
        for t in lifecycle.allowed_transitions(request.user, project)
    ]
    context = {
        "project": project,
        "events": events,
        "next": next_step(project, award=award, milestones=milestones, evaluation=evaluation),
        "transitions": transitions,
        "main_transitions": [t for t in transitions if t["name"] not in SECONDARY],
        "other_transitions": [t for t in transitions if t["name"] in SECONDARY],
        "procurement": proc,
        "bids": list(proc.bids.select_related("provider")) if proc else [],
        "ranking": ranking,
        "recommended": next((s for s in ranking if s.rank == 1), None),
        "invitations": invitations,
        "award": award,
        "contract": contract,
        "milestones": milestones,
        "amendments": list(contract.amendments.all()) if contract else [],
        "is_purchaser": is_purchaser,
        "can_edit": is_purchaser and project.status in lifecycle.EDITABLE,
        "can_procure": is_purchaser and project.status == Project.Status.APPROVED,
        "procuring": procuring,
        "performing": is_purchaser and project.status == Project.Status.PERFORMING,
        "can_pay": is_purchaser and project.status in contracts.PAYABLE,
        "can_amend": is_purchaser
        and contract is not None
        and project.status in (Project.Status.CONTRACTED, Project.Status.PERFORMING),
        "conditions": list(contracts.MULTI_YEAR_CONDITIONS.items()),
        "today": today,
        "today_iso": today.isoformat(),
        "evaluation": evaluation,
        "disclosure": disclosure_status(project, today=today),
        "files": files_of(project),
    }
    if procuring and not award:
        context |= _bid_choices(request.user, project, proc, invitations, today)
    failed = failed_form.recall(request)
    if failed and failed.form not in _action_forms(context):
        messages.error(request, failed.message)  # its form is gone (the status moved on)
        failed = None
    context["failed"] = failed
    return render(request, "projects/detail.html", context)


def _bid_choices(user, project, proc, invitations, today) -> dict:
    """Who the clerk may invite (eligible for the item, not yet invited) and whose bid
    the clerk may record (invited, or any eligible provider in an open procedure)."""
    item = project.catalog_entry.item if project.catalog_entry_id else None
    eligible, left_out = providers_for_item(
        actor=user, item=item, on=today, county=county_of(project.purchaser.region)
    )
    invited = [i.provider for i in invitations]
    invited_ids = {p.pk for p in invited}
    bidders = set(proc.bids.values_list("provider_id", flat=True))
    may_bid = invited + (
        []
        if proc.method in INVITATION_METHODS
        else [p for p in eligible if p.pk not in invited_ids]
    )
    invitable = [p for p in eligible if p.pk not in invited_ids]
    may_bid = [p for p in may_bid if p.pk not in bidders]
    return {
        "invitable": invitable,
        "invite_choices": [("", "请选择"), *((p.pk, provider_label(p)) for p in invitable)],
        "ineligible_count": left_out,
        "bidders": may_bid,
        "bid_choices": [("", "请选择"), *((p.pk, provider_label(p)) for p in may_bid)],
    }


def provider_label(provider) -> str:
    """A provider as the picker shows it: its name, then where it is registered."""
    region = provider.region
    if region is None:
        return provider.name
    place = f"{region.parent.name}{region.name}" if region.parent_id else region.name
    return f"{provider.name}（{place}）"


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
        "invitations": list(own_invitations(actor=request.user)[:100]),
        "milestones": list(own_open_milestones(actor=request.user)[:100]),
        "self_evaluations": list(own_self_evaluations_due(actor=request.user)[:100]),
        "today": china_today(),
        "latest_notifications": latest_unread(request.user),
        "bids": own_bids(actor=request.user)[:200],
        "contracts": own_contracts(actor=request.user).annotate(
            has_evaluation=Exists(Evaluation.objects.filter(project=OuterRef("project")))
        )[:200],
    }
    return render(request, "providers/portal.html", context)

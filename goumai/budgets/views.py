from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from goumai.accounts.selectors import org_unit_get, org_unit_list
from goumai.budgets import selectors, services
from goumai.budgets.advice import advice_for_unit, attach_advice
from goumai.budgets.forms import AdjustForm, BudgetLineForm, ChangeRequestForm, DecisionForm
from goumai.catalog.models import CountyCatalogEntry
from goumai.core.dates import china_today
from goumai.core.errors import DomainError, PermissionDenied
from goumai.regions.selectors import county_of

MAX_UNIT_CHOICES = 300


@login_required
def budget_list_page(request):
    year = request.GET.get("year")
    lines = selectors.budget_line_list(
        actor=request.user, fiscal_year=int(year) if year and year.isdigit() else None
    )
    page = Paginator(lines.prefetch_related("catalog_entries"), 50).get_page(
        request.GET.get("page")
    )
    attach_advice(page.object_list)
    pending = selectors.budget_change_list(actor=request.user, status="pending")
    return render(
        request,
        "budgets/list.html",
        {
            "page": page,
            "totals": selectors.budget_totals(lines),
            "year": year,
            "pending_changes": list(pending[:50]),
            "can_create": services.sets_budgets(request.user),
        },
    )


def _manageable_units(user):
    units = org_unit_list(actor=user).filter(kind__in=services.PURCHASER_KINDS)
    units = [u for u in units[: MAX_UNIT_CHOICES + 1] if services.can_manage_budget(user, u)]
    return units[:MAX_UNIT_CHOICES]


@login_required
def budget_create_page(request):
    unit_id = request.GET.get("org_unit") or (
        request.user.org_unit_id if request.user.org_unit else None
    )
    if not unit_id or not str(unit_id).isdigit():
        return render(request, "budgets/pick_unit.html", {"units": _manageable_units(request.user)})
    org_unit = org_unit_get(actor=request.user, unit_id=int(unit_id))
    if not services.can_manage_budget(request.user, org_unit):
        if "org_unit" not in request.GET:
            return render(
                request, "budgets/pick_unit.html", {"units": _manageable_units(request.user)}
            )
        raise PermissionDenied()
    county = county_of(org_unit.region)
    entries = (
        list(
            CountyCatalogEntry.objects.filter(county=county, is_active=True).select_related("item")
        )
        if county
        else []
    )
    form = BudgetLineForm(
        request.POST or None,
        entries=entries,
        initial={"fiscal_year": china_today().year + 1},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            line = services.budget_line_create(
                actor=request.user,
                org_unit=org_unit,
                fiscal_year=data["fiscal_year"],
                code=data["code"],
                name=data["name"],
                funding_source=data["funding_source"],
                amount=data["amount"],
                catalog_entries=form.selected_entries(),
                note=data["note"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"已编制预算项目“{line.name}”。")
            return redirect("budgets:detail", line_id=line.pk)
    advice = advice_for_unit(org_unit, from_year=china_today().year)
    return render(
        request, "budgets/form.html", {"form": form, "org_unit": org_unit, "advice": advice}
    )


@login_required
def budget_detail_page(request, line_id: int):
    """A budget line: its figures and movements. A finance body above the purchaser
    adjusts it and decides the purchaser's change requests; the purchaser asks."""
    line = selectors.budget_line_get(actor=request.user, line_id=line_id)
    can_adjust = services.can_manage_budget(request.user, line.org_unit)
    can_propose = services.can_propose_budget_change(request.user, line)
    action = request.POST.get("form") if request.method == "POST" else None
    allowed = {"adjust": can_adjust, "decide": can_adjust, "propose": can_propose}
    if action is not None and not allowed.get(action, False):
        raise PermissionDenied()
    adjust = AdjustForm(
        request.POST if action == "adjust" else None,
        initial={"amount": line.amount, "version": line.version},
    )
    propose = ChangeRequestForm(request.POST if action == "propose" else None)
    decide = DecisionForm(request.POST if action == "decide" else None)
    if action == "adjust" and adjust.is_valid():
        data = adjust.cleaned_data
        if _run(
            request,
            adjust,
            lambda: services.budget_line_adjust(
                actor=request.user,
                line=line,
                amount=data["amount"],
                reason=data["reason"],
                expected_version=data["version"],
            ),
            "预算已调整。",
        ):
            return redirect("budgets:detail", line_id=line.pk)
    elif action == "propose" and propose.is_valid():
        data = propose.cleaned_data
        if _run(
            request,
            propose,
            lambda: services.budget_change_propose(
                actor=request.user, line=line, amount=data["amount"], reason=data["reason"]
            ),
            "已提交调整申请，待财政部门审批。",
        ):
            return redirect("budgets:detail", line_id=line.pk)
    elif action == "decide" and decide.is_valid():
        data = decide.cleaned_data
        change = selectors.budget_change_get(actor=request.user, change_id=data["change"])
        if change.line_id != line.pk:
            raise PermissionDenied()
        approve = data["decision"] == "approve"
        if _run(
            request,
            decide,
            lambda: services.budget_change_decide(
                actor=request.user, change=change, approve=approve, note=data["note"]
            ),
            "已批准调整申请，预算已调整。" if approve else "已驳回调整申请。",
        ):
            return redirect("budgets:detail", line_id=line.pk)
    elif (
        action
        and action not in ("adjust", "propose", "decide")
        or action
        and not (can_adjust if action in ("adjust", "decide") else can_propose)
    ):
        raise PermissionDenied()
    changes = list(selectors.budget_change_list(actor=request.user, line_id=line.pk)[:50])
    return render(
        request,
        "budgets/detail.html",
        {
            "line": line,
            "movements": line.movements.all()[:200],
            "form": adjust,
            "propose_form": propose,
            "decide_form": decide,
            "changes": changes,
            "pending": next((c for c in changes if c.status == "pending"), None),
            "can_adjust": can_adjust,
            "can_propose": can_propose,
        },
    )


def _run(request, form, call, success: str) -> bool:
    try:
        call()
    except DomainError as error:
        form.add_domain_error(error)
        return False
    messages.success(request, success)
    return True

"""Contract screens: sign, amend, accept milestones, record payments. Each action
returns to the project page, which shows the contract."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goumai.contracts import selectors, services
from goumai.contracts.forms import ContractForm
from goumai.core.dates import china_today
from goumai.core.errors import DomainError
from goumai.procurement.selectors import procurement_get
from goumai.projects.views import act, day_or_today


def _proc(request, project_id: int):
    proc = procurement_get(actor=request.user, project_id=project_id)
    return proc.project, proc


@login_required
def contract_sign_page(request, project_id: int):
    project, proc = _proc(request, project_id)
    award = getattr(proc, "award", None)
    initial = {"amount": award.amount if award else None, "signed_on": china_today()}
    form = ContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_sign(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "合同已签订。")
            return redirect("projects:detail", project_id=project.pk)
    return render(
        request, "contracts/sign_form.html", {"form": form, "project": project, "award": award}
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
    return act(
        request,
        project,
        lambda: services.milestone_accept(
            actor=request.user,
            milestone=milestone,
            accepted_on=day_or_today(request.POST.get("accepted_on")),
            note=request.POST.get("note", ""),
            early_reason=request.POST.get("early_reason", ""),
            late_reason=request.POST.get("late_reason", ""),
        ),
        f"“{milestone.name}”已验收。",
        form=f"accept-{milestone.pk}",
    )


@login_required
@require_POST
def payment_view(request, project_id: int, milestone_id: int):
    project, milestone = _milestone(request, project_id, milestone_id)
    return act(
        request,
        project,
        lambda: services.payment_record(
            actor=request.user,
            milestone=milestone,
            amount=request.POST.get("amount", ""),
            paid_on=day_or_today(request.POST.get("paid_on")),
            reference=request.POST.get("reference", ""),
            late_reason=request.POST.get("late_reason", ""),
        ),
        "已登记支付。",
        form=f"pay-{milestone.pk}",
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
    return act(
        request,
        project,
        lambda: services.contract_amend(
            actor=request.user,
            contract=contract,
            reason=request.POST.get("reason", ""),
            end_date=date.fromisoformat(end) if end else None,
            milestone_amounts=amounts,
            term_justification=request.POST.get("term_justification") or None,
            multi_year_conditions=request.POST.getlist("multi_year_conditions") or None,
        ),
        "合同已变更。",
        form="amend",
    )

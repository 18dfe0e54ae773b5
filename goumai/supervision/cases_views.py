"""典型案例 pages: the officials' list, writing, submitting and the province's review;
and the public portal's published cases."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from goumai.core.errors import DomainError
from goumai.core.forms import DomainErrorFormMixin
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.roles import Sector
from goumai.regions.models import Region
from goumai.supervision import cases
from goumai.supervision.assessing import may_manage


def region_choices(actor) -> list[tuple[str, str]]:
    """The places an actor may write about: its own and those below it, down to the
    counties (and a county's townships)."""
    jurisdiction = Jurisdiction.of(actor)
    if jurisdiction.is_empty:
        return []
    root = "/" if jurisdiction.everything else jurisdiction.region_path
    places = Region.objects.filter(path__startswith=root, is_active=True)
    depth = Region.objects.filter(path=root).values_list("level", flat=True).first() or 1
    deepest = Region.Level.TOWNSHIP if depth >= Region.Level.COUNTY else Region.Level.COUNTY
    places = places.filter(level__lte=deepest).order_by("path")
    return [(p.code, f"{'　' * (p.level - depth)}{p.name}") for p in places]


class CaseForm(DomainErrorFormMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    region = forms.ChoiceField(label="所在地区")
    sector = forms.ChoiceField(label="领域", required=False)
    summary = forms.CharField(
        label="摘要", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(actor)
        own = Jurisdiction.of(actor).sector
        self.fields["sector"].choices = [("", "综合")] + [
            (v, label) for v, label in Sector.choices if own is None or v == own
        ]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["region"] = Region.objects.filter(code=data["region"]).first()
        data["sector"] = data["sector"] or None
        return data


@login_required
def case_list_page(request):
    writer = request.user.org_unit is not None and not Jurisdiction.of(request.user).is_empty
    form = CaseForm(request.POST if request.method == "POST" else None, actor=request.user)
    if request.method == "POST":
        if not writer:
            raise PermissionDenied()
        if form.is_valid():
            try:
                made = cases.case_save(actor=request.user, **form.values())
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, "案例草稿已保存，可以继续修改后提交审核。")
                return redirect("cases:detail", case_id=made.pk)
    return render(
        request,
        "supervision/cases.html",
        {"cases": cases.case_list(actor=request.user)[:200], "form": form if writer else None},
    )


@login_required
def case_page(request, case_id: int):
    case = cases.case_get(actor=request.user, case_id=case_id)
    editable = cases.may_edit(request.user, case)
    reviewer = may_manage(request.user) and case.status == "submitted"
    action = request.POST.get("form") if request.method == "POST" else None
    allowed = {"save": editable, "submit": editable, "publish": reviewer, "return": reviewer}
    if action is not None and not allowed.get(action):
        raise PermissionDenied()
    initial = {
        "title": case.title,
        "region": case.region.code,
        "sector": case.sector or "",
        "summary": case.summary,
        "body": case.body,
    }
    form = CaseForm(request.POST if action == "save" else None, initial=initial, actor=request.user)
    try:
        if action == "save" and form.is_valid():
            cases.case_save(actor=request.user, case=case, **form.values())
            messages.success(request, "已保存。")
            return redirect("cases:detail", case_id=case.pk)
        if action == "submit":
            cases.case_submit(actor=request.user, case=case)
            messages.success(request, "已提交省财政厅审核。")
            return redirect("cases:detail", case_id=case.pk)
        if action in ("publish", "return"):
            cases.case_review(
                actor=request.user,
                case=case,
                publish=action == "publish",
                note=request.POST.get("note", ""),
            )
            messages.success(request, "已发布到公开门户。" if action == "publish" else "已退回。")
            return redirect("cases:detail", case_id=case.pk)
    except DomainError as error:
        if action == "save":
            form.add_domain_error(error)
        else:
            messages.error(request, error.message)
    return render(
        request,
        "supervision/case.html",
        {"case": case, "form": form if editable else None, "reviewer": reviewer},
    )


def public_cases(request):
    return render(request, "supervision/public_cases.html", {"cases": cases.published_cases()})


def public_case(request, case_id: int):
    case = get_object_or_404(cases.published_cases(), pk=case_id)
    return render(request, "supervision/public_case.html", {"case": case})

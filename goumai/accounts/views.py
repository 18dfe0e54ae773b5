from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from goumai.accounts.models import OrgUnit
from goumai.accounts.selectors import org_unit_list
from goumai.accounts.services import org_unit_set_credit_code, password_changed
from goumai.core.errors import DomainError
from goumai.core.roles import Role


@login_required
def org_unit_list_page(request):
    units = org_unit_list(
        actor=request.user,
        kind=request.GET.get("kind") or None,
        search=(request.GET.get("q") or "").strip() or None,
    )
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    template = "accounts/_org_unit_table.html" if request.htmx else "accounts/org_units.html"
    own = request.user.org_unit if Role.UNIT_ADMIN in request.user.role_codes else None
    return render(request, template, {"page": page, "kinds": OrgUnit.Kind.choices, "own_unit": own})


@login_required
@require_POST
def own_credit_code(request):
    """The unit administrator records the unit's 统一社会信用代码 (OCDS names the buyer by it)."""
    unit = request.user.org_unit
    if unit is None:
        messages.error(request, "您不属于任何单位。")
        return redirect("accounts:org_units")
    try:
        org_unit_set_credit_code(
            actor=request.user, unit=unit, credit_code=request.POST.get("credit_code", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已保存本单位的统一社会信用代码。")
    return redirect("accounts:org_units")


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("site:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=self.request.user)
        messages.success(self.request, "密码已修改。")
        return response

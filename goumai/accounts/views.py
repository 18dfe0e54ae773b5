from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse_lazy

from goumai.accounts.models import OrgUnit
from goumai.accounts.selectors import org_unit_list
from goumai.accounts.services import password_changed


@login_required
def org_unit_list_page(request):
    units = org_unit_list(
        actor=request.user,
        kind=request.GET.get("kind") or None,
        search=(request.GET.get("q") or "").strip() or None,
    )
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    template = "accounts/_org_unit_table.html" if request.htmx else "accounts/org_units.html"
    return render(request, template, {"page": page, "kinds": OrgUnit.Kind.choices})


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("site:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=self.request.user)
        messages.success(self.request, "密码已修改。")
        return response

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from goumai.accounts.models import OrgUnit
from goumai.accounts.selectors import org_unit_list


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

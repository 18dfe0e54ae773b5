from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.spreadsheets import xlsx_response
from goumai.regions.forms import RegionFilterForm, TownshipProfileForm
from goumai.regions.importing import township_profiles_export
from goumai.regions.models import EconomicRegion
from goumai.regions.selectors import economic_region_of, region_get, region_list
from goumai.regions.services import (
    can_edit_township,
    may_edit_townships,
    township_profile_update,
)


@login_required
def region_list_page(request):
    form = RegionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    regions = region_list(
        actor=request.user,
        level=filters.get("level") or None,
        economic_region=filters.get("economic_region") or None,
        search=filters.get("q") or None,
        merged_at_least=filters.get("merged_at_least") or None,
    )
    page = Paginator(regions, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "economic_regions": EconomicRegion.objects.all(),
        "can_import": may_edit_townships(request.user),
    }
    template = "regions/_region_table.html" if request.htmx else "regions/region_list.html"
    return render(request, template, context)


@login_required
def region_detail_page(request, code: str):
    region = region_get(actor=request.user, code=code)
    children = region_list(actor=request.user, parent_code=region.code)
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "children": children,
            "economic_region": economic_region_of(region),
            "can_edit": region.is_township and can_edit_township(request.user, region),
        },
    )


@login_required
def township_edit_page(request, code: str):
    township = region_get(actor=request.user, code=code)
    if not (township.is_township and can_edit_township(request.user, township)):
        raise PermissionDenied()
    initial = {
        "merged_unit_count": township.merged_unit_count,
        "population": township.population,
        "service_areas": "\n".join(area.name for area in township.service_areas.all()),
    }
    form = TownshipProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            township_profile_update(
                actor=request.user,
                township=township,
                merged_unit_count=form.cleaned_data["merged_unit_count"],
                population=form.cleaned_data["population"],
                service_areas=form.cleaned_data["service_areas"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"已保存{township.name}的属性。")
            return redirect("regions:detail", code=township.code)
    return render(request, "regions/township_edit.html", {"region": township, "form": form})


@login_required
@require_GET
def township_export(request):
    data = township_profiles_export(actor=request.user)
    return xlsx_response(data, "township-profiles.xlsx")

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from goumai.catalog import importing, selectors, services
from goumai.catalog.forms import ProvincialItemForm, RetireForm, ServiceItemForm
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.roles import Sector
from goumai.core.spreadsheets import xlsx_response
from goumai.regions.selectors import county_of


@login_required
def provincial_page(request):
    sector = request.GET.get("sector") or None
    search = (request.GET.get("q") or "").strip() or None
    include_retired = request.GET.get("retired") == "1"
    items = list(
        selectors.catalog_item_list(
            actor=request.user, search=search, include_retired=include_retired
        )
    )
    if sector:
        # Keep the categories above the sector's services so the tree still reads.
        items = [i for i in items if i.level <= 2 or i.sector == sector]
    can_add = services.can_edit_provincial_item(request.user, level=3, sector=None)
    return render(
        request,
        "catalog/provincial.html",
        {"items": items, "sectors": Sector.choices, "can_add": can_add, "sector": sector},
    )


@login_required
def item_page(request, code: str):
    item = selectors.catalog_item_get(actor=request.user, code=code)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flagged = services.catalog_item_retire(
                actor=request.user, item=item, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"已停用“{item.name}”，标记了 {flagged} 个县级目录条目。")
            return redirect("catalog:item", code=item.code)
    return render(
        request,
        "catalog/item.html",
        {
            "item": item,
            "children": selectors.catalog_item_list(
                actor=request.user, parent_code=item.code, include_retired=True
            ),
            "retire_form": form,
            "can_retire": not item.is_retired
            and services.can_edit_provincial_item(
                request.user, level=max(item.level, 3), sector=None
            )
            and item.level >= 3,
            "can_add_child": item.level in (2, 3)
            and not item.is_retired
            and services.can_edit_provincial_item(
                request.user, level=item.level + 1, sector=item.sector
            ),
        },
    )


@login_required
def item_create_page(request, code: str):
    parent = selectors.catalog_item_get(actor=request.user, code=code)
    form = ProvincialItemForm(request.POST or None, initial={"sector": parent.sector or ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.catalog_item_create(
                actor=request.user,
                parent=parent,
                name=data["name"],
                content=data["content"],
                purchase_level=data["purchase_level"],
                service_rationale=data["service_rationale"],
                sector=data["sector"] or None,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"已增加目录条目 {item.code} {item.name}。")
            return redirect("catalog:item", code=item.code)
    return render(request, "catalog/item_form.html", {"parent": parent, "form": form})


@login_required
def my_county_page(request):
    """The catalog the user works with: their county's, or the province's."""
    county = county_of(request.user.org_unit.region) if request.user.org_unit is not None else None
    if county is not None:
        return redirect("catalog:county", county_code=county.code)
    return redirect("catalog:provincial")


@login_required
def county_page(request, county_code: str):
    county = selectors.county_of_interest(actor=request.user, county_code=county_code)
    entries = list(selectors.county_catalog(actor=request.user, county_code=county_code))
    can_edit = services.can_edit_county_catalog(request.user, county)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied()
        try:
            item = selectors.catalog_item_get(
                actor=request.user, code=request.POST.get("item_code", "")
            )
            entry = services.county_entry_adopt(actor=request.user, county=county, item=item)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已将“{entry.name}”纳入本县目录。")
        return redirect("catalog:county", county_code=county_code)
    adopted = {e.item_id for e in entries if not e.is_local}
    candidates = []
    if can_edit:
        candidates = [
            i
            for i in selectors.catalog_item_list(actor=request.user)
            if i.level >= 3 and i.pk not in adopted
        ]
    return render(
        request,
        "catalog/county.html",
        {"county": county, "entries": entries, "can_edit": can_edit, "candidates": candidates},
    )


@login_required
def county_local_page(request, county_code: str, parent_code: str):
    county = selectors.county_of_interest(actor=request.user, county_code=county_code)
    parent = selectors.catalog_item_get(actor=request.user, code=parent_code)
    form = ServiceItemForm(request.POST or None, initial={"purchase_level": parent.purchase_level})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.county_entry_add_local(
                actor=request.user,
                county=county,
                parent_item=parent,
                name=data["name"],
                content=data["content"],
                purchase_level=data["purchase_level"],
                service_rationale=data["service_rationale"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"已增加县级条目 {entry.code} {entry.name}。")
            return redirect("catalog:county", county_code=county.code)
    return render(
        request, "catalog/county_local.html", {"county": county, "parent": parent, "form": form}
    )


@login_required
@require_POST
def county_entry_remove_view(request, entry_id: int):
    entry = selectors.county_entry_get(actor=request.user, entry_id=entry_id)
    services.county_entry_remove(actor=request.user, entry=entry)
    messages.success(request, f"已将“{entry.name}”移出本县目录。")
    return redirect("catalog:county", county_code=entry.county.code)


@login_required
@require_GET
def provincial_export(request):
    return xlsx_response(
        importing.provincial_catalog_export(actor=request.user), "provincial-catalog.xlsx"
    )


@login_required
@require_GET
def county_export(request, county_code: str):
    try:
        data = importing.county_catalog_export(actor=request.user, county_code=county_code)
    except DomainError:
        raise Http404 from None
    return xlsx_response(data, f"county-catalog-{county_code}.xlsx")

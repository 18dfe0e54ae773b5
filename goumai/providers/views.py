from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from goumai.catalog.models import CatalogItem
from goumai.core.dates import china_today
from goumai.core.errors import DomainError
from goumai.core.spreadsheets import xlsx_response
from goumai.providers import importing, services
from goumai.providers.disclosure import mask_id_number
from goumai.providers.eligibility import check_eligibility
from goumai.providers.forms import (
    CreditForm,
    ProviderForm,
    QualificationForm,
    ServicesForm,
    SupportForm,
)
from goumai.providers.selectors import provider_get, provider_list
from goumai.providers.services import provider_register


@login_required
def provider_list_page(request):
    providers = provider_list(
        actor=request.user, search=(request.GET.get("q") or "").strip() or None
    )
    page = Paginator(providers, 50).get_page(request.GET.get("page"))
    return render(request, "providers/list.html", {"page": page})


@login_required
def provider_create_page(request):
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        region = request.user.org_unit.region if request.user.org_unit else None
        try:
            provider = provider_register(actor=request.user, region=region, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"已登记承接主体“{provider.name}”。")
            return redirect("providers:list")
    return render(request, "providers/form.html", {"form": form})


@login_required
def export_view(request):
    providers = provider_list(
        actor=request.user, search=(request.GET.get("q") or "").strip() or None
    )
    return xlsx_response(importing.providers_export(providers), "providers.xlsx")


@login_required
def provider_detail_page(request, provider_id: int):
    """An official's view of one provider: record, eligibility today, and the forms
    to keep qualifications, credit records, support and services up to date."""
    provider = provider_get(actor=request.user, provider_id=provider_id)
    items = list(CatalogItem.objects.filter(level__gte=3, is_retired=False).order_by("code"))
    forms_ = {
        "services": ServicesForm(
            prefix="s",
            initial={
                "sectors": provider.sectors,
                "catalog_items": [i.pk for i in provider.catalog_items.all()],
            },
        ),
        "qualification": QualificationForm(prefix="q"),
        "credit": CreditForm(prefix="c"),
        "support": SupportForm(prefix="p"),
    }
    forms_["services"].fields["catalog_items"].choices = [
        (i.pk, f"{i.code} {i.name}") for i in items
    ]
    action = request.POST.get("form")
    if request.method == "POST" and action in forms_:
        form = type(forms_[action])(request.POST, prefix=forms_[action].prefix)
        if action == "services":
            form.fields["catalog_items"].choices = (
                forms_["services"].fields["catalog_items"].choices
            )
        forms_[action] = form
        if form.is_valid():
            data = form.cleaned_data
            calls = {
                "services": lambda: services.provider_set_services(
                    actor=request.user,
                    provider=provider,
                    sectors=data["sectors"],
                    catalog_items=[i for i in items if i.pk in set(data["catalog_items"])],
                ),
                "qualification": lambda: services.qualification_add(
                    actor=request.user, provider=provider, **data
                ),
                "credit": lambda: services.credit_record_add(
                    actor=request.user, provider=provider, **data
                ),
                "support": lambda: services.support_record_add(
                    actor=request.user, provider=provider, **data
                ),
            }
            try:
                calls[action]()
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, "已保存。")
                return redirect("providers:detail", provider_id=provider.pk)
    context = {
        "provider": provider,
        "forms": forms_,
        "identifier": provider.credit_code or mask_id_number(provider.id_number),
        "reasons": check_eligibility(provider, item=None, on=china_today()),
    }
    return render(request, "providers/detail.html", context)

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from goumai.catalog.models import CatalogItem
from goumai.core.errors import DomainError
from goumai.core.forms import DomainErrorFormMixin, UploadForm
from goumai.core.money import format_wan
from goumai.core.roles import Sector
from goumai.core.spreadsheets import xlsx_response
from goumai.providers import cultivation, importing, portal, services
from goumai.providers.disclosure import mask_id_number
from goumai.providers.eligibility import check_eligibility
from goumai.providers.models import CreditRecord, Provider, SupportRecord
from goumai.providers.selectors import provider_get, provider_list
from goumai.providers.services import provider_register
from goumai.regions.models import Region
from goumai.regions.selectors import region_list


class ProviderForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=Provider.Kind.choices)
    credit_code = forms.CharField(
        label="统一社会信用代码", max_length=30, required=False, help_text="组织填写。"
    )
    id_number = forms.CharField(
        label="居民身份证号码",
        max_length=18,
        required=False,
        help_text="个人承接主体填写；登记后只显示部分号码。",
    )


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


class OwnDetailsForm(DomainErrorFormMixin, forms.Form):
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    staff_count = forms.IntegerField(label="从业人员数", min_value=0, required=False)
    capacity = forms.CharField(label="服务能力说明", max_length=300, required=False)
    bank_name = forms.CharField(label="开户银行", max_length=100, required=False)
    bank_account = forms.CharField(label="银行账号", max_length=40, required=False)


@login_required
def portal_page(request):
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
        "bids": portal.own_bids(actor=request.user)[:200],
        "contracts": portal.own_contracts(actor=request.user)[:200],
    }
    return render(request, "providers/portal.html", context)


@login_required
def import_page(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = importing.providers_import(actor=request.user, upload=form.cleaned_data["file"])
        except DomainError as error:
            form.add_error(None, error.message)
            row_errors = error.fields.get("rows", [])
        else:
            messages.success(request, f"导入成功：登记了 {count} 个承接主体。")
            return redirect("providers:list")
    return render(
        request,
        "catalog/import.html",
        {
            "form": form,
            "row_errors": row_errors,
            "title": "导入承接主体",
            "back_url": "/providers/",
            "columns_help": "名称、类型、统一社会信用代码（个人填居民身份证号码）、法定代表人、联系电话、注册地区划代码、行业（用“、”分隔）、从业人员数",
        },
    )


@login_required
def export_view(request):
    providers = provider_list(
        actor=request.user, search=(request.GET.get("q") or "").strip() or None
    )
    return xlsx_response(importing.providers_export(providers), "providers.xlsx")


@login_required
def cultivation_page(request):
    """Local providers and the share of work they win, for a county or township."""
    code = request.GET.get("region")
    if not code and request.user.org_unit is not None:
        region = request.user.org_unit.region
        code = region.code if region.level >= Region.Level.COUNTY else None
    if not code:
        counties = region_list(actor=request.user, level=Region.Level.COUNTY)
        return render(request, "providers/cultivation_pick.html", {"counties": counties})
    area = cultivation.area_for(actor=request.user, code=code)
    kinds = cultivation.local_providers_by_kind(area)
    years = cultivation.contracts_by_year(area)
    labels = dict(Provider.Kind.choices)
    present = sorted({k for y in years for k in y["money_by_kind"]}, key=list(labels).index)
    chart = {
        "kinds": [k for k in kinds if k["count"]] or kinds[:1],
        "years": [
            {
                "year": y["year"],
                "local_wan": float(format_wan(y["local_money"]).replace(",", "")),
                "other_wan": float(format_wan(y["money"] - y["local_money"]).replace(",", "")),
                "share": float(y["local_money_share"]),
            }
            for y in years
        ],
        "kind_series": [
            {
                "label": labels[k],
                "values": [
                    float(format_wan(y["money_by_kind"].get(k, 0)).replace(",", "")) for y in years
                ],
            }
            for k in present
        ],
    }
    context = {
        "area": area,
        "kinds": kinds,
        "years": years,
        "chart": chart,
        "gaps": cultivation.township_gaps(area) if area.level == Region.Level.COUNTY else [],
    }
    return render(request, "providers/cultivation.html", context)


class ServicesForm(DomainErrorFormMixin, forms.Form):
    sectors = forms.MultipleChoiceField(
        label="服务行业",
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    catalog_items = forms.TypedMultipleChoiceField(
        label="可承接的目录条目", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )


class QualificationForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="资质名称", max_length=100)
    number = forms.CharField(label="证书编号", max_length=60, required=False)
    valid_from = forms.DateField(label="有效期起", widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label="有效期至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CreditForm(DomainErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=CreditRecord.Kind.choices)
    source = forms.CharField(label="来源", max_length=100)
    recorded_on = forms.DateField(label="认定日期", widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(
        label="移出（失效）日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(label="事由", max_length=300, required=False)


class SupportForm(DomainErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label="培育方式", choices=SupportRecord.Kind.choices)
    given_on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label="内容", max_length=300, required=False)


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
                "support": lambda: cultivation.support_record_add(
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
        "reasons": check_eligibility(provider, item=None, on=date.today()),
    }
    return render(request, "providers/detail.html", context)

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from goumai.catalog.forms import DomainErrorFormMixin
from goumai.core.errors import DomainError
from goumai.providers.models import Provider
from goumai.providers.selectors import provider_list
from goumai.providers.services import provider_register


class ProviderForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(
        label="类型", choices=[c for c in Provider.Kind.choices if c[0] != Provider.Kind.INDIVIDUAL]
    )
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30)


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

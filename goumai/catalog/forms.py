from django import forms

from goumai.catalog.models import PurchaseLevel
from goumai.core.forms import DomainErrorFormMixin
from goumai.core.roles import Sector


class ServiceItemForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    content = forms.CharField(
        label="服务内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    purchase_level = forms.ChoiceField(label="购买层级（事权）", choices=PurchaseLevel.choices)
    service_rationale = forms.CharField(
        label="属于服务事项的理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="说明该事项属于政府职责范围内的服务，且不属于货物、工程、融资、雇用人员、劳务派遣、公益性岗位或应由政府直接履职的事项。",
    )


class ProvincialItemForm(ServiceItemForm):
    sector = forms.ChoiceField(
        label="行业", required=False, choices=[("", "不限行业"), *Sector.choices]
    )


class RetireForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(label="停用原因", max_length=200)

from django import forms

from goumai.core.dates import china_today
from goumai.core.forms import DATE_INPUT, DomainErrorFormMixin
from goumai.projects.models import ProcurementMethod


class ProcurementForm(DomainErrorFormMixin, forms.Form):
    method = forms.ChoiceField(label="采购方式", choices=ProcurementMethod.choices)
    announced_on = forms.DateField(label="公告（邀请）日期", widget=DATE_INPUT, initial=china_today)
    deadline = forms.DateField(label="响应截止日期", widget=DATE_INPUT, required=False)
    single_source_justification = forms.CharField(
        label="单一来源理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="仅单一来源采购填写：说明只能从唯一承接主体处购买的情形。",
    )
    late_reason = forms.CharField(
        label="补录理由",
        required=False,
        max_length=300,
        help_text="公告日期在 30 天以前时填写（如补录线下已开展的采购）。",
    )

from django import forms

from goumai.core.forms import DomainErrorFormMixin


class ReportForm(DomainErrorFormMixin, forms.Form):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}))
    reported_on = forms.DateField(
        label="报告日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="不能晚于今天",
    )
    file = forms.FileField(
        label="附件（可选）",
        required=False,
        help_text="PDF、图片、Word、Excel 或 OFD，每个不超过 5 MB",
    )


class CompleteForm(DomainErrorFormMixin, forms.Form):
    done_on = forms.DateField(
        label="完成日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

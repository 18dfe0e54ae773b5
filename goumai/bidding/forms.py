from django import forms

from goumai.core.forms import DomainErrorFormMixin


class PublishForm(DomainErrorFormMixin, forms.Form):
    closes_at = forms.DateTimeField(
        label="投标截止时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="以服务器时间为准；截止后才能开标",
    )


class BidForm(DomainErrorFormMixin, forms.Form):
    amount = forms.CharField(label="报价（元）", max_length=20)
    technical = forms.CharField(
        label="技术响应", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class QuestionForm(DomainErrorFormMixin, forms.Form):
    text = forms.CharField(label="澄清问题", widget=forms.Textarea(attrs={"rows": 3}))

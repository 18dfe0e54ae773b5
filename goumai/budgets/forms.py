from django import forms

from goumai.budgets.models import FundingSource
from goumai.core.forms import DomainErrorFormMixin, MoneyField


class BudgetLineForm(DomainErrorFormMixin, forms.Form):
    fiscal_year = forms.IntegerField(label="预算年度", min_value=2020, max_value=2100)
    code = forms.CharField(label="预算项目编码", max_length=40)
    name = forms.CharField(label="预算项目名称", max_length=100)
    funding_source = forms.ChoiceField(label="资金来源", choices=FundingSource.choices)
    amount = MoneyField(label="预算金额（元）", min_value=0)
    catalog_entries = forms.MultipleChoiceField(
        label="资金用于的目录条目", required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {str(e.pk): e for e in entries}
        self.fields["catalog_entries"].choices = [
            (str(e.pk), f"{e.code} {e.name}") for e in entries
        ]

    def selected_entries(self):
        return [self.entries[pk] for pk in self.cleaned_data["catalog_entries"]]


class AdjustForm(DomainErrorFormMixin, forms.Form):
    amount = MoneyField(label="调整后预算金额（元）", min_value=0)
    reason = forms.CharField(label="调整原因", max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ChangeRequestForm(DomainErrorFormMixin, forms.Form):
    amount = MoneyField(label="申请调整为（元）", min_value=0)
    reason = forms.CharField(label="申请理由", max_length=200)


class DecisionForm(DomainErrorFormMixin, forms.Form):
    change = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", "批准"), ("reject", "驳回")])
    note = forms.CharField(label="审批意见", max_length=200, required=False)

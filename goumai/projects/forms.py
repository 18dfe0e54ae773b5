from django import forms

from goumai.core.forms import DomainErrorFormMixin, MoneyField
from goumai.projects.models import ProcurementMethod


class ProjectForm(DomainErrorFormMixin, forms.Form):
    title = forms.CharField(label="项目名称", max_length=200)
    fiscal_year = forms.IntegerField(label="预算年度", min_value=2020, max_value=2100)
    catalog_entry = forms.TypedChoiceField(
        label="目录条目（本县指导目录）", coerce=int, required=False, empty_value=None
    )
    budget_line = forms.TypedChoiceField(
        label="预算项目（本单位）", coerce=int, required=False, empty_value=None
    )
    budget_amount = MoneyField(label="项目预算（元）", min_value=0.01)
    planned_method = forms.ChoiceField(
        label="拟采用采购方式", required=False, choices=[("", "待定"), *ProcurementMethod.choices]
    )
    service_areas = forms.TypedMultipleChoiceField(
        label="服务片区", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    content = forms.CharField(label="服务内容", widget=forms.Textarea(attrs={"rows": 3}))
    standards = forms.CharField(
        label="服务标准", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    requirements = forms.CharField(
        label="服务要求", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    beneficiaries = forms.CharField(label="服务对象", required=False, max_length=200)
    planned_people = forms.IntegerField(
        label="计划服务人数",
        required=False,
        min_value=1,
        max_value=10_000_000,
        help_text="绩效评价按此计算服务人数完成率。",
    )
    evaluation_standards = forms.CharField(
        label="绩效评价标准", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, entries=(), lines=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalog_entry"].choices = [("", "请选择")] + [
            (e.pk, f"{e.code} {e.name}") for e in entries
        ]
        self.fields["budget_line"].choices = [("", "请选择")] + [
            (
                line.pk,
                f"{line.fiscal_year} {line.code} {line.name}（可用 {line.available:,.2f} 元）",
            )
            for line in lines
        ]
        self.fields["service_areas"].choices = [(a.pk, a.name) for a in areas]
        if not areas:
            del self.fields["service_areas"]


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

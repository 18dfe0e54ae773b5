from django import forms

from goumai.core.forms import DomainErrorFormMixin, MoneyField
from goumai.projects.models import ProcurementMethod


class LineSelect(forms.Select):
    """The budget-line picker: each option names the catalog entries its money is for
    (``data-allows``; none = any), and the page's script offers only those entries in
    the catalog picker (``data-limits``)."""

    def __init__(self, *args, allows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.allows = allows or {}
        self.attrs["data-limits"] = "id_catalog_entry"

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        funded = self.allows.get(value)
        if funded:
            option["attrs"]["data-allows"] = " ".join(str(pk) for pk in sorted(funded))
        return option


class ProjectForm(DomainErrorFormMixin, forms.Form):
    # The budget line first: it decides which catalog entries the money may buy.
    field_order = ["title", "fiscal_year", "budget_line", "catalog_entry"]
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
        self.funded = {line.pk: {e.pk for e in line.catalog_entries.all()} for line in lines}
        self.fields["budget_line"].widget = LineSelect(
            choices=self.fields["budget_line"].choices, allows=self.funded
        )
        self.fields["service_areas"].choices = [(a.pk, a.name) for a in areas]
        if not areas:
            del self.fields["service_areas"]

    def clean(self):
        """A budget line whose money is for named catalog entries funds only those: said
        here, beside the catalog picker, not first at 提交审核."""
        data = super().clean()
        entry, line = data.get("catalog_entry"), data.get("budget_line")
        funded = self.funded.get(line) if line else None
        if entry and funded and entry not in funded:
            self.add_error("catalog_entry", "所选预算项目的资金不用于该目录条目，请另选。")
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

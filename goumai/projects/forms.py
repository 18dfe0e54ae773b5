from datetime import date

from django import forms

from goumai.contracts.services import MULTI_YEAR_CONDITIONS
from goumai.core.forms import DomainErrorFormMixin
from goumai.projects.models import ProcurementMethod

DATE = forms.DateInput(attrs={"type": "date"})


class ProjectForm(DomainErrorFormMixin, forms.Form):
    title = forms.CharField(label="项目名称", max_length=200)
    fiscal_year = forms.IntegerField(label="预算年度", min_value=2020, max_value=2100)
    catalog_entry = forms.TypedChoiceField(
        label="目录条目（本县指导目录）", coerce=int, required=False, empty_value=None
    )
    budget_line = forms.TypedChoiceField(
        label="预算项目（本单位）", coerce=int, required=False, empty_value=None
    )
    budget_amount = forms.DecimalField(
        label="项目预算（元）", max_digits=14, decimal_places=2, min_value=0.01
    )
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


class ProcurementForm(DomainErrorFormMixin, forms.Form):
    method = forms.ChoiceField(label="采购方式", choices=ProcurementMethod.choices)
    announced_on = forms.DateField(label="公告（邀请）日期", widget=DATE, initial=date.today)
    deadline = forms.DateField(label="响应截止日期", widget=DATE, required=False)
    single_source_justification = forms.CharField(
        label="单一来源理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="仅单一来源采购填写：说明只能从唯一承接主体处购买的情形。",
    )


class ContractForm(DomainErrorFormMixin, forms.Form):
    number = forms.CharField(label="合同编号", max_length=60)
    amount = forms.DecimalField(label="合同金额（元）", max_digits=14, decimal_places=2)
    signed_on = forms.DateField(label="签订日期", widget=DATE)
    start_date = forms.DateField(label="服务开始日期", widget=DATE)
    end_date = forms.DateField(label="服务结束日期", widget=DATE)
    milestones = forms.CharField(
        label="履约节点",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个：节点名称，计划完成日期（如 2027-06-30），金额。各节点金额合计应等于合同金额。",
    )
    quantity_quality = forms.CharField(
        label="服务数量与质量要求", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    settlement = forms.CharField(
        label="结算方式", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    liabilities = forms.CharField(
        label="违约责任", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    term_justification = forms.CharField(
        label="跨年度合同理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="合同期限超过一年（最长不超过三年）时填写。",
    )
    multi_year_conditions = forms.MultipleChoiceField(
        label="跨年度合同条件（须全部满足）",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(MULTI_YEAR_CONDITIONS.items()),
    )

    def clean_milestones(self) -> list[dict]:
        rows = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 3:
                raise forms.ValidationError(f"第 {number} 行应为：名称，日期，金额。")
            try:
                due = date.fromisoformat(parts[1])
            except ValueError:
                raise forms.ValidationError(f"第 {number} 行的日期应写作 2027-06-30。") from None
            rows.append({"name": parts[0], "due_date": due, "amount": parts[2]})
        return rows

from datetime import date

from django import forms

from goumai.contracts.services import MULTI_YEAR_CONDITIONS
from goumai.core.forms import DATE_INPUT, DomainErrorFormMixin, MoneyField


class ContractForm(DomainErrorFormMixin, forms.Form):
    number = forms.CharField(label="合同编号", max_length=60)
    amount = MoneyField(label="合同金额（元）")
    signed_on = forms.DateField(label="签订日期", widget=DATE_INPUT)
    start_date = forms.DateField(label="服务开始日期", widget=DATE_INPUT)
    end_date = forms.DateField(label="服务结束日期", widget=DATE_INPUT)
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

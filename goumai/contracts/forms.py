from datetime import date

from django import forms

from goumai.contracts.services import MULTI_YEAR_CONDITIONS
from goumai.core.forms import DATE_INPUT, DomainErrorFormMixin, MoneyField


class ContractForm(DomainErrorFormMixin, forms.Form):
    number = forms.CharField(label="合同编号", max_length=60)
    amount = MoneyField(label="合同金额（元）")
    signed_on = forms.DateField(label="签订日期", widget=DATE_INPUT)
    late_reason = forms.CharField(
        label="补录理由",
        required=False,
        max_length=300,
        help_text="签订日期在 30 天以前时填写（如补录纸质合同）。",
    )
    start_date = forms.DateField(label="服务开始日期", widget=DATE_INPUT)
    end_date = forms.DateField(label="服务结束日期", widget=DATE_INPUT)
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
    payment_days = forms.IntegerField(
        label="验收后付款期限（日）",
        required=False,
        initial=30,
        min_value=1,
        max_value=60,
        help_text="向中小企业付款：验收后 30 日内，合同另有约定的不超过 60 日。",
    )
    multi_year_conditions = forms.MultipleChoiceField(
        label="跨年度合同条件（须全部满足）",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(MULTI_YEAR_CONDITIONS.items()),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if data is not None:
            names, dues, amounts = (data.getlist(f"milestone_{k}") for k in ROW_FIELDS)
            self.rows = [
                {"name": n, "due_date": d, "amount": a}
                for n, d, a in zip(names, dues, amounts, strict=False)
                if n.strip() or d.strip() or a.strip()
            ]
        else:
            amount = self.initial.get("amount")
            self.rows = [{"name": "", "due_date": "", "amount": "" if amount is None else amount}]
        self.row_errors: dict[int, list[str]] = {}

    def clean_payment_days(self):
        """Left empty: the law's 30 days."""
        days = self.cleaned_data.get("payment_days")
        return 30 if days is None else days

    def clean(self):
        """Each row (履约节点): a name, a date, an amount; errors are kept per row so the
        page shows them on that row. The service checks the sum and the dates' range."""
        data = super().clean()
        milestones = []
        for number, row in enumerate(self.rows):
            errors = []
            if not row["name"].strip():
                errors.append("请填写节点名称。")
            try:
                due = date.fromisoformat(row["due_date"].strip())
            except ValueError:
                errors.append("请选择计划完成日期。")
                due = None
            amount = MoneyField(required=True)
            try:
                value = amount.clean(row["amount"].strip())
            except forms.ValidationError as error:
                errors.extend(error.messages)
                value = None
            if errors:
                self.row_errors[number] = errors
            else:
                milestones.append({"name": row["name"].strip(), "due_date": due, "amount": value})
        if not self.rows:
            self.add_error(None, "至少需要一个履约节点。")
        elif self.row_errors:
            self.add_error(None, "履约节点有误，请按各行的提示修改。")
        data["milestones"] = milestones
        return data


ROW_FIELDS = ("name", "due_date", "amount")

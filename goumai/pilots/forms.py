from django import forms

from goumai.core.forms import DomainErrorFormMixin
from goumai.core.roles import Sector
from goumai.pilots.models import PilotTarget, ToleranceCase


def township_label(township) -> str:
    """ "西来镇（6合一，人口 3.2 万）": the merge count and population from the region data."""
    facts = []
    if township.merged_unit_count and township.merged_unit_count > 1:
        facts.append(f"{township.merged_unit_count}合一")
    if township.population:
        facts.append(f"人口 {township.population / 10000:.1f} 万")
    return f"{township.name}（{'，'.join(facts)}）" if facts else township.name


class ApplicationForm(DomainErrorFormMixin, forms.Form):
    sectors = forms.MultipleChoiceField(
        label="试点领域",
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    township_ids = forms.MultipleChoiceField(
        label="目标乡镇", widget=forms.CheckboxSelectMultiple, required=False
    )
    goals = forms.CharField(
        label="试点目标", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    current_spending = forms.DecimalField(
        label="现有购买服务支出（元）", min_value=0, max_digits=14, decimal_places=2, initial=0
    )

    def __init__(self, *args, townships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township_ids"].choices = [(str(t.pk), township_label(t)) for t in townships]


class CriteriaForm(DomainErrorFormMixin, forms.Form):
    criteria = forms.CharField(
        label="评审指标及权重",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个指标：名称 空格 权重，权重合计 100，如“工作方案 40”",
    )

    def parsed(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["criteria"].splitlines():
            if line.strip():
                name, _sep, weight = line.strip().rpartition(" ")
                rows.append((name.strip(), weight.strip() or "0"))
        return rows


class ReviewerForm(DomainErrorFormMixin, forms.Form):
    username = forms.CharField(label="评审专家账号", max_length=150)


class RulesForm(DomainErrorFormMixin, forms.Form):
    minimum = forms.IntegerField(label="最少入选县数", min_value=1, max_value=183, initial=10)
    maximum = forms.IntegerField(label="最多入选县数", min_value=1, max_value=183, initial=12)
    per_city = forms.IntegerField(
        label="每个市州最多", min_value=1, max_value=30, required=False, initial=2
    )
    merged_share = forms.DecimalField(
        label="目标乡镇中六合一、五合一的最低占比（%）",
        min_value=0,
        max_value=100,
        decimal_places=1,
        initial=0,
    )
    civil_affairs = forms.IntegerField(label="民政领域至少", min_value=0, max_value=12, initial=1)
    education = forms.IntegerField(label="教育领域至少", min_value=0, max_value=12, initial=1)
    agriculture = forms.IntegerField(label="农业农村领域至少", min_value=0, max_value=12, initial=1)
    justice = forms.IntegerField(label="司法领域至少", min_value=0, max_value=12, initial=1)
    forced_in = forms.CharField(
        label="必须入选的县（区划代码，空格分隔）", required=False, max_length=400
    )
    forced_out = forms.CharField(
        label="不得入选的县（区划代码，空格分隔）", required=False, max_length=400
    )


class TargetForm(DomainErrorFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2020, max_value=2100)
    indicator = forms.ChoiceField(label="指标", choices=PilotTarget.Indicator.choices)
    target = forms.CharField(label="目标值", max_length=20)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseForm(DomainErrorFormMixin, forms.Form):
    title = forms.CharField(label="事项", max_length=100)
    happened_on = forms.DateField(label="发生日期", widget=DATE)
    what_happened = forms.CharField(label="问题情况", widget=forms.Textarea(attrs={"rows": 3}))
    assessment = forms.CharField(label="认定意见", widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ChoiceField(label="处理决定", choices=ToleranceCase.Decision.choices)
    decided_by = forms.CharField(label="决定单位", max_length=100, initial="四川省财政厅")
    decided_on = forms.DateField(label="决定日期", widget=DATE)

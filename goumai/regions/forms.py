from django import forms

from goumai.core.forms import DomainErrorFormMixin
from goumai.regions.models import Region


class RegionFilterForm(forms.Form):
    q = forms.CharField(
        label="名称或代码",
        required=False,
        max_length=30,
        widget=forms.TextInput(
            attrs={"placeholder": "名称或代码", "type": "search", "aria-label": "名称或代码"}
        ),
    )
    level = forms.TypedChoiceField(
        label="层级",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "全部层级"), *Region.Level.choices],
        widget=forms.Select(attrs={"aria-label": "层级"}),
    )
    economic_region = forms.CharField(label="经济区", required=False, max_length=32)
    merged_at_least = forms.TypedChoiceField(
        label="合并情况",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "不限"), (5, "五合一及以上"), (6, "六合一及以上"), (2, "有合并")],
        widget=forms.Select(attrs={"aria-label": "合并情况"}),
    )


class TownshipProfileForm(DomainErrorFormMixin, forms.Form):
    merged_unit_count = forms.IntegerField(
        label="合并前单位数",
        required=False,
        min_value=1,
        max_value=20,
        help_text="由几个原乡镇（街道）合并而成：“六合一”填 6，未合并填 1。",
    )
    population = forms.IntegerField(
        label="常住人口", required=False, min_value=0, max_value=5_000_000
    )
    service_areas = forms.CharField(
        label="片区",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个片区名称。",
    )

    def clean_service_areas(self) -> list[str]:
        text = self.cleaned_data.get("service_areas") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

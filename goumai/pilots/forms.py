from django import forms

from goumai.core.forms import DomainErrorFormMixin
from goumai.core.roles import Sector


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
        self.fields["township_ids"].choices = [
            (
                str(t.pk),
                f"{t.name}{'（' + str(t.merged_unit_count) + '合一）' if t.merged_unit_count else ''}",
            )
            for t in townships
        ]

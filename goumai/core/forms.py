"""Form pieces every app uses."""

from django import forms

from goumai.core.errors import DomainError
from goumai.core.money import too_large_message

# A native date picker. Its value must be ISO (2026-11-29) whatever the locale's format.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MoneyField(forms.DecimalField):
    """Yuan with at most two decimals and 12 digits before the point (the database's
    range), with Chinese messages that say which limit was hit."""

    def __init__(self, *, min_value=None, **kwargs):
        super().__init__(max_digits=14, decimal_places=2, min_value=min_value, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "max_digits": too_large_message(),
            "max_whole_digits": too_large_message(),
            "max_decimal_places": "金额最多两位小数。",
            "invalid": "请填写金额（元），如 12000 或 12000.50。",
        }


class DomainErrorFormMixin:
    """Show a service's ``DomainError`` beside the fields it names (or above the form)."""

    def add_domain_error(self, error: DomainError) -> None:
        for field, messages in error.fields.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        if not error.fields:
            self.add_error(None, error.message)


class UploadForm(forms.Form):
    file = forms.FileField(label="文件（.xlsx 或 .csv）")

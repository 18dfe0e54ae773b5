"""Form pieces every app uses."""

from django import forms

from goumai.core.errors import DomainError

# A native date picker. Its value must be ISO (2026-11-29) whatever the locale's format.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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

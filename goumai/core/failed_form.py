"""A small form on a page whose action failed: what was typed and the errors, kept
across the redirect back to that page (post/redirect/get), so the page shows each
error beside its field with the typed values still in place.

The action view calls ``remember`` with the form's key (which form on the page) and
the service's ``DomainError``; the page calls ``recall`` once, which also forgets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from goumai.core.errors import DomainError

SESSION_KEY = "goumai_failed_form"
# Typed values kept: short fields only (a page's inline forms), never the CSRF token.
MAX_VALUE_LENGTH = 500


@dataclass
class FailedForm:
    form: str
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str = ""

    @property
    def first_field(self) -> str | None:
        return next(iter(self.errors), None)


def remember(request, form: str, error: DomainError) -> None:
    values = {
        name: value[:MAX_VALUE_LENGTH]
        for name, value in request.POST.items()
        if name != "csrfmiddlewaretoken"
    }
    errors = {name: [str(m) for m in messages] for name, messages in error.fields.items()}
    request.session[SESSION_KEY] = {
        "form": form,
        "values": values,
        "errors": errors,
        "message": error.message,
    }


def recall(request) -> FailedForm | None:
    data = request.session.pop(SESSION_KEY, None)
    return FailedForm(**data) if data else None

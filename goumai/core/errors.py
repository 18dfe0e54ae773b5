"""Errors as data: a stable English ``code``, a Chinese ``message`` and field errors.

Services raise ``DomainError``; the API turns it into one JSON shape and the pages
show the message next to the field. Raising inside ``transaction.atomic`` rolls the
write back, so a failed operation leaves nothing behind.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = str(message)
        self.fields = fields or {}
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class NotFound(DomainError):
    """Outside the actor's jurisdiction looks exactly like not existing at all."""

    status = 404

    def __init__(self, message: str | None = None) -> None:
        super().__init__("not_found", message or _("记录不存在，或不在您的管辖范围内。"))


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, message: str | None = None) -> None:
        super().__init__("permission_denied", message or _("您没有执行此操作的权限。"))

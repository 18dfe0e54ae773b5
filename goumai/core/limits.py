"""The columns' own limits, checked before every save of goumai's models, so that
SQLite (which stores any length) and PostgreSQL (which refuses) accept exactly the
same values — and a value over a limit gets a Chinese message, not a database
error: text longer than its column, a negative number in a positive column, a
number with more digits than its column, a NUL character.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _

from goumai.core.errors import DomainError

POSITIVE = (
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)


def problems(instance) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        label = str(field.verbose_name)
        message = None
        if isinstance(value, str):
            if field.max_length and len(value) > field.max_length:
                message = _("%(f)s最多 %(n)d 个字。") % {"f": label, "n": field.max_length}
            elif "\x00" in value:
                message = _("%(f)s含有不允许的空字符。") % {"f": label}
        elif isinstance(field, POSITIVE) and isinstance(value, int) and value < 0:
            message = _("%(f)s不能为负数。") % {"f": label}
        elif isinstance(field, models.DecimalField) and isinstance(value, Decimal):
            whole = field.max_digits - field.decimal_places
            if value.is_finite() and abs(value) >= Decimal(10) ** whole:
                message = _("%(f)s数值过大（最多 %(n)d 位整数）。") % {"f": label, "n": whole}
        if message:
            found.setdefault(field.name, []).append(message)
    return found


def check_before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures load as they are
        return
    found = problems(instance)
    if found:
        raise DomainError(
            "value_out_of_range",
            "；".join(m for messages in found.values() for m in messages),
            fields=found,
        )

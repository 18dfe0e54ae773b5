"""The audit trail in the words of the people who read it: each field by its label,
each coded value by its name (状态 草稿 → 已提交, not status draft → submitted),
yes/no for flags. The entry itself keeps the raw values its hash covers."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

EMPTY = "—"


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


def _field(model, key: str):
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _text(field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or EMPTY
    return str(value)


def model_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def readable_changes(entry) -> list[FieldChange]:
    """Before and after of every field the entry touched, labelled."""
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    before, after = entry.before or {}, entry.after or {}
    changes = []
    for key in after or before:
        field = _field(model, key)
        label = str(field.verbose_name) if field is not None else key
        changes.append(
            FieldChange(
                label,
                _text(field, before.get(key)),
                _text(field, after.get(key)) if after else EMPTY,
            )
        )
    return changes

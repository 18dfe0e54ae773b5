from functools import cache

from django.apps import apps
from django.db.models import QuerySet

from goumai.audit.models import AuditEntry
from goumai.core.jurisdiction import scope


@cache
def _object_type_aliases() -> dict[str, tuple[str, ...]]:
    """Every object type with the labels the same model was audited under before it
    moved to another app (a model lists them in ``audit_former_types``)."""
    aliases: dict[str, tuple[str, ...]] = {}
    for model in apps.get_models():
        former = tuple(getattr(model, "audit_former_types", ()))
        if former:
            labels = (model._meta.label_lower, *former)
            for label in labels:
                aliases[label] = labels
    return aliases


def audit_entry_list(
    *, actor, object_type: str | None = None, object_id: str | None = None
) -> QuerySet:
    """Audit entries about objects inside the actor's jurisdiction, newest first."""
    entries = scope(AuditEntry.objects.all(), actor, path_field="scope_path", sector_field="sector")
    if object_type:
        labels = _object_type_aliases().get(object_type, (object_type,))
        entries = entries.filter(object_type__in=labels)
    if object_id:
        entries = entries.filter(object_id=object_id)
    return entries.order_by("-seq")

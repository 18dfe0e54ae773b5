from django.db.models import QuerySet

from goumai.audit.models import AuditEntry
from goumai.core.jurisdiction import scope


def audit_entry_list(
    *, actor, object_type: str | None = None, object_id: str | None = None
) -> QuerySet:
    """Audit entries about objects inside the actor's jurisdiction, newest first."""
    entries = scope(AuditEntry.objects.all(), actor, path_field="scope_path", sector_field="sector")
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    return entries.order_by("-seq")

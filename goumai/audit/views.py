from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from goumai.audit.presentation import model_label, readable_changes
from goumai.audit.selectors import audit_entry_list
from goumai.core.errors import NotFound


@login_required
def audit_list_page(request):
    entries = audit_entry_list(actor=request.user, object_type=request.GET.get("type") or None)
    page = Paginator(entries.select_related("actor__org_unit"), 50).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)  # annotated once, shown as annotated
    _readable(page.object_list)
    return render(request, "audit/audit_list.html", {"page": page})


def _readable(entries) -> None:
    for entry in entries:
        entry.changes = readable_changes(entry)
        entry.type_label = model_label(entry.object_type)


@login_required
def object_trail_page(request, object_type: str, object_id: str):
    """The history of one object; answers 404 unless the object is in the actor's reach."""
    entries = list(
        audit_entry_list(
            actor=request.user, object_type=object_type, object_id=object_id
        ).select_related("actor__org_unit")
    )
    if not entries:
        raise NotFound()
    _readable(entries)
    return render(request, "audit/object_trail.html", {"entries": entries, "latest": entries[0]})

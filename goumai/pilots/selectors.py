from __future__ import annotations

from django.db.models import QuerySet

from goumai.core.errors import NotFound
from goumai.core.jurisdiction import get_in_scope, scope
from goumai.pilots.models import Application


def application_list(*, actor, call_id: int | None = None) -> QuerySet[Application]:
    """Applications of counties inside the actor's jurisdiction: a county its own, a
    市州 its counties', the province all."""
    rows = scope(
        Application.objects.select_related("county", "call"), actor, path_field="county__path"
    )
    if call_id is not None:
        rows = rows.filter(call_id=call_id)
    return rows


def application_get(*, actor, application_id: int) -> Application:
    return get_in_scope(
        Application.objects.select_related("county", "call"),
        actor,
        path_field="county__path",
        pk=application_id,
    )


def application_for_review(*, actor, application_id: int) -> Application:
    """An application of a call the actor is assigned to review (experts need no
    jurisdiction over the county); ``NotFound`` otherwise."""
    found = (
        Application.objects.select_related("county", "call")
        .filter(pk=application_id, call__assignments__reviewer=actor, status="submitted")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def application_readable(*, actor, application_id: int) -> Application:
    """An application the actor may read: in its jurisdiction, or of a call it reviews."""
    try:
        return application_get(actor=actor, application_id=application_id)
    except NotFound:
        return application_for_review(actor=actor, application_id=application_id)

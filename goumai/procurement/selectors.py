"""Reading procurements, bids and awards: always through a project the actor can see."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from goumai.core.errors import NotFound
from goumai.procurement.models import Bid, Invitation, Procurement
from goumai.projects.models import Project
from goumai.projects.selectors import project_get
from goumai.providers.portal import own_provider


def procurement_get(*, actor, project_id: int) -> Procurement:
    """The procurement of a project the actor can see, or ``NotFound``."""
    project = project_get(actor=actor, project_id=project_id)
    if not hasattr(project, "procurement"):
        raise NotFound()
    return project.procurement


def bid_get(*, actor, project_id: int, bid_id: int) -> Bid:
    bid = procurement_get(actor=actor, project_id=project_id).bids.filter(pk=bid_id).first()
    if bid is None:
        raise NotFound()
    return bid


def own_bids(*, actor) -> QuerySet[Bid]:
    """A provider account's own bids, and nobody else's."""
    provider = own_provider(actor=actor)
    return (
        Bid.objects.filter(provider=provider).select_related("procurement__project").order_by("-id")
    )


def own_invitations(*, actor) -> QuerySet[Invitation]:
    """A provider account's invitations to procurements still open (no award yet), and
    nobody else's; newest first, with whether its bid has been recorded."""
    provider = own_provider(actor=actor)
    return (
        Invitation.objects.filter(
            provider=provider,
            procurement__project__status=Project.Status.PROCURING,
            procurement__award__isnull=True,
        )
        .select_related("procurement__project__purchaser")
        .annotate(
            has_bid=Exists(
                Bid.objects.filter(procurement=OuterRef("procurement"), provider=provider)
            )
        )
        .order_by("-invited_on", "-id")
    )

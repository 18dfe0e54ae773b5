"""Reads of online tenders: the purchaser's (through the project's jurisdiction) and a
provider's own (the tenders it may bid on, nothing else)."""

from __future__ import annotations

from django.db.models import Q

from goumai.bidding.models import SealedBid, Tender
from goumai.bidding.services import may_bid
from goumai.core.errors import NotFound
from goumai.documents.models import Document
from goumai.documents.services import documents_of
from goumai.procurement.services import INVITATION_METHODS
from goumai.projects.models import Project
from goumai.projects.selectors import project_get


def tender_of_project(*, actor, project_id: int) -> Tender | None:
    """The project's tender, if the actor may see the project (else ``NotFound``)."""
    project = project_get(actor=actor, project_id=project_id)
    return (
        Tender.objects.filter(procurement__project=project)
        .select_related("procurement__project")
        .first()
    )


def open_tenders(*, actor) -> list[Tender]:
    """The tenders a provider account may bid on: invited, or open to all (公开招标)
    and eligible, of projects still procuring."""
    provider = getattr(actor, "provider", None)
    if provider is None:
        return []
    invited = Q(procurement__invitations__provider=provider)
    open_to_all = ~Q(procurement__method__in=list(INVITATION_METHODS))
    found = (
        Tender.objects.filter(invited | open_to_all)
        .filter(procurement__project__status=Project.Status.PROCURING)
        .select_related(
            "procurement__project__purchaser__region", "procurement__project__catalog_entry__item"
        )
        .distinct()
        .order_by("closes_at")
    )
    # the invited ones matched their invitation already; only open ones need the rules
    return [
        t for t in found[:500] if t.procurement.method in INVITATION_METHODS or may_bid(provider, t)
    ]


def tender_for_bidder(*, actor, tender_id: int) -> Tender:
    tender = (
        Tender.objects.select_related("procurement__project__purchaser")
        .filter(pk=tender_id)
        .first()
    )
    if tender is None or not may_bid(getattr(actor, "provider", None), tender):
        raise NotFound()
    return tender


def own_documents(*, actor, tender: Tender):
    """After the opening: the documents of the provider's own recorded bid."""
    recorded = tender.procurement.bids.filter(provider=actor.provider).first()
    return documents_of(recorded) if recorded is not None else Document.objects.none()


def own_bid(*, actor, tender: Tender) -> SealedBid | None:
    """The provider's own bid: that it exists, its version and time; never its content
    (a provider keeps its own copy; the platform cannot unseal before the opening)."""
    return SealedBid.objects.filter(tender=tender, provider=actor.provider).first()

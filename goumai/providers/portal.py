"""A provider's own view: its record, its bids, its contracts — and nothing else.

Provider accounts have no org unit, so the jurisdiction rule gives them no
government data at all; these selectors are the only reads they have, each
limited to ``actor.provider``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from goumai.audit.services import audit, snapshot, updated
from goumai.contracts.models import Contract
from goumai.core.errors import DomainError, NotFound
from goumai.core.roles import Sector
from goumai.projects.models import Bid
from goumai.providers.models import Provider


def own_provider(*, actor) -> Provider:
    if actor is None or not actor.is_authenticated or actor.provider_id is None:
        raise NotFound()
    return actor.provider


def own_bids(*, actor) -> QuerySet[Bid]:
    provider = own_provider(actor=actor)
    return (
        Bid.objects.filter(provider=provider).select_related("procurement__project").order_by("-id")
    )


def own_contracts(*, actor) -> QuerySet[Contract]:
    provider = own_provider(actor=actor)
    return Contract.objects.filter(provider=provider).select_related("project").order_by("-id")


EDITABLE_BY_PROVIDER = ("phone", "capacity", "staff_count", "bank_name", "bank_account", "sectors")


@transaction.atomic
def provider_update_own(*, actor, **changes) -> Provider:
    """A provider keeps its contact details, capacity and bank account up to date.
    Name, type, codes and credit records are kept by officials."""
    provider = Provider.objects.select_for_update().get(pk=own_provider(actor=actor).pk)
    unknown = set(changes) - set(EDITABLE_BY_PROVIDER)
    if unknown:
        raise DomainError(
            "not_editable", _("这些信息由主管部门维护：%(f)s。") % {"f": "、".join(sorted(unknown))}
        )
    if "sectors" in changes and any(s not in Sector.values for s in changes["sectors"]):
        raise DomainError(
            "invalid_provider", _("行业不正确。"), fields={"sectors": [_("行业不正确。")]}
        )
    before = snapshot(provider)
    for field, value in changes.items():
        setattr(provider, field, value.strip() if isinstance(value, str) else value)
    provider.save()
    audit(actor=actor, changes=[updated(provider, before)])
    return provider

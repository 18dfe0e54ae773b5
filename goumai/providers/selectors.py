from __future__ import annotations

from django.db.models import Q, QuerySet

from goumai.core.errors import NotFound
from goumai.core.jurisdiction import Jurisdiction
from goumai.providers.eligibility import check_eligibility
from goumai.providers.models import Provider


def provider_list(*, actor, search: str | None = None) -> QuerySet[Provider]:
    """The registry is shared by every purchaser (a provider may serve any county);
    private details arrive with the provider registry and get their own rules."""
    if Jurisdiction.of(actor).is_empty:
        return Provider.objects.none()
    providers = Provider.objects.filter(is_active=True).select_related("region")
    if search:
        providers = providers.filter(Q(name__contains=search) | Q(credit_code__startswith=search))
    return providers.order_by("name")


def provider_get(*, actor, provider_id: int) -> Provider:
    provider = provider_list(actor=actor).filter(pk=provider_id).first()
    if provider is None:
        raise NotFound()
    return provider


def serves_q(item) -> Q:
    """Providers registered for ``item``: the item, the level-3 service above it or a
    refinement below it."""
    ancestors = [item.code[:n] for n in range(6, len(item.code) + 1, 2)]
    return Q(catalog_items__code__in=ancestors) | Q(catalog_items__code__startswith=item.code)


def providers_for_item(*, actor, item, on, county) -> tuple[list[Provider], int]:
    """The providers a purchaser may invite for ``item``: registered for that service (the
    item, the level-3 service above it or a refinement below it) and eligible on ``on``
    (``providers.eligibility``), with their township and county for the picker's label.
    Returns them and how many registered providers were left out as ineligible."""
    if item is None:
        return [], 0
    registered = (
        provider_list(actor=actor)
        .filter(serves_q(item))
        .distinct()
        .select_related("region__parent")
        .prefetch_related("credit_records", "qualifications", "performance_records")
    )
    eligible, left_out = [], 0
    for provider in registered:
        if check_eligibility(provider, item=item, on=on, county=county):
            left_out += 1
        else:
            eligible.append(provider)
    return eligible, left_out

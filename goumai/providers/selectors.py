from __future__ import annotations

from django.db.models import Q, QuerySet

from goumai.core.errors import NotFound
from goumai.core.jurisdiction import Jurisdiction
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

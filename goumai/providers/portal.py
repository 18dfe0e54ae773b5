"""A provider's own record — and nothing else.

Provider accounts have no org unit, so the jurisdiction rule gives them no
government data at all. ``own_provider`` is where every read of theirs starts:
their record here, their bids (``procurement.selectors.own_bids``) and their
contracts (``contracts.selectors.own_contracts``), each limited to
``actor.provider``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, snapshot, updated
from goumai.core.errors import DomainError, NotFound
from goumai.core.roles import Sector
from goumai.providers.models import Provider, Size


def own_provider(*, actor) -> Provider:
    if actor is None or not actor.is_authenticated or actor.provider_id is None:
        raise NotFound()
    return actor.provider


EDITABLE_BY_PROVIDER = (
    "phone",
    "capacity",
    "staff_count",
    "size",
    "bank_name",
    "bank_account",
    "sectors",
)


@audited()
def provider_update_own(*, actor, **changes) -> Provider:
    """A provider keeps its contact details, capacity, bank account and its declared
    size (企业规模, which decides the legal payment period) up to date. Name, type,
    codes and credit records are kept by officials."""
    provider = Provider.objects.select_for_update(no_key=True).get(pk=own_provider(actor=actor).pk)
    unknown = set(changes) - set(EDITABLE_BY_PROVIDER)
    if unknown:
        raise DomainError(
            "not_editable", _("这些信息由主管部门维护：%(f)s。") % {"f": "、".join(sorted(unknown))}
        )
    if changes.get("size") not in (None, "", *Size.values):
        raise DomainError(
            "invalid_provider",
            _("企业规模应为微型、小型、中型或大型企业。"),
            fields={"size": [_("企业规模应为微型、小型、中型或大型企业。")]},
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

"""How well an area grows its own providers (培育, work plan task 八).

For a county or township: how many providers registered there, by type; the share
of contracts and of money that went to local providers and to each type, year on
year; and, for a county, which of its townships buy services for which no
provider registered in that township offers to serve.

Contracts and projects are counted through the actor's jurisdiction, sector
included, exactly as the project list shows them: a sector department's figures
are its sector's. The provider registry is shared by every official, so provider
counts are not narrowed by sector.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from goumai.contracts.models import Contract
from goumai.core.errors import NotFound
from goumai.core.jurisdiction import Jurisdiction, scope
from goumai.core.money import money_sum
from goumai.core.rounding import percent
from goumai.projects.models import Project
from goumai.providers.models import Provider
from goumai.regions.models import Region


def area_for(*, actor, code: str) -> Region:
    region = Region.objects.filter(
        code=code, level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP]
    ).first()
    if region is None or not Jurisdiction.of(actor).covers(region.path):
        raise NotFound()
    return region


def local_providers_by_kind(area: Region) -> list[dict]:
    counts = dict(
        Provider.objects.filter(is_active=True, region__path__startswith=area.path)
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    return [
        {"kind": kind, "label": label, "count": counts.get(kind, 0)}
        for kind, label in Provider.Kind.choices
    ]


def contracts_by_year(area: Region, *, actor) -> list[dict]:
    """Per year: contracts and money, in total and won by local providers, and by type."""
    contracts = scope(
        Contract.objects.filter(project__scope_path__startswith=area.path),
        actor,
        path_field="project__scope_path",
        sector_field="project__sector",
    )
    local = Q(provider__region__path__startswith=area.path)
    rows = (
        contracts.values("project__fiscal_year")
        .annotate(
            count=Count("id"),
            money=Sum("amount"),
            local_count=Count("id", filter=local),
            local_money=Sum("amount", filter=local),
        )
        .order_by("project__fiscal_year")
    )
    by_kind = defaultdict(dict)
    for row in contracts.values("project__fiscal_year", "provider__kind").annotate(
        money=Sum("amount")
    ):
        by_kind[row["project__fiscal_year"]][row["provider__kind"]] = money_sum(row["money"])
    result = []
    for row in rows:
        money, local_money = money_sum(row["money"]), money_sum(row["local_money"])
        result.append(
            {
                "year": row["project__fiscal_year"],
                "count": row["count"],
                "local_count": row["local_count"],
                "money": money,
                "local_money": local_money,
                "local_money_share": percent(local_money, money) if money else Decimal(0),
                "money_by_kind": by_kind[row["project__fiscal_year"]],
            }
        )
    return result


def township_gaps(county: Region, *, actor) -> list[dict]:
    """For each township of the county: the services it buys that no provider
    registered in the township has said it serves."""
    gaps = []
    for township in Region.objects.filter(parent=county, is_active=True).order_by("code"):
        bought = {
            (item_id, name)
            for item_id, name in scope(
                Project.objects.filter(scope_path__startswith=township.path),
                actor,
                path_field="scope_path",
                sector_field="sector",
            )
            .exclude(catalog_entry__isnull=True)
            .values_list("catalog_entry__item_id", "catalog_entry__item__name")
            .distinct()
        }
        served = set(
            Provider.objects.filter(
                is_active=True, region__path__startswith=township.path
            ).values_list("catalog_items", flat=True)
        )
        missing = sorted(name for item_id, name in bought if item_id not in served)
        if missing:
            gaps.append({"township": township, "missing": missing})
    return gaps

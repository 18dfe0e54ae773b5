import re
from decimal import Decimal

import pytest
from django.db.models import Q

from goumai.catalog.models import CatalogItem
from goumai.contracts.models import Contract
from goumai.core.errors import NotFound
from goumai.cultivation.selectors import (
    area_for,
    contracts_by_year,
    local_providers_by_kind,
    township_gaps,
)
from goumai.providers.models import Provider
from goumai.regions.models import Region
from goumai.site.demo_accounts import DEMO_COUNTIES, create_demo_accounts
from goumai.site.demo_purchases import create_demo_purchases

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    create_demo_accounts(password="x-demo-password-1")
    create_demo_purchases(county_codes=DEMO_COUNTIES)


def test_demo_has_every_kind_locally_and_outsiders_winning_contracts(demo):
    county = Region.objects.get(code="510131")
    kinds = {row["kind"]: row["count"] for row in local_providers_by_kind(county)}
    for kind in Provider.Kind.values:
        if kind not in ("public_institution_class_1", "budget_funded_mass_org"):
            assert kinds[kind] >= 1, kind
    winners = Contract.objects.filter(project__scope_path__startswith=county.path)
    local = winners.filter(provider__region__path__startswith=county.path).count()
    assert 0 < local < winners.count()
    assert len({c.provider.kind for c in winners}) >= 5


def test_contract_shares_add_up(demo, finance_user):
    county = Region.objects.get(code="510131")
    (year,) = contracts_by_year(county, actor=finance_user)
    contracts = Contract.objects.filter(project__scope_path__startswith=county.path)
    assert year["count"] == contracts.count()
    assert year["money"] == sum(c.amount for c in contracts)
    assert sum(year["money_by_kind"].values()) == year["money"]
    assert Decimal(0) < year["local_money_share"] < Decimal(100)


def test_gaps_name_the_services_a_township_buys_without_a_local_provider(demo, finance_user):
    county = Region.objects.get(code="510131")
    gaps = {g["township"].code: g["missing"] for g in township_gaps(county, actor=finance_user)}
    assert gaps  # the demo townships buy eleven services; their own providers cover fewer
    for code, missing in gaps.items():
        township = Region.objects.get(code=code)
        served = set(
            Provider.objects.filter(region__path__startswith=township.path).values_list(
                "catalog_items__name", flat=True
            )
        )
        assert not set(missing) & served


def test_cultivation_page_and_its_jurisdiction(client, county_user, demo):
    client.force_login(county_user)
    body = client.get("/providers/cultivation/").content.decode()
    assert "蒲江县承接主体培育" in body and 'id="cultivation-data"' in body
    assert "/static/goumai/vendor/echarts/echarts.min.js" in body
    # nothing fetched from another host (a random CSRF token may well contain "cdn")
    assert not re.search(r'(src|href)="(https?:)?//', body)
    assert client.get("/providers/cultivation/", {"region": "510521"}).status_code == 404
    with pytest.raises(NotFound):
        area_for(actor=county_user, code="510521")


def test_a_sector_department_sees_only_its_sectors_contracts_and_gaps(
    client, demo, finance_user, make_user
):
    county = Region.objects.get(code="510131")
    contracts = Contract.objects.filter(project__scope_path__startswith=county.path)
    sector = contracts.exclude(project__sector__isnull=True).values_list(
        "project__sector", flat=True
    )[0]
    department = make_user(f"510000-{sector}")
    mine_only = contracts.filter(Q(project__sector=sector) | Q(project__sector__isnull=True))
    assert 0 < mine_only.count() < contracts.count()  # the demo buys in several sectors
    (everything,) = contracts_by_year(county, actor=finance_user)
    (mine,) = contracts_by_year(county, actor=department)
    assert everything["count"] == contracts.count()
    assert mine["count"] == mine_only.count()
    assert mine["money"] == sum(c.amount for c in mine_only)
    others = set(
        CatalogItem.objects.exclude(sector=sector)
        .exclude(sector__isnull=True)
        .values_list("name", flat=True)
    )
    all_missing = {m for g in township_gaps(county, actor=finance_user) for m in g["missing"]}
    my_missing = {m for g in township_gaps(county, actor=department) for m in g["missing"]}
    assert all_missing & others  # other sectors' gaps exist ...
    assert not my_missing & others  # ... and the sector department sees none of them
    client.force_login(department)
    body = client.get("/providers/cultivation/", {"region": "510131"}).content.decode()
    assert f"{mine['count']}" in body
    for name in all_missing & others:
        assert name not in body

from decimal import Decimal

from goumai.accounts.models import OrgUnit
from goumai.budgets.models import BudgetLine
from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.projects.models import Project
from goumai.projects.services import project_create
from goumai.regions.models import Region


def county_entry(county, item_code="010401") -> CountyCatalogEntry:
    entry, _ = CountyCatalogEntry.objects.get_or_create(
        county=county,
        item=CatalogItem.objects.get(code=item_code),
        local_code="",
        defaults={"purchase_level": "township"},
    )
    return entry


def draft_project(
    actor, township, *, amount="30000.00", line_amount="100000.00", line=None, **overrides
) -> Project:
    """A township's draft project with a catalog item of its county and a budget line."""
    purchaser = OrgUnit.objects.get(code=f"{township.code}-government")
    if line is None:
        line, _ = BudgetLine.objects.get_or_create(
            org_unit=purchaser,
            fiscal_year=2027,
            code="B-TEST",
            defaults={
                "name": "养老服务经费",
                "funding_source": "own",
                "amount": Decimal(line_amount),
            },
        )
    values = dict(
        actor=actor,
        purchaser=purchaser,
        fiscal_year=2027,
        title="居家养老上门服务",
        content="每周上门服务",
        budget_amount=amount,
        catalog_entry=county_entry(township.parent),
        budget_line=line,
    )
    values.update(overrides)
    return project_create(**values)


def county_bureau_project(actor, county_code: str = "510131") -> Project:
    """A draft bought by the county finance bureau itself (a purchaser that also
    approves), with a budget line of its own."""
    bureau = OrgUnit.objects.get(code=f"{county_code}-finance")
    line = BudgetLine.objects.create(
        org_unit=bureau,
        fiscal_year=2027,
        code="C1",
        name="县本级",
        funding_source="own",
        amount=Decimal("1000"),
    )
    return project_create(
        actor=actor,
        purchaser=bureau,
        fiscal_year=2027,
        title="县级课题调研",
        content="x",
        budget_amount="500",
        catalog_entry=county_entry(Region.objects.get(code=county_code)),
        budget_line=line,
    )

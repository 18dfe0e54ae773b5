from decimal import Decimal

from goumai.accounts.models import OrgUnit
from goumai.budgets.models import BudgetLine


def budget_line(org_unit_code: str, amount="100000.00", *, code="B001", year=2027) -> BudgetLine:
    """A budget line written straight to the database, for tests that need one."""
    return BudgetLine.objects.create(
        org_unit=OrgUnit.objects.get(code=org_unit_code),
        fiscal_year=year,
        code=code,
        name=f"测试预算{code}",
        funding_source="own",
        amount=Decimal(amount),
    )

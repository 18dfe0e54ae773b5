import pytest

from goumai.audit.verify import verify_chain
from goumai.projects.models import Project
from goumai.site.demo_accounts import DEMO_COUNTIES, create_demo_accounts
from goumai.site.demo_purchases import create_demo_purchases

pytestmark = pytest.mark.django_db


def test_demo_data_has_every_status_in_every_demo_county():
    create_demo_accounts(password="x-demo-password-1")
    made = create_demo_purchases(county_codes=DEMO_COUNTIES)
    assert made == len(DEMO_COUNTIES) * 2 * len(Project.Status.choices)
    for county in DEMO_COUNTIES:
        statuses = set(
            Project.objects.filter(scope_path__contains=f"/{county}/").values_list(
                "status", flat=True
            )
        )
        assert statuses == set(Project.Status.values), county
    assert create_demo_purchases(county_codes=DEMO_COUNTIES) == 0  # idempotent
    closed = Project.objects.filter(status="closed").first()
    assert closed.paid_amount == closed.contract.amount and closed.reserved_amount == 0
    assert verify_chain().ok

"""A unit's 统一社会信用代码: only its own unit administrator records it, a valid
one only, never one another unit holds; every change is audited."""

import pytest

from goumai.accounts.models import OrgUnit
from goumai.accounts.services import org_unit_set_credit_code
from goumai.audit.models import AuditEntry
from goumai.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
CODE = "11510131MB0000001U"  # valid: organisation part and check digit


@pytest.fixture
def admin(make_user, township_a):
    return make_user(f"{township_a.code}-government", roles=("unit_admin",))


def test_the_unit_admin_records_and_clears_the_code(admin):
    unit = org_unit_set_credit_code(
        actor=admin, unit=admin.org_unit, credit_code=" 11510131mb0000001u "
    )
    assert OrgUnit.objects.get(pk=unit.pk).credit_code == CODE
    entry = AuditEntry.objects.filter(object_id=str(unit.pk)).latest("seq")
    assert (entry.before["credit_code"], entry.after["credit_code"]) == ("", CODE)
    org_unit_set_credit_code(actor=admin, unit=admin.org_unit, credit_code="")
    assert OrgUnit.objects.get(pk=unit.pk).credit_code == ""


@pytest.mark.parametrize("code", ["11510131MB0000001Y", "1151013", "11510131MB0000001U0"])
def test_an_invalid_code_is_refused_and_nothing_changes(admin, code):
    with pytest.raises(DomainError) as raised:
        org_unit_set_credit_code(actor=admin, unit=admin.org_unit, credit_code=code)
    assert raised.value.code == "invalid_credit_code" and "校验位" in raised.value.message
    assert OrgUnit.objects.get(pk=admin.org_unit_id).credit_code == ""


def test_a_code_held_by_another_unit_is_refused(admin, township_a2):
    other = OrgUnit.objects.get(code=f"{township_a2.code}-government")
    OrgUnit.objects.filter(pk=other.pk).update(credit_code=CODE)
    with pytest.raises(DomainError) as raised:
        org_unit_set_credit_code(actor=admin, unit=admin.org_unit, credit_code=CODE)
    assert raised.value.code == "duplicate_credit_code"


def test_only_the_units_own_admin_may_record_it(make_user, admin, township_a, township_a2):
    clerk = make_user(f"{township_a.code}-government", roles=("clerk",))
    other_admin = make_user(f"{township_a2.code}-government", roles=("unit_admin",))
    county_admin = make_user("510131-finance", roles=("unit_admin",))
    for actor in (clerk, other_admin, county_admin):
        with pytest.raises(PermissionDenied):
            org_unit_set_credit_code(actor=actor, unit=admin.org_unit, credit_code=CODE)
    assert OrgUnit.objects.get(pk=admin.org_unit_id).credit_code == ""
    root = make_user(None, roles=(), superuser=True)
    assert (
        org_unit_set_credit_code(actor=root, unit=admin.org_unit, credit_code=CODE).credit_code
        == CODE
    )

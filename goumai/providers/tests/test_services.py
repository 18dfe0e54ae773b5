from datetime import date

import pytest

from goumai.core.errors import DomainError, PermissionDenied
from goumai.providers.services import provider_register, support_record_add
from goumai.providers.tests.factories import credit_code, provider

pytestmark = pytest.mark.django_db


def test_register_checks_the_credit_code_checksum(county_user):
    code = credit_code()
    provider = provider_register(
        actor=county_user, name="茶乡合作社", kind="farmers_coop", credit_code=code
    )
    assert provider.credit_code == code
    broken = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(DomainError) as caught:
        provider_register(actor=county_user, name="另一家", kind="enterprise", credit_code=broken)
    assert "统一社会信用代码不正确" in caught.value.fields["credit_code"][0]
    with pytest.raises(DomainError) as caught:
        provider_register(actor=county_user, name="重复", kind="enterprise", credit_code=code)
    assert "已登记" in caught.value.fields["credit_code"][0]


def test_sector_departments_do_not_register_providers(civil_user):
    with pytest.raises(PermissionDenied):
        provider_register(actor=civil_user, name="x", kind="enterprise", credit_code=credit_code())


def test_individuals_register_with_a_valid_resident_id(county_user):
    from goumai.providers.tests.factories import resident_id

    number = resident_id()
    person = provider_register(actor=county_user, name="张三", kind="individual", id_number=number)
    assert person.id_number == number and person.credit_code is None
    with pytest.raises(DomainError) as caught:
        provider_register(
            actor=county_user,
            name="李四",
            kind="individual",
            id_number=number[:-1] + "0" if number[-1] != "0" else number[:-1] + "1",
        )
    assert "居民身份证号码不正确" in caught.value.fields["id_number"][0]


def test_support_is_recorded_only_for_providers_in_the_jurisdiction(
    county_user, township_a, township_b
):
    own = provider("本县合作社", region=township_a)
    record = support_record_add(
        actor=county_user,
        provider=own,
        kind="training",
        given_on=date(2026, 5, 1),
        description="财务规范培训",
    )
    assert record.given_by == county_user.org_unit
    with pytest.raises(PermissionDenied):
        support_record_add(
            actor=county_user,
            provider=provider("外县合作社", region=township_b),
            kind="training",
            given_on=date(2026, 5, 1),
        )

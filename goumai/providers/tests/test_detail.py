import pytest

from goumai.providers.models import CreditRecord, Qualification, SupportRecord
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db


def test_an_official_keeps_qualifications_credit_records_support_and_services(
    client, county_user, township_a
):
    firm = provider("本县合作社", region=township_a)
    client.force_login(county_user)
    url = f"/providers/{firm.pk}/"
    assert client.get(url).status_code == 200
    client.post(
        url, {"form": "qualification", "q-name": "养老服务机构备案", "q-valid_from": "2026-01-01"}
    )
    client.post(
        url,
        {
            "form": "credit",
            "c-kind": "blacklist",
            "c-source": "信用中国（四川）",
            "c-recorded_on": "2026-02-01",
            "c-expires_on": "2099-01-01",
        },
    )
    client.post(
        url,
        {
            "form": "support",
            "p-kind": "training",
            "p-given_on": "2026-03-01",
            "p-description": "财务培训",
        },
    )
    client.post(url, {"form": "services", "s-sectors": ["civil_affairs"]})
    assert Qualification.objects.filter(provider=firm).count() == 1
    assert CreditRecord.objects.filter(provider=firm).count() == 1
    assert SupportRecord.objects.filter(provider=firm).count() == 1
    firm.refresh_from_db()
    assert firm.sectors == ["civil_affairs"]
    assert "列入失信惩戒名单" in client.get(url).content.decode()


def test_bad_dates_show_beside_the_field_and_change_nothing(client, county_user, township_a):
    firm = provider("本县合作社", region=township_a)
    client.force_login(county_user)
    response = client.post(
        f"/providers/{firm.pk}/",
        {
            "form": "credit",
            "c-kind": "blacklist",
            "c-source": "x",
            "c-recorded_on": "2026-02-01",
            "c-expires_on": "2025-01-01",
        },
    )
    assert "移出日期不能早于认定日期" in response.content.decode()
    assert not CreditRecord.objects.exists()


def test_another_county_cannot_keep_this_providers_record(client, make_user, township_a):
    firm = provider("本县合作社", region=township_a)
    client.force_login(make_user("510521-finance"))
    client.post(
        f"/providers/{firm.pk}/",
        {"form": "credit", "c-kind": "blacklist", "c-source": "x", "c-recorded_on": "2026-02-01"},
    )
    assert not CreditRecord.objects.exists()

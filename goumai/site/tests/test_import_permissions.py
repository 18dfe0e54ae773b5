"""An import checks who is asking before it reads a byte of the file: a provider's
account (or a sector department) posting a workbook gets a refusal, and the upload
is never opened."""

import pytest

from goumai.accounts.services import user_create
from goumai.catalog.importing import county_catalog_import, provincial_catalog_import
from goumai.core.errors import PermissionDenied
from goumai.providers.importing import providers_import
from goumai.providers.tests.factories import provider
from goumai.regions.importing import township_profiles_import
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


class Untouchable:
    name, size = "bomb.xlsx", 1000

    def read(self, *args):
        raise AssertionError("the upload was read before the permission check")

    def chunks(self, *args):
        raise AssertionError("the upload was read before the permission check")


@pytest.fixture
def provider_account():
    return user_create(
        actor=None,
        username="p-account",
        password=None,
        org_unit=None,
        roles=["clerk", "unit_admin"],
        provider=provider("示范服务中心"),
    )


def test_a_providers_account_imports_nothing(provider_account):
    county = Region.objects.get(code="510131")
    for run in (
        lambda: township_profiles_import(actor=provider_account, upload=Untouchable()),
        lambda: providers_import(actor=provider_account, upload=Untouchable()),
        lambda: provincial_catalog_import(actor=provider_account, upload=Untouchable()),
        lambda: county_catalog_import(actor=provider_account, county=county, upload=Untouchable()),
    ):
        with pytest.raises(PermissionDenied):
            run()


def test_a_sector_department_imports_no_townships_or_providers(civil_user):
    for run in (
        lambda: township_profiles_import(actor=civil_user, upload=Untouchable()),
        lambda: providers_import(actor=civil_user, upload=Untouchable()),
    ):
        with pytest.raises(PermissionDenied):
            run()


def test_the_pages_refuse_a_providers_account(client, provider_account):
    client.force_login(provider_account)
    for url in ("/regions/townships/import/", "/providers/import/"):
        with open(__file__, "rb") as handle:
            response = client.post(url, {"file": handle})
        page = response.content.decode()
        # refused for who is asking, not for what the (unread) file holds
        assert "只支持" not in page, url
        assert response.status_code in (403, 404) or "权限" in page, url

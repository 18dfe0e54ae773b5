import pytest

from goumai.providers.models import Provider
from goumai.providers.tests.factories import credit_code

pytestmark = pytest.mark.django_db


def test_a_clerk_registers_a_provider_and_a_bad_code_is_explained(client, town_user):
    client.force_login(town_user)
    bad = client.post(
        "/providers/new/", {"name": "某合作社", "kind": "farmers_coop", "credit_code": "123"}
    )
    assert "统一社会信用代码不正确" in bad.content.decode() and not Provider.objects.exists()
    code = credit_code()
    client.post(
        "/providers/new/", {"name": "某合作社", "kind": "farmers_coop", "credit_code": code}
    )
    assert code in client.get("/providers/").content.decode()

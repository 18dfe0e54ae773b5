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


def test_an_individual_is_registered_in_the_browser_and_shown_masked(client, town_user):
    from goumai.providers.tests.factories import resident_id

    number = resident_id()
    client.force_login(town_user)
    client.post("/providers/new/", {"name": "王师傅", "kind": "individual", "id_number": number})
    person = Provider.objects.get(name="王师傅")
    assert person.id_number == number
    page = client.get(f"/providers/{person.pk}/").content.decode()
    assert number not in page and number[-4:] in page
    assert number not in client.get("/providers/").content.decode()

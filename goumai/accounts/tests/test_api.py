from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from goumai.accounts.models import ApiToken, OrgUnit
from goumai.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def token_for(client, username, password=PASSWORD):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_a_token_opens_the_api_and_me_names_the_jurisdiction(client, town_user, township_a):
    response = token_for(client, town_user.username)
    assert response.status_code == 200
    token = response.json()["token"]
    assert not ApiToken.objects.filter(key_hash=token).exists()  # only the hash is stored
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["org_unit"]["region_code"] == township_a.code
    assert me["jurisdiction_path"] == township_a.path
    assert me["roles"] == ["clerk"]


def test_wrong_password_gets_the_error_shape(client, town_user):
    response = token_for(client, town_user.username, "wrong-password-1")
    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_credentials",
        "message": "用户名或密码错误。",
        "fields": {},
    }


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Bearer "])
def test_without_valid_credentials_the_api_answers_401(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/regions", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_expired_and_revoked_tokens_are_refused(client, town_user):
    first = token_for(client, town_user.username).json()["token"]
    second = token_for(client, town_user.username).json()["token"]
    oldest = ApiToken.objects.filter(user=town_user).order_by("id").first()
    ApiToken.objects.filter(pk=oldest.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {first}"}).status_code == 401
    auth = {"Authorization": f"Bearer {second}"}
    assert client.delete("/api/v1/auth/token", headers=auth).status_code == 204
    assert client.get("/api/v1/me", headers=auth).status_code == 401


def test_a_deactivated_users_token_stops_working(client, town_user):
    token = token_for(client, town_user.username).json()["token"]
    town_user.is_active = False
    town_user.save()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_session_auth_needs_the_csrf_token_for_writes(town_user, township_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(town_user)
    assert browser.get("/api/v1/me").status_code == 200
    response = browser.patch(
        f"/api/v1/regions/{township_a.code}/profile",
        {"population": 5},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    browser.get("/")  # the page sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    response = browser.patch(
        f"/api/v1/regions/{township_a.code}/profile",
        {"population": 5},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200, response.content


def test_sector_department_gets_nothing_of_another_sector(api_client, civil_user):
    api = api_client.login(civil_user)
    response = api.get("/api/v1/org-units", kind="sector_department")
    codes = {unit["code"] for unit in response.json()["items"]}
    assert codes == {"510000-civil_affairs"}
    education = OrgUnit.objects.get(code="510000-education")
    response = api.get(f"/api/v1/org-units/{education.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_township_sees_only_its_own_org_unit(api_client, town_user, township_a2):
    api = api_client.login(town_user)
    items = api.get("/api/v1/org-units").json()["items"]
    assert [unit["code"] for unit in items] == [town_user.org_unit.code]
    neighbour = OrgUnit.objects.get(code=f"{township_a2.code}-government")
    assert api.get(f"/api/v1/org-units/{neighbour.pk}").status_code == 404


def test_county_gets_nothing_of_another_county(api_client, county_user):
    api = api_client.login(county_user)
    response = api.get("/api/v1/org-units", limit=500)
    regions = {unit["region_code"][:6] for unit in response.json()["items"]}
    assert regions == {"510131"}
    other = OrgUnit.objects.get(code="510521-finance")
    assert api.get(f"/api/v1/org-units/{other.pk}").status_code == 404


def test_org_unit_list_query_count_does_not_grow_with_rows(
    api_client, finance_user, django_assert_max_num_queries
):
    api = api_client.login(finance_user)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/org-units", limit=200)
    assert len(response.json()["items"]) == 200


def test_openapi_document_is_served(client):
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/regions" in document["paths"]
    assert "/api/v1/auth/token" in document["paths"]


def test_interactive_docs_load_nothing_from_outside(client):
    body = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in body
    assert "https://" not in body and "http://" not in body


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_browser_logout_ends_every_api_token(client, town_user):
    token = token_for(client, town_user.username).json()["token"]
    browser = Client()
    browser.force_login(town_user)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    browser.post("/accounts/logout/")
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert ApiToken.objects.get(user=town_user).revoked_at is not None


def test_an_administrators_password_reset_ends_the_users_tokens(client, town_user, make_user):
    token = token_for(client, town_user.username).json()["token"]
    root = make_user(None, roles=(), superuser=True)
    admin = Client()
    admin.force_login(root)
    response = admin.post(
        f"/admin/accounts/user/{town_user.pk}/password/",
        {
            "password1": "Another-pass-2027",
            "password2": "Another-pass-2027",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    fresh = token_for(client, town_user.username, "Another-pass-2027").json()["token"]
    assert client.get("/api/v1/me", headers=bearer(fresh)).status_code == 200


def test_deactivation_revokes_so_reactivation_does_not_revive(client, town_user):
    token = token_for(client, town_user.username).json()["token"]
    town_user.is_active = False
    town_user.save()
    town_user.is_active = True
    town_user.save()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert ApiToken.objects.get(user=town_user).revoked_at is not None

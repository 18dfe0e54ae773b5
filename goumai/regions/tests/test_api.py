import pytest

from goumai.audit.models import AuditEntry
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


def test_township_sees_only_itself(api_client, town_user, township_a, township_a2):
    api = api_client.login(town_user)
    body = api.get("/api/v1/regions").json()
    assert body["count"] == 1 and body["items"][0]["code"] == township_a.code
    assert api.get(f"/api/v1/regions/{township_a.code}").status_code == 200
    response = api.get(f"/api/v1/regions/{township_a2.code}")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "记录不存在，或不在您的管辖范围内。",
        "fields": {},
    }
    assert api.get("/api/v1/regions/510131").status_code == 404  # not even its own county


def test_county_sees_its_townships_and_nothing_of_another_county(
    api_client, county_user, township_b
):
    api = api_client.login(county_user)
    body = api.get("/api/v1/regions", level=4, limit=500).json()
    expected = Region.objects.filter(parent__code="510131").count()
    assert body["count"] == expected
    assert all(item["parent_code"] == "510131" for item in body["items"])
    assert api.get(f"/api/v1/regions/{township_b.code}").status_code == 404
    assert api.get("/api/v1/regions", parent="510521").json()["count"] == 0


def test_province_sees_all_and_filters_by_economic_region(api_client, finance_user):
    api = api_client.login(finance_user)
    assert api.get("/api/v1/regions", level=4).json()["count"] == 3101
    cities = api.get("/api/v1/regions", level=2, economic_region="panxi").json()["items"]
    assert {c["name"] for c in cities} == {"攀枝花市", "凉山彝族自治州"}
    detail = api.get("/api/v1/regions/510131104").json()
    assert detail["economic_region_of_city"] == "成都平原经济区"


def test_region_list_query_count_is_flat(api_client, finance_user, django_assert_max_num_queries):
    api = api_client.login(finance_user)
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/regions", level=4, limit=300)
    assert len(response.json()["items"]) == 300


def test_patch_profile_updates_and_audits(api_client, town_user, township_a):
    api = api_client.login(town_user)
    response = api.patch(
        f"/api/v1/regions/{township_a.code}/profile",
        {"merged_unit_count": 6, "population": 41200, "service_areas": ["东片"]},
    )
    assert response.status_code == 200
    assert response.json()["merge_label"] == "六合一"
    assert response.json()["service_areas"] == [{"name": "东片"}]
    assert AuditEntry.objects.filter(actor=town_user, object_id=str(township_a.pk)).exists()


def test_patch_with_bad_values_gets_field_errors_and_changes_nothing(
    api_client, town_user, township_a
):
    api = api_client.login(town_user)
    response = api.patch(f"/api/v1/regions/{township_a.code}/profile", {"merged_unit_count": 50})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_township_profile"
    assert "merged_unit_count" in body["fields"]
    assert Region.objects.get(pk=township_a.pk).merged_unit_count is None


def test_patch_with_wrong_types_gets_validation_error(api_client, town_user, township_a):
    api = api_client.login(town_user)
    response = api.patch(f"/api/v1/regions/{township_a.code}/profile", {"population": "many"})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert response.json()["fields"] == {"population": ["应为整数。"]}


def test_patch_on_another_township_is_not_found(api_client, town_user, township_a2):
    api = api_client.login(town_user)
    response = api.patch(f"/api/v1/regions/{township_a2.code}/profile", {"population": 1})
    assert response.status_code == 404


def test_sector_department_may_read_but_not_edit_townships(api_client, civil_user, township_a):
    api = api_client.login(civil_user)
    assert api.get(f"/api/v1/regions/{township_a.code}").status_code == 200
    response = api.patch(f"/api/v1/regions/{township_a.code}/profile", {"population": 1})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_pages_default_to_50_rows_and_refuse_more_than_500(api_client, finance_user):
    api = api_client.login(finance_user)
    assert len(api.get("/api/v1/regions").json()["items"]) == 50
    response = api.get("/api/v1/regions", limit=501)
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert "limit" in response.json()["fields"]

import pytest

from goumai.catalog.models import CatalogItem
from goumai.conftest import COUNTY_A, COUNTY_B

pytestmark = pytest.mark.django_db

RATIONALE = "属于政府养老服务职责，购买的是专业人员提供的服务，不含物资和工程。"


def adopt(api, county, name):
    code = CatalogItem.objects.get(name=name).code
    return api.post(f"/api/v1/counties/{county}/catalog", {"item_code": code})


def test_every_official_reads_the_provincial_catalog(api_client, town_user):
    body = api_client.login(town_user).get("/api/v1/catalog/items", level=3).json()
    assert body["count"] == 15


def test_county_builds_its_catalog_and_its_townships_read_it(
    api_client, county_user, make_user, township_a
):
    api = api_client.login(county_user)
    assert adopt(api, COUNTY_A, "居家养老服务").status_code == 201
    response = api.post(
        f"/api/v1/counties/{COUNTY_A}/catalog/local",
        {
            "parent_code": "010401",
            "name": "老人助餐",
            "purchase_level": "township",
            "service_rationale": RATIONALE,
        },
    )
    assert response.status_code == 201 and response.json()["code"] == "01040151"
    town = api_client.login(make_user(f"{township_a.code}-government"))
    names = [e["name"] for e in town.get(f"/api/v1/counties/{COUNTY_A}/catalog").json()["items"]]
    assert names == ["居家养老服务", "老人助餐"]


def test_another_county_gets_nothing_of_this_countys_catalog(
    api_client, county_user, make_user, township_b
):
    adopt(api_client.login(county_user), COUNTY_A, "居家养老服务")
    other_county = api_client.login(make_user(f"{COUNTY_B}-finance"))
    assert other_county.get(f"/api/v1/counties/{COUNTY_A}/catalog").status_code == 404
    assert adopt(other_county, COUNTY_A, "课后服务").status_code == 404
    other_town = api_client.login(make_user(f"{township_b.code}-government"))
    assert other_town.get(f"/api/v1/counties/{COUNTY_A}/catalog").status_code == 404


def test_sector_department_sees_only_its_sectors_county_entries(
    api_client, county_user, civil_user
):
    api = api_client.login(county_user)
    adopt(api, COUNTY_A, "居家养老服务")
    adopt(api, COUNTY_A, "课后服务")
    civil = api_client.login(civil_user)
    names = [e["name"] for e in civil.get(f"/api/v1/counties/{COUNTY_A}/catalog").json()["items"]]
    assert names == ["居家养老服务"]


def test_negative_list_gets_the_error_shape_and_nothing_is_saved(api_client, finance_user):
    api = api_client.login(finance_user)
    count = CatalogItem.objects.count()
    response = api.post(
        "/api/v1/catalog/items",
        {
            "parent_code": "010401",
            "name": "护理员劳务派遣",
            "purchase_level": "township",
            "service_rationale": RATIONALE,
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "negative_list" and "劳务派遣" in body["fields"]["name"][0]
    assert CatalogItem.objects.count() == count


def test_retire_reports_flagged_county_entries(api_client, finance_user, county_user):
    adopt(api_client.login(county_user), COUNTY_A, "居家养老服务")
    api = api_client.login(finance_user)
    response = api.post("/api/v1/catalog/items/010401/retire", {"reason": "调整目录"})
    assert response.json() == {"code": "010401", "flagged_county_entries": 1}
    entries = api.get(f"/api/v1/counties/{COUNTY_A}/catalog").json()["items"]
    assert entries[0]["is_usable"] is False
    assert api.get(f"/api/v1/counties/{COUNTY_A}/catalog", usable_only=True).json()["count"] == 0


def test_county_catalog_query_count_is_flat(api_client, county_user, django_assert_max_num_queries):
    api = api_client.login(county_user)
    for name in ["居家养老服务", "课后服务", "河道保洁", "人民调解", "普法宣传"]:
        adopt(api, COUNTY_A, name)
    with django_assert_max_num_queries(8):
        response = api.get(f"/api/v1/counties/{COUNTY_A}/catalog")
    assert response.json()["count"] == 5

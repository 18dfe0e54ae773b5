import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db
WHY = "属于政府职责范围内的服务，不含货物和工程。"


def test_provincial_page_shows_the_tree_and_filters_by_sector(client, town_user):
    client.force_login(town_user)
    body = client.get("/catalog/", {"sector": "justice"}).content.decode()
    assert "公共服务" in body and "人民调解" in body and "居家养老服务" not in body


def test_my_catalog_leads_a_township_to_its_county(client, town_user):
    client.force_login(town_user)
    response = client.get("/catalog/mine/")
    assert response.status_code == 302 and response.url == f"/catalog/county/{COUNTY_A}/"


def test_county_adopts_through_the_page(client, county_user):
    client.force_login(county_user)
    response = client.post(f"/catalog/county/{COUNTY_A}/", {"item_code": "010401"})
    assert response.status_code == 302
    body = client.get(f"/catalog/county/{COUNTY_A}/").content.decode()
    assert "居家养老服务" in body and "移出" in body
    assert CountyCatalogEntry.objects.filter(county__code=COUNTY_A, item__code="010401").exists()


def test_county_pages_of_another_county_are_not_found(client, county_user, make_user):
    client.force_login(county_user)
    assert client.get(f"/catalog/county/{COUNTY_B}/").status_code == 404
    assert client.post(f"/catalog/county/{COUNTY_B}/", {"item_code": "010401"}).status_code == 404
    assert client.get(f"/catalog/county/{COUNTY_B}/export.xlsx").status_code == 404
    assert client.get(f"/catalog/county/{COUNTY_B}/import/").status_code == 404
    other = CountyCatalogEntry.objects.create(
        county=Region.objects.get(code=COUNTY_B),
        item=CatalogItem.objects.get(code="010401"),
        purchase_level="township",
    )
    assert client.post(f"/catalog/county-entries/{other.pk}/remove/").status_code == 404
    assert CountyCatalogEntry.objects.get(pk=other.pk).is_active


def test_a_township_reads_but_cannot_edit_its_countys_catalog(client, town_user):
    client.force_login(town_user)
    body = client.get(f"/catalog/county/{COUNTY_A}/").content.decode()
    assert "采用省级条目" not in body
    assert client.post(f"/catalog/county/{COUNTY_A}/", {"item_code": "010401"}).status_code == 403


def test_negative_list_error_shows_next_to_the_name(client, finance_user):
    client.force_login(finance_user)
    response = client.post(
        "/catalog/items/010401/new/",
        {"name": "敬老院新建", "purchase_level": "township", "service_rationale": WHY},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "负面清单" in body and "新建" in body
    assert not CatalogItem.objects.filter(name="敬老院新建").exists()


def test_retire_from_the_item_page(client, finance_user, county_user):
    client.force_login(county_user)
    client.post(f"/catalog/county/{COUNTY_A}/", {"item_code": "010401"})
    client.force_login(finance_user)
    response = client.post("/catalog/items/010401/", {"reason": "并入新条目"})
    assert response.status_code == 302
    assert CatalogItem.objects.get(code="010401").is_retired
    client.force_login(county_user)
    assert "省级条目已停用" in client.get(f"/catalog/county/{COUNTY_A}/").content.decode()


def test_county_import_page_names_bad_rows(client, county_user):
    client.force_login(county_user)
    csv = "编码\n010401\n999999\n".encode()
    response = client.post(
        f"/catalog/county/{COUNTY_A}/import/", {"file": SimpleUploadedFile("c.csv", csv)}
    )
    body = response.content.decode()
    assert "第 3 行「编码」" in body and "未导入任何数据" in body
    assert not CountyCatalogEntry.objects.filter(county__code=COUNTY_A).exists()


def test_only_catalog_keepers_reach_the_provincial_import(client, county_user, civil_user):
    client.force_login(county_user)
    assert client.get("/catalog/import/").status_code == 403
    client.force_login(civil_user)
    assert client.get("/catalog/import/").status_code == 200

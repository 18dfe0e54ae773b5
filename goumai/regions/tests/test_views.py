import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


def test_township_page_shows_itself_and_404s_for_a_neighbour(
    client, town_user, township_a, township_a2
):
    client.force_login(town_user)
    assert township_a.name in client.get(f"/regions/{township_a.code}/").content.decode()
    response = client.get(f"/regions/{township_a2.code}/")
    assert response.status_code == 404
    assert township_a2.name not in response.content.decode()


def test_region_list_shows_a_county_nothing_of_another_county(client, county_user, township_b):
    client.force_login(county_user)
    body = client.get("/regions/", {"level": 4}).content.decode()
    assert Region.objects.filter(parent__code="510131").first().name in body
    assert township_b.code not in body
    assert client.get(f"/regions/{township_b.code}/").status_code == 404
    assert client.get("/regions/510521/").status_code == 404


def test_sector_department_sees_the_map_but_no_edit_button(client, civil_user, township_a):
    client.force_login(civil_user)
    body = client.get(f"/regions/{township_a.code}/").content.decode()
    assert township_a.name in body and "维护属性" not in body
    assert client.get(f"/regions/{township_a.code}/edit/").status_code == 403


def test_edit_page_saves_and_shows_field_errors(client, town_user, township_a):
    client.force_login(town_user)
    url = f"/regions/{township_a.code}/edit/"
    response = client.post(
        url, {"merged_unit_count": "", "population": "100", "service_areas": "东片\n东片"}
    )
    assert response.status_code == 200
    assert "片区名称重复：东片" in response.content.decode()
    assert Region.objects.get(pk=township_a.pk).population is None
    response = client.post(
        url, {"merged_unit_count": "6", "population": "100", "service_areas": "东片\n西片"}
    )
    assert response.status_code == 302
    body = client.get(f"/regions/{township_a.code}/").content.decode()
    assert "六合一" in body and "西片" in body


def test_edit_page_of_a_neighbour_is_not_found(client, town_user, township_a2):
    client.force_login(town_user)
    assert client.get(f"/regions/{township_a2.code}/edit/").status_code == 404


def test_import_page_lists_row_errors_and_changes_nothing(client, county_user, township_a):
    client.force_login(county_user)
    csv = f"乡镇代码,合并前单位数\n{township_a.code},99\n".encode()
    response = client.post("/regions/townships/import/", {"file": SimpleUploadedFile("t.csv", csv)})
    body = response.content.decode()
    assert "未导入任何数据" in body and "第 2 行「合并前单位数」" in body
    assert Region.objects.get(pk=township_a.pk).merged_unit_count is None


def test_export_downloads_only_the_jurisdiction(client, town_user, township_a):
    from openpyxl import load_workbook

    client.force_login(town_user)
    response = client.get("/regions/townships/export.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [township_a.code]


def test_county_home_counts_its_townships(client, county_user):
    client.force_login(county_user)
    body = client.get("/").content.decode()
    total = Region.objects.filter(parent__code="510131").count()
    assert f"<b>{total}</b><span>乡级单位</span>" in body


def test_province_home_lists_the_five_economic_regions(client, finance_user):
    client.force_login(finance_user)
    body = client.get("/").content.decode()
    assert "<b>3,101</b><span>乡级单位</span>" in body
    for name in ["成都平原经济区", "川南经济区", "川东北经济区", "攀西经济区", "川西北生态示范区"]:
        assert name in body


def test_the_import_link_is_offered_only_to_who_may_import(client, county_user, civil_user):
    client.force_login(county_user)
    assert "/regions/townships/import/" in client.get("/regions/").content.decode()
    client.force_login(civil_user)  # a sector department keeps no township attributes
    assert "/regions/townships/import/" not in client.get("/regions/").content.decode()
    assert client.get("/regions/townships/import/").status_code == 403

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from goumai.core.tests import test_upload_bombs as bombs
from goumai.imports.models import ImportJob
from goumai.imports.services import import_job_run
from goumai.imports.tests.test_services import rows_for, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_rows_run_at_once(settings):
    settings.GOUMAI_IMPORT_BACKGROUND_ROWS = 3
    cache.clear()


def test_a_long_file_goes_to_its_job_page_which_polls_until_done(client, county_user):
    client.force_login(county_user)
    response = client.post("/regions/townships/import/", {"file": upload(rows_for(4))})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert "排队中" in waiting and 'hx-trigger="every 2s"' in waiting
    import_job_run(job.pk)
    done = client.get(response["Location"]).content.decode()
    assert "导入成功：共 4 行；与现有数据相同的行未作改动。" in done and "hx-trigger" not in done


def test_a_failed_job_page_lists_the_row_errors(client, county_user):
    client.force_login(county_user)
    rows = [*rows_for(3), ["999999999", "", "", 1, ""]]
    client.post("/regions/townships/import/", {"file": upload(rows)})
    job = import_job_run(ImportJob.objects.get().pk)
    body = client.get(f"/imports/{job.pk}/").content.decode()
    assert "未导入任何数据" in body and "第 5 行「乡镇代码」" in body


def test_a_short_file_is_imported_at_once_as_before(client, county_user):
    client.force_login(county_user)
    response = client.post("/regions/townships/import/", {"file": upload(rows_for(3))})
    assert response.status_code == 302 and not ImportJob.objects.exists()


def test_another_account_gets_nothing_of_a_job(client, county_user, make_user):
    client.force_login(county_user)
    client.post("/regions/townships/import/", {"file": upload(rows_for(4))})
    job = ImportJob.objects.get()
    client.force_login(make_user("510521-government", roles=("unit_admin",)))
    assert client.get(f"/imports/{job.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/imports/{job.pk}/").status_code == 302  # to the login page


def empty_workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


BROKEN = {
    "empty_sheet": empty_workbook,
    "no_sheet": lambda: bombs.xlsx({}),
    "broken_xml": lambda: bombs.xlsx({"xl/worksheets/sheet1.xml": "<worksheet><sheetData><row>"}),
    "doctype_entities": lambda: bombs.xlsx(
        {
            "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
            "<worksheet><sheetData/></worksheet>"
        }
    ),
    "not_a_zip": lambda: b"PK\x03\x04" + b"\x00" * 100,
}
PAGES = ["/regions/townships/import/", "/providers/import/", "/catalog/county/510131/import/"]


@pytest.mark.parametrize("kind", BROKEN)
@pytest.mark.parametrize("page", [*PAGES, "/catalog/import/"])
def test_a_broken_workbook_gets_a_chinese_error_on_every_import_page(
    client, county_user, finance_user, page, kind
):
    client.force_login(finance_user if page == "/catalog/import/" else county_user)
    upload = SimpleUploadedFile("broken.xlsx", BROKEN[kind]())
    response = client.post(page, {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<p class="error" role="alert">[^<]*[\u4e00-\u9fff]', body)
    assert not ImportJob.objects.exists()

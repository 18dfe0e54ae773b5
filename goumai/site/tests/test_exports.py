"""No export runs a formula: text planted as =HYPERLINK(…) (and every other
formula start) in names that reach an Excel or CSV download comes out inert."""

import csv
import io

import pytest
from openpyxl import load_workbook

from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.core.spreadsheets import FORMULA_STARTS, csv_bytes, safe_cell, workbook_bytes
from goumai.evaluation.models import Framework
from goumai.providers.tests.factories import provider
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://evil.example/","点我")'


def cells_of(response) -> list:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return [c for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]
    return [c for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for c in row]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_the_helper_neutralises_every_formula_start(start):
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe_cell("居家养老") == "居家养老" and safe_cell(-5) == -5 and safe_cell(None) is None
    book = load_workbook(io.BytesIO(workbook_bytes("t", [f"{start}h"], [[f"{start}x", 3]])))
    values = [c.value for row in book.active.iter_rows() for c in row if c.value is not None]
    assert values == [f"'{start}h", f"'{start}x", 3]
    text = csv_bytes([f"{start}h"], [[f"{start}x"]]).decode("utf-8-sig")
    assert [c for row in csv.reader(io.StringIO(text)) for c in row] == [f"'{start}h", f"'{start}x"]


def test_no_download_carries_a_formula(client, make_user):
    CatalogItem.objects.filter(code="010401").update(name=EVIL)
    county = Region.objects.get(code="510131")
    CountyCatalogEntry.objects.create(
        county=county,
        item=CatalogItem.objects.get(code="010401"),
        local_code="01040199",
        local_name="@SUM(A1:A9)",
        service_rationale="-2+3 理由",
        purchase_level="township",
    )
    provider(EVIL, region=Region.objects.filter(parent=county).first())
    framework = Framework.objects.filter(is_current=True).first()
    framework.indicators.filter(parent__isnull=True).update(name="+1+1 指标")
    user = make_user("510000-finance", roles=("clerk", "approver", "unit_admin"))
    client.force_login(user)
    urls = [
        "/catalog/export.xlsx",
        "/catalog/county/510131/export.xlsx",
        "/providers/export.xlsx",
        "/regions/townships/export.xlsx",
        f"/projects/evaluations/frameworks/{framework.pk}/framework.xlsx",
    ]
    seen = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        cells = [c for c in cells_of(response) if isinstance(c, str)]
        assert not [c for c in cells if c.startswith(FORMULA_STARTS)], url
        seen += cells
    for planted in (EVIL, "@SUM(A1:A9)", "-2+3 理由", "+1+1 指标"):
        assert "'" + planted in seen, planted  # there, and inert

"""Bulk open data (no formula survives), the county feed and the printable notice —
and no private value in any of them."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from goumai.disclosure.opendata import neutralise
from goumai.disclosure.services import due_stages, publish
from goumai.disclosure.tests.conftest import PRIVATE, SECRET_COMMENT
from goumai.projects.models import Project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


@pytest.fixture
def published(evaluated, town_user):
    # a title that a spreadsheet would run as a formula
    Project.objects.filter(pk=evaluated.pk).update(title='=HYPERLINK("http://x","居家养老")')
    for stage in due_stages(evaluated):
        publish(actor=town_user, project=evaluated, stage=stage)
    return Project.objects.get(pk=evaluated.pk)


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("居家养老", "居家养老"),
        (None, ""),
    ],
)
def test_formula_starts_are_neutralised(value, safe):
    assert neutralise(value) == safe


def test_downloads_in_three_formats(client, published):
    base = "/public/data/2027/510131"
    rows = list(
        csv.reader(io.StringIO(client.get(f"{base}/projects.csv").content.decode("utf-8-sig")))
    )
    assert (
        rows[0][:2] == ["项目编号", "项目名称"]
        and rows[1][1] == '\'=HYPERLINK("http://x","居家养老")'
    )
    book = load_workbook(io.BytesIO(client.get(f"{base}/projects.xlsx").content))
    cell = book.active["B2"].value
    assert cell.startswith("'=") and book.active["B2"].data_type == "s"
    evaluations = json.loads(client.get(f"{base}/evaluations.json").content)
    assert evaluations[0]["score"] == "87.02" and evaluations[0]["grade"] == "良"
    contracts = json.loads(client.get(f"{base}/contracts.json").content)
    assert contracts[0]["amount"] == "28000.00"
    providers = json.loads(client.get(f"{base}/providers.json").content)
    assert providers[0]["contracts"] == "1"
    assert client.get(f"{base}/secrets.json").status_code == 404
    assert client.get("/public/data/2027/510131104/projects.csv").status_code == 404  # a township
    assert json.loads(client.get("/public/data/2027/510521/projects.json").content) == []
    for dataset in ("projects", "contracts", "providers", "evaluations"):
        for fmt in ("csv", "json"):
            text = client.get(f"{base}/{dataset}.{fmt}").content.decode("utf-8-sig")
            for value in [*PRIVATE.values(), SECRET_COMMENT]:
                assert value not in text


def test_the_county_feed_and_the_notice(client, published):
    feed = client.get("/public/feeds/510131.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert text.count("<entry>") == 6 and "绩效评价结果" in text
    assert client.get("/public/feeds/999999.atom").status_code == 404
    notice = client.get(f"/public/projects/{published.code}/notice/").content.decode()
    assert "<svg" in notice and f"/public/projects/{published.code}/" in notice
    for page in (text, notice):
        for value in [*PRIVATE.values(), SECRET_COMMENT]:
            assert value not in page

"""Reports: the PDF's Chinese text can be extracted and matches the page; the Word
file opens; the summary counts grades inside the jurisdiction only."""

import io
from decimal import Decimal as D

import pytest
from docx import Document
from pypdf import PdfReader

from goumai.evaluation.reports import finished_evaluations, summary_figures
from goumai.evaluation.services import evaluation_finish, scoring_submit
from goumai.evaluation.tests.factories import all_leaves

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


@pytest.fixture
def finished(ready, town_user, provider_user):
    scoring_submit(actor=provider_user, evaluation=ready, part="self", leaves=all_leaves(ready, 0))
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready, 1))
    return evaluation_finish(actor=town_user, evaluation=ready)


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_project_pdf_says_what_the_page_says(client, finished, town_user):
    client.force_login(town_user)
    base = f"/projects/{finished.project_id}/evaluation/"
    page = client.get(base).content.decode()
    assert "综合得分 87.02 分" in page and '等级 <span class="grade grade-good">良</span>' in page
    response = client.get(f"{base}report.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace(" ", "")
    project = finished.project
    for expected in (
        project.title,
        project.code,
        "综合得分：87.02分",
        "评价等级：良",
        "购买主体评价",
        "85.77",
    ):
        assert expected in text, expected
    # the font is embedded as a subset, not the whole 4 MB file
    assert len(response.content) < 400_000


def test_the_project_word_report_opens(client, finished, town_user):
    client.force_login(town_user)
    response = client.get(f"/projects/{finished.project_id}/evaluation/report.docx")
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == f"{finished.project.title} 绩效评价报告"
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "87.02 分" in cells and "良" in cells


def test_reports_are_not_for_other_jurisdictions(client, finished, make_user, township_a2):
    client.force_login(make_user(f"{township_a2.code}-government"))
    assert client.get(f"/projects/{finished.project_id}/evaluation/report.pdf").status_code == 404
    summary = client.get("/projects/evaluations/").content.decode()
    assert finished.project.title not in summary


def test_the_county_summary(client, finished, county_user, make_user):
    figures = summary_figures(finished_evaluations(actor=county_user, year=2027))
    assert figures["count"] == 1 and figures["mean"] == D("87.02")
    assert [g["count"] for g in figures["grades"]] == [0, 1, 0, 0]
    assert figures["by_kind"] == [{"label": "社会组织", "counts": [0, 1, 0, 0]}]
    assert figures["years"] == [{"year": 2027, "mean": "87.02", "count": 1}]
    other = make_user("510521-finance", roles=("clerk",))
    assert summary_figures(finished_evaluations(actor=other))["count"] == 0
    assert summary_figures(finished_evaluations(actor=county_user, year=2026))["count"] == 0
    client.force_login(county_user)
    page = client.get("/projects/evaluations/", {"year": "2027"}).content.decode()
    assert finished.project.title in page and "evaluation-data" in page
    text = pdf_text(client.get("/projects/evaluations/report.pdf", {"year": "2027"}).content)
    assert "绩效评价汇总报告（2027年）" in text.replace(" ", "")
    assert finished.project.code in text

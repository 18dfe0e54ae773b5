"""目标考核 over the API and the pages: the province runs the year; a department or a
市州 sees only its own row, and only once final; a county, a township and another
市州 get nothing (404, or an empty list)."""

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from goumai.audit.models import AuditEntry
from goumai.supervision import assessing
from goumai.supervision.models import Assessment, AssessmentScore

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, finance_user, civil_user, county_user):
    return {
        "finance": finance_user,
        "civil": civil_user,
        "education": make_user("510000-education"),
        "chengdu": make_user("510100-finance"),
        "luzhou": make_user("510500-government"),
        "county": county_user,
        "town": make_user("510131001-government"),
    }


@pytest.fixture
def final_2027(people):
    finance = people["finance"]
    made = assessing.assessment_create(actor=finance, year=2027, as_of=date(2027, 12, 31))
    assessing.assessment_compute(actor=finance, assessment=made)
    manual = made.indicators.get(code="service_share")
    for subject in made.subjects.all():
        assessing.manual_score(
            actor=finance, subject=subject, indicator=manual, points="7.5", evidence="决算报表"
        )
    return assessing.assessment_finalize(actor=finance, assessment=made)


def test_the_province_runs_a_year_over_the_api(api_client, people):
    api = api_client.login(people["finance"])
    made = api.post("/api/v1/assessments", {"year": 2027, "as_of": "2027-12-31"})
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "draft"
    manual = next(i for i in made.json()["indicators"] if i["source"] == "manual")
    bad = api.patch(f"/api/v1/assessments/2027/indicators/{manual['id']}", {"weight": "0"})
    assert bad.status_code == 400 and "分值" in bad.json()["message"]
    ok = api.patch(f"/api/v1/assessments/2027/indicators/{manual['id']}", {"weight": "12.5"})
    assert next(i for i in ok.json()["indicators"] if i["id"] == manual["id"])["weight"] == "12.50"
    computed = api.post("/api/v1/assessments/2027/compute", {}).json()
    assert computed["status"] == "computed" and len(computed["subjects"]) > 21
    city = next(s for s in computed["subjects"] if s["region_code"] == "510100")
    no_evidence = api.put(
        f"/api/v1/assessments/2027/subjects/{city['id']}/scores/{manual['id']}",
        {"points": "10", "evidence": ""},
    )
    assert no_evidence.status_code == 400 and "evidence" in no_evidence.json()["fields"]
    scored = api.put(
        f"/api/v1/assessments/2027/subjects/{city['id']}/scores/{manual['id']}",
        {"points": "10", "evidence": "财政决算"},
    )
    assert scored.status_code == 200
    early = api.post("/api/v1/assessments/2027/finalize", {})
    assert early.status_code == 400 and "人工评分未完成" in early.json()["message"]
    assert AuditEntry.objects.filter(object_type="supervision.assessmentscore").exists()


@pytest.mark.parametrize("who", ["civil", "chengdu", "county", "town"])
def test_no_one_else_may_write(api_client, people, who):
    api = api_client.login(people[who])
    refused = api.post("/api/v1/assessments", {"year": 2027, "as_of": "2027-12-31"})
    assert refused.status_code == 403
    assert not Assessment.objects.exists()


def test_reads_over_the_api_follow_the_subject(api_client, people, final_2027):
    for who, expected in (("civil", ["510000-civil_affairs"]), ("chengdu", ["510100"])):
        body = api_client.login(people[who]).get("/api/v1/assessments/2027").json()
        assert [s["unit_code"] or s["region_code"] for s in body["subjects"]] == expected
    for who in ("county", "town"):
        api = api_client.login(people[who])
        assert api.get("/api/v1/assessments").json() == []
        assert api.get("/api/v1/assessments/2027").status_code == 404
    luzhou = final_2027.subjects.get(region__code="510500")
    manual = final_2027.indicators.get(code="service_share")
    chengdu = api_client.login(people["chengdu"])
    refused = chengdu.put(
        f"/api/v1/assessments/2027/subjects/{luzhou.pk}/scores/{manual.pk}",
        {"points": "1", "evidence": "x"},
    )
    assert refused.status_code == 404
    assert AssessmentScore.objects.get(subject=luzhou, indicator=manual).points == 7.5


def test_a_draft_year_is_the_provinces_alone(api_client, people):
    assessing.assessment_create(actor=people["finance"], year=2027, as_of=date(2027, 12, 31))
    for who in ("civil", "chengdu", "county"):
        assert api_client.login(people[who]).get("/api/v1/assessments/2027").status_code == 404


def test_pages_for_the_province(client, people):
    client.force_login(people["finance"])
    made = client.post("/assessment/", {"year": "2027", "as_of": "2027-12-31"})
    assert made.status_code == 302 and made["Location"] == "/assessment/2027/"
    again = client.post("/assessment/", {"year": "2027", "as_of": "2027-12-31"})
    assert "已经建立" in again.content.decode()
    page = client.get("/assessment/2027/").content.decode()
    assert "按平台数据计算" in page and "尚未计算" in page
    client.post("/assessment/2027/", {"form": "compute"})
    page = client.get("/assessment/2027/").content.decode()
    assert "成都市" in page and "待评分" in page and "暂无数据" in page
    assessment = Assessment.objects.get(year=2027)
    subject = assessment.subjects.get(region__code="510100")
    manual = assessment.indicators.get(code="service_share")
    url = f"/assessment/2027/subjects/{subject.pk}/"
    bad = client.post(
        url, {"indicator": manual.pk, f"i{manual.pk}-points": "11", f"i{manual.pk}-evidence": "x"}
    )
    assert "得分须在 0 至 10 分之间" in bad.content.decode()
    good = client.post(
        url, {"indicator": manual.pk, f"i{manual.pk}-points": "9", f"i{manual.pk}-evidence": "决算"}
    )
    assert good.status_code == 302
    assert AssessmentScore.objects.get(subject=subject, indicator=manual).points == 9
    weight = client.post(
        "/assessment/2027/", {"form": "weight", "indicator": manual.pk, "weight": "x"}
    )
    assert "分值须为" in weight.content.decode()


def test_pages_and_downloads_for_a_subject_and_for_others(client, people, final_2027):
    client.force_login(people["chengdu"])
    page = client.get("/assessment/2027/").content.decode()
    assert "成都市" in page and "泸州市" not in page and "按平台数据计算" not in page
    assert client.post("/assessment/2027/", {"form": "compute"}).status_code == 403
    luzhou = final_2027.subjects.get(region__code="510500")
    assert client.get(f"/assessment/2027/subjects/{luzhou.pk}/").status_code == 404
    sheet = load_workbook(io.BytesIO(client.get("/assessment/2027/assessment.xlsx").content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["成都市"]
    for who in ("county", "town"):
        client.force_login(people[who])
        for url in (
            "/assessment/2027/",
            f"/assessment/2027/subjects/{luzhou.pk}/",
            "/assessment/2027/assessment.xlsx",
            "/assessment/2027/assessment.docx",
        ):
            assert client.get(url).status_code == 404, (who, url)
    # another subject, a department, sees its own row and nothing of 泸州
    client.force_login(people["education"])
    assert client.get(f"/assessment/2027/subjects/{luzhou.pk}/").status_code == 404
    sheet = load_workbook(io.BytesIO(client.get("/assessment/2027/assessment.xlsx").content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [people["education"].org_unit.name]
    document = Document(io.BytesIO(client.get("/assessment/2027/assessment.docx").content))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "泸州市" not in text and "成都市" not in text


def test_the_word_report_and_the_workbook_hold_every_subject(client, people, final_2027):
    client.force_login(people["finance"])
    document = Document(io.BytesIO(client.get("/assessment/2027/assessment.docx").content))
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "成都市" in text and "泸州市" in text and "任务完成及时率" in text
    sheet = load_workbook(io.BytesIO(client.get("/assessment/2027/assessment.xlsx").content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == final_2027.subjects.count()
    assert {row[0] for row in rows} == {"省直部门", "市州"}


@pytest.mark.parametrize("who", ["civil", "chengdu", "county"])
def test_only_the_province_changes_a_year_over_the_api(api_client, people, final_2027, who):
    """A subject sees the final year but may change nothing; a county does not see it."""
    manual = final_2027.indicators.get(code="service_share")
    subject = final_2027.subjects.get(region__code="510100")
    api = api_client.login(people[who])
    expected = 404 if who == "county" else 403
    for call in (
        lambda: api.post("/api/v1/assessments/2027/compute", {}),
        lambda: api.post("/api/v1/assessments/2027/finalize", {}),
        lambda: api.post("/api/v1/assessments/2027/indicators", {"name": "x", "weight": "1"}),
        lambda: api.patch(f"/api/v1/assessments/2027/indicators/{manual.pk}", {"weight": "1"}),
    ):
        assert call().status_code == expected
    scored = api.put(
        f"/api/v1/assessments/2027/subjects/{subject.pk}/scores/{manual.pk}",
        {"points": "1", "evidence": "x"},
    )
    assert scored.status_code == (403 if who == "chengdu" else 404)
    assert AssessmentScore.objects.get(subject=subject, indicator=manual).points == 7.5


def test_the_list_page_shows_a_county_nothing(client, people, final_2027):
    client.force_login(people["county"])
    page = client.get("/assessment/").content.decode()
    assert "2027 年度" not in page and "建立考核年度" not in page
    assert client.post("/assessment/", {"year": "2028", "as_of": "2028-12-31"}).status_code == 403

"""Frameworks as Excel: the sheet round-trips, a bad row is named and nothing is
saved; plus the policy and bar pages."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook

from goumai.catalog.models import CatalogItem
from goumai.evaluation.models import EvaluationPolicy, Framework
from goumai.providers.models import PerformanceRecord
from goumai.providers.tests.factories import provider
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


def sheet_of(response) -> list[list]:
    book = load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def upload(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(["" if v is None else v for v in row])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "framework.xlsx"
    return data


@pytest.fixture
def template():
    return Framework.objects.get(sector="civil_affairs", is_current=True)


def test_the_sheet_round_trips_and_a_revision_is_saved(client, civil_user, template):
    client.force_login(civil_user)
    rows = sheet_of(client.get(f"/projects/evaluations/frameworks/{template.pk}/framework.xlsx"))
    assert rows[0][:5] == ["一级指标", "二级指标", "三级指标", "权重", "评分规则"]
    assert rows[1][:4] == ["决策", None, None, 10]
    process = next(r for r in rows if r[0] == "过程" and r[1] is None)
    rows[1][3], process[3] = 5, 20  # 决策 5, 过程 20
    page = client.post(
        f"/projects/evaluations/frameworks/{template.pk}/import/",
        {"file": upload(rows), "change_note": "加重过程"},
        follow=True,
    )
    assert "已保存" in page.content.decode()
    template.refresh_from_db()
    assert template.indicators.get(name="决策").weight == D(5)
    assert template.indicators.get(name="过程").weight == D(20)
    assert template.change_note == "加重过程"


def test_a_bad_sheet_names_its_rows_and_saves_nothing(client, civil_user, template):
    client.force_login(civil_user)
    rows = sheet_of(client.get(f"/projects/evaluations/frameworks/{template.pk}/framework.xlsx"))
    rows[1][3] = "十"  # row 2: 决策's weight
    rows[2][4] = "打分"  # row 3: an unknown rule
    page = client.post(
        f"/projects/evaluations/frameworks/{template.pk}/import/",
        {"file": upload(rows)},
        follow=True,
    ).content.decode()
    assert "第 2 行「权重」：应为数字。" in page
    assert "第 3 行「评分规则」：应为“目标值”“公式”“分档”之一。" in page
    rows = sheet_of(client.get(f"/projects/evaluations/frameworks/{template.pk}/framework.xlsx"))
    rows[1][3] = 11
    page = client.post(
        f"/projects/evaluations/frameworks/{template.pk}/import/",
        {"file": upload(rows)},
        follow=True,
    ).content.decode()
    assert "第 2 行：“一级指标”下各指标权重合计为 101，应为 100。" in page
    assert template.indicators.get(name="决策").weight == D(10)


def test_only_the_sector_department_revises_its_template(client, county_user, template):
    client.force_login(county_user)
    page = client.get(f"/projects/evaluations/frameworks/{template.pk}/").content.decode()
    assert "上传并保存" not in page and "决策" in page
    rows = sheet_of(client.get(f"/projects/evaluations/frameworks/{template.pk}/framework.xlsx"))
    client.post(f"/projects/evaluations/frameworks/{template.pk}/import/", {"file": upload(rows)})
    assert Framework.objects.get(pk=template.pk).change_note == ""
    assert Framework.objects.filter(key=template.key).count() == 1


def test_the_policy_page(client, finance_user, town_user):
    client.force_login(town_user)
    assert "disabled" in client.get("/projects/evaluations/policy/").content.decode()
    assert client.post("/projects/evaluations/policy/", {}).status_code == 403
    client.force_login(finance_user)
    form = {
        "self_weight": "10",
        "purchaser_weight": "70",
        "third_party_weight": "20",
        "self_gap": "12",
        "late_days": "60",
        "similar_projects": "5",
        "similar_tolerance": "1",
        "min_answers_per_100": "5",
        "min_answers": "10",
        "advice_excellent_action": "grow",
        "advice_excellent_percent": "5",
        "advice_good_action": "keep",
        "advice_fair_action": "cut",
        "advice_fair_percent": "10",
        "advice_poor_action": "stop",
    }
    client.post("/projects/evaluations/policy/", form)
    rules = EvaluationPolicy.objects.get()
    assert (rules.purchaser_weight, rules.late_days) == (D(70), 60)
    assert rules.budget_advice["fair"] == {"action": "cut", "percent": 10.0}


def test_the_bars_page(client, county_user, make_user):
    record = PerformanceRecord.objects.create(
        provider=provider(),
        catalog_item=CatalogItem.objects.get(code="010401"),
        county=Region.objects.get(code="510131"),
        purchaser_name="某镇人民政府",
        project_code="P-BAR",
        fiscal_year=2026,
        evaluated_on=date(2026, 12, 1),
        score=D("45"),
        grade="poor",
    )
    client.force_login(make_user("510521-finance", roles=("approver",)))
    assert "P-BAR" not in client.get("/projects/evaluations/bars/").content.decode()
    assert (
        client.post(
            "/projects/evaluations/bars/", {"record": record.pk, "reason": "x" * 30}
        ).status_code
        == 404
    )
    client.force_login(county_user)
    page = client.get("/projects/evaluations/bars/").content.decode()
    assert "P-BAR" in page and "2027-12-01" in page
    client.post(
        "/projects/evaluations/bars/",
        {"record": record.pk, "reason": "已整改并经县民政局复核，本县暂无其他具备资质的机构。"},
    )
    assert PerformanceRecord.objects.get().overridden_by == county_user.username

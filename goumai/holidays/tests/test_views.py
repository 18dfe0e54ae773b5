"""The 法定节假日 pages: every official reads them, only the province's finance
department enters a year; the province's 工作台 warns of a year still missing."""

from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from goumai.core.dates import CHINA
from goumai.holidays.models import CalendarYear

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_calendar")]
FORM = {
    "form": "year",
    "year-year": "2027",
    "year-notice": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
    "year-holidays": "2027-01-01 至 2027-01-03 元旦",
    "year-workdays": "",
}


def test_every_official_reads_the_years_and_the_package_years_are_there(client, town_user):
    client.force_login(town_user)
    body = client.get("/calendar/").content.decode()
    assert "2026 年" in body and "随平台提供" in body
    assert "录入或更正一个年度" not in body  # no form for a township
    day = client.get("/calendar/2026/").content.decode()
    assert "2026-10-10" in day and "上班" in day
    assert client.get("/calendar/2027/").status_code == 404


def test_the_finance_department_enters_a_year_on_the_page(client, finance_user):
    client.force_login(finance_user)
    response = client.post("/calendar/", FORM)
    assert response.status_code == 302 and response["Location"] == "/calendar/2027/"
    assert CalendarYear.objects.get(year=2027).days.count() == 3
    # The year's page offers its lines back for a correction, runs as ranges.
    assert "2027-01-01 至 2027-01-03 元旦" in client.get("/calendar/2027/").content.decode()


def test_a_wrong_line_comes_back_beside_its_field_and_saves_nothing(client, finance_user):
    client.force_login(finance_user)
    response = client.post("/calendar/", FORM | {"year-holidays": "2027-01-01元旦"})
    body = response.content.decode()
    assert response.status_code == 200 and "应写作" in body and "2027-01-01元旦" in body
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("unit", ["510131-finance", "510000-civil_affairs"])
def test_nobody_else_may_post(client, make_user, unit):
    client.force_login(make_user(unit, roles=("clerk", "approver", "unit_admin")))
    assert client.post("/calendar/", FORM).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_workbook_imports_and_a_year_exports(client, finance_user):
    client.force_login(finance_user)
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "节日"])
    sheet.append(["2027-01-01", "放假", "元旦"])
    sheet.append(["2027-02-14", "上班", "春节"])
    data = BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "2027.xlsx"
    response = client.post(
        "/calendar/",
        {
            "form": "import",
            "import-year": "2027",
            "import-notice": FORM["year-notice"],
            "import-file": data,
        },
    )
    assert response.status_code == 302
    exported = client.get("/calendar/2027/export.xlsx")
    rows = list(load_workbook(BytesIO(exported.content)).active.values)
    assert rows == [
        ("日期", "类型", "节日"),
        ("2027-01-01", "放假", "元旦"),
        ("2027-02-14", "上班", "春节"),
    ]


def test_the_provinces_home_warns_from_november_until_the_year_is_entered(
    client, finance_user, town_user, time_machine
):
    time_machine.move_to(datetime(2026, 10, 31, 12, 0, tzinfo=CHINA))
    client.force_login(finance_user)
    assert 'id="calendar-missing"' not in client.get("/").content.decode()
    time_machine.move_to(datetime(2026, 11, 1, 9, 0, tzinfo=CHINA))
    client.force_login(finance_user)  # a session lasts a working day
    body = client.get("/").content.decode()
    assert 'id="calendar-missing"' in body and "2027 年的法定节假日安排尚未录入" in body
    client.force_login(town_user)  # a township is not asked to enter it
    assert 'id="calendar-missing"' not in client.get("/").content.decode()
    client.force_login(finance_user)
    client.post("/calendar/", FORM)
    assert 'id="calendar-missing"' not in client.get("/").content.decode()

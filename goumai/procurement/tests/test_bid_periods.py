"""Each procurement method keeps its legal minimum time between announcement and
bid deadline (counted in ``holidays.periods``), and a deadline is required wherever
the method has such a time."""

from datetime import date, datetime

import pytest

from goumai.contracts.tests.factories import START
from goumai.core.dates import CHINA
from goumai.core.errors import DomainError
from goumai.holidays.tests.test_periods import enter_2027
from goumai.procurement.models import Procurement
from goumai.procurement.services import procurement_start
from goumai.procurement.tests.factories import approved_project
from goumai.projects.models import Project

pytestmark = pytest.mark.django_db
DAY = START  # Monday 1 March 2027 (the tests' calendar for 2027: weekends only)


def start(actor, project, method, deadline=None, **extra):
    extra.setdefault("announced_on", DAY)
    if method == "single_source":
        extra.setdefault(
            "single_source_justification",
            "本村唯一具备资质的服务组织，经公示无异议，只能由其承接。",
        )
    return procurement_start(
        actor=actor, project=project, method=method, deadline=deadline, **extra
    )


def refused(actor, project, method, deadline=None, **extra) -> DomainError:
    with pytest.raises(DomainError) as caught:
        start(actor, project, method, deadline, **extra)
    assert not Procurement.objects.exists()
    assert Project.objects.get(pk=project.pk).status == "approved"
    return caught.value


def test_open_tender_needs_twenty_days_ending_on_a_working_day(town_user, approved):
    error = refused(town_user, approved, "open_tender", date(2027, 3, 20))  # 19 days
    assert "不得少于20日" in error.fields["deadline"][0]
    # The 20th day is a Sunday: the period runs to Monday 22 March.
    assert "最早为 2027-03-22" in error.fields["deadline"][0]
    refused(town_user, approved, "open_tender", date(2027, 3, 21))
    assert start(town_user, approved, "open_tender", date(2027, 3, 22)).deadline == date(
        2027, 3, 22
    )


def test_a_deadline_is_required_where_the_method_has_a_minimum(town_user, approved):
    error = refused(town_user, approved, "competitive_consultation")
    assert "须设定响应截止日期" in error.fields["deadline"][0]


def test_working_day_methods(town_user, approved):
    refused(town_user, approved, "request_for_quotation", date(2027, 3, 3))  # 2 working days
    assert start(town_user, approved, "request_for_quotation", date(2027, 3, 4))


def test_single_source_has_no_minimum(town_user, approved):
    procurement = start(
        town_user,
        approved,
        "single_source",
        single_source_justification="本村唯一具备资质的服务组织，经公示无异议，只能由其承接。",
    )
    assert procurement.deadline is None


def test_the_table_is_configurable(town_user, approved, settings):
    settings.GOUMAI_MIN_BID_PERIODS = {**settings.GOUMAI_MIN_BID_PERIODS, "open_tender": "25d"}
    refused(town_user, approved, "open_tender", date(2027, 3, 25))
    assert start(town_user, approved, "open_tender", date(2027, 3, 26))


def test_through_the_api(api_client, town_user, approved):
    url = f"/api/v1/projects/{approved.pk}/procurement"
    api = api_client.login(town_user)
    response = api.post(
        url, {"method": "open_tender", "announced_on": "2027-03-01", "deadline": "2027-03-03"}
    )
    assert (
        response.status_code == 400 and "不得少于20日" in response.json()["fields"]["deadline"][0]
    )
    assert not Procurement.objects.exists()
    response = api.post(url, {"method": "open_tender", "announced_on": "2027-03-01"})
    assert "须设定响应截止日期" in response.json()["fields"]["deadline"][0]


def test_through_the_page_with_iso_dates(client, town_user, approved):
    client.force_login(town_user)
    url = f"/projects/{approved.pk}/procurement/"
    form = client.get(url).content.decode()
    today = DAY.isoformat()
    assert f'value="{today}"' in form  # a date input drops "2026/11/29"
    response = client.post(
        url, {"method": "open_tender", "announced_on": "2027-03-01", "deadline": "2027-03-10"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "截止日期最早为 2027-03-22" in body
    assert 'value="2027-03-10"' in body  # what was typed stays, in ISO
    assert not Procurement.objects.exists()


def test_a_working_day_deadline_in_a_year_without_holidays_is_refused_until_entered(
    time_machine, without_calendar, town_user, township_a, make_user, finance_user
):
    approver = make_user("510131-finance", roles=("approver",))
    approved = approved_project(town_user, township_a, approver, on=date(2026, 12, 29))
    time_machine.move_to(datetime(2026, 12, 30, 10, 0, tzinfo=CHINA))
    error = refused(
        town_user,
        approved,
        "request_for_quotation",
        date(2027, 1, 4),
        announced_on=date(2026, 12, 30),
    )
    assert "2027 年的法定节假日安排尚未录入" in error.fields["deadline"][0]
    enter_2027(finance_user)
    # Now counted with 元旦 (1–3 January): 31 December, 4 and 5 January.
    error = refused(
        town_user,
        approved,
        "request_for_quotation",
        date(2027, 1, 4),
        announced_on=date(2026, 12, 30),
    )
    assert "最早为 2027-01-05" in error.fields["deadline"][0]
    made = start(
        town_user,
        approved,
        "request_for_quotation",
        date(2027, 1, 5),
        announced_on=date(2026, 12, 30),
    )
    assert made.deadline == date(2027, 1, 5)


@pytest.mark.parametrize(
    ("announced", "field", "words"),
    [
        (date(2027, 3, 2), "announced_on", "不能晚于今天（2027-03-01）"),
        (date(2027, 2, 28), "announced_on", "不能早于项目批准日期（2027-03-01）"),
    ],
)
def test_the_announcement_date_is_checked_against_the_servers_clock(
    town_user, approved, announced, field, words
):
    error = refused(town_user, approved, "single_source", announced_on=announced)
    assert words in error.fields[field][0]

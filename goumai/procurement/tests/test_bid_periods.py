"""Each procurement method keeps its legal minimum time between announcement and
bid deadline, and a deadline is required wherever the method has such a time."""

from datetime import date

import pytest

from goumai.core.errors import DomainError
from goumai.procurement.models import Procurement
from goumai.procurement.periods import MinimumPeriod, minimum_period
from goumai.procurement.services import procurement_start
from goumai.projects.models import Project

pytestmark = pytest.mark.django_db
DAY = date(2027, 3, 1)  # a Monday


def test_the_default_table_follows_the_law():
    assert minimum_period("open_tender") == MinimumPeriod(20, working_days=False)
    assert minimum_period("invited_tender") == MinimumPeriod(20, working_days=False)
    assert minimum_period("competitive_consultation") == MinimumPeriod(10, working_days=False)
    assert minimum_period("competitive_negotiation") == MinimumPeriod(3, working_days=True)
    assert minimum_period("request_for_quotation") == MinimumPeriod(3, working_days=True)
    assert minimum_period("single_source") is None
    assert minimum_period("small_purchase") is None


def test_working_days_skip_weekends_and_public_holidays():
    three = MinimumPeriod(3, working_days=True)
    assert three.earliest_deadline(date(2027, 3, 5)) == date(2027, 3, 10)  # Fri → Wed
    # 2026 National Day: 1–7 October off, Saturday 10 October a make-up working day.
    assert three.earliest_deadline(date(2026, 9, 30)) == date(2026, 10, 10)
    assert MinimumPeriod(20, working_days=False).earliest_deadline(DAY) == date(2027, 3, 21)


def start(actor, project, method, deadline=None, **extra):
    return procurement_start(
        actor=actor, project=project, method=method, announced_on=DAY, deadline=deadline, **extra
    )


def refused(actor, project, method, deadline=None) -> DomainError:
    with pytest.raises(DomainError) as caught:
        start(actor, project, method, deadline)
    assert not Procurement.objects.exists()
    assert Project.objects.get(pk=project.pk).status == "approved"
    return caught.value


def test_open_tender_needs_twenty_days(town_user, approved):
    error = refused(town_user, approved, "open_tender", date(2027, 3, 20))  # 19 days
    assert "不得少于20日" in error.fields["deadline"][0]
    assert "最早为 2027-03-21" in error.fields["deadline"][0]
    assert start(town_user, approved, "open_tender", date(2027, 3, 21)).deadline == date(
        2027, 3, 21
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
    refused(town_user, approved, "open_tender", date(2027, 3, 21))
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
    today = date.today().isoformat()
    assert f'value="{today}"' in form  # a date input drops "2026/11/29"
    response = client.post(
        url, {"method": "open_tender", "announced_on": "2027-03-01", "deadline": "2027-03-10"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "截止日期最早为 2027-03-21" in body
    assert 'value="2027-03-10"' in body  # what was typed stays, in ISO
    assert not Procurement.objects.exists()

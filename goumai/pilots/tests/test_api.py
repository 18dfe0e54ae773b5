"""The pilot programme over the API, with who gets nothing: another county, an expert
not assigned to the call, anyone but the province for the runs."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.pilots.reviewing import criteria_set, reviewer_assign
from goumai.pilots.services import call_create, call_set_open
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def call(make_user, time_machine):
    time_machine.move_to(datetime(2027, 1, 10, 9, 0, tzinfo=CST))
    finance = make_user("510000-finance")
    made = call_create(
        actor=finance, title="试点申报", closes_at=datetime(2027, 2, 28, 17, 0, tzinfo=CST)
    )
    call_set_open(actor=finance, call=made, is_open=True)
    criteria_set(actor=finance, call=made, criteria=[("基础条件", 50), ("工作方案", 50)])
    return made


def test_a_county_applies_and_others_get_nothing(api_client, make_user, call, time_machine):
    towns = [t.code for t in Region.objects.filter(parent__code=COUNTY_A).order_by("code")[:2]]
    county_user = make_user(f"{COUNTY_A}-government")
    county = api_client.login(county_user)
    saved = county.put(
        f"/api/v1/pilot-calls/{call.pk}/application",
        {
            "sectors": ["civil_affairs"],
            "township_codes": towns,
            "goals": "居家养老",
            "current_spending": "100000",
        },
    )
    assert saved.status_code == 200, saved.content
    application = saved.json()
    assert application["township_codes"] == towns and application["score"] is None
    submitted = county.post(f"/api/v1/pilot-applications/{application['id']}/submit", {})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"

    other = api_client.login(make_user(f"{COUNTY_B}-government"))
    assert other.get(f"/api/v1/pilot-applications/{application['id']}").status_code == 404
    assert (
        other.post(f"/api/v1/pilot-applications/{application['id']}/withdraw", {}).status_code
        == 404
    )
    assert other.get(f"/api/v1/pilot-calls/{call.pk}/applications").json() == []

    expert = make_user("510000-education")
    outsider = api_client.login(expert)  # not assigned yet
    assert (
        outsider.post(
            f"/api/v1/pilot-applications/{application['id']}/reviews", {"scores": {}}
        ).status_code
        == 404
    )

    time_machine.move_to(datetime(2027, 3, 1, 9, 0, tzinfo=CST))
    finance = make_user("510000-finance")
    reviewer_assign(actor=finance, call=call, reviewer=expert)
    reviewer = api_client.login(expert)
    assert reviewer.get(f"/api/v1/pilot-applications/{application['id']}").json()["reviews"] == []
    scored = reviewer.post(
        f"/api/v1/pilot-applications/{application['id']}/reviews",
        {"scores": {"基础条件": "80", "工作方案": "90"}},
    )
    assert scored.status_code == 201 and scored.json()["reviews"][0]["total"] == "85.00"
    assert scored.json()["score"] is None  # the score is the province's to see

    province = api_client.login(finance)
    assert (
        province.get(f"/api/v1/pilot-applications/{application['id']}").json()["score"] == "85.00"
    )
    run = province.post(
        f"/api/v1/pilot-calls/{call.pk}/runs", {"minimum": 1, "maximum": 1, "regions": []}
    )
    assert run.status_code == 201 and run.json()["chosen"] == [COUNTY_A]
    assert len(province.get(f"/api/v1/pilot-calls/{call.pk}/runs").json()) == 1
    county = api_client.login(county_user)  # one client: each login replaces the token
    assert county.get(f"/api/v1/pilot-calls/{call.pk}/runs").json() == []
    assert (
        county.post(f"/api/v1/pilot-calls/{call.pk}/runs", {"minimum": 1, "maximum": 1}).status_code
        == 403
    )


def test_an_infeasible_run_says_why(api_client, make_user, call):
    province = api_client.login(make_user("510000-finance"))
    run = province.post(f"/api/v1/pilot-calls/{call.pk}/runs", {"minimum": 10, "maximum": 12})
    assert run.status_code == 201
    assert run.json()["feasible"] is False  # no application at all: no region has a pilot
    conflicts = run.json()["explanation"]["conflicts"]
    assert len(conflicts) == 1 and conflicts[0].endswith("经济区至少 1 个")

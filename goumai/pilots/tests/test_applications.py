"""The pilot call: the province opens it; a county drafts, submits and withdraws before
the deadline and nothing after it (the server's clock, to the second); a county sees
only its own application."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from goumai.audit.models import AuditEntry
from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.core.errors import DomainError, PermissionDenied
from goumai.pilots.models import Application
from goumai.pilots.selectors import application_get, application_list
from goumai.pilots.services import (
    application_save,
    application_submit,
    application_withdraw,
    call_create,
    call_set_open,
)
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
DEADLINE = datetime(2027, 2, 28, 17, 0, tzinfo=CST)


@pytest.fixture
def call(make_user, time_machine):
    time_machine.move_to(datetime(2027, 1, 10, 9, 0, tzinfo=CST))
    finance = make_user("510000-finance")
    made = call_create(actor=finance, title="2027 年乡镇政府购买服务试点申报", closes_at=DEADLINE)
    return call_set_open(actor=finance, call=made, is_open=True)


def draft(user, call, county_code=COUNTY_A, **changes):
    towns = list(Region.objects.filter(parent__code=county_code).order_by("code")[:2])
    values = {
        "sectors": ["civil_affairs", "education"],
        "townships": towns,
        "goals": "覆盖 8 个乡镇的居家养老和课后服务",
        "current_spending": "1200000.00",
    } | changes
    return application_save(actor=user, call=call, **values)


def test_a_county_drafts_submits_withdraws_and_submits_again(make_user, call):
    county = make_user(f"{COUNTY_A}-government")
    entries = AuditEntry.objects.count()
    application = draft(county, call)
    assert application.status == "draft" and application.townships.count() == 2
    application = application_submit(actor=county, application=application)
    assert application.status == "submitted" and application.submitted_at is not None
    with pytest.raises(DomainError) as caught:
        draft(county, call, goals="改")
    assert caught.value.code == "already_submitted"
    application = application_withdraw(actor=county, application=application)
    assert application.status == "draft"
    draft(county, call, goals="改为覆盖 10 个乡镇")
    application_submit(actor=county, application=application)
    assert AuditEntry.objects.count() == entries + 5


def test_the_deadline_is_exact_to_the_second(make_user, call, time_machine):
    county = make_user(f"{COUNTY_A}-government")
    application = draft(county, call)
    time_machine.move_to(datetime(2027, 2, 28, 16, 59, 59, tzinfo=CST))
    application_submit(actor=county, application=application)  # one second before: accepted
    time_machine.move_to(DEADLINE)  # at the deadline: refused, with the time
    with pytest.raises(DomainError) as caught:
        application_withdraw(actor=county, application=application)
    assert caught.value.code == "call_closed"
    assert "2027-02-28 17:00:00" in caught.value.message
    with pytest.raises(DomainError):
        draft(county, call, goals="截止后修改")
    application.refresh_from_db()
    assert application.status == "submitted" and application.goals.startswith("覆盖 8 个")


def test_an_incomplete_or_wrong_application_is_refused_beside_its_fields(make_user, call):
    county = make_user(f"{COUNTY_A}-government")
    other_town = Region.objects.filter(parent__code=COUNTY_B).first()
    with pytest.raises(DomainError) as caught:
        draft(county, call, sectors=["sports"], townships=[other_town], current_spending="-1")
    assert set(caught.value.fields) == {"sectors", "township_ids", "current_spending"}
    assert other_town.name in caught.value.fields["township_ids"][0]
    assert not Application.objects.exists()
    application = draft(county, call, sectors=[], townships=[], goals="")
    with pytest.raises(DomainError) as caught:
        application_submit(actor=county, application=application)
    assert set(caught.value.fields) == {"sectors", "township_ids", "goals"}
    application.refresh_from_db()
    assert application.status == "draft"


def test_who_may_do_what(make_user, call):
    with pytest.raises(PermissionDenied):
        draft(make_user(f"{COUNTY_A}001-government"), call)  # a township does not apply
    with pytest.raises(PermissionDenied):
        call_create(actor=make_user(f"{COUNTY_A}-finance"), title="x", closes_at=DEADLINE)
    application = draft(make_user(f"{COUNTY_A}-finance"), call)  # the county's finance bureau may
    with pytest.raises(PermissionDenied):
        application_submit(actor=make_user(f"{COUNTY_B}-government"), application=application)
    finance = make_user("510000-finance")
    call_set_open(actor=finance, call=call, is_open=False)
    with pytest.raises(DomainError) as caught:
        application_submit(actor=make_user(f"{COUNTY_A}-government"), application=application)
    assert caught.value.code == "call_not_open"


def test_a_county_sees_only_its_own_application(make_user, call):
    a = draft(make_user(f"{COUNTY_A}-government"), call)
    b = draft(make_user(f"{COUNTY_B}-government"), call, county_code=COUNTY_B)
    county_b = make_user(f"{COUNTY_B}-government")
    assert list(application_list(actor=county_b)) == [b]
    with pytest.raises(DomainError):
        application_get(actor=county_b, application_id=a.pk)
    assert set(application_list(actor=make_user("510000-finance"))) == {a, b}
    assert list(application_list(actor=make_user("510100-government"))) == [a]  # 成都市

from datetime import date

import pytest
from django.test import Client

from goumai.core.errors import DomainError
from goumai.procurement.models import Award, Invitation
from goumai.procurement.services import (
    award_make,
    bid_record,
    procurement_invite,
    procurement_start,
)
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project
from goumai.providers.models import CreditRecord
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db
DAY = date(2027, 3, 1)


@pytest.fixture
def procuring(town_user, township_a, make_user):
    approver = make_user("510131-finance", roles=("approver",))
    project = draft_project(town_user, township_a)
    project_transition(actor=town_user, project=project, action="submit")
    project = project_transition(
        actor=approver, project=Project.objects.get(pk=project.pk), action="approve"
    )
    procurement_start(
        actor=town_user,
        project=project,
        method="open_tender",
        announced_on=DAY,
        deadline=date(2027, 4, 1),
    )
    return Project.objects.get(pk=project.pk)


def blacklist(p):
    CreditRecord.objects.create(
        provider=p, kind="blacklist", source="信用中国", recorded_on=date(2026, 1, 1)
    )


def test_an_ineligible_provider_cannot_be_invited(town_user, procuring):
    banned = provider("被列入黑名单的公司", kind="enterprise")
    blacklist(banned)
    with pytest.raises(DomainError) as caught:
        procurement_invite(
            actor=town_user, procurement=procuring.procurement, provider=banned, invited_on=DAY
        )
    assert caught.value.code == "provider_ineligible" and "失信惩戒名单" in caught.value.message
    assert not Invitation.objects.exists()


def test_a_provider_blacklisted_after_bidding_cannot_be_awarded(town_user, procuring, api_client):
    firm = provider("投标后被列入黑名单")
    bid = bid_record(
        actor=town_user,
        procurement=procuring.procurement,
        provider=firm,
        amount="20000",
        submitted_on=DAY,
    )
    blacklist(firm)
    with pytest.raises(DomainError):
        award_make(
            actor=town_user,
            procurement=procuring.procurement,
            bid=bid,
            reasons="价格最低",
            awarded_on=DAY,
        )
    api = api_client.login(town_user)
    response = api.post(
        f"/api/v1/projects/{procuring.pk}/procurement/award",
        {"bid_id": bid.pk, "reasons": "价格最低", "awarded_on": "2027-03-01"},
    )
    assert response.status_code == 400 and response.json()["code"] == "provider_ineligible"
    browser = Client()
    browser.force_login(town_user)
    page = browser.post(
        f"/projects/{procuring.pk}/procurement/bids/{bid.pk}/award/",
        {"reasons": "价格最低", "awarded_on": "2027-03-01"},
        follow=True,
    )
    assert "不符合承接条件" in page.content.decode()
    assert not Award.objects.exists()


def test_a_class_one_public_institution_is_refused(town_user, procuring):
    institution = provider("某公益一类事业单位", kind="public_institution_class_1")
    with pytest.raises(DomainError) as caught:
        procurement_invite(
            actor=town_user, procurement=procuring.procurement, provider=institution, invited_on=DAY
        )
    assert "公益一类事业单位不得作为政府购买服务的承接主体" in caught.value.message

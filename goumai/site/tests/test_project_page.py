"""The project page: the next step on top with its form, errors beside their field with
what was typed, and pickers that offer only what the rules allow."""

import re
from datetime import date, timedelta

import pytest

from goumai.catalog.models import CatalogItem
from goumai.contracts.services import milestone_accept
from goumai.contracts.tests.factories import START, sign
from goumai.procurement.models import Bid
from goumai.procurement.services import bid_record, procurement_invite, procurement_start
from goumai.procurement.tests.factories import approved_project, awarded_project
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.providers.models import CreditRecord
from goumai.providers.tests.factories import provider
from goumai.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


# A level-3 service of another branch than the project's 010401
OTHER_SERVICE = "011101"


def page_of(client, project) -> str:
    return client.get(f"/projects/{project.pk}/").content.decode()


def registered(name, township, item_code="010401", **extra):
    firm = provider(name, region=township, **extra)
    firm.catalog_items.set([CatalogItem.objects.get(code=item_code)])
    return firm


@pytest.fixture
def approved(town_user, township_a, make_user):
    approver = make_user("510131-finance", roles=("approver",))
    return approved_project(town_user, township_a, approver, amount="30000.00")


@pytest.fixture
def procuring(approved, town_user):
    procurement_start(
        actor=town_user,
        project=approved,
        method="competitive_consultation",
        announced_on=START,
        deadline=START + timedelta(days=10),
    )
    return Project.objects.get(pk=approved.pk)


@pytest.fixture
def clerk(client, town_user):
    client.force_login(town_user)
    return client


def test_the_invite_picker_offers_eligible_providers_registered_for_the_item(
    clerk, procuring, township_a
):
    fit = registered("蒲江县社工中心", township_a)
    other_service = registered("蒲江县物业公司", township_a, item_code=OTHER_SERVICE)
    barred = registered("蒲江县失信公司", township_a)
    CreditRecord.objects.create(
        provider=barred, kind="blacklist", source="信用中国", recorded_on=date(2027, 1, 1)
    )
    unregistered = provider("蒲江县未登记服务的中心", region=township_a)
    html = page_of(clerk, procuring)
    picker = re.search(r'<select id="invite-provider_id".*?</select>', html, re.S).group(0)
    assert f"{fit.name}（{township_a.parent.name}{township_a.name}）" in picker
    for name in (other_service.name, barred.name, unregistered.name):
        assert name not in picker
    assert "另有 1 个登记了该服务但不符合条件" in html


def test_a_bid_refused_keeps_the_typed_amount_beside_its_field(clerk, procuring, township_a):
    firm = registered("蒲江县社工中心", township_a)
    clerk.post(
        f"/projects/{procuring.pk}/procurement/invite/",
        {"provider_id": firm.pk, "invited_on": START.isoformat()},
    )
    response = clerk.post(
        f"/projects/{procuring.pk}/procurement/bids/",
        {"provider_id": firm.pk, "amount": "12x00", "technical_score": "85"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#form-bid")
    html = page_of(clerk, procuring)
    assert Bid.objects.count() == 0
    field = re.search(r'<input id="bid-amount"[^>]*>', html).group(0)
    assert 'value="12x00"' in field and 'aria-invalid="true"' in field
    assert 'aria-describedby="bid-amount-error"' in field
    assert re.search(r'id="bid-amount-error" role="alert">[^<]*金额', html)
    assert 'id="bid-technical_score" name="technical_score" type="text" value="85"' in html
    # shown once: the next visit has a clean form
    assert 'aria-invalid="true"' not in page_of(clerk, procuring)


def test_the_first_of_the_ranking_is_marked_and_the_award_sits_beside_it(
    clerk, procuring, town_user, township_a
):
    cheap, dear = registered("甲中心", township_a), registered("乙中心", township_a)
    for firm, amount in ((dear, "29000"), (cheap, "20000")):
        procurement_invite(
            actor=town_user, procurement=procuring.procurement, provider=firm, invited_on=START
        )
        bid_record(
            actor=town_user,
            procurement=procuring.procurement,
            provider=firm,
            amount=amount,
            submitted_on=START,
        )
    html = page_of(clerk, procuring)
    first = re.search(r'<li class="recommended">.*?</li>', html, re.S).group(0)
    assert "甲中心" in first and "推荐成交" in first and "乙中心" not in first
    cheap_bid = Bid.objects.get(provider=cheap)
    assert f'id="form-award-{cheap_bid.pk}"' in first
    assert "deviation_reason" not in first  # only a non-first choice needs a reason
    dear_bid = Bid.objects.get(provider=dear)
    assert f'id="award-{dear_bid.pk}-deviation_reason"' in html


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Project.Status.DRAFT, "完善项目信息后提交审核"),
        (Project.Status.APPROVED, "开始采购"),
        (Project.Status.EVALUATED, "结项"),
    ],
)
def test_the_next_step_says_what_and_who(clerk, approved, status, expected):
    Project.objects.filter(pk=approved.pk).update(status=status)
    html = page_of(clerk, approved)
    line = re.search(r'<p class="next-step">(.*?)</p>', html, re.S).group(1)
    assert expected in line and approved.purchaser.name in line


def test_a_submitted_project_waits_for_the_county_finance_bureau(clerk, approved):
    Project.objects.filter(pk=approved.pk).update(status=Project.Status.SUBMITTED)
    line = re.search(r'<p class="next-step">(.*?)</p>', page_of(clerk, approved), re.S).group(1)
    county = Region.objects.get(code="510131")
    assert "审核项目" in line and f"由{county.name}财政局办理" in line


def test_a_failed_payment_names_the_limit_beside_the_amount(
    clerk, town_user, township_a, make_user
):
    approver = make_user("510131-finance", roles=("approver",))
    project = awarded_project(town_user, township_a, approver, amount="30000.00")
    contract = sign(town_user, project)
    project_transition(
        actor=town_user, project=Project.objects.get(pk=project.pk), action="start_performance"
    )
    milestone = contract.milestones.order_by("due_date").first()
    milestone_accept(actor=town_user, milestone=milestone, accepted_on=milestone.due_date)
    response = clerk.post(
        f"/projects/{project.pk}/milestones/{milestone.pk}/pay/",
        {"amount": str(milestone.amount + 1), "paid_on": "2028-01-05"},
    )
    assert response["Location"].endswith(f"#form-pay-{milestone.pk}")
    html = page_of(clerk, project)
    field = re.search(rf'<input id="pay-{milestone.pk}-amount"[^>]*>', html).group(0)
    assert f'value="{milestone.amount + 1}"' in field and 'aria-invalid="true"' in field
    assert "本次最多支付" in html
    assert not milestone.payments.exists()

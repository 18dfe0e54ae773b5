"""The whole bidding round, through the pages and through the API: publish, a question
answered to all, two bids, a late bid refused, the opening, the award. Before the
opening, a sweep of the pages and endpoints finds the distinctive price nowhere."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from goumai.bidding.models import Tender
from goumai.bidding.tests.test_bidding import CLOSES, START, _bidder
from goumai.procurement.models import Award, Bid
from goumai.procurement.services import procurement_invite, procurement_start

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
PRICE = "12345.67"
SHAPES = ("12345.67", "12,345.67", "1.23 万", "12345.7")


@pytest.fixture
def round_setup(town_user, approved, time_machine, make_user):
    time_machine.move_to(START)
    procurement = procurement_start(
        actor=town_user,
        project=approved,
        method="request_for_quotation",
        announced_on=START.date(),
        deadline=CLOSES.date(),
    )
    people = {}
    for n, name in enumerate(("甲社工中心", "乙养老公司", "丙物业公司"), start=1):
        company, user = _bidder(name, n)
        procurement_invite(
            actor=town_user, procurement=procurement, provider=company, invited_on=START.date()
        )
        people[name] = user
    return {"project": approved, "clerk": town_user, "tm": time_machine, **people}


def _sweep(client, users, urls) -> list[str]:
    found = []
    for user in users:
        client.force_login(user)
        for url in urls:
            body = client.get(url).content.decode()
            found += [f"{user.username} {url} {s}" for s in SHAPES if s in body]
    return found


def test_the_round_through_the_pages(client, round_setup, make_user, superuser=None):
    s, project = round_setup, round_setup["project"]
    tender_url = f"/projects/{project.pk}/procurement/tender/"
    client.force_login(s["clerk"])
    assert "发布网上投标" in client.get(tender_url).content.decode()
    published = client.post(tender_url, {"form": "publish", "closes_at": "2027-03-11T17:00"})
    assert published.status_code == 302
    tender = Tender.objects.get()
    bidder_url = f"/providers/tenders/{tender.pk}/"
    client.force_login(s["甲社工中心"])
    assert bidder_url in client.get("/providers/tenders/").content.decode()
    client.post(bidder_url, {"form": "ask", "text": "是否包含节假日？"})
    client.post(bidder_url, {"form": "bid", "amount": PRICE, "technical": "方案甲"})
    client.force_login(s["乙养老公司"])
    client.post(bidder_url, {"form": "bid", "amount": "13000", "technical": ""})
    client.force_login(s["clerk"])
    page = client.get(tender_url).content.decode()
    assert "是否包含节假日" in page and page.count("密封") >= 2
    question = tender.questions.get()
    client.post(tender_url, {"form": "answer", "question": question.pk, "answer": "包含。"})
    for who in ("甲社工中心", "乙养老公司"):
        client.force_login(s[who])
        assert "包含。" in client.get(bidder_url).content.decode()  # every bidder sees it
    admin = make_user(None, superuser=True)
    leaks = _sweep(
        client,
        [s["clerk"], s["乙养老公司"], s["甲社工中心"], admin],
        [
            tender_url,
            f"/projects/{project.pk}/",
            bidder_url,
            "/providers/tenders/",
            "/providers/portal/",
            "/audit/",
            "/public/",
        ],
    )
    assert leaks == []
    s["tm"].move_to(CLOSES + timedelta(seconds=5))  # a late bid
    client.force_login(s["丙物业公司"])
    late = client.post(bidder_url, {"form": "bid", "amount": "9000"})
    assert "2027-03-11 17:00:05" in late.content.decode()
    client.force_login(s["clerk"])
    assert client.post(tender_url, {"form": "open"}).status_code == 302
    page = client.get(tender_url).content.decode()
    assert "12,345.67" in page and "13,000.00" in page and "丙物业公司" not in page
    cheapest = Bid.objects.get(amount=PRICE)
    awarded = client.post(
        f"/projects/{project.pk}/procurement/bids/{cheapest.pk}/award/",
        {"reasons": "最低评标价", "awarded_on": "2027-03-11"},
    )
    assert awarded.status_code == 302
    assert Award.objects.get().bid == cheapest


def test_the_round_through_the_api(api_client, round_setup, make_user):
    s, project = round_setup, round_setup["project"]
    clerk = api_client.login(s["clerk"])
    made = clerk.post(f"/api/v1/projects/{project.pk}/tender", {"closes_at": CLOSES.isoformat()})
    assert made.status_code == 201, made.content
    tender_id = made.json()["id"]
    a = api_client.login(s["甲社工中心"])
    asked = a.post(f"/api/v1/tenders/{tender_id}/questions", {"text": "是否含节假日？"})
    assert asked.status_code == 201
    assert a.put(f"/api/v1/tenders/{tender_id}/bid", {"amount": PRICE}).json()["version"] == 1
    b = api_client.login(s["乙养老公司"])
    assert b.put(f"/api/v1/tenders/{tender_id}/bid", {"amount": "13000"}).status_code == 200
    clerk = api_client.login(s["clerk"])
    sealed = clerk.get(f"/api/v1/projects/{project.pk}/tender").json()
    assert [bid.get("sealed") for bid in sealed["bids"]] == [True, True]
    assert not any(shape in str(sealed) for shape in SHAPES)
    answered = clerk.post(
        f"/api/v1/projects/{project.pk}/tender/questions/{asked.json()['id']}/answer",
        {"answer": "含。"},
    )
    assert answered.status_code == 200
    early = clerk.post(f"/api/v1/projects/{project.pk}/tender/open", {})
    assert early.status_code == 409 and "之前不能开标" in early.json()["message"]
    b = api_client.login(s["乙养老公司"])
    assert b.get(f"/api/v1/tenders/{tender_id}").json()["questions"][0]["answer"] == "含。"
    outsider = api_client.login(make_user("510521001-government"))
    assert outsider.get(f"/api/v1/projects/{project.pk}/tender").status_code == 404
    assert outsider.get(f"/api/v1/tenders/{tender_id}").status_code == 404
    s["tm"].move_to(CLOSES)
    c = api_client.login(s["丙物业公司"])
    late = c.put(f"/api/v1/tenders/{tender_id}/bid", {"amount": "9000"})
    assert late.status_code == 409 and "2027-03-11 17:00:00" in late.json()["message"]
    clerk = api_client.login(s["clerk"])
    opened = clerk.post(f"/api/v1/projects/{project.pk}/tender/open", {}).json()
    assert [(r["provider"], r["amount"]) for r in opened["bids"]] == [
        ("甲社工中心", PRICE),
        ("乙养老公司", "13000.00"),
    ]
    cheapest = Bid.objects.get(amount=PRICE)
    awarded = clerk.post(
        f"/api/v1/projects/{project.pk}/procurement/award",
        {"bid_id": cheapest.pk, "reasons": "最低评标价", "awarded_on": str(date(2027, 3, 11))},
    )
    assert awarded.status_code == 201, awarded.content
    assert Award.objects.get().bid == cheapest


def test_the_opening_sheet_is_published_with_the_award(client, round_setup):
    from goumai.bidding import services
    from goumai.disclosure.models import PublicProject
    from goumai.disclosure.services import publish
    from goumai.procurement.services import award_make
    from goumai.projects.models import Project

    s, project = round_setup, round_setup["project"]
    tender = services.tender_publish(
        actor=s["clerk"], procurement=project.procurement, closes_at=CLOSES
    )
    services.bid_submit(actor=s["甲社工中心"], tender=tender, amount=PRICE)
    services.bid_submit(actor=s["乙养老公司"], tender=tender, amount="13000")
    s["tm"].move_to(CLOSES)
    services.tender_open(actor=s["clerk"], tender=tender)
    bid = Bid.objects.get(amount=PRICE)
    award_make(
        actor=s["clerk"],
        procurement=bid.procurement,
        bid=bid,
        reasons="最低评标价",
        awarded_on=CLOSES.date(),
    )
    publication = publish(
        actor=s["clerk"], project=Project.objects.get(pk=project.pk), stage="award"
    )
    sheet = publication.snapshot["award"]["opening_sheet"]
    assert [(r["provider"], r["amount"]) for r in sheet] == [
        ("甲社工中心", PRICE),
        ("乙养老公司", "13000.00"),
    ]
    assert publication.snapshot["award"]["opened_at"] == "2027-03-11 17:00:00"
    client.logout()
    code = PublicProject.objects.get(project=project).code
    page = client.get(f"/public/projects/{code}/").content.decode()
    assert "开标记录" in page and "12345.67" in page


def test_bid_documents_through_the_page_and_the_api(client, api_client, round_setup):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from goumai.bidding import services
    from goumai.bidding.models import SealedFile

    s, project = round_setup, round_setup["project"]
    tender = services.tender_publish(
        actor=s["clerk"], procurement=project.procurement, closes_at=CLOSES
    )
    services.bid_submit(actor=s["甲社工中心"], tender=tender, amount=PRICE)
    client.force_login(s["甲社工中心"])
    url = f"/providers/tenders/{tender.pk}/"
    client.post(url, {"form": "attach", "file": SimpleUploadedFile("方案.pdf", b"%PDF-1.4 a")})
    assert "已密封的投标文件：1 个" in client.get(url).content.decode()
    api = api_client.login(s["甲社工中心"])
    made = Client().post(
        f"/api/v1/tenders/{tender.pk}/bid/files",
        {"file": SimpleUploadedFile("资质.pdf", b"%PDF-1.4 b")},
        headers=api.headers,
    )
    assert made.status_code == 201 and set(made.json()) == {"id", "size"}
    assert SealedFile.objects.count() == 2
    stranger = api_client.login(s["丙物业公司"])  # invited, but no bid of its own yet
    refused = Client().post(
        f"/api/v1/tenders/{tender.pk}/bid/files",
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 c")},
        headers=stranger.headers,
    )
    assert refused.status_code == 409 and SealedFile.objects.count() == 2


def test_an_open_tender_takes_eligible_providers_only(town_user, approved, time_machine, make_user):
    from goumai.bidding import services
    from goumai.core.errors import NotFound
    from goumai.providers.services import provider_set_services

    time_machine.move_to(START)
    procurement = procurement_start(
        actor=town_user,
        project=approved,
        method="open_tender",
        announced_on=START.date(),
        deadline=START.date() + timedelta(days=30),
    )
    tender = services.tender_publish(
        actor=town_user, procurement=procurement, closes_at=START + timedelta(days=30)
    )
    serves, serving_user = _bidder("戊养老服务中心", 7)
    _unregistered, other_user = _bidder("己公司", 8)  # registered for no service
    admin = make_user(None, superuser=True)
    provider_set_services(
        actor=admin,
        provider=serves,
        sectors=serves.sectors,
        catalog_items=[approved.catalog_entry.item],
    )
    assert services.bid_submit(actor=serving_user, tender=tender, amount="20000").version == 1
    with pytest.raises(NotFound):
        services.bid_submit(actor=other_user, tender=tender, amount="20000")
    from goumai.bidding.selectors import open_tenders

    assert open_tenders(actor=serving_user) == [tender]
    assert open_tenders(actor=other_user) == []


def test_after_the_opening_a_bidder_downloads_its_own_documents_only(client, round_setup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from goumai.bidding import services
    from goumai.documents.models import Document

    s, project = round_setup, round_setup["project"]
    tender = services.tender_publish(
        actor=s["clerk"], procurement=project.procurement, closes_at=CLOSES
    )
    for who in ("甲社工中心", "乙养老公司"):
        services.bid_submit(actor=s[who], tender=tender, amount="13000")
        services.bid_attach(
            actor=s[who],
            tender=tender,
            upload=SimpleUploadedFile(f"{who}.pdf", b"%PDF-1.4 " + who.encode()),
        )
    s["tm"].move_to(CLOSES)
    services.tender_open(actor=s["clerk"], tender=tender)
    mine = Document.objects.get(name="甲社工中心.pdf")
    theirs = Document.objects.get(name="乙养老公司.pdf")
    client.force_login(s["甲社工中心"])
    url = f"/providers/tenders/{tender.pk}/"
    assert f"{url}files/{mine.pk}/" in client.get(url).content.decode()
    assert client.get(f"{url}files/{mine.pk}/").status_code == 200
    assert client.get(f"{url}files/{theirs.pk}/").status_code == 404


def test_no_endpoint_shows_a_sealed_price(api_client, round_setup, make_user):
    from goumai.bidding import services

    s, project = round_setup, round_setup["project"]
    tender = services.tender_publish(
        actor=s["clerk"], procurement=project.procurement, closes_at=CLOSES
    )
    services.bid_submit(actor=s["甲社工中心"], tender=tender, amount=PRICE, technical="方案")
    admin = make_user(None, superuser=True)
    urls = [
        f"/api/v1/projects/{project.pk}",
        f"/api/v1/projects/{project.pk}/tender",
        f"/api/v1/projects/{project.pk}/procurement/ranking",
        "/api/v1/projects",
        "/api/v1/tenders",
        f"/api/v1/tenders/{tender.pk}",
        "/api/v1/provider/bids",
        "/api/v1/audit-entries",
        "/api/v1/notifications",
        "/api/v1/projects/dashboard",
    ]
    reached = 0
    for user in (s["clerk"], admin, s["甲社工中心"], s["乙养老公司"]):
        api = api_client.login(user)
        for url in urls:
            answer = api.get(url)
            body = answer.content.decode()
            assert not any(shape in body for shape in SHAPES), (user.username, url)
            reached += answer.status_code == 200
    assert reached >= 20  # most of them answer each of these users

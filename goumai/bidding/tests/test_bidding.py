"""Online bidding: bids before the closing time are accepted, later ones refused with
their arrival time; nobody reads a sealed bid before the opening; the stored row holds
no price in clear; the opening, after the closing time only, unseals all bids at once
and hands them to the award; every bidder sees every answer."""

import base64
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from goumai.accounts.services import user_create
from goumai.audit.models import AuditEntry
from goumai.bidding import sealing, services
from goumai.bidding.models import SealedBid
from goumai.conftest import PASSWORD
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.procurement.models import Bid
from goumai.procurement.services import procurement_invite, procurement_start
from goumai.providers.models import Provider
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
START = datetime(2027, 3, 1, 9, 0, tzinfo=CST)
CLOSES = datetime(2027, 3, 11, 17, 0, tzinfo=CST)
PRICE = "12345.67"  # distinctive: swept for below


def _bidder(name, n):
    company = provider(name)
    user = user_create(
        actor=None,
        username=f"bidder-{n}",
        password=PASSWORD,
        org_unit=None,
        roles=["clerk"],
        provider=company,
    )
    return company, user


@pytest.fixture
def tender(town_user, approved, time_machine):
    time_machine.move_to(START)
    procurement = procurement_start(
        actor=town_user,
        project=approved,
        method="request_for_quotation",
        announced_on=START.date(),
        deadline=CLOSES.date(),
    )
    a, user_a = _bidder("甲社工中心", 1)
    b, user_b = _bidder("乙养老公司", 2)
    for company in (a, b):
        procurement_invite(
            actor=town_user, procurement=procurement, provider=company, invited_on=START.date()
        )
    made = services.tender_publish(actor=town_user, procurement=procurement, closes_at=CLOSES)
    return {"tender": made, "a": user_a, "b": user_b, "clerk": town_user, "tm": time_machine}


def test_sealing_binds_the_bid_and_detects_changes(settings):
    sealed, nonce, key_id = sealing.seal({"amount": PRICE}, bound_to="tender:1:provider:2")
    assert PRICE not in sealed
    assert sealing.unseal(sealed, nonce, sealed_key_id=key_id, bound_to="tender:1:provider:2") == {
        "amount": PRICE
    }
    raw = bytearray(base64.b64decode(sealed))
    raw[0] ^= 0x01  # one bit of the ciphertext flipped: certain to differ
    for bound, changed in (
        ("tender:1:provider:3", sealed),
        ("tender:1:provider:2", base64.b64encode(bytes(raw)).decode()),
    ):
        with pytest.raises(sealing.Unsealable):
            sealing.unseal(changed, nonce, sealed_key_id=key_id, bound_to=bound)
    settings.GOUMAI_BID_KEY = "00" * 16  # another key
    with pytest.raises(sealing.Unsealable):
        sealing.unseal(sealed, nonce, sealed_key_id=key_id, bound_to="tender:1:provider:2")
    settings.GOUMAI_BID_KEY = ""
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        sealing.seal({}, bound_to="x")


def test_a_bid_before_the_closing_time_is_taken_one_after_it_refused(tender):
    t, tm = tender["tender"], tender["tm"]
    tm.move_to(CLOSES - timedelta(seconds=1))
    bid = services.bid_submit(actor=tender["a"], tender=t, amount=PRICE)
    assert bid.version == 1 and bid.submitted_at == CLOSES - timedelta(seconds=1)
    tm.move_to(CLOSES)  # exactly at the closing time: late
    with pytest.raises(DomainError) as late:
        services.bid_submit(actor=tender["b"], tender=t, amount="20000")
    assert late.value.code == "tender_closed"
    assert "2027-03-11 17:00:00" in late.value.message  # the time it arrived
    assert not SealedBid.objects.filter(provider__name="乙养老公司").exists()
    with pytest.raises(DomainError):
        services.bid_withdraw(actor=tender["a"], tender=t)


def test_replace_and_withdraw_before_the_closing_time(tender):
    t = tender["tender"]
    services.bid_submit(actor=tender["a"], tender=t, amount="30000")
    again = services.bid_submit(actor=tender["a"], tender=t, amount=PRICE)
    assert again.version == 2 and SealedBid.objects.count() == 1
    gone = services.bid_withdraw(actor=tender["a"], tender=t)
    assert gone.withdrawn_at is not None and gone.sealed == ""
    with pytest.raises(DomainError):
        services.bid_withdraw(actor=tender["a"], tender=t)
    back = services.bid_submit(actor=tender["a"], tender=t, amount=PRICE)
    assert back.withdrawn_at is None and back.version == 3


def test_who_may_bid(tender, make_user):
    t = tender["tender"]
    outsider_company, outsider = _bidder("丙公司", 3)  # not invited to this 询价
    with pytest.raises(NotFound):
        services.bid_submit(actor=outsider, tender=t, amount="1")
    with pytest.raises(NotFound):
        services.bid_submit(actor=tender["clerk"], tender=t, amount="1")  # an official
    with pytest.raises(DomainError) as bad:
        services.bid_submit(actor=tender["a"], tender=t, amount="-5")
    assert "amount" in bad.value.fields


def test_no_price_in_clear_anywhere_before_the_opening(tender):
    t = tender["tender"]
    services.bid_submit(actor=tender["a"], tender=t, amount=PRICE, technical="技术响应：全覆盖")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM bidding_sealedbid")
        rows = cursor.fetchall()
    assert rows and not any(PRICE in str(v) or "全覆盖" in str(v) for row in rows for v in row)
    entries = AuditEntry.objects.filter(object_type="bidding.sealedbid")
    assert entries.exists()
    assert not any(PRICE in str(e.before) + str(e.after) for e in entries)
    visible = services.bids_visible(tender=t)
    assert visible == [
        {"provider": "甲社工中心", "submitted_at": "2027-03-01 09:00:00", "sealed": True}
    ]
    assert not Bid.objects.exists()


def test_the_opening(tender):
    t, tm = tender["tender"], tender["tm"]
    services.bid_submit(actor=tender["a"], tender=t, amount=PRICE, technical="方案甲")
    services.bid_submit(actor=tender["b"], tender=t, amount="11000")
    services.bid_submit(actor=tender["b"], tender=t, amount="13000")  # replaced: this one counts
    tm.move_to(CLOSES - timedelta(seconds=1))
    with pytest.raises(DomainError) as early:
        services.tender_open(actor=tender["clerk"], tender=t)
    assert early.value.code == "not_yet" and not Bid.objects.exists()
    tm.move_to(CLOSES)
    with pytest.raises(PermissionDenied):
        services.tender_open(actor=tender["a"], tender=t)
    opened = services.tender_open(actor=tender["clerk"], tender=t)
    assert opened.opened_at == CLOSES and opened.opened_by == tender["clerk"].username
    assert [(r["provider"], r["amount"]) for r in opened.opening_sheet] == [
        ("甲社工中心", PRICE),
        ("乙养老公司", "13000.00"),
    ]
    assert opened.opening_sheet[0]["technical"] == "方案甲"
    assert sorted(Bid.objects.values_list("amount", flat=True)) == [
        Decimal("12345.67"),
        Decimal("13000.00"),
    ]
    assert services.bids_visible(tender=opened) == opened.opening_sheet
    with pytest.raises(DomainError) as twice:
        services.tender_open(actor=tender["clerk"], tender=opened)
    assert twice.value.code == "already_opened"


def test_a_changed_sealed_bid_stops_the_opening(tender):
    t, tm = tender["tender"], tender["tm"]
    services.bid_submit(actor=tender["a"], tender=t, amount=PRICE)
    bid = SealedBid.objects.get()
    SealedBid.objects.filter(pk=bid.pk).update(sealed="B" + bid.sealed[1:])
    tm.move_to(CLOSES)
    with pytest.raises(DomainError) as refused:
        services.tender_open(actor=tender["clerk"], tender=t)
    assert refused.value.code == "unsealable" and not Bid.objects.exists()
    t.refresh_from_db()
    assert t.opened_at is None


def test_every_bidder_sees_every_answer(tender):
    t = tender["tender"]
    asked = services.question_ask(actor=tender["a"], tender=t, text="服务对象是否包含五保户？")
    with pytest.raises(PermissionDenied):
        services.question_answer(actor=tender["b"], question=asked, answer="x")
    services.question_answer(actor=tender["clerk"], question=asked, answer="包含。")
    for user in (tender["a"], tender["b"]):
        answers = services.answers_for(actor=user, tender=t)
        assert [(q.text, q.answer) for q in answers] == [("服务对象是否包含五保户？", "包含。")]
    outsider_company, outsider = _bidder("丙公司", 3)
    with pytest.raises(NotFound):
        services.answers_for(actor=outsider, tender=t)


def test_publishing_is_the_purchasers_and_needs_a_future_closing(
    town_user, approved, time_machine, make_user
):
    time_machine.move_to(START)
    procurement = procurement_start(
        actor=town_user,
        project=approved,
        method="request_for_quotation",
        announced_on=START.date(),
        deadline=CLOSES.date(),
    )
    with pytest.raises(PermissionDenied):
        services.tender_publish(
            actor=make_user("510521001-government"), procurement=procurement, closes_at=CLOSES
        )
    with pytest.raises(DomainError) as past:
        services.tender_publish(actor=town_user, procurement=procurement, closes_at=START)
    assert "closes_at" in past.value.fields
    services.tender_publish(actor=town_user, procurement=procurement, closes_at=CLOSES)
    with pytest.raises(DomainError):
        services.tender_publish(actor=town_user, procurement=procurement, closes_at=CLOSES)


def test_a_paper_bid_beside_online_bidding_needs_its_reason(tender, client):
    from goumai.procurement.services import bid_record

    t = tender["tender"]
    procurement = t.procurement
    procurement.refresh_from_db()
    assert procurement.online
    company = Provider.objects.get(name="乙养老公司")
    with pytest.raises(DomainError) as no_reason:
        bid_record(
            actor=tender["clerk"],
            procurement=procurement,
            provider=company,
            amount="15000",
            submitted_on=START.date(),
        )
    assert "paper_reason" in no_reason.value.fields and not Bid.objects.exists()
    paper = bid_record(
        actor=tender["clerk"],
        procurement=procurement,
        provider=company,
        amount="15000",
        submitted_on=START.date(),
        paper_reason="投标人所在村网络中断，现场递交纸质文件",
    )
    assert paper.channel == "paper" and paper.paper_reason.startswith("投标人所在村")
    client.force_login(tender["clerk"])
    page = client.get(f"/projects/{procurement.project_id}/").content.decode()
    assert "纸质：投标人所在村网络中断" in page
    services.bid_submit(actor=tender["a"], tender=t, amount=PRICE)
    tender["tm"].move_to(CLOSES)
    services.tender_open(actor=tender["clerk"], tender=t)
    assert Bid.objects.get(provider__name="甲社工中心").channel == "online"


def test_bid_documents_are_sealed_until_the_opening(tender, settings, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from goumai.bidding.models import SealedFile
    from goumai.documents.models import Document

    t = tender["tender"]
    secret = b"%PDF-1.4 technical proposal " + PRICE.encode()
    with pytest.raises(DomainError) as first:
        services.bid_attach(actor=tender["a"], tender=t, upload=SimpleUploadedFile("a.pdf", secret))
    assert first.value.code == "no_bid"  # a price first
    services.bid_submit(actor=tender["a"], tender=t, amount=PRICE)
    with pytest.raises(DomainError):
        services.bid_attach(actor=tender["a"], tender=t, upload=SimpleUploadedFile("a.exe", b"MZ"))
    sealed = services.bid_attach(
        actor=tender["a"], tender=t, upload=SimpleUploadedFile("报价单12345.pdf", secret)
    )
    stored = (settings.MEDIA_ROOT / sealed.file.name).read_bytes()
    assert PRICE.encode() not in stored and b"%PDF" not in stored
    assert "12345" not in sealed.sealed_name  # the name is sealed too
    assert not Document.objects.exists()
    tender["tm"].move_to(CLOSES)
    with pytest.raises(DomainError):
        services.bid_attach(actor=tender["a"], tender=t, upload=SimpleUploadedFile("b.pdf", secret))
    opened = services.tender_open(actor=tender["clerk"], tender=t)
    assert opened.opening_sheet[0]["files"] == 1
    document = Document.objects.get()
    assert document.name == "报价单12345.pdf" and document.owner_type == "procurement.bid"
    # after the opening the purchaser's jurisdiction downloads it from the project page
    client.force_login(tender["clerk"])
    project = t.procurement.project
    assert client.get(f"/projects/{project.pk}/files/{document.pk}/").content == secret
    assert SealedFile.objects.count() == 1


def test_a_withdrawn_bid_keeps_no_documents(tender, django_capture_on_commit_callbacks, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from goumai.bidding.models import SealedFile

    t = tender["tender"]
    services.bid_submit(actor=tender["a"], tender=t, amount=PRICE)
    sealed = services.bid_attach(
        actor=tender["a"], tender=t, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    )
    path = settings.MEDIA_ROOT / sealed.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.bid_withdraw(actor=tender["a"], tender=t)
    assert not SealedFile.objects.exists() and not path.exists()

"""Online bidding: the purchaser publishes a procurement for bids with a closing time;
providers bid, replace or withdraw before it (the server's clock decides; a late bid is
refused with the time it arrived); bids stay sealed (SM4) until the opening, one audited
event after the closing time that unseals every bid, records the opening sheet and
hands the prices to the existing evaluation and award (``procurement.bid_record``).
Questions are answered to every bidder at once."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, created, deleted, snapshot, updated
from goumai.bidding import sealing
from goumai.bidding.models import Question, SealedBid, SealedFile, Tender
from goumai.core.dates import china_date, china_today, stamp
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.money import to_money
from goumai.documents.services import attach
from goumai.documents.services import check as document_check
from goumai.holidays.periods import CalendarMissing, bid_minimum, earliest_closing
from goumai.notifications.models import Kind
from goumai.notifications.services import notify
from goumai.procurement.models import Procurement
from goumai.procurement.services import INVITATION_METHODS, bid_record, provider_users
from goumai.projects import lifecycle
from goumai.projects.models import ProcurementMethod, Project
from goumai.providers.eligibility import check_eligibility
from goumai.providers.models import Provider
from goumai.providers.selectors import serves_q
from goumai.regions.selectors import county_of

M = ProcurementMethod
ONLINE_METHODS = frozenset(
    {
        M.REQUEST_FOR_QUOTATION,
        M.COMPETITIVE_CONSULTATION,
        M.COMPETITIVE_NEGOTIATION,
        M.OPEN_TENDER,
        M.INVITED_TENDER,
        M.SMALL_PURCHASE,
    }
)


def _purchaser(actor, procurement: Procurement) -> None:
    if not lifecycle.is_purchaser(actor, procurement.project):
        raise PermissionDenied(_("只有购买主体可以办理网上投标。"))


@audited()
def tender_publish(*, actor, procurement: Procurement, closes_at: datetime) -> Tender:
    """Open the procurement for online bids until ``closes_at``."""
    procurement = Procurement.objects.select_related("project").get(pk=procurement.pk)
    _purchaser(actor, procurement)
    if procurement.project.status != Project.Status.PROCURING:
        raise DomainError("not_procuring", _("项目不在采购中。"), status=409)
    if procurement.method not in ONLINE_METHODS:
        raise DomainError(
            "not_online",
            _("%(method)s不适用网上投标。") % {"method": procurement.get_method_display()},
            status=409,
        )
    if hasattr(procurement, "tender"):
        raise DomainError("already_published", _("已发布网上投标。"), status=409)
    if procurement.bids.exists():
        raise DomainError("bids_recorded", _("已录入报价，不能再发布网上投标。"), status=409)
    if closes_at <= timezone.now():
        message = _("投标截止时间须晚于现在。")
        raise DomainError("invalid_deadline", message, fields={"closes_at": [message]})
    try:  # announced today (the server's date): the method's minimum counts from here
        earliest = earliest_closing(procurement.method, china_today())
    except CalendarMissing as missing:
        raise DomainError(
            missing.code, missing.message, fields={"closes_at": [missing.message]}, status=409
        ) from None
    if earliest is not None and closes_at < earliest:
        period = bid_minimum(procurement.method)
        message = _(
            "%(method)s自公告至投标截止不得少于%(period)s，投标截止时间最早为 %(earliest)s。"
        ) % {
            "method": procurement.get_method_display(),
            "period": period.label(),
            "earliest": stamp(earliest),
        }
        raise DomainError("deadline_too_short", message, fields={"closes_at": [message]})
    tender = Tender.objects.create(procurement=procurement, closes_at=closes_at)
    before = snapshot(procurement)
    procurement.online = True
    procurement.save(update_fields=["online"])
    audit(actor=actor, changes=[created(tender), updated(procurement, before)])
    return tender


def may_bid(provider, tender: Tender) -> bool:
    """Invited providers; for an open procedure (公开招标, 小额自行采购) any provider
    registered for the project's service that meets the eligibility rules on the day."""
    procurement = tender.procurement
    if provider is None or not provider.is_active:
        return False
    if procurement.method in INVITATION_METHODS:
        return procurement.invitations.filter(provider=provider).exists()
    project = procurement.project
    item = project.catalog_entry.item if project.catalog_entry_id else None
    if item is None or not Provider.objects.filter(serves_q(item), pk=provider.pk).exists():
        return False
    county = county_of(project.purchaser.region)
    return not check_eligibility(provider, item=item, on=china_today(), county=county)


def _bidder(actor, tender: Tender):
    provider = getattr(actor, "provider", None)
    if provider is None or not may_bid(provider, tender):
        raise NotFound()  # not this provider's procurement: as if it did not exist
    return provider


def _before_closing(tender: Tender) -> datetime:
    now = timezone.now()
    if tender.opened_at is not None or now >= tender.closes_at:
        raise DomainError(
            "tender_closed",
            _("投标已于 %(closes)s 截止，本次递交时间 %(now)s，不予接收。")
            % {"closes": stamp(tender.closes_at), "now": stamp(now)},
            status=409,
        )
    return now


def _bound(tender: Tender, provider) -> str:
    return f"tender:{tender.pk}:provider:{provider.pk}"


@audited()
def bid_submit(*, actor, tender: Tender, amount, technical: str = "") -> SealedBid:
    """Submit, or replace, the provider's bid: sealed at once."""
    tender = (
        Tender.objects.select_for_update(no_key=True)
        .select_related("procurement")
        .get(pk=tender.pk)
    )
    provider = _bidder(actor, tender)
    now = _before_closing(tender)
    try:
        price = to_money(amount)
        if price <= 0:
            raise ValueError
    except ValueError:
        message = _("报价应为大于零的金额（元）。")
        raise DomainError("invalid_bid", message, fields={"amount": [message]}) from None
    sealed, nonce, key_id = sealing.seal(
        {"amount": str(price), "technical": (technical or "").strip()},
        bound_to=_bound(tender, provider),
    )
    bid = SealedBid.objects.filter(tender=tender, provider=provider).first()
    if bid is None:
        bid = SealedBid.objects.create(
            tender=tender,
            provider=provider,
            sealed=sealed,
            nonce=nonce,
            key_id=key_id,
            submitted_at=now,
        )
        audit(actor=actor, changes=[created(bid)])
        return bid
    before = snapshot(bid)
    bid.sealed, bid.nonce, bid.key_id = sealed, nonce, key_id
    bid.version += 1
    bid.submitted_at, bid.withdrawn_at = now, None
    bid.save()
    audit(actor=actor, changes=[updated(bid, before)])
    return bid


@audited()
def bid_attach(*, actor, tender: Tender, upload) -> SealedFile:
    """A document of the provider's current bid, sealed at once (its name too); the
    same type and size rules as any attached file."""
    tender = (
        Tender.objects.select_for_update(no_key=True)
        .select_related("procurement")
        .get(pk=tender.pk)
    )
    provider = _bidder(actor, tender)
    _before_closing(tender)
    bid = SealedBid.objects.filter(tender=tender, provider=provider, withdrawn_at=None).first()
    if bid is None:
        raise DomainError("no_bid", _("请先递交报价，再上传投标文件。"), status=409)
    data, name, _mime = document_check(upload)
    bound = _bound(tender, provider)
    sealed_name, name_nonce, _key = sealing.seal({"name": name}, bound_to=bound + ":name")
    ciphertext, nonce, key_id = sealing.seal_bytes(data, bound_to=bound + ":file")
    sealed = SealedFile(
        bid=bid,
        sealed_name=sealed_name,
        name_nonce=name_nonce,
        nonce=base64.b64encode(nonce).decode(),
        key_id=key_id,
        size=len(ciphertext),
    )
    sealed.file.save(f"{uuid.uuid4().hex}.sealed", ContentFile(ciphertext), save=False)
    sealed.save()
    audit(actor=actor, changes=[created(sealed)])
    return sealed


def _unseal_files(tender: Tender, bid: SealedBid, recorded, actor) -> int:
    """At the opening: each sealed document becomes a document of the recorded bid."""
    bound = _bound(tender, bid.provider)
    count = 0
    for sealed in bid.files.all():
        name = sealing.unseal(
            sealed.sealed_name,
            sealed.name_nonce,
            sealed_key_id=sealed.key_id,
            bound_to=bound + ":name",
        )["name"]
        with sealed.file.open("rb") as handle:
            data = sealing.unseal_bytes(
                handle.read(),
                base64.b64decode(sealed.nonce),
                sealed_key_id=sealed.key_id,
                bound_to=bound + ":file",
            )
        attach(actor=actor, owner=recorded, upload=ContentFile(data, name=name))
        count += 1
    return count


@audited()
def bid_withdraw(*, actor, tender: Tender) -> SealedBid:
    tender = (
        Tender.objects.select_for_update(no_key=True)
        .select_related("procurement")
        .get(pk=tender.pk)
    )
    provider = _bidder(actor, tender)
    now = _before_closing(tender)
    bid = SealedBid.objects.filter(tender=tender, provider=provider, withdrawn_at=None).first()
    if bid is None:
        raise DomainError("no_bid", _("没有可撤回的投标。"), status=409)
    before = snapshot(bid)
    bid.sealed = bid.nonce = bid.key_id = ""
    bid.withdrawn_at = now
    bid.save()
    gone = []
    for sealed in bid.files.all():  # a withdrawn bid keeps no documents
        gone.append(deleted(sealed))
        stored, storage = sealed.file.name, sealed.file.storage
        transaction.on_commit(lambda n=stored, st=storage: st.delete(n))
        sealed.delete()
    audit(actor=actor, changes=[updated(bid, before), *gone])
    return bid


@audited()
def question_ask(*, actor, tender: Tender, text: str) -> Question:
    provider = _bidder(actor, tender)
    _before_closing(tender)
    text = (text or "").strip()
    if not text:
        raise DomainError("invalid_question", _("请填写问题。"), fields={"text": [_("必填。")]})
    question = Question.objects.create(tender=tender, provider=provider, text=text[:2000])
    audit(actor=actor, changes=[created(question)])
    return question


@audited()
def question_answer(*, actor, question: Question, answer: str) -> Question:
    question = Question.objects.select_related("tender__procurement__project").get(pk=question.pk)
    _purchaser(actor, question.tender.procurement)
    answer = (answer or "").strip()
    if not answer:
        raise DomainError("invalid_answer", _("请填写答复。"), fields={"answer": [_("必填。")]})
    before = snapshot(question)
    question.answer, question.answered_at = answer[:4000], timezone.now()
    question.save(update_fields=["answer", "answered_at"])
    audit(actor=actor, changes=[updated(question, before)])
    tender = question.tender
    notify(
        users=provider_users(bidders_of(tender)),
        kind=Kind.ANSWER,
        key=f"answer:{question.pk}",
        title=f"澄清答复：{tender.procurement.project.title}",
        body=f"问：{question.text}\n答：{question.answer}",
        link=f"/providers/tenders/{tender.pk}/",
    )
    return question


def bidders_of(tender: Tender) -> list:
    """Everyone who may bid on the tender: the invited, or (open procedures) those who
    asked or bid."""
    procurement = tender.procurement
    if procurement.method in INVITATION_METHODS:
        return [i.provider for i in procurement.invitations.select_related("provider")]
    found = {b.provider_id: b.provider for b in tender.bids.select_related("provider")}
    for q in tender.questions.select_related("provider"):
        found.setdefault(q.provider_id, q.provider)
    return list(found.values())


@audited()
def tender_open(*, actor, tender: Tender) -> Tender:
    """开标: after the closing time, unseal every bid at once, record the opening sheet
    and the bids for the evaluation and award."""
    tender = (
        Tender.objects.select_for_update(no_key=True)
        .select_related("procurement")
        .get(pk=tender.pk)
    )
    _purchaser(actor, tender.procurement)
    now = timezone.now()
    if tender.opened_at is not None:
        raise DomainError("already_opened", _("已经开标。"), status=409)
    if now < tender.closes_at:
        raise DomainError(
            "not_yet",
            _("投标截止时间 %(closes)s 之前不能开标（现在 %(now)s）。")
            % {"closes": stamp(tender.closes_at), "now": stamp(now)},
            status=409,
        )
    sheet = []
    bids = SealedBid.objects.filter(tender=tender, withdrawn_at=None).select_related("provider")
    for bid in bids.order_by("submitted_at", "id"):
        try:
            content = sealing.unseal(
                bid.sealed,
                bid.nonce,
                sealed_key_id=bid.key_id,
                bound_to=_bound(tender, bid.provider),
            )
        except sealing.Unsealable:
            raise _unsealable(bid, _("投标")) from None
        amount = Decimal(content["amount"])
        recorded = bid_record(
            actor=actor,
            procurement=tender.procurement,
            provider=bid.provider,
            amount=amount,
            submitted_on=china_date(bid.submitted_at),
            channel="online",
        )
        try:
            files = _unseal_files(tender, bid, recorded, actor)
        except sealing.Unsealable:
            raise _unsealable(bid, _("投标文件")) from None
        sheet.append(
            {
                "provider_id": bid.provider_id,
                "provider": bid.provider.name,
                "amount": str(amount),
                "technical": content.get("technical", ""),
                "submitted_at": stamp(bid.submitted_at),
                "version": bid.version,
                "files": files,
            }
        )
    before = snapshot(tender)
    tender.opened_at, tender.opened_by, tender.opening_sheet = now, actor.get_username(), sheet
    tender.save(update_fields=["opened_at", "opened_by", "opening_sheet"])
    audit(actor=actor, changes=[updated(tender, before)])
    notify(
        users=provider_users(bidders_of(tender)),
        kind=Kind.BIDS_OPENED,
        key=f"bids_opened:{tender.pk}",
        title=f"已开标：{tender.procurement.project.title}",
        body=f"共 {len(sheet)} 份投标，开标记录可在投标页面查看。",
        link=f"/providers/tenders/{tender.pk}/",
    )
    return tender


def answers_for(*, actor, tender: Tender) -> list[Question]:
    """Every answered question, for every bidder alike (and the purchaser)."""
    procurement = tender.procurement
    if not lifecycle.is_purchaser(actor, procurement.project):
        _bidder(actor, tender)
    return list(tender.questions.exclude(answered_at=None))


def _unsealable(bid: SealedBid, what: str) -> DomainError:
    """The opening stops: nothing of it is kept (the transaction rolls back)."""
    return DomainError(
        "unsealable",
        _("“%(name)s”的%(what)s无法解密（密钥不符或密文被改动），开标中止。")
        % {"name": bid.provider.name, "what": what},
        status=409,
    )


def bids_visible(*, tender: Tender) -> list[dict]:
    """What anyone may know of the bids: before the opening only who bid and when (no
    content is unsealed); after it, the opening sheet."""
    if tender.opened_at is not None:
        return tender.opening_sheet
    return [
        {"provider": b.provider.name, "submitted_at": stamp(b.submitted_at), "sealed": True}
        for b in tender.bids.filter(withdrawn_at=None).select_related("provider")
    ]

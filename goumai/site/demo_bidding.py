"""The demo of online bidding, files and notifications, all through the services: in
蒲江县西来镇, one 询价 open for bids (closing three working days from today, the legal
minimum) with two sealed bids and a question answered, and one already opened (its
times moved back so that its closing has passed) with its opening sheet; a second provider account; files on
the project, procurement, contract, milestones and evaluation of an evaluated project;
and the daily reminders run once, so the demo accounts have unread messages."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from docx import Document as Word

from goumai.accounts.models import OrgUnit, User
from goumai.accounts.services import user_create
from goumai.audit.services import audited
from goumai.bidding import services as bidding
from goumai.bidding.models import Question, SealedBid, Tender
from goumai.budgets.models import BudgetLine
from goumai.catalog.models import CountyCatalogEntry
from goumai.core.dates import china_today
from goumai.documents.services import attach
from goumai.holidays.periods import earliest_closing
from goumai.procurement.services import procurement_invite, procurement_start
from goumai.projects.models import Project
from goumai.projects.services import project_create, project_transition
from goumai.providers.selectors import providers_for_item
from goumai.regions.models import Region
from goumai.site.demo_purchases import SERVICES, YEAR
from goumai.site.reminders import send_due_reminders

TOWN = "510131104"


def word(title: str, lines: list[str]) -> bytes:
    document = Word()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _project(clerk, approver, title: str, amount: str) -> Project:
    purchaser = OrgUnit.objects.get(code=f"{TOWN}-government")
    entry = CountyCatalogEntry.objects.get(
        county__code=TOWN[:6], item__code=SERVICES[0], local_code=""
    )
    project = project_create(
        actor=clerk,
        purchaser=purchaser,
        fiscal_year=YEAR,
        title=title,
        content=entry.item.content or "上门服务",
        budget_amount=Decimal(amount),
        catalog_entry=entry,
        budget_line=BudgetLine.objects.get(org_unit=purchaser, fiscal_year=YEAR),
        beneficiaries="辖区老年人",
        planned_people=200,
        standards="按县级服务标准执行",
    )
    project = project_transition(actor=clerk, project=project, action="submit")
    return project_transition(actor=approver, project=project, action="approve")


def _as_if_closed(tender: Tender) -> None:
    """The demo's history: move the tender's times back so that its closing passed a
    minute ago, as if it had been published days before (the law's minimum period
    kept), and it can be opened now."""
    shift = tender.closes_at - timezone.now() + timedelta(minutes=1)
    Tender.objects.filter(pk=tender.pk).update(
        closes_at=F("closes_at") - shift, published_at=F("published_at") - shift
    )
    SealedBid.objects.filter(tender=tender).update(submitted_at=F("submitted_at") - shift)
    Question.objects.filter(tender=tender).update(
        asked_at=F("asked_at") - shift, answered_at=F("answered_at") - shift
    )


@audited()
def create_demo_bidding(*, password: str) -> list[tuple[str, str]]:
    """Returns the provider accounts it made (username, provider name)."""
    if Tender.objects.exists():
        return []
    clerk = User.objects.get(username=f"town-{TOWN}")
    approver = User.objects.get(username=f"county-{TOWN[:6]}")
    first = User.objects.get(username=f"provider-{TOWN[:6]}")
    today = china_today()
    county = Region.objects.get(code=TOWN[:6])
    entry_item = CountyCatalogEntry.objects.get(
        county=county, item__code=SERVICES[0], local_code=""
    ).item
    eligible, _left_out = providers_for_item(actor=clerk, item=entry_item, on=today, county=county)
    second_provider = next(p for p in eligible if p.pk != first.provider_id)
    made = []
    if not User.objects.filter(username=f"provider-{TOWN[:6]}-b").exists():
        user_create(
            actor=None,
            username=f"provider-{TOWN[:6]}-b",
            password=password,
            org_unit=None,
            roles=["clerk"],
            provider=second_provider,
            full_name=f"{second_provider.name}演示账号",
        )
    made.append((f"provider-{TOWN[:6]}-b", second_provider.name))
    second = User.objects.get(username=f"provider-{TOWN[:6]}-b")
    eligible_ids = {p.pk for p in eligible}
    bidders = [u for u in (first, second) if u.provider_id in eligible_ids]
    # Both close at the earliest moment the law allows (3 working days after today);
    # the second is then dated back so that its closing has passed, and opened.
    closes = earliest_closing("request_for_quotation", today)
    for title, amount, opened in (
        ("西来镇居家养老上门服务（网上询价）", "86000", False),
        ("西来镇助餐点运营服务（网上询价，已开标）", "64000", True),
    ):
        project = _project(clerk, approver, title, amount)
        procurement = procurement_start(
            actor=clerk,
            project=project,
            method="request_for_quotation",
            announced_on=today,
            deadline=closes.date(),
        )
        for user in bidders:
            procurement_invite(
                actor=clerk, procurement=procurement, provider=user.provider, invited_on=today
            )
        attach(
            actor=clerk,
            owner=procurement,
            upload=ContentFile(
                word(
                    f"{title}询价文件",
                    ["一、服务内容", "二、报价要求：含全部费用", "三、评审：最低评标价"],
                ),
                name="询价文件.docx",
            ),
        )
        tender = bidding.tender_publish(actor=clerk, procurement=procurement, closes_at=closes)
        question = bidding.question_ask(
            actor=bidders[0], tender=tender, text="服务对象是否包含分散供养特困人员？"
        )
        bidding.question_answer(actor=clerk, question=question, answer="包含，名单开标后提供。")
        for k, user in enumerate(bidders):
            bidding.bid_submit(
                actor=user,
                tender=tender,
                amount=str(Decimal(amount) * Decimal(("0.93", "0.97")[k])),
                technical="按服务标准配备护理员，每周上门两次",
            )
            bidding.bid_attach(  # sealed until the opening, like the price
                actor=user,
                tender=tender,
                upload=ContentFile(
                    word(f"{user.provider.name}服务方案", ["人员配备", "服务频次", "质量保障"]),
                    name="服务方案.docx",
                ),
            )
        if opened:
            _as_if_closed(tender)
            bidding.tender_open(actor=clerk, tender=Tender.objects.get(pk=tender.pk))
    evaluated = (
        Project.objects.filter(purchaser__code=f"{TOWN}-government", status="evaluated")
        .select_related("contract")
        .first()
    )
    if evaluated is not None:
        owners = [("实施方案.docx", evaluated), ("服务合同.docx", evaluated.contract)]
        owners += [(f"{m.name}验收报告.docx", m) for m in evaluated.contract.milestones.all()]
        owners.append(("绩效评价报告.docx", evaluated.evaluation))
        for name, owner in owners:
            attach(
                actor=clerk,
                owner=owner,
                upload=ContentFile(word(name.removesuffix(".docx"), [evaluated.title]), name=name),
            )
    send_due_reminders(today=today)
    return made

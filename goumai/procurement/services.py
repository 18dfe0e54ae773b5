"""Choosing the provider: procurement method, invitations, bids, evaluation, award.

Small purchases below the threshold may be done by the purchaser itself; every
other method follows procurement law, including its minimum time between the
announcement and the bid deadline (``holidays/periods.py``). A single-source purchase needs a recorded
justification, invited methods accept bids only from invited providers, and the
award — with its reasons, kept for disclosure — can never exceed the budget.

The dates of these steps are typed when the step happened on paper: each is checked
against the server's clock and the step it follows (``core.dates.paper_date_errors``),
and eligibility is always checked on the server's date, whatever date is typed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from goumai.accounts.models import User
from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.core.dates import china_date, china_today, ensure_paper_date, paper_date_errors
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.money import amount_error, format_yuan, to_money
from goumai.holidays.periods import CalendarMissing, bid_minimum
from goumai.notifications.models import Kind
from goumai.notifications.services import notify
from goumai.procurement.models import Award, Bid, Invitation, Procurement
from goumai.projects import lifecycle
from goumai.projects.models import ProcurementMethod, Project
from goumai.projects.services import project_transition
from goumai.providers.eligibility import ensure_eligible
from goumai.providers.models import Provider
from goumai.providers.selection import rank_bids
from goumai.regions.selectors import county_of

M = ProcurementMethod
INVITATION_METHODS = frozenset(
    {
        M.INVITED_TENDER,
        M.COMPETITIVE_NEGOTIATION,
        M.COMPETITIVE_CONSULTATION,
        M.SINGLE_SOURCE,
        M.REQUEST_FOR_QUOTATION,
    }
)


def provider_users(providers) -> list:
    """The active accounts of these providers (who hear of their procurements)."""
    return list(User.objects.filter(provider__in=list(providers), is_active=True))


def small_purchase_threshold() -> Decimal:
    return to_money(settings.GOUMAI_SMALL_PURCHASE_THRESHOLD)


def _purchasing(actor, project: Project) -> Project:
    """The project, locked, if it is procuring and the actor is its purchaser."""
    project = Project.objects.select_for_update(no_key=True).get(pk=project.pk)
    if not lifecycle.is_purchaser(actor, project):
        raise PermissionDenied(_("只有购买主体可以办理采购。"))
    if project.status != Project.Status.PROCURING:
        raise DomainError("not_procuring", _("项目不在采购中。"), status=409)
    return project


@audited()
def procurement_start(
    *,
    actor,
    project: Project,
    method: str,
    announced_on: date,
    deadline: date | None = None,
    single_source_justification: str = "",
    late_reason: str = "",
) -> Procurement:
    """Choose the method and open the procurement (已批准 → 采购中). The announcement
    date is no earlier than the approval and no later than today; the deadline keeps
    the method's legal minimum, counted on the legal calendar."""
    lifecycle.check(actor, project, "start_procurement", internal=True)  # who, before what
    errors: dict[str, list[str]] = paper_date_errors(
        announced_on,
        field="announced_on",
        after=_approved_on(project),
        after_label=_("项目批准日期"),
        late_reason=late_reason,
    )
    justification = single_source_justification.strip()
    if method not in M.values:
        errors["method"] = [_("请选择采购方式。")]
    elif method == M.SMALL_PURCHASE and project.budget_amount >= small_purchase_threshold():
        errors["method"] = [
            _("项目预算 %(amount)s 元达到分散采购限额标准 %(limit)s 元，不能自行采购。")
            % {
                "amount": format_yuan(project.budget_amount),
                "limit": format_yuan(small_purchase_threshold()),
            }
        ]
    elif method == M.SINGLE_SOURCE and len(justification) < 20:
        errors["single_source_justification"] = [
            _("单一来源采购须说明理由（如只能从唯一承接主体处购买的情形），不少于 20 个字。")
        ]
    period = bid_minimum(method) if method in M.values else None
    if deadline is not None and deadline < announced_on:
        errors["deadline"] = [_("响应截止日期不能早于公告日期。")]
    elif period is not None and deadline is None:
        errors["deadline"] = [
            _("%(method)s须设定响应截止日期（自公告之日起不少于%(period)s）。")
            % {"method": M(method).label, "period": period.label()}
        ]
    elif period is not None:
        try:
            earliest = period.last_day(announced_on)
        except CalendarMissing as missing:
            errors["deadline"] = [missing.message]
        else:
            if deadline < earliest:
                errors["deadline"] = [
                    _("%(method)s自公告至响应截止不得少于%(period)s，截止日期最早为 %(earliest)s。")
                    % {
                        "method": M(method).label,
                        "period": period.label(),
                        "earliest": earliest.isoformat(),
                    }
                ]
    if errors:
        raise DomainError("invalid_procurement", _("采购信息填写有误。"), fields=errors)
    project = project_transition(
        actor=actor, project=project, action="start_procurement", internal=True
    )
    procurement = Procurement.objects.create(
        project=project,
        method=method,
        announced_on=announced_on,
        deadline=deadline,
        single_source_justification=justification,
        late_reason=late_reason.strip()[:300],
    )
    audit(actor=actor, changes=[created(procurement)])
    return procurement


def _approved_on(project: Project) -> date | None:
    """The day (in China) the project was last approved."""
    event = project.events.filter(action="approve").order_by("-id").first()
    return china_date(event.created_at) if event else None


def _item(project: Project):
    return project.catalog_entry.item if project.catalog_entry_id else None


@audited()
def procurement_invite(
    *, actor, procurement: Procurement, provider: Provider, invited_on: date, late_reason: str = ""
) -> Invitation:
    """Invite a provider: eligible today (the server's date), the invitation dated no
    earlier than the announcement."""
    project = _purchasing(actor, procurement.project)
    procurement = Procurement.objects.get(pk=procurement.pk)
    ensure_paper_date(
        invited_on,
        field="invited_on",
        after=procurement.announced_on,
        after_label=_("采购公告日期"),
        late_reason=late_reason,
    )
    ensure_eligible(
        provider, item=_item(project), on=china_today(), county=county_of(project.purchaser.region)
    )
    if hasattr(procurement, "award"):
        raise DomainError("already_awarded", _("已确定成交承接主体。"), status=409)
    if (
        procurement.method == M.SINGLE_SOURCE
        and procurement.invitations.exclude(provider=provider).exists()
    ):
        raise DomainError("single_source_one_provider", _("单一来源采购只能邀请一个承接主体。"))
    if procurement.invitations.filter(provider=provider).exists():
        raise DomainError("already_invited", _("已邀请该承接主体。"))
    invitation = Invitation.objects.create(
        procurement=procurement,
        provider=provider,
        invited_on=invited_on,
        late_reason=late_reason.strip()[:300],
    )
    audit(actor=actor, changes=[created(invitation)])
    notify(
        users=provider_users([provider]),
        kind=Kind.INVITATION,
        key=f"invitation:{invitation.pk}",
        title=f"投标邀请：{project.title}",
        body=f"{project.purchaser.name}邀请贵单位参加“{project.title}”的"
        f"{procurement.get_method_display()}。",
        link="/providers/portal/",
    )
    return invitation


@audited()
def bid_record(
    *,
    actor,
    procurement: Procurement,
    provider: Provider,
    amount,
    submitted_on: date,
    technical_score=None,
    channel: str = "paper",
    paper_reason: str = "",
    late_reason: str = "",
) -> Bid:
    """Record a bid or quote received by the purchaser: on paper (typed in), or online
    (from the opening of sealed bids). Once the procurement takes bids online, a paper
    bid needs its reason, kept with it."""
    _purchasing(actor, procurement.project)
    procurement = Procurement.objects.get(pk=procurement.pk)
    invitation = procurement.invitations.filter(provider=provider).first()
    after, after_label = procurement.announced_on, _("采购公告日期")
    if invitation is not None and invitation.invited_on > after:
        after, after_label = invitation.invited_on, _("邀请日期")
    errors: dict[str, list[str]] = {}
    if channel == "paper":  # an online bid's date is its arrival on the server's clock
        errors = paper_date_errors(
            submitted_on,
            field="submitted_on",
            after=after,
            after_label=after_label,
            late_reason=late_reason,
        )
    paper_reason = (paper_reason or "").strip()
    if channel == "paper" and procurement.online and not paper_reason:
        errors["paper_reason"] = [_("本项目已发布网上投标，录入纸质投标须说明理由。")]
    if hasattr(procurement, "award"):
        raise DomainError("already_awarded", _("已确定成交承接主体，不能再录入报价。"), status=409)
    if (
        procurement.method in INVITATION_METHODS
        and not procurement.invitations.filter(provider=provider).exists()
    ):
        errors["provider"] = [
            _("“%(name)s”未受邀参加本次%(method)s。")
            % {"name": provider.name, "method": procurement.get_method_display()}
        ]
    if procurement.bids.filter(provider=provider).exists():
        errors["provider"] = [_("该承接主体已有报价。")]
    try:
        amount = to_money(amount)
        if amount <= 0:
            raise ValueError
    except ValueError as error:
        errors["amount"] = [amount_error(error, _("报价应为大于零的金额（元）。"))]
    score = None
    if technical_score not in (None, ""):
        try:
            score = Decimal(str(technical_score))
            if not 0 <= score <= 100:
                raise ValueError
        except (ValueError, ArithmeticError):
            errors["technical_score"] = [_("技术评分应在 0 到 100 之间。")]
    if errors:
        raise DomainError("invalid_bid", _("报价信息有误。"), fields=errors)
    bid = Bid.objects.create(
        procurement=procurement,
        provider=provider,
        amount=amount,
        submitted_on=submitted_on,
        technical_score=score,
        channel="online" if channel == "online" else "paper",
        paper_reason=paper_reason[:300] if channel == "paper" else "",
        late_reason=late_reason.strip()[:300],
    )
    audit(actor=actor, changes=[created(bid)])
    return bid


@audited()
def bid_disqualify(*, actor, bid: Bid, reason: str) -> Bid:
    _purchasing(actor, bid.procurement.project)
    if not reason.strip():
        raise DomainError(
            "reason_required", _("请填写无效投标的原因。"), fields={"reason": [_("必填。")]}
        )
    if hasattr(bid, "award"):
        raise DomainError("already_awarded", _("该报价已成交。"), status=409)
    before = snapshot(bid)
    bid.disqualified, bid.disqualification_reason = True, reason.strip()[:300]
    bid.save(update_fields=["disqualified", "disqualification_reason"])
    audit(actor=actor, changes=[updated(bid, before)])
    return bid


@audited()
def award_make(
    *,
    actor,
    procurement: Procurement,
    bid: Bid,
    reasons: str,
    awarded_on: date,
    deviation_reason: str = "",
    late_reason: str = "",
) -> Award:
    """Choose the provider. The reasons are published with the result. The award is
    dated no earlier than the announcement and the last bid received, and the
    provider must be eligible today (the server's date), whatever date is typed."""
    project = _purchasing(actor, procurement.project)
    procurement = Procurement.objects.get(pk=procurement.pk)
    steps = [(procurement.announced_on, _("采购公告日期"))]
    last_bid = procurement.bids.order_by("-submitted_on").values_list("submitted_on", flat=True)
    if last_bid:
        steps.append((last_bid[0], _("最后一份报价的提交日期")))
    after, after_label = max(steps, key=lambda step: step[0])
    ensure_paper_date(
        awarded_on,
        field="awarded_on",
        after=after,
        after_label=after_label,
        late_reason=late_reason,
    )
    if hasattr(procurement, "award"):
        raise DomainError("already_awarded", _("已确定成交承接主体。"), status=409)
    if bid.procurement_id != procurement.pk:
        raise DomainError("bid_mismatch", _("报价不属于本次采购。"))
    if bid.disqualified:
        raise DomainError("bid_disqualified", _("无效投标不能成交。"))
    if bid.amount > project.budget_amount:
        raise DomainError(
            "award_exceeds_budget",
            _("成交金额 %(amount)s 元超过项目预算 %(budget)s 元。")
            % {"amount": format_yuan(bid.amount), "budget": format_yuan(project.budget_amount)},
        )
    if not reasons.strip():
        raise DomainError(
            "reasons_required", _("请填写成交理由。"), fields={"reasons": [_("必填。")]}
        )
    today = china_today()
    ensure_eligible(
        bid.provider, item=_item(project), on=today, county=county_of(project.purchaser.region)
    )
    ranking = [s for s in rank_bids(procurement, on=today) if s.rank is not None]
    if len(ranking) > 1 and ranking[0].bid.pk != bid.pk and not deviation_reason.strip():
        top = ranking[0]
        raise DomainError(
            "deviation_reason_required",
            _("所选承接主体不是综合排名第一（第一为“%(name)s”，%(score)s 分），须书面说明理由。")
            % {"name": top.bid.provider.name, "score": top.total},
            fields={"deviation_reason": [_("必填。")]},
        )
    award = Award.objects.create(
        procurement=procurement,
        bid=bid,
        provider=bid.provider,
        amount=bid.amount,
        reasons=reasons.strip(),
        deviation_reason=deviation_reason.strip(),
        awarded_on=awarded_on,
        late_reason=late_reason.strip()[:300],
    )
    audit(actor=actor, changes=[created(award)])
    bidders = [b.provider for b in procurement.bids.select_related("provider")]
    notify(
        users=provider_users(bidders),
        kind=Kind.AWARD,
        key=f"award:{award.pk}",
        title=f"成交结果：{procurement.project.title}",
        body=f"“{procurement.project.title}”确定由{award.provider.name}成交，"
        f"成交金额 {award.amount} 元。",
        link="/providers/portal/",
    )
    return award

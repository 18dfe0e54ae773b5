"""Contracts, acceptance and payment.

A contract runs at most one year; up to three years only when the purchaser
records why and confirms the conditions of MoF Order 102 art. 24 (budget
secured, content fixed and continuous, funding stable, price varying little);
never longer. Payments never exceed the contract, never precede acceptance of
the milestone they pay, and draw down the budget line.

Dates typed for these steps are checked against the server's clock and the step they
follow (``core.dates.paper_date_errors``). A small or medium provider is paid within
the contract's payment period after acceptance (30 days unless agreed otherwise, never
more than 60: 保障中小企业款项支付条例); the last day to pay is recorded at acceptance,
counted on the legal calendar (``holidays.periods.payment_due``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.budgets.services import budget_consume, budget_release, budget_reserve
from goumai.contracts.models import Contract, ContractAmendment, Milestone, Payment
from goumai.core.dates import add_years, china_today, ensure_paper_date, paper_date_errors
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.money import amount_error, format_yuan, to_money
from goumai.holidays.periods import (
    PAYMENT_DAYS,
    PAYMENT_DAYS_MAX,
    CalendarMissing,
    LegalCalendar,
    payment_due,
)
from goumai.projects import lifecycle
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.providers.models import SMALL_OR_MEDIUM

MULTI_YEAR_CONDITIONS = {
    "budget_secured": "预算已落实",
    "content_fixed": "服务内容相对固定",
    "continuous": "需要连续提供",
    "stable_funding": "经费来源稳定",
    "price_stable": "价格变化幅度小",
}
PAYABLE = frozenset({Project.Status.PERFORMING, Project.Status.ACCEPTED, Project.Status.EVALUATED})


def check_term(
    *, start_date: date, end_date: date, justification: str, conditions
) -> dict[str, list[str]]:
    """Field errors for a contract term; empty when the term is allowed."""
    if end_date < start_date:
        return {"end_date": [_("结束日期不能早于开始日期。")]}
    if end_date >= add_years(start_date, 3):
        return {"end_date": [_("政府购买服务合同期限不得超过三年。")]}
    if end_date >= add_years(start_date, 1):
        errors = {}
        if len((justification or "").strip()) < 20:
            errors["term_justification"] = [_("合同期限超过一年，须说明理由（不少于 20 个字）。")]
        missing = [
            label
            for key, label in MULTI_YEAR_CONDITIONS.items()
            if key not in set(conditions or ())
        ]
        if missing:
            errors["multi_year_conditions"] = [
                _("合同期限超过一年，须确认以下条件均已满足：%(names)s。")
                % {"names": "、".join(missing)}
            ]
        return errors
    return {}


def _term_error(errors: dict[str, list[str]]) -> DomainError:
    code = (
        "term_over_3_years"
        if "end_date" in errors and "三年" in errors["end_date"][0]
        else "term_unjustified"
    )
    return DomainError(code, next(iter(errors.values()))[0], fields=errors)


def _project_for(actor, project: Project, statuses) -> Project:
    project = (
        Project.objects.select_for_update(of=("self",), no_key=True)
        .select_related("budget_line")
        .get(pk=project.pk)
    )
    if not lifecycle.is_purchaser(actor, project):
        raise PermissionDenied(_("只有购买主体可以办理合同和支付。"))
    if project.status not in statuses:
        raise DomainError(
            "invalid_status",
            _("项目当前状态为“%(s)s”，不能办理此事项。") % {"s": project.get_status_display()},
            status=409,
        )
    return project


@audited()
def contract_sign(
    *,
    actor,
    project: Project,
    number: str,
    amount,
    start_date: date,
    end_date: date,
    signed_on: date,
    milestones: list[dict],
    term_justification: str = "",
    multi_year_conditions=(),
    quantity_quality: str = "",
    settlement: str = "",
    liabilities: str = "",
    payment_days: int = PAYMENT_DAYS,
    late_reason: str = "",
) -> Contract:
    """Sign with the awarded provider (采购中 → 已签约), no earlier than the award and
    no later than today. The part of the reservation the contract does not need goes
    back to the budget line. ``payment_days``: the days after acceptance within which
    the purchaser pays (1–60)."""
    project = _project_for(actor, project, {Project.Status.PROCURING})
    award = getattr(getattr(project, "procurement", None), "award", None)
    if award is None:
        raise DomainError("award_required", _("请先确定成交承接主体。"))
    errors: dict[str, list[str]] = paper_date_errors(
        signed_on,
        field="signed_on",
        after=award.awarded_on,
        after_label=_("成交日期"),
        late_reason=late_reason,
    )
    try:
        amount = to_money(amount)
        if amount <= 0:
            raise ValueError
    except ValueError as error:
        errors["amount"] = [amount_error(error, _("请填写大于零的合同金额（元）。"))]
        amount = Decimal(0)
    try:
        payment_days = int(payment_days)
    except (TypeError, ValueError):
        payment_days = 0
    if not 1 <= payment_days <= PAYMENT_DAYS_MAX:
        errors["payment_days"] = [
            _("验收后付款期限应为 1 到 %(max)d 日（保障中小企业款项支付条例：不超过 60 日）。")
            % {"max": PAYMENT_DAYS_MAX}
        ]
    if amount > award.amount:
        errors["amount"] = [
            _("合同金额不能超过成交金额 %(a)s 元。") % {"a": format_yuan(award.amount)}
        ]
    if not number.strip():
        errors["number"] = [_("必填。")]
    term_errors = check_term(
        start_date=start_date,
        end_date=end_date,
        justification=term_justification,
        conditions=multi_year_conditions,
    )
    if term_errors:
        raise _term_error(term_errors)
    rows = _milestone_rows(milestones, amount, start_date, end_date, errors)
    if errors:
        raise DomainError("invalid_contract", _("合同信息填写有误。"), fields=errors)
    contract = Contract.objects.create(
        project=project,
        provider=award.provider,
        number=number.strip(),
        amount=amount,
        start_date=start_date,
        end_date=end_date,
        signed_on=signed_on,
        term_justification=term_justification.strip(),
        multi_year_conditions=sorted(set(multi_year_conditions or ())),
        quantity_quality=quantity_quality.strip(),
        settlement=settlement.strip(),
        liabilities=liabilities.strip(),
        payment_days=payment_days,
        late_reason=late_reason.strip()[:300],
    )
    created_milestones = [Milestone.objects.create(contract=contract, **row) for row in rows]
    savings = project.reserved_amount - amount
    if savings > 0:
        budget_release(
            actor=actor,
            line=project.budget_line,
            amount=savings,
            reference=f"{project.code} 采购节余",
        )
        Project.objects.filter(pk=project.pk).update(reserved_amount=amount)
    audit(actor=actor, changes=[created(contract), *(created(m) for m in created_milestones)])
    project_transition(actor=actor, project=project, action="sign", internal=True)
    return contract


def contract_before_signing(project: Project) -> None:
    """Lifecycle precondition of 签订合同: the contract is recorded."""
    if not Contract.objects.filter(project_id=project.pk).exists():
        raise DomainError("contract_required", _("请先录入合同。"))


def milestones_before_acceptance(project: Project) -> None:
    """Lifecycle precondition of 完成验收: every milestone is accepted."""
    open_milestones = list(
        Milestone.objects.filter(contract__project_id=project.pk, accepted_at__isnull=True)
        .order_by("due_date", "id")
        .values_list("name", flat=True)
    )
    if open_milestones:
        raise DomainError(
            "milestones_open",
            _("以下履约节点尚未验收：%(names)s。") % {"names": "、".join(open_milestones)},
        )


def _milestone_rows(milestones, amount, start_date, end_date, errors) -> list[dict]:
    rows, names = [], set()
    for item in milestones or []:
        name = (item.get("name") or "").strip()
        try:
            value = to_money(item.get("amount"))
        except ValueError as error:
            errors["milestones"] = [amount_error(error, _("履约节点金额格式不正确。"))]
            return []
        due = item.get("due_date")
        if not name or name in names or value < 0 or due is None:
            errors["milestones"] = [_("每个履约节点须有不重复的名称、计划日期和不小于零的金额。")]
            return []
        if not start_date <= due <= end_date:
            errors["milestones"] = [_("履约节点“%(n)s”的计划日期不在合同期限内。") % {"n": name}]
            return []
        names.add(name)
        rows.append({"name": name, "amount": value, "due_date": due})
    if not rows:
        errors["milestones"] = [_("至少需要一个履约节点。")]
    elif sum(r["amount"] for r in rows) != amount:
        errors["milestones"] = [
            _("履约节点金额合计 %(sum)s 元，应等于合同金额 %(amount)s 元。")
            % {"sum": format_yuan(sum(r["amount"] for r in rows)), "amount": format_yuan(amount)}
        ]
    return rows


@audited()
def contract_amend(
    *,
    actor,
    contract: Contract,
    reason: str,
    end_date: date | None = None,
    milestone_amounts: dict[int, str] | None = None,
    term_justification: str | None = None,
    multi_year_conditions=None,
    quantity_quality: str | None = None,
    settlement: str | None = None,
    liabilities: str | None = None,
) -> Contract:
    """Change a signed contract. The amount follows the milestones; a larger amount
    reserves more budget, a smaller one gives it back. History is kept."""
    project = _project_for(
        actor, contract.project, {Project.Status.CONTRACTED, Project.Status.PERFORMING}
    )
    contract = Contract.objects.select_for_update(no_key=True).get(pk=contract.pk)
    if not (reason or "").strip():
        raise DomainError(
            "reason_required", _("请填写变更原因。"), fields={"reason": [_("必填。")]}
        )
    before = snapshot(contract)
    if end_date is not None:
        contract.end_date = end_date
    if term_justification is not None:
        contract.term_justification = term_justification.strip()
    if multi_year_conditions is not None:
        contract.multi_year_conditions = sorted(set(multi_year_conditions))
    for field, value in (
        ("quantity_quality", quantity_quality),
        ("settlement", settlement),
        ("liabilities", liabilities),
    ):
        if value is not None:
            setattr(contract, field, value.strip())
    term_errors = check_term(
        start_date=contract.start_date,
        end_date=contract.end_date,
        justification=contract.term_justification,
        conditions=contract.multi_year_conditions,
    )
    if term_errors:
        raise _term_error(term_errors)
    changed_milestones = []
    for milestone in contract.milestones.select_for_update(no_key=True):
        if milestone_amounts and milestone.pk in milestone_amounts:
            try:
                new = to_money(milestone_amounts[milestone.pk])
                if new < 0:
                    raise ValueError
            except ValueError as error:
                message = amount_error(
                    error,
                    _("履约节点“%(n)s”的金额应为不小于零的金额（元）。") % {"n": milestone.name},
                )
                raise DomainError(
                    "invalid_amount", message, fields={"milestone_amounts": [message]}
                ) from None
            paid = sum((p.amount for p in milestone.payments.all()), Decimal(0))
            if new < paid:
                raise DomainError(
                    "below_paid",
                    _("履约节点“%(n)s”已支付 %(p)s 元，金额不能低于此数。")
                    % {"n": milestone.name, "p": format_yuan(paid)},
                )
            if new != milestone.amount:
                milestone_before = snapshot(milestone)
                milestone.amount = new
                milestone.save(update_fields=["amount"])
                changed_milestones.append(updated(milestone, milestone_before))
    new_amount = sum((m.amount for m in contract.milestones.all()), Decimal(0))
    delta = new_amount - contract.amount
    if delta > 0:
        budget_reserve(
            actor=actor,
            line=project.budget_line,
            amount=delta,
            reference=f"{project.code} 合同变更",
        )
    elif delta < 0:
        budget_release(
            actor=actor,
            line=project.budget_line,
            amount=-delta,
            reference=f"{project.code} 合同变更",
        )
    if delta:
        Project.objects.filter(pk=project.pk).update(
            reserved_amount=project.reserved_amount + delta
        )
        if new_amount > project.budget_amount:
            Project.objects.filter(pk=project.pk).update(budget_amount=new_amount)
    contract.amount = new_amount
    contract.version += 1
    contract.save()
    change = updated(contract, before)
    amendment = ContractAmendment.objects.create(
        contract=contract,
        before=change.before if change else {},
        after=change.after if change else {},
        reason=reason.strip()[:300],
        actor_label=actor.get_username(),
    )
    audit(actor=actor, changes=[change, *changed_milestones, created(amendment)])
    return contract


EARLY_REASON_MIN_LENGTH = 10


def check_acceptance_date(
    *,
    milestone: Milestone,
    accepted_on: date,
    early_reason: str,
    today: date,
    late_reason: str = "",
) -> dict[str, list[str]]:
    """Field errors for accepting ``milestone`` on ``accepted_on``; empty when allowed.

    Never before the contract starts nor after today, and long ago only with a
    recorded reason; before the milestone's due date only with a recorded reason
    (the service was finished early)."""
    start = milestone.contract.start_date
    if accepted_on > today:
        return {"accepted_on": [_("验收日期不能晚于今天（%(d)s）。") % {"d": today.isoformat()}]}
    if accepted_on < start:
        return {
            "accepted_on": [
                _("合同自 %(start)s 起履行，此前不能验收。") % {"start": start.isoformat()}
            ]
        }
    late = paper_date_errors(accepted_on, field="accepted_on", late_reason=late_reason, today=today)
    if late:
        return late
    if accepted_on < milestone.due_date and len(early_reason.strip()) < EARLY_REASON_MIN_LENGTH:
        return {
            "early_reason": [
                _("“%(n)s”计划 %(due)s 完成，提前验收须说明理由（不少于 %(min)s 个字）。")
                % {
                    "n": milestone.name,
                    "due": milestone.due_date.isoformat(),
                    "min": EARLY_REASON_MIN_LENGTH,
                }
            ]
        }
    return {}


@audited()
def milestone_accept(
    *,
    actor,
    milestone: Milestone,
    accepted_on: date,
    note: str = "",
    early_reason: str = "",
    late_reason: str = "",
) -> Milestone:
    """Accept a milestone (验收) on or after its due date, or earlier with a reason;
    never before the contract starts. For a small or medium provider, records the
    last day to pay (or leaves it for when the legal calendar holds that year)."""
    _project_for(actor, milestone.contract.project, {Project.Status.PERFORMING})
    milestone = (
        Milestone.objects.select_for_update(of=("self",), no_key=True)
        .select_related("contract")
        .get(pk=milestone.pk)
    )
    if milestone.accepted_at is not None:
        raise DomainError("already_accepted", _("该履约节点已验收。"), status=409)
    errors = check_acceptance_date(
        milestone=milestone,
        accepted_on=accepted_on,
        early_reason=early_reason or "",
        today=china_today(),
        late_reason=late_reason or "",
    )
    if errors:
        message = next(iter(errors.values()))[0]
        raise DomainError("invalid_acceptance_date", message, fields=errors)
    early = accepted_on < milestone.due_date
    before = snapshot(milestone)
    milestone.accepted_on, milestone.accepted_at = accepted_on, timezone.now()
    milestone.acceptance_note, milestone.accepted_by = note.strip()[:300], actor.get_username()
    milestone.early_acceptance_reason = early_reason.strip()[:300] if early else ""
    milestone.late_reason = (late_reason or "").strip()[:300]
    milestone.payment_due_on = payment_due_on(milestone)
    milestone.save()
    audit(actor=actor, changes=[updated(milestone, before)])
    return milestone


def payment_due_on(milestone: Milestone, calendar: LegalCalendar | None = None) -> date | None:
    """The last day to pay an accepted milestone of a small or medium provider;
    ``None`` for other providers, and while the calendar lacks the year it needs."""
    contract = milestone.contract
    if milestone.accepted_on is None or contract.provider.size not in SMALL_OR_MEDIUM:
        return None
    try:
        return payment_due(milestone.accepted_on, contract.payment_days, calendar)
    except CalendarMissing:
        return None


def payment_due_fill(*, year: int) -> int:
    """Once a year's calendar is entered: record the payment due dates that waited for
    it (accepted milestones of small or medium providers without one). Returns how
    many were recorded. Not audited as a user's change: it records what the law
    computes from data already audited."""
    calendar, filled = LegalCalendar(), 0
    waiting = Milestone.objects.filter(
        accepted_on__isnull=False,
        payment_due_on__isnull=True,
        accepted_on__year__gte=year - 1,
        contract__provider__size__in=SMALL_OR_MEDIUM,
    ).select_related("contract__provider")
    for milestone in waiting:
        due = payment_due_on(milestone, calendar)
        if due is not None:
            Milestone.objects.filter(pk=milestone.pk).update(payment_due_on=due)
            filled += 1
    return filled


@audited()
def payment_record(
    *,
    actor,
    milestone: Milestone,
    amount,
    paid_on: date,
    reference: str = "",
    late_reason: str = "",
) -> Payment:
    """Pay an accepted milestone; draws the money from the project's reservation."""
    project = _project_for(actor, milestone.contract.project, PAYABLE)
    contract = Contract.objects.select_for_update(no_key=True).get(pk=milestone.contract_id)
    milestone = Milestone.objects.get(pk=milestone.pk)
    try:
        amount = to_money(amount)
        if amount <= 0:
            raise ValueError
    except ValueError as error:
        message = amount_error(error, _("请填写大于零的支付金额（元）。"))
        raise DomainError("invalid_amount", message, fields={"amount": [message]}) from None
    if milestone.accepted_at is None:
        raise DomainError(
            "payment_before_acceptance",
            _("履约节点“%(n)s”尚未验收，不能付款。") % {"n": milestone.name},
        )
    if paid_on < milestone.accepted_on:
        message = _("支付日期不能早于验收日期 %(d)s。") % {"d": milestone.accepted_on}
        raise DomainError("payment_before_acceptance", message, fields={"paid_on": [message]})
    ensure_paper_date(paid_on, field="paid_on", late_reason=late_reason)
    paid_on_contract = contract.paid
    if paid_on_contract + amount > contract.amount:
        message = _("累计支付将达 %(total)s 元，超过合同金额 %(amount)s 元。") % {
            "total": format_yuan(paid_on_contract + amount),
            "amount": format_yuan(contract.amount),
        }
        raise DomainError("payment_exceeds_contract", message, fields={"amount": [message]})
    paid_on_milestone = sum((p.amount for p in milestone.payments.all()), Decimal(0))
    if paid_on_milestone + amount > milestone.amount:
        message = _("履约节点“%(n)s”金额 %(m)s 元，已支付 %(p)s 元，本次最多支付 %(left)s 元。") % {
            "n": milestone.name,
            "m": format_yuan(milestone.amount),
            "p": format_yuan(paid_on_milestone),
            "left": format_yuan(milestone.amount - paid_on_milestone),
        }
        raise DomainError("payment_exceeds_milestone", message, fields={"amount": [message]})
    budget_consume(actor=actor, line=project.budget_line, amount=amount, reference=project.code)
    payment = Payment.objects.create(
        contract=contract,
        milestone=milestone,
        amount=amount,
        paid_on=paid_on,
        reference=reference.strip()[:60],
        actor_label=actor.get_username(),
        late_reason=(late_reason or "").strip()[:300],
    )
    before = snapshot(project)
    project.reserved_amount -= amount
    project.paid_amount += amount
    project.save(update_fields=["reserved_amount", "paid_amount", "updated_at"])
    audit(actor=actor, changes=[created(payment), updated(project, before)])
    return payment

"""Writes to budget lines. Project services call ``budget_reserve``,
``budget_release`` and ``budget_consume`` inside their own transactions.

Fund rules (work plan §十三, MoF Order 102): a project not in the budget must not
be implemented, so approving a project reserves money; the line's reserved plus
spent can never exceed its amount. The check runs with the line locked (row lock
on PostgreSQL; SQLite takes the write lock when the transaction starts), and the
database constraint ``budget_line_never_overcommitted`` backs it up.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.accounts.models import OrgUnit
from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.budgets.models import (
    BudgetChangeRequest,
    BudgetLine,
    BudgetMovement,
    FundingSource,
)
from goumai.catalog.models import CountyCatalogEntry
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.money import amount_error, format_yuan, to_money
from goumai.core.roles import Perm, has_perm
from goumai.regions.selectors import county_of

PURCHASER_KINDS = {
    OrgUnit.Kind.TOWNSHIP_GOVERNMENT,
    OrgUnit.Kind.COUNTY_GOVERNMENT,
    OrgUnit.Kind.COUNTY_FINANCE,
    OrgUnit.Kind.CITY_GOVERNMENT,
    OrgUnit.Kind.CITY_FINANCE,
    OrgUnit.Kind.FINANCE_DEPARTMENT,
    OrgUnit.Kind.SECTOR_DEPARTMENT,
}


# The bodies that set budgets (部门预算由财政部门批复): a purchaser spends a budget, it
# does not set it (work plan §十三).
FINANCE_BODIES = {
    OrgUnit.Kind.COUNTY_FINANCE,
    OrgUnit.Kind.CITY_FINANCE,
    OrgUnit.Kind.FINANCE_DEPARTMENT,
}


def sets_budgets(actor) -> bool:
    """Whether the actor sets anyone's budget at all (to offer 编制预算项目)."""
    if not has_perm(actor, Perm.MANAGE_BUDGET):
        return False
    return actor.is_superuser or (
        actor.org_unit is not None and actor.org_unit.kind in FINANCE_BODIES
    )


def can_manage_budget(actor, org_unit: OrgUnit) -> bool:
    """Create and change ``org_unit``'s budget lines: a finance body whose jurisdiction
    covers the unit, never the unit itself (a county finance bureau's own lines are set
    by the 市州 or the province)."""
    if not has_perm(actor, Perm.MANAGE_BUDGET):
        return False
    if actor.is_superuser:
        return True
    own = actor.org_unit
    if own.kind not in FINANCE_BODIES or own.pk == org_unit.pk:
        return False
    return Jurisdiction.of(actor).covers(org_unit.region.path)


def can_propose_budget_change(actor, line: BudgetLine) -> bool:
    """The purchaser's own staff may ask for a change of its line."""
    return (
        has_perm(actor, Perm.MANAGE_BUDGET)
        and not actor.is_superuser
        and actor.org_unit_id == line.org_unit_id
    )


def _money(value, field: str) -> Decimal:
    try:
        amount = to_money(value)
    except ValueError as error:
        message = amount_error(error, _("请填写以元为单位、最多两位小数的金额。"))
        raise DomainError("invalid_amount", message, fields={field: [message]}) from None
    if amount < 0:
        raise DomainError(
            "invalid_amount", _("金额不能为负数。"), fields={field: [_("金额不能为负数。")]}
        )
    return amount


def _movement(
    line: BudgetLine, kind: str, amount: Decimal, actor, reference: str = "", note: str = ""
):
    label = actor.get_username() if actor is not None and actor.is_authenticated else "system"
    return BudgetMovement.objects.create(
        line=line,
        kind=kind,
        amount=amount,
        reference=reference[:100],
        note=note[:200],
        actor_label=label,
    )


@audited()
def budget_line_create(
    *,
    actor,
    org_unit: OrgUnit,
    fiscal_year: int,
    code: str,
    name: str,
    funding_source: str,
    amount,
    catalog_entries: list[CountyCatalogEntry] = (),
    note: str = "",
) -> BudgetLine:
    if not Jurisdiction.of(actor).covers(org_unit.region.path):
        raise NotFound()
    if not can_manage_budget(actor, org_unit):
        raise PermissionDenied(_("预算由上级财政部门编制；购买主体可以申请调整。"))
    errors: dict[str, list[str]] = {}
    if org_unit.kind not in PURCHASER_KINDS:
        errors["org_unit"] = [_("该单位不能作为购买主体。")]
    if not code.strip():
        errors["code"] = [_("必填。")]
    if not name.strip():
        errors["name"] = [_("必填。")]
    if funding_source not in FundingSource.values:
        errors["funding_source"] = [_("请选择资金来源。")]
    if not 2020 <= fiscal_year <= 2100:
        errors["fiscal_year"] = [_("预算年度不正确。")]
    county = county_of(org_unit.region)
    foreign = [e for e in catalog_entries if county is None or e.county_id != county.pk]
    if foreign:
        errors["catalog_entries"] = [_("只能选择本县目录中的条目。")]
    if errors:
        raise DomainError("invalid_budget_line", _("预算项目填写有误。"), fields=errors)
    amount = _money(amount, "amount")
    if BudgetLine.objects.filter(
        org_unit=org_unit, fiscal_year=fiscal_year, code=code.strip()
    ).exists():
        raise DomainError(
            "budget_code_taken",
            _("本单位该年度已有编码为“%(code)s”的预算项目。") % {"code": code.strip()},
            fields={"code": [_("编码重复。")]},
        )
    line = BudgetLine.objects.create(
        org_unit=org_unit,
        fiscal_year=fiscal_year,
        code=code.strip(),
        name=name.strip(),
        funding_source=funding_source,
        amount=amount,
        note=note.strip()[:200],
    )
    line.catalog_entries.set(catalog_entries)
    movement = _movement(line, BudgetMovement.Kind.ADJUST, amount, actor, note=_("年初预算"))
    audit(actor=actor, changes=[created(line), created(movement)])
    return line


def _locked(line: BudgetLine) -> BudgetLine:
    return (
        BudgetLine.objects.select_for_update(of=("self",), no_key=True)
        .select_related("org_unit__region")
        .get(pk=line.pk)
    )


@audited()
def budget_line_adjust(
    *, actor, line: BudgetLine, amount, reason: str, expected_version: int | None = None
) -> BudgetLine:
    """Change the budget amount (预算调整). Never below what is already committed."""
    if not can_manage_budget(actor, line.org_unit):
        raise PermissionDenied(_("预算由上级财政部门调整；购买主体可以申请调整。"))
    if not reason.strip():
        raise DomainError(
            "reason_required", _("请填写调整原因。"), fields={"reason": [_("必填。")]}
        )
    new_amount = _money(amount, "amount")
    line = _locked(line)
    if expected_version is not None and expected_version != line.version:
        raise DomainError("stale", _("该预算已被他人修改，请刷新后重试。"), status=409)
    committed = line.reserved + line.spent
    if new_amount < committed:
        raise DomainError(
            "budget_below_commitments",
            _("调整后的预算 %(new)s 元低于已预留和已支付合计 %(committed)s 元。")
            % {"new": format_yuan(new_amount), "committed": format_yuan(committed)},
            fields={"amount": [_("不能低于 %(c)s 元。") % {"c": format_yuan(committed)}]},
        )
    before = snapshot(line)
    delta = new_amount - line.amount
    line.amount, line.version = new_amount, line.version + 1
    line.save(update_fields=["amount", "version"])
    movement = _movement(line, BudgetMovement.Kind.ADJUST, delta, actor, note=reason.strip())
    audit(actor=actor, changes=[updated(line, before), created(movement)])
    return line


def budget_reserve(*, actor, line: BudgetLine, amount: Decimal, reference: str) -> BudgetLine:
    """Hold ``amount`` for an approved project; ``budget_insufficient`` says how much is missing."""
    line = _locked(line)
    if amount > line.available:
        missing = amount - line.available
        message = _(
            "预算不足：“%(name)s”可用 %(available)s 元，需要 %(amount)s 元，还差 %(missing)s 元。"
        ) % {
            "name": line.name,
            "available": format_yuan(line.available),
            "amount": format_yuan(amount),
            "missing": format_yuan(missing),
        }
        raise DomainError("budget_insufficient", message, fields={"budget_line": [message]})
    return _apply(actor, line, BudgetMovement.Kind.RESERVE, amount, reference, reserved=amount)


def budget_release(*, actor, line: BudgetLine, amount: Decimal, reference: str) -> BudgetLine:
    """Give back a reservation that will not be spent (project withdrawn or terminated)."""
    line = _locked(line)
    if amount > line.reserved:
        raise DomainError("release_exceeds_reserved", _("释放金额超过已预留金额。"))
    return _apply(actor, line, BudgetMovement.Kind.RELEASE, amount, reference, reserved=-amount)


def budget_consume(*, actor, line: BudgetLine, amount: Decimal, reference: str) -> BudgetLine:
    """A payment: moves money from reserved to spent."""
    line = _locked(line)
    if amount > line.reserved:
        raise DomainError(
            "payment_exceeds_reserved",
            _("支付金额 %(amount)s 元超过该项目在预算中的预留 %(reserved)s 元。")
            % {"amount": format_yuan(amount), "reserved": format_yuan(line.reserved)},
        )
    return _apply(
        actor, line, BudgetMovement.Kind.CONSUME, amount, reference, reserved=-amount, spent=amount
    )


def _apply(
    actor, line, kind, amount, reference, *, reserved=Decimal(0), spent=Decimal(0)
) -> BudgetLine:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("budget movements must run inside the caller's transaction")
    before = snapshot(line)
    line.reserved += reserved
    line.spent += spent
    try:
        with transaction.atomic():
            line.save(update_fields=["reserved", "spent"])
    except IntegrityError:  # the database constraint caught what the check above did not
        raise DomainError("budget_insufficient", _("预算不足。")) from None
    movement = _movement(line, kind, amount, actor, reference=reference)
    audit(actor=actor, changes=[updated(line, before), created(movement)])
    return line


@audited()
def budget_change_propose(*, actor, line: BudgetLine, amount, reason: str) -> BudgetChangeRequest:
    """The purchaser asks its finance body to set the line to ``amount``."""
    if not can_propose_budget_change(actor, line):
        raise PermissionDenied(_("只有预算单位本身可以申请调整其预算。"))
    errors: dict[str, list[str]] = {}
    if not (reason or "").strip():
        errors["reason"] = [_("必填。")]
    try:
        new_amount = _money(amount, "amount")
    except DomainError as error:
        errors.update(error.fields)
        new_amount = None
    line = _locked(line)
    committed = line.reserved + line.spent
    if new_amount is not None and new_amount < committed:
        errors["amount"] = [
            _("不能低于已预留和已支付合计 %(c)s 元。") % {"c": format_yuan(committed)}
        ]
    if new_amount is not None and new_amount == line.amount:
        errors["amount"] = [_("与现有预算金额相同。")]
    if errors:
        raise DomainError("invalid_budget_change", _("调整申请填写有误。"), fields=errors)
    if line.change_requests.filter(status=BudgetChangeRequest.Status.PENDING).exists():
        raise DomainError(
            "budget_change_pending",
            _("该预算已有待审批的调整申请，请等待财政部门审批。"),
            status=409,
        )
    change = BudgetChangeRequest.objects.create(
        line=line, amount=new_amount, reason=reason.strip()[:200], proposed_by=actor.get_username()
    )
    audit(actor=actor, changes=[created(change)])
    return change


@audited()
def budget_change_decide(
    *, actor, change: BudgetChangeRequest, approve: bool, note: str = ""
) -> BudgetChangeRequest:
    """A finance body above the purchaser approves (the line is adjusted, audited as
    any adjustment) or rejects (a note is required) a pending request."""
    change = BudgetChangeRequest.objects.select_for_update(no_key=True).get(pk=change.pk)
    line = BudgetLine.objects.select_related("org_unit__region").get(pk=change.line_id)
    if not can_manage_budget(actor, line.org_unit):
        raise PermissionDenied(_("只有上级财政部门可以审批预算调整申请。"))
    if change.status != BudgetChangeRequest.Status.PENDING:
        raise DomainError("budget_change_decided", _("该申请已审批。"), status=409)
    note = (note or "").strip()
    if not approve and not note:
        message = _("驳回须填写审批意见。")
        raise DomainError("note_required", message, fields={"note": [message]})
    if approve:
        budget_line_adjust(
            actor=actor,
            line=line,
            amount=change.amount,
            reason=_("%(reason)s（%(who)s申请）")
            % {"reason": change.reason, "who": change.proposed_by},
        )
    before = snapshot(change)
    change.status = (
        BudgetChangeRequest.Status.APPROVED if approve else BudgetChangeRequest.Status.REJECTED
    )
    change.decided_by, change.decision_note = actor.get_username(), note[:200]
    change.decided_at = timezone.now()
    change.save()
    audit(actor=actor, changes=[updated(change, before)])
    return change

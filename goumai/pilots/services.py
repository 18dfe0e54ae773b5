"""Writes of the pilot call: the province opens and closes it; a county drafts, submits
and withdraws its application before the deadline, and nothing after it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.accounts.models import OrgUnit
from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.core.dates import stamp
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.roles import Sector
from goumai.core.rounding import money
from goumai.documents.services import attach
from goumai.pilots.models import Application, PilotCall
from goumai.regions.models import Region

APPLICANTS = {OrgUnit.Kind.COUNTY_GOVERNMENT, OrgUnit.Kind.COUNTY_FINANCE}


def is_call_owner(actor) -> bool:
    unit = getattr(actor, "org_unit", None)
    return unit is not None and unit.is_active and unit.kind == OrgUnit.Kind.FINANCE_DEPARTMENT


def _owner(actor) -> None:
    if not is_call_owner(actor):
        raise PermissionDenied(_("试点申报由省财政厅发布和关闭。"))


@audited()
def call_create(*, actor, title: str, closes_at: datetime) -> PilotCall:
    _owner(actor)
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("必填。")]
    if closes_at <= timezone.now():
        errors["closes_at"] = [_("截止时间须晚于现在。")]
    if errors:
        raise DomainError("invalid_call", _("试点申报填写有误。"), fields=errors)
    call = PilotCall.objects.create(title=title[:100], closes_at=closes_at)
    audit(actor=actor, changes=[created(call)])
    return call


@audited()
def call_set_open(*, actor, call: PilotCall, is_open: bool) -> PilotCall:
    _owner(actor)
    call = PilotCall.objects.select_for_update(no_key=True).get(pk=call.pk)
    before = snapshot(call)
    call.is_open = is_open
    call.save(update_fields=["is_open"])
    audit(actor=actor, changes=[updated(call, before)])
    return call


def _accepting(call: PilotCall) -> datetime:
    """Now, if the call takes applications; else a ``DomainError`` with the time."""
    now = timezone.now()
    if not call.is_open:
        raise DomainError("call_not_open", _("该试点申报尚未发布或已关闭。"), status=409)
    if now >= call.closes_at:
        raise DomainError(
            "call_closed",
            _("申报已于 %(deadline)s 截止（现在是 %(now)s），不能再修改。")
            % {
                "deadline": stamp(call.closes_at),
                "now": stamp(now),
            },
            status=409,
        )
    return now


def _applicant_county(actor) -> Region:
    unit = getattr(actor, "org_unit", None)
    if unit is None or not unit.is_active or unit.kind not in APPLICANTS:
        raise PermissionDenied(_("试点由县级人民政府或县级财政局申报。"))
    return unit.region


@audited()
def application_save(
    *,
    actor,
    call: PilotCall,
    sectors: list[str],
    townships: list[Region],
    goals: str,
    current_spending,
) -> Application:
    """Create or update the county's draft (a submitted one goes back to being edited
    only by withdrawing it)."""
    county = _applicant_county(actor)
    call = PilotCall.objects.get(pk=call.pk)  # its state now, not as the caller read it
    _accepting(call)
    errors: dict[str, list[str]] = {}
    unknown = [s for s in sectors if s not in Sector.values]
    if unknown:
        errors["sectors"] = [_("未知的领域：%(s)s。") % {"s": "、".join(unknown)}]
    outside = [t.name for t in townships if t.parent_id != county.pk]
    if outside:
        errors["township_ids"] = [_("不是本县的乡镇：%(n)s。") % {"n": "、".join(outside)}]
    try:
        spending = money(Decimal(str(current_spending)))
        if spending < 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["current_spending"] = [_("请填写不小于 0 的金额（元）。")]
        spending = Decimal(0)
    if errors:
        raise DomainError("invalid_application", _("申报书填写有误。"), fields=errors)
    application = (
        Application.objects.select_for_update(no_key=True).filter(call=call, county=county).first()
    )
    if application is not None and application.status == Application.Status.SUBMITTED:
        raise DomainError(
            "already_submitted", _("申报书已提交：如需修改，请先撤回（截止前）。"), status=409
        )
    if application is None:
        application = Application(call=call, county=county)
        before = None
    else:
        before = snapshot(application)
    application.status = Application.Status.DRAFT
    application.sectors = sorted(set(sectors))
    application.goals = (goals or "").strip()
    application.current_spending = spending
    application.save()
    application.townships.set(townships)
    change = created(application) if before is None else updated(application, before)
    audit(actor=actor, changes=[change])
    return application


@audited()
def application_submit(*, actor, application: Application) -> Application:
    county = _applicant_county(actor)
    application = Application.objects.select_for_update(no_key=True).get(pk=application.pk)
    if application.county_id != county.pk:
        raise PermissionDenied(_("只能提交本县的申报书。"))
    now = _accepting(application.call)
    errors: dict[str, list[str]] = {}
    if not application.sectors:
        errors["sectors"] = [_("至少选择一个试点领域。")]
    if not application.townships.exists():
        errors["township_ids"] = [_("至少选择一个目标乡镇。")]
    if not application.goals:
        errors["goals"] = [_("必填。")]
    if errors:
        raise DomainError("incomplete_application", _("申报书不完整，不能提交。"), fields=errors)
    if application.status == Application.Status.SUBMITTED:
        raise DomainError("already_submitted", _("申报书已提交。"), status=409)
    before = snapshot(application)
    application.status, application.submitted_at = Application.Status.SUBMITTED, now
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    audit(actor=actor, changes=[updated(application, before)])
    return application


@audited()
def application_withdraw(*, actor, application: Application) -> Application:
    """Back to a draft the county may edit and submit again — before the deadline."""
    county = _applicant_county(actor)
    application = Application.objects.select_for_update(no_key=True).get(pk=application.pk)
    if application.county_id != county.pk:
        raise PermissionDenied(_("只能撤回本县的申报书。"))
    _accepting(application.call)
    if application.status != Application.Status.SUBMITTED:
        raise DomainError("not_submitted", _("只有已提交的申报书可以撤回。"), status=409)
    before = snapshot(application)
    application.status = Application.Status.DRAFT
    application.save(update_fields=["status", "updated_at"])
    audit(actor=actor, changes=[updated(application, before)])
    return application


@audited()
def application_attach(*, actor, application: Application, upload):
    """A file for the county's own draft, before the deadline (材料附件)."""
    county = _applicant_county(actor)
    application = Application.objects.select_for_update(no_key=True).get(pk=application.pk)
    if application.county_id != county.pk:
        raise PermissionDenied(_("只能为本县的申报书上传附件。"))
    _accepting(PilotCall.objects.get(pk=application.call_id))
    if application.status != Application.Status.DRAFT:
        raise DomainError(
            "application_submitted", _("申报书已提交，撤回后才能修改附件。"), status=409
        )
    return attach(actor=actor, owner=application, upload=upload)

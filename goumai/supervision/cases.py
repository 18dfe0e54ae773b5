"""典型案例: an official writes a case of a place in its jurisdiction and submits it;
the province (省财政厅) publishes it or returns it with a reason; published cases are
public. Drafts are seen by the jurisdiction they belong to, like any tenant data."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.jurisdiction import Jurisdiction, scope
from goumai.core.roles import Sector
from goumai.regions.models import Region
from goumai.supervision.assessing import may_manage
from goumai.supervision.models import GoodCase

EDITABLE = (GoodCase.Status.DRAFT, GoodCase.Status.RETURNED)


def case_list(*, actor) -> QuerySet[GoodCase]:
    """Cases of places in the actor's jurisdiction (its sector's, for a sector
    department), in every state; the province sees every case."""
    return scope(
        GoodCase.objects.select_related("region", "author_unit"),
        actor,
        path_field="region__path",
        sector_field="sector",
    )


def case_get(*, actor, case_id: int) -> GoodCase:
    found = case_list(actor=actor).filter(pk=case_id).first()
    if found is None:
        raise NotFound()
    return found


def published_cases() -> QuerySet[GoodCase]:
    return GoodCase.objects.filter(status=GoodCase.Status.PUBLISHED).select_related("region")


def may_edit(actor, case: GoodCase) -> bool:
    unit = getattr(actor, "org_unit", None)
    return unit is not None and case.author_unit_id == unit.pk and case.status in EDITABLE


@audited()
def case_save(
    *,
    actor,
    case: GoodCase | None = None,
    region: Region | None,
    sector: str | None,
    title: str,
    summary: str,
    body: str,
) -> GoodCase:
    """A new draft, or the author unit's draft (or returned case) changed."""
    unit = getattr(actor, "org_unit", None)
    jurisdiction = Jurisdiction.of(actor)
    if unit is None or jurisdiction.is_empty:
        raise PermissionDenied(_("只有各级单位可以报送典型案例。"))
    if case is not None:
        case = GoodCase.objects.select_for_update(no_key=True).get(pk=case.pk)
    if case is not None and not may_edit(actor, case):
        raise DomainError("case_locked", _("该案例已提交或发布，不能再修改。"), status=409)
    values = {"title": (title or "").strip(), "summary": (summary or "").strip()}
    values["body"] = (body or "").strip()
    errors = {name: [_("必填。")] for name, value in values.items() if not value}
    if region is None or not jurisdiction.covers(region.path, sector or None):
        errors["region"] = [_("请选择本单位管辖范围内的地区。")]
    sector = sector or jurisdiction.sector or None
    if sector is not None and sector not in Sector.values:
        errors["sector"] = [_("请选择领域。")]
    if errors:
        raise DomainError("invalid_case", _("典型案例填写有误。"), fields=errors)
    fields = {
        "region": region,
        "sector": sector,
        "title": values["title"][:100],
        "summary": values["summary"][:300],
        "body": values["body"],
    }
    if case is None:
        case = GoodCase.objects.create(
            author_unit=unit, author_label=actor.get_username(), **fields
        )
        audit(actor=actor, changes=[created(case)])
        return case
    before = snapshot(case)
    for name, value in fields.items():
        setattr(case, name, value)
    case.save()
    audit(actor=actor, changes=[updated(case, before)])
    return case


@audited()
def case_submit(*, actor, case: GoodCase) -> GoodCase:
    case = GoodCase.objects.select_for_update(no_key=True).get(pk=case.pk)
    if not may_edit(actor, case):
        raise DomainError("case_locked", _("只有报送单位可以提交草稿或退回的案例。"), status=409)
    before = snapshot(case)
    case.status = GoodCase.Status.SUBMITTED
    case.save(update_fields=["status", "updated_at"])
    audit(actor=actor, changes=[updated(case, before)])
    return case


@audited()
def case_review(*, actor, case: GoodCase, publish: bool, note: str = "") -> GoodCase:
    """The province publishes a submitted case, or returns it with a reason."""
    if not may_manage(actor):
        raise PermissionDenied(_("典型案例由省财政厅审核发布。"))
    case = GoodCase.objects.select_for_update(no_key=True).get(pk=case.pk)
    if case.status != GoodCase.Status.SUBMITTED:
        raise DomainError("not_submitted", _("只审核已提交的案例。"), status=409)
    note = (note or "").strip()
    if not publish and not note:
        raise DomainError(
            "note_required", _("退回须说明理由。"), fields={"note": [_("退回须说明理由。")]}
        )
    before = snapshot(case)
    case.status = GoodCase.Status.PUBLISHED if publish else GoodCase.Status.RETURNED
    case.review_note, case.reviewed_by = note[:300], actor.get_username()
    if publish:
        case.published_at = timezone.now()
    case.save()
    audit(actor=actor, changes=[updated(case, before)])
    return case

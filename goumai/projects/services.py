"""Writes to purchase projects. Each transition is checked against
``projects/lifecycle.py``, runs its gate, is audited, and leaves nothing behind
when it fails."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from goumai.accounts.models import OrgUnit
from goumai.accounts.selectors import unit_users
from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.budgets.models import BudgetLine
from goumai.budgets.services import PURCHASER_KINDS, budget_release, budget_reserve
from goumai.catalog.models import CountyCatalogEntry
from goumai.catalog.negative_list import screen
from goumai.catalog.services import ensure_entry_usable
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.money import amount_error, to_money
from goumai.core.roles import Perm, Role, has_perm
from goumai.notifications.models import Kind
from goumai.notifications.services import notify
from goumai.projects import lifecycle
from goumai.projects.models import ProcurementMethod, Project, ProjectEvent
from goumai.regions.models import Region, ServiceArea
from goumai.regions.selectors import county_of

TEXT_FIELDS = ("content", "standards", "requirements", "beneficiaries", "evaluation_standards")


def _label(actor) -> str:
    return actor.get_username() if actor is not None and actor.is_authenticated else "system"


def screen_title(title: str, purchaser: OrgUnit):
    """The negative-list screen for a project title. The purchaser's own place names
    are left out first: 新建街道 buys services too, and its name is no works project."""
    codes = [code for code in purchaser.region.path.split("/") if code]
    for name in Region.objects.filter(code__in=codes).values_list("name", flat=True):
        title = title.replace(name, "")
    return screen(title)


def _validate(
    *,
    purchaser: OrgUnit,
    title: str,
    content: str,
    budget_amount,
    catalog_entry,
    budget_line,
    service_areas,
    planned_method: str,
    fiscal_year: int,
    planned_people: int | None = None,
) -> tuple[Decimal, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    amount = Decimal(0)
    if not title.strip() or len(title) > 200:
        errors["title"] = [_("项目名称不能为空，且不超过 200 个字。")]
    elif hit := screen_title(title, purchaser):
        errors["title"] = [hit.message.replace("列入政府购买服务目录", "作为政府购买服务项目")]
    if not content.strip():
        errors["content"] = [_("请填写服务内容。")]
    try:
        amount = to_money(budget_amount)
        if amount <= 0:
            raise ValueError
    except ValueError as error:
        errors["budget_amount"] = [
            amount_error(error, _("请填写大于零、最多两位小数的金额（元）。"))
        ]
    if not 2020 <= fiscal_year <= 2100:
        errors["fiscal_year"] = [_("预算年度不正确。")]
    if planned_people is not None and not 0 < planned_people <= 10_000_000:
        errors["planned_people"] = [_("计划服务人数应为 1 至 10000000 之间的整数。")]
    if planned_method and planned_method not in ProcurementMethod.values:
        errors["planned_method"] = [_("采购方式不正确。")]
    county = county_of(purchaser.region)
    if catalog_entry is not None and (county is None or catalog_entry.county_id != county.pk):
        errors["catalog_entry"] = [_("只能选择本县指导目录中的服务事项。")]
    if budget_line is not None and budget_line.org_unit_id != purchaser.pk:
        errors["budget_line"] = [_("只能选择本单位的预算项目。")]
    region = purchaser.region
    if any(area.township_id != region.pk for area in service_areas):
        errors["service_areas"] = [_("只能选择本乡镇的片区。")]
    return amount, errors


@audited()
def project_create(
    *,
    actor,
    purchaser: OrgUnit,
    fiscal_year: int,
    title: str,
    content: str,
    budget_amount,
    catalog_entry: CountyCatalogEntry | None = None,
    budget_line: BudgetLine | None = None,
    service_areas: list[ServiceArea] = (),
    planned_method: str = "",
    planned_people: int | None = None,
    **texts: str,
) -> Project:
    """A new project in 草稿. Catalog item and budget line may still be missing;
    submitting checks them."""
    if not Jurisdiction.of(actor).covers(purchaser.region.path):
        raise NotFound()
    if purchaser.kind not in PURCHASER_KINDS or not (
        actor.is_superuser or actor.org_unit_id == purchaser.pk
    ):
        raise PermissionDenied(_("只有购买主体本单位可以新建项目。"))
    if not has_perm(actor, Perm.RUN_PROJECT):  # of the purchaser's own unit, above
        raise PermissionDenied(_("您没有经办项目的权限。"))
    amount, errors = _validate(
        purchaser=purchaser,
        title=title,
        content=content,
        budget_amount=budget_amount,
        catalog_entry=catalog_entry,
        budget_line=budget_line,
        service_areas=service_areas,
        planned_method=planned_method,
        fiscal_year=fiscal_year,
        planned_people=planned_people,
    )
    if errors:
        raise DomainError("invalid_project", _("项目信息填写有误。"), fields=errors)
    # One purchaser's numbers are handed out one at a time.
    OrgUnit.objects.select_for_update(no_key=True).filter(pk=purchaser.pk).first()
    sequence = Project.objects.filter(purchaser=purchaser, fiscal_year=fiscal_year).count() + 1
    project = Project.objects.create(
        code=f"{fiscal_year}-{purchaser.region.code}-{sequence:04d}",
        title=title.strip(),
        purchaser=purchaser,
        fiscal_year=fiscal_year,
        catalog_entry=catalog_entry,
        budget_line=budget_line,
        budget_amount=amount,
        planned_method=planned_method,
        planned_people=planned_people,
        content=content.strip(),
        scope_path=purchaser.region.path,
        sector=catalog_entry.item.sector if catalog_entry else None,
        **{field: (texts.get(field) or "").strip() for field in TEXT_FIELDS if field != "content"},
    )
    project.service_areas.set(service_areas)
    ProjectEvent.objects.create(
        project=project,
        action="create",
        from_status="",
        to_status=project.status,
        actor_label=_label(actor),
    )
    audit(actor=actor, changes=[created(project)])
    return project


def _locked(project: Project, expected_version: int | None) -> Project:
    fresh = (
        Project.objects.select_for_update(of=("self",), no_key=True)
        .select_related("purchaser__region", "catalog_entry__item", "budget_line")
        .get(pk=project.pk)
    )
    if expected_version is not None and expected_version != fresh.version:
        raise DomainError("stale", _("该项目已被他人修改，请刷新后重试。"), status=409)
    return fresh


@audited()
def project_update(
    *,
    actor,
    project: Project,
    expected_version: int | None = None,
    title: str,
    content: str,
    budget_amount,
    catalog_entry: CountyCatalogEntry | None,
    budget_line: BudgetLine | None,
    service_areas: list[ServiceArea] = (),
    planned_method: str = "",
    planned_people: int | None = None,
    **texts: str,
) -> Project:
    project = _locked(project, expected_version)
    if project.status not in lifecycle.EDITABLE:
        raise DomainError("not_editable", _("只有草稿状态的项目可以修改。"), status=409)
    if not lifecycle.is_purchaser(actor, project):
        raise PermissionDenied(_("只有购买主体可以修改项目。"))
    amount, errors = _validate(
        purchaser=project.purchaser,
        title=title,
        content=content,
        budget_amount=budget_amount,
        catalog_entry=catalog_entry,
        budget_line=budget_line,
        service_areas=service_areas,
        planned_method=planned_method,
        fiscal_year=project.fiscal_year,
        planned_people=planned_people,
    )
    if errors:
        raise DomainError("invalid_project", _("项目信息填写有误。"), fields=errors)
    before = snapshot(project)
    project.title, project.content, project.budget_amount = title.strip(), content.strip(), amount
    project.catalog_entry, project.budget_line, project.planned_method = (
        catalog_entry,
        budget_line,
        planned_method,
    )
    project.sector = catalog_entry.item.sector if catalog_entry else None
    project.planned_people = planned_people
    for field in TEXT_FIELDS:
        if field != "content" and field in texts:
            setattr(project, field, (texts[field] or "").strip())
    project.version += 1
    project.save()
    project.service_areas.set(service_areas)
    audit(actor=actor, changes=[updated(project, before)])
    return project


# --- gates ----------------------------------------------------------------------------------


def check_catalog_and_budget(project: Project) -> BudgetLine:
    """The gate before a project may go ahead: a usable item of the purchaser's county
    catalog, not on the negative list, and a budget line of the purchaser for the
    same year that funds that item."""
    county = county_of(project.purchaser.region)
    entry = ensure_entry_usable(entry=project.catalog_entry, county=county)
    if hit := screen(entry.name) or screen_title(project.title, project.purchaser):
        raise DomainError("negative_list", hit.message)
    line = project.budget_line
    if line is None:
        raise DomainError(
            "budget_line_required",
            _("未列入预算的项目不得实施：请选择本单位的预算项目。"),
            fields={"budget_line": [_("必填。")]},
        )
    if line.org_unit_id != project.purchaser_id or line.fiscal_year != project.fiscal_year:
        raise DomainError(
            "budget_line_mismatch",
            _("预算项目必须是本单位 %(year)d 年度的预算。") % {"year": project.fiscal_year},
            fields={"budget_line": [_("不匹配。")]},
        )
    funded = list(line.catalog_entries.values_list("pk", flat=True))
    if funded and entry.pk not in funded:
        raise DomainError(
            "budget_line_not_for_item",
            _("预算项目“%(line)s”的资金不用于“%(item)s”。")
            % {"line": line.name, "item": entry.name},
            fields={"budget_line": [_("该预算不用于所选目录条目。")]},
        )
    return line


# --- transitions ----------------------------------------------------------------------------


@audited()
def project_transition(
    *,
    actor,
    project: Project,
    action: str,
    note: str = "",
    expected_version: int | None = None,
    internal: bool = False,
) -> Project:
    """Fire one lifecycle transition. Raises ``DomainError`` (nothing changes) when the
    status, the actor or a gate does not allow it."""
    project = _locked(project, expected_version)
    transition = lifecycle.check(actor, project, action, internal=internal)
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise DomainError(
            "note_required",
            _("请填写“%(action)s”的说明。") % {"action": transition.label},
            fields={"note": [_("必填。")]},
        )
    before = snapshot(project)
    reference = project.code

    if action == "submit":
        check_catalog_and_budget(project)
    elif action == "approve":
        # (the submitter never approves: approvers are of another unit — lifecycle.check)
        line = check_catalog_and_budget(project)
        budget_reserve(actor=actor, line=line, amount=project.budget_amount, reference=reference)
        project.reserved_amount = project.budget_amount
    lifecycle.check_preconditions(project, action)
    ends = (Project.Status.WITHDRAWN, Project.Status.TERMINATED, Project.Status.CLOSED)
    if transition.target in ends and project.reserved_amount > 0:
        # Whatever was reserved and not paid goes back to the budget line.
        budget_release(
            actor=actor,
            line=project.budget_line,
            amount=project.reserved_amount,
            reference=reference,
        )
        project.reserved_amount = Decimal("0.00")

    from_status = project.status
    project.status, project.status_note = transition.target, note[:300]
    project.version += 1
    project.save()
    ProjectEvent.objects.create(
        project=project,
        action=action,
        from_status=from_status,
        to_status=project.status,
        note=note[:300],
        actor_label=_label(actor),
    )
    audit(actor=actor, changes=[updated(project, before)])
    _tell(project, action, note)
    return project


def _tell(project: Project, action: str, note: str) -> None:
    """The approvers hear of a submission; the purchaser's clerks of the decision."""
    link = f"/projects/{project.pk}/"
    if action == "submit":
        notify(
            users=lifecycle.approvers_for(project),
            kind=Kind.APPROVAL_WAITING,
            key=f"approval_waiting:{project.pk}:{project.version}",
            title=f"待审核：{project.title}",
            body=f"{project.purchaser.name}提交了购买项目“{project.title}”（{project.code}），请审核。",
            link=link,
        )
    elif action in ("approve", "return"):
        clerks = unit_users(project.purchaser_id, Role.CLERK)
        verdict = "已批准" if action == "approve" else f"被退回修改：{note}"
        notify(
            users=clerks,
            kind=Kind.APPROVAL_RESULT,
            key=f"approval_result:{project.pk}:{project.version}",
            title=f"项目{'已批准' if action == 'approve' else '被退回'}：{project.title}",
            body=f"购买项目“{project.title}”（{project.code}）{verdict}",
            link=link,
        )

"""Writes to the guidance catalogs.

The province (财政厅) keeps the provincial catalog: it adds level-3 services and
4th-level refinements, and retires items; a sector department may add 4th-level
items in its own sector. A county derives its catalog by adopting provincial items
and adding local 4th-level items under adopted level-3 ones — never higher levels.
Nothing on the national negative list enters either catalog, and every
purchasable item records why it is a service.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.accounts.models import OrgUnit
from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.catalog.models import CatalogItem, CountyCatalogEntry, PurchaseLevel
from goumai.catalog.negative_list import screen
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.roles import Perm, has_perm
from goumai.regions.models import Region

# Provincial 4th-level codes use 01–50; a county's local ones 51–99, so they never collide.
LOCAL_CODE_START = 51


# --- who may edit ---------------------------------------------------------------------


def can_edit_provincial_item(actor, *, level: int, sector: str | None) -> bool:
    if not has_perm(actor, Perm.EDIT_CATALOG):
        return False
    if actor.is_superuser:
        return True
    if actor.org_unit is None:  # a provider's account
        return False
    kind = actor.org_unit.kind
    if kind == OrgUnit.Kind.FINANCE_DEPARTMENT:
        return True
    return kind == OrgUnit.Kind.SECTOR_DEPARTMENT and level == 4 and sector == actor.org_unit.sector


def can_edit_county_catalog(actor, county: Region) -> bool:
    if not has_perm(actor, Perm.EDIT_CATALOG):
        return False
    if actor.is_superuser:
        return True
    org = actor.org_unit
    if org is None:
        return False
    county_bodies = {OrgUnit.Kind.COUNTY_GOVERNMENT, OrgUnit.Kind.COUNTY_FINANCE}
    return org.kind in county_bodies and org.region_id == county.pk


# --- validation -------------------------------------------------------------------------


def validate_service_fields(
    *, name: str, purchase_level: str, service_rationale: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    name = name.strip()
    if not name or len(name) > 100:
        errors["name"] = [_("名称不能为空，且不超过 100 个字。")]
    elif hit := screen(name):
        errors["name"] = [hit.message]
    if purchase_level not in PurchaseLevel.values:
        errors["purchase_level"] = [_("请选择购买层级（乡镇、县级部门或省市部门）。")]
    if len(service_rationale.strip()) < 10:
        errors["service_rationale"] = [
            _("请说明该事项属于服务、不属于负面清单的理由（至少 10 个字）。")
        ]
    return errors


def _check_service_fields(*, name: str, purchase_level: str, service_rationale: str) -> None:
    errors = validate_service_fields(
        name=name, purchase_level=purchase_level, service_rationale=service_rationale
    )
    if screen(name.strip()):
        raise DomainError("negative_list", _("该事项属于负面清单，不得列入目录。"), fields=errors)
    if errors:
        raise DomainError("invalid_catalog_item", _("目录条目填写有误。"), fields=errors)


# --- provincial catalog -------------------------------------------------------------------


def _next_code(parent: CatalogItem, *, start: int = 1, stop: int = 99, taken=()) -> str:
    siblings = {
        c[-2:] for c in CatalogItem.objects.filter(parent=parent).values_list("code", flat=True)
    }
    siblings |= {c[-2:] for c in taken}
    for n in range(start, stop + 1):
        if f"{n:02d}" not in siblings:
            return f"{parent.code}{n:02d}"
    raise DomainError("catalog_full", _("该类别下的编码已用完。"))


def _refuse_same_name(same: CatalogItem | CountyCatalogEntry | None) -> None:
    """A second item of the same name under one parent is refused, naming the first."""
    if same is not None:
        message = _("该上级条目下已有同名条目“%(name)s”（编码 %(code)s）；修改它请填写其编码。") % {
            "name": same.name,
            "code": same.code,
        }
        raise DomainError("duplicate_name", message, fields={"name": [message]})


@audited()
def catalog_item_create(
    *,
    actor,
    parent: CatalogItem,
    name: str,
    content: str,
    purchase_level: str,
    service_rationale: str,
    sector: str | None = None,
) -> CatalogItem:
    """Add a level-3 service under a level-2 category, or a 4th-level item under a
    level-3 service. The central levels 1–2 are fixed."""
    level = parent.level + 1
    if level not in (3, 4):
        raise DomainError(
            "catalog_level_fixed",
            _("第一、二级类别由国家目录确定，只能在第二级之下增加第三级、第四级条目。"),
        )
    if parent.is_retired:
        raise DomainError("catalog_item_retired", _("上级条目已停用，不能在其下增加条目。"))
    sector = parent.sector if level == 4 else sector
    if not can_edit_provincial_item(actor, level=level, sector=sector):
        raise PermissionDenied(_("您没有维护省级指导目录的权限。"))
    _check_service_fields(
        name=name, purchase_level=purchase_level, service_rationale=service_rationale
    )
    parent = CatalogItem.objects.select_for_update(no_key=True).get(
        pk=parent.pk
    )  # one code per sibling
    siblings = CatalogItem.objects.filter(parent=parent, is_retired=False)
    _refuse_same_name(siblings.filter(name=name.strip()).first())
    code = _next_code(parent, stop=50 if level == 4 else 99)
    item = CatalogItem.objects.create(
        code=code,
        name=name.strip(),
        level=level,
        parent=parent,
        path=f"{parent.path}{code}/",
        nature=parent.nature,
        sector=sector,
        content=content.strip(),
        purchase_level=purchase_level,
        service_rationale=service_rationale.strip(),
    )
    audit(actor=actor, changes=[created(item)])
    return item


@audited()
def catalog_item_update(
    *,
    actor,
    item: CatalogItem,
    name: str,
    content: str,
    purchase_level: str,
    service_rationale: str,
) -> CatalogItem:
    if item.level < 3:
        raise DomainError("catalog_level_fixed", _("第一、二级类别由国家目录确定，不能修改。"))
    if not can_edit_provincial_item(actor, level=item.level, sector=item.sector):
        raise PermissionDenied(_("您没有维护省级指导目录的权限。"))
    _check_service_fields(
        name=name, purchase_level=purchase_level, service_rationale=service_rationale
    )
    item = CatalogItem.objects.select_for_update(no_key=True).get(pk=item.pk)
    siblings = CatalogItem.objects.filter(parent_id=item.parent_id, is_retired=False)
    _refuse_same_name(siblings.exclude(pk=item.pk).filter(name=name.strip()).first())
    before = snapshot(item)
    item.name, item.content = name.strip(), content.strip()
    item.purchase_level, item.service_rationale = purchase_level, service_rationale.strip()
    item.save()
    audit(actor=actor, changes=[updated(item, before)])
    return item


@audited()
def catalog_item_retire(*, actor, item: CatalogItem, reason: str) -> int:
    """Retire an item and everything under it; flag the county entries that use
    them so no new project starts there. Returns how many county entries were flagged."""
    if not can_edit_provincial_item(actor, level=max(item.level, 3), sector=None):
        raise PermissionDenied(_("只有省财政厅可以停用省级目录条目。"))
    if not reason.strip():
        raise DomainError(
            "reason_required", _("请填写停用原因。"), fields={"reason": [_("必填。")]}
        )
    now = timezone.now()
    changes = []
    for node in CatalogItem.objects.select_for_update(no_key=True).filter(
        path__startswith=item.path, is_retired=False
    ):
        before = snapshot(node)
        node.is_retired, node.retired_reason, node.retired_at = True, reason.strip()[:200], now
        node.save(update_fields=["is_retired", "retired_reason", "retired_at"])
        changes.append(updated(node, before))
    entries = (
        CountyCatalogEntry.objects.select_for_update(no_key=True)
        .select_related("county", "item")
        .filter(item__path__startswith=item.path, flagged_at__isnull=True)
    )
    for entry in entries:
        before = snapshot(entry)
        entry.flagged_at = now
        entry.flag_reason = _("省级条目“%(name)s”已停用：%(reason)s") % {
            "name": item.name,
            "reason": reason.strip(),
        }
        entry.flag_reason = entry.flag_reason[:200]
        entry.save(update_fields=["flagged_at", "flag_reason"])
        changes.append(updated(entry, before))
    audit(actor=actor, changes=changes)
    return sum(1 for c in changes if isinstance(c.instance, CountyCatalogEntry))


# --- county catalogs ---------------------------------------------------------------------------


def _check_county(actor, county: Region) -> None:
    if county.level != Region.Level.COUNTY:
        raise DomainError("not_a_county", _("县级目录只能由县（市、区）编制。"))
    if not Jurisdiction.of(actor).covers(county.path):
        raise NotFound()
    if not can_edit_county_catalog(actor, county):
        raise PermissionDenied(_("只有本县（市、区）政府或财政局可以编制县级目录。"))


@audited()
def county_entry_adopt(
    *, actor, county: Region, item: CatalogItem, purchase_level: str | None = None
) -> CountyCatalogEntry:
    """Put a provincial level-3 or 4th-level service into the county's catalog."""
    _check_county(actor, county)
    if item.level < 3:
        raise DomainError("not_purchasable", _("只能采用第三级或第四级服务事项，不能采用类别。"))
    if item.is_retired:
        raise DomainError(
            "catalog_item_retired", _("省级条目“%(name)s”已停用，不能采用。") % {"name": item.name}
        )
    level = purchase_level or item.purchase_level
    if level not in PurchaseLevel.values:
        raise DomainError(
            "invalid_catalog_item",
            _("购买层级不正确。"),
            fields={"purchase_level": [_("请选择。")]},
        )
    existing = (
        CountyCatalogEntry.objects.select_for_update(no_key=True)
        .filter(county=county, item=item, local_code="")
        .first()
    )
    if existing is not None and existing.is_active:
        raise DomainError("already_adopted", _("“%(name)s”已在本县目录中。") % {"name": item.name})
    if existing is not None:
        before = snapshot(existing)
        existing.is_active, existing.purchase_level = True, level
        existing.save(update_fields=["is_active", "purchase_level"])
        audit(actor=actor, changes=[updated(existing, before)])
        return existing
    entry = CountyCatalogEntry.objects.create(
        county=county,
        item=item,
        content=item.content,
        purchase_level=level,
        service_rationale=item.service_rationale,
    )
    audit(actor=actor, changes=[created(entry)])
    return entry


@audited()
def county_entry_add_local(
    *,
    actor,
    county: Region,
    parent_item: CatalogItem,
    name: str,
    content: str,
    purchase_level: str,
    service_rationale: str,
) -> CountyCatalogEntry:
    """Add a local 4th-level service under a level-3 service the county has adopted."""
    _check_county(actor, county)
    if parent_item.level != 3:
        raise DomainError("local_item_level", _("县级只能在第三级服务事项之下增加第四级条目。"))
    adopted = CountyCatalogEntry.objects.filter(
        county=county, item=parent_item, local_code="", is_active=True
    ).exists()
    if not adopted:
        raise DomainError(
            "parent_not_adopted",
            _("请先将上级条目“%(name)s”纳入本县目录。") % {"name": parent_item.name},
        )
    if parent_item.is_retired:
        raise DomainError("catalog_item_retired", _("上级条目已停用。"))
    _check_service_fields(
        name=name, purchase_level=purchase_level, service_rationale=service_rationale
    )
    taken = (
        CountyCatalogEntry.objects.select_for_update(no_key=True)
        .filter(county=county, item=parent_item)
        .exclude(local_code="")
    )
    _refuse_same_name(taken.filter(is_active=True, local_name=name.strip()).first())
    code = _next_code(
        parent_item, start=LOCAL_CODE_START, taken=list(taken.values_list("local_code", flat=True))
    )
    entry = CountyCatalogEntry.objects.create(
        county=county,
        item=parent_item,
        local_code=code,
        local_name=name.strip(),
        content=content.strip(),
        purchase_level=purchase_level,
        service_rationale=service_rationale.strip(),
    )
    audit(actor=actor, changes=[created(entry)])
    return entry


@audited()
def county_entry_update(
    *,
    actor,
    entry: CountyCatalogEntry,
    name: str = "",
    content: str = "",
    purchase_level: str = "",
    service_rationale: str = "",
) -> CountyCatalogEntry:
    """Change an entry of the county's catalog; a blank value keeps the current one.

    An adopted provincial item keeps the province's name; its content, purchase level
    and rationale may be the county's own. A local item may change all four. Nothing
    changed: nothing written, nothing audited (an exported row read back).
    """
    _check_county(actor, entry.county)
    entry = (
        CountyCatalogEntry.objects.select_for_update(no_key=True)
        .select_related("item")
        .get(pk=entry.pk)
    )
    if name.strip() and not entry.is_local and name.strip() != entry.item.name:
        message = _("“%(name)s”是省级条目，名称只能由省级修改。") % {"name": entry.item.name}
        raise DomainError("provincial_name_fixed", message, fields={"name": [message]})
    before = snapshot(entry)
    entry.content = content.strip() or entry.content
    entry.purchase_level = purchase_level or entry.purchase_level
    entry.service_rationale = service_rationale.strip() or entry.service_rationale
    if entry.is_local:
        entry.local_name = name.strip() or entry.local_name
        _check_service_fields(
            name=entry.local_name,
            purchase_level=entry.purchase_level,
            service_rationale=entry.service_rationale,
        )
        others = CountyCatalogEntry.objects.filter(
            county=entry.county, item=entry.item, is_active=True
        ).exclude(local_code="")
        _refuse_same_name(others.exclude(pk=entry.pk).filter(local_name=entry.local_name).first())
    elif entry.purchase_level not in PurchaseLevel.values:
        raise DomainError("invalid_catalog_item", _("购买层级不正确。"))
    change = updated(entry, before)
    if change is not None:
        entry.save()
        audit(actor=actor, changes=[change])
    return entry


@audited()
def county_entry_remove(*, actor, entry: CountyCatalogEntry) -> CountyCatalogEntry:
    """Take an entry out of the county's catalog (kept, inactive: projects may refer to it)."""
    _check_county(actor, entry.county)
    entry = CountyCatalogEntry.objects.select_for_update(no_key=True).get(pk=entry.pk)
    before = snapshot(entry)
    entry.is_active = False
    entry.save(update_fields=["is_active"])
    audit(actor=actor, changes=[updated(entry, before)])
    return entry


def ensure_entry_usable(*, entry: CountyCatalogEntry | None, county: Region) -> CountyCatalogEntry:
    """The catalog gate for a new purchase: the entry must be in this county's
    catalog, active, and not under a retired provincial item."""
    if entry is None:
        raise DomainError("catalog_item_required", _("请选择本县目录中的服务事项。"))
    if entry.county_id != county.pk or not entry.is_active:
        raise DomainError(
            "not_in_county_catalog", _("“%(name)s”不在本县指导目录中。") % {"name": entry.name}
        )
    if entry.flagged_at is not None or entry.item.is_retired:
        raise DomainError(
            "catalog_item_retired",
            _("“%(name)s”对应的省级目录条目已停用，不能新建项目。") % {"name": entry.name},
        )
    return entry

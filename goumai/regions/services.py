"""Writes to the map: officials keep each township's attributes up to date."""

from __future__ import annotations

from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, created, deleted, snapshot, updated
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.roles import Perm, has_perm
from goumai.core.spreadsheets import FORMULA_STARTS
from goumai.regions.models import Region, ServiceArea

MAX_SERVICE_AREAS = 30


def may_edit_townships(actor) -> bool:
    """May keep the attributes of some township (the file's rows say which)."""
    if not has_perm(actor, Perm.EDIT_TOWNSHIP_PROFILE):
        return False
    jurisdiction = Jurisdiction.of(actor)
    return not jurisdiction.is_empty and jurisdiction.sector is None


def can_edit_township(actor, township: Region) -> bool:
    """Township, county and 市州 bodies and the finance department keep township
    attributes; sector departments oversee their sector and do not."""
    if not has_perm(actor, Perm.EDIT_TOWNSHIP_PROFILE):
        return False
    jurisdiction = Jurisdiction.of(actor)
    if jurisdiction.sector is not None:  # only sector departments have a sector
        return False
    return jurisdiction.covers(township.path)


def validate_township_profile(
    *, merged_unit_count: int | None, population: int | None, service_areas: list[str]
) -> dict[str, list[str]]:
    """Field errors (in Chinese) for a township's attributes; empty when all is well."""
    errors: dict[str, list[str]] = {}
    if merged_unit_count is not None and not 1 <= merged_unit_count <= 20:
        errors["merged_unit_count"] = [_("合并前单位数应为 1 到 20 之间的整数（未合并填 1）。")]
    if population is not None and not 0 <= population <= 5_000_000:
        errors["population"] = [_("常住人口应为 0 到 5,000,000 之间的整数。")]
    problems = []
    if len(service_areas) > MAX_SERVICE_AREAS:
        problems.append(_("片区最多 %(n)d 个。") % {"n": MAX_SERVICE_AREAS})
    if any(not name or len(name) > 50 for name in service_areas):
        problems.append(_("片区名称不能为空，且不超过 50 个字。"))
    # A leading = + - @ would turn into a formula when the list is exported to Excel.
    if any(name.startswith(FORMULA_STARTS) for name in service_areas):
        problems.append(_("片区名称不能以 = + - @ 开头。"))
    duplicates = sorted({name for name in service_areas if service_areas.count(name) > 1})
    if duplicates:
        problems.append(_("片区名称重复：%(names)s。") % {"names": "、".join(duplicates)})
    if problems:
        errors["service_areas"] = problems
    return errors


@audited()
def township_profile_update(
    *,
    actor,
    township: Region,
    merged_unit_count: int | None,
    population: int | None,
    service_areas: list[str] | None = None,
) -> Region:
    """Set a township's merge count, population and (when given) its service areas.

    Service areas are matched by name: names no longer listed are removed, new ones
    added, order kept. Raises ``DomainError`` with field errors and writes nothing
    when any value is wrong.
    """
    if township.level != Region.Level.TOWNSHIP:
        raise DomainError("not_a_township", _("只有乡镇（街道）才有这些属性。"))
    if not Jurisdiction.of(actor).covers(township.path):
        raise NotFound()
    if not can_edit_township(actor, township):
        raise PermissionDenied(_("您没有维护该乡镇属性的权限。"))
    names = [name.strip() for name in service_areas] if service_areas is not None else []
    errors = validate_township_profile(
        merged_unit_count=merged_unit_count, population=population, service_areas=names
    )
    if errors:
        raise DomainError("invalid_township_profile", _("乡镇属性填写有误。"), fields=errors)

    township = Region.objects.select_for_update(no_key=True).get(pk=township.pk)
    before = snapshot(township)
    township.merged_unit_count = merged_unit_count
    township.population = population
    township.save(update_fields=["merged_unit_count", "population", "updated_at"])
    changes = [updated(township, before)]
    if service_areas is not None:
        changes += _replace_service_areas(township, names)
    audit(actor=actor, changes=changes)
    return township


def _replace_service_areas(township: Region, names: list[str]):
    current = {area.name: area for area in township.service_areas.all()}
    changes = []
    for name, area in current.items():
        if name not in names:
            changes.append(deleted(area))
            area.delete()
    for order, name in enumerate(names):
        area = current.get(name)
        if area is None:
            area = ServiceArea.objects.create(township=township, name=name, sort_order=order)
            changes.append(created(area))
        elif area.sort_order != order:
            before = snapshot(area)
            area.sort_order = order
            area.save(update_fields=["sort_order"])
            changes.append(updated(area, before))
    return changes

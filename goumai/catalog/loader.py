"""Seed the provincial catalog (idempotent): levels 1–2 of the central catalog and
the township services of the four pilot sectors. Items are matched by parent and
name, so reseeding neither duplicates nor overwrites what the province edited."""

from __future__ import annotations

from goumai.audit.services import audit, audited, created
from goumai.catalog.data import LEVELS_1_2, TOWNSHIP_SERVICES
from goumai.catalog.models import CatalogItem


@audited()
def seed_provincial_catalog(*, actor=None) -> int:
    changes = []

    def ensure(parent: CatalogItem | None, position: int, name: str, **fields) -> CatalogItem:
        item = CatalogItem.objects.filter(parent=parent, name=name).first()
        if item is not None:
            return item
        prefix = parent.code if parent else ""
        taken = set(CatalogItem.objects.filter(parent=parent).values_list("code", flat=True))
        n = position
        while f"{prefix}{n:02d}" in taken:
            n += 1
        code = f"{prefix}{n:02d}"
        item = CatalogItem.objects.create(
            code=code,
            name=name,
            parent=parent,
            level=(parent.level + 1) if parent else 1,
            path=f"{parent.path if parent else '/'}{code}/",
            **fields,
        )
        changes.append(created(item))
        return item

    categories = {}
    for i, (name, nature, children) in enumerate(LEVELS_1_2, start=1):
        top = ensure(None, i, name, nature=nature)
        for j, child in enumerate(children, start=1):
            categories.setdefault(child, ensure(top, j, child, nature=nature))
    for k, (category, sector, name, content, level, rationale) in enumerate(
        TOWNSHIP_SERVICES, start=1
    ):
        parent = categories[category]
        ensure(
            parent,
            1 + sum(1 for s in TOWNSHIP_SERVICES[: k - 1] if s[0] == category),
            name,
            nature=parent.nature,
            sector=sector,
            content=content,
            purchase_level=level,
            service_rationale=rationale,
        )
    audit(actor=actor, changes=changes)
    return len(changes)

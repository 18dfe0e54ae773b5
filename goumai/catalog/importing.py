"""Excel import and export of the provincial catalog and of a county catalog.

Each row goes through the same service as a form would, so an import obeys every
rule (negative list, levels, permissions); any bad row rolls the whole file back
and every problem is named by row and column.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from goumai.catalog import selectors, services
from goumai.catalog.models import CatalogItem, PurchaseLevel
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.roles import Sector
from goumai.core.spreadsheets import (
    ImportFailed,
    RowError,
    apply_rows,
    header_index,
    read_table,
    refuse_duplicate_keys,
    workbook_bytes,
)

CODE, PARENT, NAME, LEVEL, SECTOR, CONTENT, PURCHASE, RATIONALE, STATUS = (
    "编码",
    "上级编码",
    "名称",
    "层级",
    "行业",
    "服务内容",
    "购买层级",
    "属于服务的理由",
    "状态",
)
PROVINCIAL_COLUMNS = [CODE, PARENT, NAME, LEVEL, SECTOR, CONTENT, PURCHASE, RATIONALE, STATUS]
COUNTY_COLUMNS = [CODE, PARENT, NAME, CONTENT, PURCHASE, RATIONALE, STATUS]
FIELD_COLUMNS = {
    "name": NAME,
    "purchase_level": PURCHASE,
    "service_rationale": RATIONALE,
    "parent": PARENT,
    "code": CODE,
    "sector": SECTOR,
}
SECTOR_BY_LABEL = {label: value for value, label in Sector.choices}
PURCHASE_BY_LABEL = {label: value for value, label in PurchaseLevel.choices} | {
    "乡镇": "township",
    "街道": "township",
    "县级": "county",
    "县": "county",
    "省市": "department",
    **{value: value for value in PurchaseLevel.values},
}


def _cells(rows, required, optional, ignored=()):
    """The cell reader of a catalog file; refuses it when two rows name the same item
    (the same 编码, or without one the same 名称 under the same 上级编码)."""
    if not rows:
        raise ImportFailed([RowError(1, "", _("文件中没有数据。"))])
    columns = header_index(rows[0], required=required, optional=optional, ignored=ignored)

    def cell(values, column):
        i = columns.get(column)
        return values[i].strip() if i is not None and i < len(values) and values[i] else ""

    keys = [
        cell(v, CODE) or (f"{cell(v, PARENT)}/{cell(v, NAME)}" if cell(v, NAME) else "")
        for v in rows[1:]
    ]
    refuse_duplicate_keys(keys, CODE if CODE in columns else NAME)
    return cell


def _purchase_level(text: str) -> str:
    level = PURCHASE_BY_LABEL.get(text.strip())
    if text and level is None:
        raise DomainError(
            "invalid_catalog_item", "", fields={"purchase_level": [_("应为：乡镇、县级或省市。")]}
        )
    return level or ""


def _catalog_item(actor, code: str, field: str) -> CatalogItem:
    try:
        return selectors.catalog_item_get(actor=actor, code=code)
    except NotFound:
        raise DomainError(
            "not_found", "", fields={field: [_("目录中没有编码“%(c)s”。") % {"c": code[:10]}]}
        ) from None


def provincial_catalog_import(*, actor, upload) -> int:
    """A row with an existing code updates that item; a row without one adds an item
    under its parent code."""
    own_sector = actor.org_unit.sector if getattr(actor, "org_unit", None) else None
    if not services.can_edit_provincial_item(actor, level=4, sector=own_sector):
        raise PermissionDenied(_("您没有维护省级指导目录的权限。"))  # before reading a byte
    rows = read_table(upload)
    cell = _cells(
        rows, [NAME], [CODE, PARENT, SECTOR, CONTENT, PURCHASE, RATIONALE], [LEVEL, STATUS]
    )

    def apply(values):
        code, sector_text = cell(values, CODE), cell(values, SECTOR)
        sector = SECTOR_BY_LABEL.get(sector_text) or None
        if sector_text and sector is None:
            raise DomainError(
                "invalid", "", fields={"sector": [_("应为：民政、教育、农业农村或司法。")]}
            )
        fields = dict(
            name=cell(values, NAME),
            content=cell(values, CONTENT),
            purchase_level=_purchase_level(cell(values, PURCHASE)),
            service_rationale=cell(values, RATIONALE),
        )
        if code:
            item = _catalog_item(actor, code, "code")
            if all(getattr(item, key) == value for key, value in fields.items()):
                return  # unchanged (an exported row read back): nothing to do
            services.catalog_item_update(actor=actor, item=item, **fields)
        else:
            parent = _catalog_item(actor, cell(values, PARENT), "parent")
            services.catalog_item_create(actor=actor, parent=parent, sector=sector, **fields)

    return apply_rows(rows[1:], apply, columns=FIELD_COLUMNS)


def county_catalog_import(*, actor, county, upload) -> int:
    """A row with a provincial code adopts that item (or, adopted already, updates the
    county's entry); a row with a local code updates that local item; a row with a
    parent code and a name adds a local 4th-level item under it. Blank cells keep
    what is there, so the county's own export imports back unchanged."""
    if not services.can_edit_county_catalog(actor, county):
        raise PermissionDenied(_("只有本县（市、区）政府或财政局可以编制县级目录。"))
    rows = read_table(upload)
    cell = _cells(rows, [], [CODE, PARENT, NAME, CONTENT, PURCHASE, RATIONALE], [STATUS])

    def apply(values):
        code, parent_code = cell(values, CODE), cell(values, PARENT)
        level = _purchase_level(cell(values, PURCHASE))
        texts = dict(
            name=cell(values, NAME),
            content=cell(values, CONTENT),
            purchase_level=level,
            service_rationale=cell(values, RATIONALE),
        )
        if code:
            entry = selectors.county_entry_by_code(actor=actor, county=county, code=code)
            if entry is None:
                item = _catalog_item(actor, code, "code")
                services.county_entry_adopt(
                    actor=actor, county=county, item=item, purchase_level=level or None
                )
            else:
                services.county_entry_update(actor=actor, entry=entry, **texts)
        elif parent_code:
            services.county_entry_add_local(
                actor=actor,
                county=county,
                parent_item=_catalog_item(actor, parent_code, "parent"),
                **texts,
            )
        else:
            raise DomainError(
                "invalid",
                "",
                fields={
                    "code": [_("请填写要采用的省级编码，或填写上级编码和名称以增加县级条目。")]
                },
            )

    return apply_rows(rows[1:], apply, columns=FIELD_COLUMNS)


def provincial_catalog_export(*, actor) -> bytes:
    items = selectors.catalog_item_list(actor=actor, include_retired=True)
    rows = (
        [
            i.code,
            i.parent.code if i.parent_id else "",
            i.name,
            i.level,
            i.get_sector_display() if i.sector else "",
            i.content,
            i.get_purchase_level_display() if i.purchase_level else "",
            i.service_rationale,
            _("已停用") if i.is_retired else _("有效"),
        ]
        for i in items
    )
    return workbook_bytes(_("省级指导目录"), PROVINCIAL_COLUMNS, rows)


def county_catalog_export(*, actor, county_code: str) -> bytes:
    entries = selectors.county_catalog(actor=actor, county_code=county_code)
    rows = (
        [
            e.code,
            e.item.code if e.is_local else (e.item.parent.code if e.item.parent_id else ""),
            e.name,
            e.content,
            e.get_purchase_level_display(),
            e.service_rationale,
            _("可用") if e.is_usable else _("省级条目已停用"),
        ]
        for e in entries
    )
    return workbook_bytes(_("县级指导目录"), COUNTY_COLUMNS, rows)

"""The imports that may run in the background: who may start one, what runs, and
where the person goes when it is done. Each runs the app's own all-or-nothing
import function, the same one a short file goes through at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from goumai.catalog import importing as catalog_importing
from goumai.catalog import selectors as catalog_selectors
from goumai.catalog import services as catalog_services
from goumai.providers.importing import providers_import
from goumai.providers.services import may_register
from goumai.regions.importing import township_profiles_import
from goumai.regions.services import may_edit_townships

DONE = "导入成功：共 {n} 行；与现有数据相同的行未作改动。"


@dataclass(frozen=True)
class Kind:
    title: str
    may: Callable[..., bool]  # (actor, **params): checked before a byte is read
    run: Callable[..., int]  # (actor, upload, **params) -> rows imported
    back: str  # the URL name to return to (its arguments: the params)
    columns: str  # what the file's header may hold
    template: str = ""  # the URL name of the export to start from


def _provincial_may(actor) -> bool:
    sector = actor.org_unit.sector if getattr(actor, "org_unit", None) else None
    return catalog_services.can_edit_provincial_item(actor, level=4, sector=sector)


def _county(actor, county_code: str):
    return catalog_selectors.county_of_interest(actor=actor, county_code=county_code)


KINDS: dict[str, Kind] = {
    "townships": Kind(
        title="导入乡镇属性",
        may=may_edit_townships,
        run=lambda actor, upload: township_profiles_import(actor=actor, upload=upload),
        back="imports:townships",
        columns="乡镇代码（必填）、乡镇名称、合并前单位数、常住人口、片区（多个片区用“、”分隔）；"
        "空白单元格表示不修改",
        template="regions:township_export",
    ),
    "providers": Kind(
        title="导入承接主体",
        may=may_register,
        run=lambda actor, upload: providers_import(actor=actor, upload=upload),
        back="providers:list",
        columns="名称、类型、统一社会信用代码（个人填居民身份证号码）、法定代表人、联系电话、"
        "注册地区划代码、行业（用“、”分隔）、从业人员数；已登记且信息相同的行不作改动",
    ),
    "provincial_catalog": Kind(
        title="导入省级指导目录",
        may=_provincial_may,
        run=lambda actor, upload: catalog_importing.provincial_catalog_import(
            actor=actor, upload=upload
        ),
        back="catalog:provincial",
        columns="编码（修改已有条目时填写）、上级编码（新增时填写）、名称、行业、服务内容、"
        "购买层级（乡镇/县级/省市）、属于服务的理由；导出文件的层级、状态两列不导入",
        template="catalog:provincial_export",
    ),
    "county_catalog": Kind(
        title="导入县级指导目录",
        may=lambda actor, county_code: catalog_services.can_edit_county_catalog(
            actor, _county(actor, county_code)
        ),
        run=lambda actor, upload, county_code: catalog_importing.county_catalog_import(
            actor=actor, county=_county(actor, county_code), upload=upload
        ),
        back="catalog:county",
        columns="编码（采用省级条目或修改本县条目时填写）；或上级编码 + 名称 + 购买层级 + "
        "属于服务的理由（增加县级第四级条目）；空白单元格表示不修改",
        template="catalog:county_export",
    ),
}

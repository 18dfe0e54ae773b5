from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from goumai.catalog import selectors, services
from goumai.core.api import ErrorOut, Paging

router = Router(tags=["指导目录"])


class CatalogItemOut(Schema):
    code: str
    name: str
    level: int
    parent_code: str | None
    nature: str
    sector: str | None
    content: str
    purchase_level: str
    service_rationale: str
    is_retired: bool
    retired_reason: str

    @staticmethod
    def resolve_parent_code(item) -> str | None:
        return item.parent.code if item.parent_id else None


class CatalogItemIn(Schema):
    parent_code: str
    name: str
    content: str = ""
    purchase_level: str
    service_rationale: str
    sector: str | None = None


class RetireIn(Schema):
    reason: str


class RetireOut(Schema):
    code: str
    flagged_county_entries: int


class CountyEntryOut(Schema):
    id: int
    county_code: str
    code: str
    name: str
    item_code: str
    is_local: bool
    content: str
    purchase_level: str
    service_rationale: str
    is_active: bool
    is_usable: bool
    flagged_at: datetime | None
    flag_reason: str

    @staticmethod
    def resolve_county_code(entry) -> str:
        return entry.county.code

    @staticmethod
    def resolve_item_code(entry) -> str:
        return entry.item.code


class AdoptIn(Schema):
    item_code: str
    purchase_level: str | None = None


class LocalItemIn(Schema):
    parent_code: str
    name: str
    content: str = ""
    purchase_level: str
    service_rationale: str


@router.get("/catalog/items", response=list[CatalogItemOut], summary="省级指导目录")
@paginate(Paging)
def list_items(
    request,
    level: int | None = None,
    sector: str | None = None,
    parent: str | None = None,
    q: str | None = None,
    include_retired: bool = False,
):
    return selectors.catalog_item_list(
        actor=request.auth,
        level=level,
        sector=sector,
        parent_code=parent,
        search=q,
        include_retired=include_retired,
    )


@router.get(
    "/catalog/items/{code}", response={200: CatalogItemOut, 404: ErrorOut}, summary="目录条目"
)
def get_item(request, code: str):
    return selectors.catalog_item_get(actor=request.auth, code=code)


@router.post(
    "/catalog/items",
    response={201: CatalogItemOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="增加第三级或第四级目录条目",
)
def create_item(request, payload: CatalogItemIn):
    parent = selectors.catalog_item_get(actor=request.auth, code=payload.parent_code)
    item = services.catalog_item_create(
        actor=request.auth,
        parent=parent,
        name=payload.name,
        content=payload.content,
        purchase_level=payload.purchase_level,
        service_rationale=payload.service_rationale,
        sector=payload.sector,
    )
    return Status(201, item)


@router.post(
    "/catalog/items/{code}/retire",
    response={200: RetireOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="停用目录条目（其下条目和采用它的县级条目一并标记）",
)
def retire_item(request, code: str, payload: RetireIn):
    item = selectors.catalog_item_get(actor=request.auth, code=code)
    flagged = services.catalog_item_retire(actor=request.auth, item=item, reason=payload.reason)
    return RetireOut(code=item.code, flagged_county_entries=flagged)


@router.get(
    "/counties/{county_code}/catalog",
    response={200: list[CountyEntryOut], 404: ErrorOut},
    summary="县级指导目录（本县及其乡镇可见）",
)
@paginate(Paging)
def county_catalog(request, county_code: str, usable_only: bool = False):
    return selectors.county_catalog(
        actor=request.auth, county_code=county_code, usable_only=usable_only
    )


@router.post(
    "/counties/{county_code}/catalog",
    response={201: CountyEntryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="将省级条目纳入县级目录",
)
def adopt(request, county_code: str, payload: AdoptIn):
    county = selectors.county_of_interest(actor=request.auth, county_code=county_code)
    item = selectors.catalog_item_get(actor=request.auth, code=payload.item_code)
    entry = services.county_entry_adopt(
        actor=request.auth, county=county, item=item, purchase_level=payload.purchase_level
    )
    return Status(201, entry)


@router.post(
    "/counties/{county_code}/catalog/local",
    response={201: CountyEntryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="在已采用的第三级条目下增加县级第四级条目",
)
def add_local(request, county_code: str, payload: LocalItemIn):
    county = selectors.county_of_interest(actor=request.auth, county_code=county_code)
    parent = selectors.catalog_item_get(actor=request.auth, code=payload.parent_code)
    entry = services.county_entry_add_local(
        actor=request.auth,
        county=county,
        parent_item=parent,
        name=payload.name,
        content=payload.content,
        purchase_level=payload.purchase_level,
        service_rationale=payload.service_rationale,
    )
    return Status(201, entry)


@router.delete(
    "/catalog/county-entries/{entry_id}",
    response={200: CountyEntryOut, 403: ErrorOut, 404: ErrorOut},
    summary="将条目移出县级目录",
)
def remove_entry(request, entry_id: int):
    entry = selectors.county_entry_get(actor=request.auth, entry_id=entry_id)
    return services.county_entry_remove(actor=request.auth, entry=entry)

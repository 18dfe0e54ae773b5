from __future__ import annotations

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from goumai.core.api import ErrorOut, Paging
from goumai.regions import selectors
from goumai.regions.services import township_profile_update

router = Router(tags=["行政区划"])


class RegionOut(Schema):
    code: str
    name: str
    level: int
    level_display: str
    kind: str
    kind_display: str
    parent_code: str | None
    economic_region: str | None
    is_active: bool
    merged_unit_count: int | None
    population: int | None

    # Plain resolvers: django-ninja resolves dotted aliases through Django's template
    # variable lookup, which costs more than the query on a list page.
    @staticmethod
    def resolve_level_display(region) -> str:
        return region.get_level_display()

    @staticmethod
    def resolve_kind_display(region) -> str:
        return region.get_kind_display()

    @staticmethod
    def resolve_parent_code(region) -> str | None:
        return region.parent.code if region.parent_id else None

    @staticmethod
    def resolve_economic_region(region) -> str | None:
        return region.economic_region.name if region.economic_region_id else None


class ServiceAreaOut(Schema):
    name: str


class RegionDetailOut(RegionOut):
    service_areas: list[ServiceAreaOut]
    merge_label: str
    economic_region_of_city: str | None = None


class TownshipProfileIn(Schema):
    merged_unit_count: int | None = Field(None, description="合并前单位数（六合一填 6）")
    population: int | None = Field(None, description="常住人口")
    service_areas: list[str] | None = Field(None, description="片区名称；省略则不修改")


@router.get("/regions", response=list[RegionOut], summary="管辖范围内的行政区划")
@paginate(Paging)
def list_regions(
    request,
    level: int | None = None,
    parent: str | None = None,
    economic_region: str | None = None,
    q: str | None = None,
    merged_at_least: int | None = None,
):
    return selectors.region_list(
        actor=request.auth,
        level=level,
        parent_code=parent,
        economic_region=economic_region,
        search=q,
        merged_at_least=merged_at_least,
    )


def _detail(region) -> RegionDetailOut:
    out = RegionDetailOut.model_validate(region, from_attributes=True)
    economic = selectors.economic_region_of(region)
    out.economic_region_of_city = economic.name if economic else None
    return out


@router.get("/regions/{code}", response={200: RegionDetailOut, 404: ErrorOut}, summary="区划详情")
def get_region(request, code: str):
    return _detail(selectors.region_get(actor=request.auth, code=code))


@router.patch(
    "/regions/{code}/profile",
    response={200: RegionDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="维护乡镇属性（合并前单位数、人口、片区）",
)
def update_township_profile(request, code: str, payload: TownshipProfileIn):
    township = selectors.region_get(actor=request.auth, code=code)
    data = payload.model_dump(exclude_unset=True)
    township_profile_update(
        actor=request.auth,
        township=township,
        merged_unit_count=data.get("merged_unit_count", township.merged_unit_count),
        population=data.get("population", township.population),
        service_areas=data.get("service_areas"),
    )
    return _detail(selectors.region_get(actor=request.auth, code=code))

"""Purchase projects over the API: lists, the dashboard, drafts and the lifecycle.
Procurement and contract endpoints live in their own apps, under the same paths."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from goumai.budgets.selectors import budget_line_get
from goumai.catalog.selectors import county_entry_get
from goumai.core.api import WRITE_ERRORS, ErrorOut, KeysetPaging
from goumai.core.errors import NotFound
from goumai.core.replica import replica_reads
from goumai.projects import lifecycle, selectors, services
from goumai.regions.models import ServiceArea

router = Router(tags=["购买项目"])


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    purchaser_id: int
    purchaser_name: str
    fiscal_year: int
    status: str
    status_display: str
    catalog_entry_code: str | None
    budget_line_id: int | None
    budget_amount: Decimal
    reserved_amount: Decimal
    paid_amount: Decimal
    planned_method: str
    sector: str | None
    version: int

    @staticmethod
    def resolve_purchaser_name(project) -> str:
        return project.purchaser.name

    @staticmethod
    def resolve_status_display(project) -> str:
        return project.get_status_display()

    @staticmethod
    def resolve_catalog_entry_code(project) -> str | None:
        return project.catalog_entry.code if project.catalog_entry_id else None


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    actor_label: str
    created_at: datetime


class ProjectDetailOut(ProjectOut):
    content: str
    standards: str
    requirements: str
    beneficiaries: str
    planned_people: int | None
    evaluation_standards: str
    service_area_ids: list[int]
    allowed_actions: list[str] = []
    events: list[EventOut]

    @staticmethod
    def resolve_service_area_ids(project) -> list[int]:
        return [area.pk for area in project.service_areas.all()]

    @staticmethod
    def resolve_events(project):
        return list(project.events.all())


class ProjectIn(Schema):
    fiscal_year: int
    title: str
    content: str
    budget_amount: Decimal
    catalog_entry_id: int | None = None
    budget_line_id: int | None = None
    service_area_ids: list[int] = []
    planned_method: str = ""
    standards: str = ""
    requirements: str = ""
    beneficiaries: str = ""
    planned_people: int | None = None
    evaluation_standards: str = ""


class ProjectUpdateIn(ProjectIn):
    version: int


class TransitionIn(Schema):
    note: str = ""
    version: int | None = None


class StatusCountOut(Schema):
    status: str
    label: str
    count: int
    budget: Decimal
    paid: Decimal


def _detail(request, project_id: int) -> ProjectDetailOut:
    project = selectors.project_get(actor=request.auth, project_id=project_id)
    out = ProjectDetailOut.model_validate(project, from_attributes=True)
    out.allowed_actions = [t.name for t in lifecycle.allowed_transitions(request.auth, project)]
    return out


def _references(request, payload: ProjectIn):
    entry = (
        county_entry_get(actor=request.auth, entry_id=payload.catalog_entry_id)
        if payload.catalog_entry_id
        else None
    )
    line = (
        budget_line_get(actor=request.auth, line_id=payload.budget_line_id)
        if payload.budget_line_id
        else None
    )
    areas = list(ServiceArea.objects.filter(pk__in=payload.service_area_ids))
    texts = {
        f: getattr(payload, f)
        for f in ("standards", "requirements", "beneficiaries", "evaluation_standards")
    }
    return entry, line, areas, texts


@router.get(
    "/projects",
    response=list[ProjectOut],
    summary="管辖范围内的购买项目",
    description="最新的在前。按 next_cursor 翻页（cursor=…）最快且不受新增项目影响；"
    "offset 翻页仍可用，但越往后越慢。count 最多计到 10,000（count_capped 为 true 时表示更多）。",
)
@paginate(KeysetPaging)
def list_projects(
    request,
    status: str | None = None,
    fiscal_year: int | None = None,
    sector: str | None = None,
    method: str | None = None,
    region: str | None = None,
    economic_region: str | None = None,
    q: str | None = None,
):
    projects = selectors.project_list(
        actor=request.auth,
        status=status,
        fiscal_year=fiscal_year,
        sector=sector,
        method=method,
        region_code=region,
        economic_region=economic_region,
        search=q,
    )
    if not method and not q:  # the summary knows the exact total of these filters
        projects.known_total = selectors.summary_total(
            actor=request.auth,
            status=status,
            fiscal_year=fiscal_year,
            sector=sector,
            region_code=region,
            economic_region=economic_region,
        )
    return projects


@router.get(
    "/projects/dashboard", response=list[StatusCountOut], summary="按状态统计项目数量和金额"
)
def dashboard(
    request, fiscal_year: int | None = None, region: str | None = None, sector: str | None = None
):
    with replica_reads():  # a report: fine a moment behind the primary
        rows = selectors.dashboard_rows(
            actor=request.auth, fiscal_year=fiscal_year, region_code=region, sector=sector
        )
        return selectors.summary_dashboard(rows)


@router.get(
    "/projects/{project_id}", response={200: ProjectDetailOut, 404: ErrorOut}, summary="项目详情"
)
def get_project(request, project_id: int):
    return _detail(request, project_id)


@router.post(
    "/projects", response={201: ProjectDetailOut, **WRITE_ERRORS}, summary="新建项目（草稿）"
)
def create_project(request, payload: ProjectIn):
    purchaser = request.auth.org_unit
    if purchaser is None:
        raise NotFound()
    entry, line, areas, texts = _references(request, payload)
    project = services.project_create(
        actor=request.auth,
        purchaser=purchaser,
        fiscal_year=payload.fiscal_year,
        title=payload.title,
        content=payload.content,
        budget_amount=payload.budget_amount,
        catalog_entry=entry,
        budget_line=line,
        service_areas=areas,
        planned_method=payload.planned_method,
        planned_people=payload.planned_people,
        **texts,
    )
    return Status(201, _detail(request, project.pk))


@router.patch(
    "/projects/{project_id}", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="修改草稿"
)
def update_project(request, project_id: int, payload: ProjectUpdateIn):
    project = selectors.project_in_reach(actor=request.auth, project_id=project_id)
    entry, line, areas, texts = _references(request, payload)
    services.project_update(
        actor=request.auth,
        project=project,
        expected_version=payload.version,
        title=payload.title,
        content=payload.content,
        budget_amount=payload.budget_amount,
        catalog_entry=entry,
        budget_line=line,
        service_areas=areas,
        planned_method=payload.planned_method,
        planned_people=payload.planned_people,
        **texts,
    )
    return _detail(request, project_id)


@router.post(
    "/projects/{project_id}/transitions/{action}",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="项目状态流转（submit、return、approve、start_performance、accept、evaluate、close、withdraw、terminate）",
)
def transition(request, project_id: int, action: str, payload: TransitionIn):
    project = selectors.project_in_reach(actor=request.auth, project_id=project_id)
    services.project_transition(
        actor=request.auth,
        project=project,
        action=action,
        note=payload.note,
        expected_version=payload.version,
    )
    return _detail(request, project_id)

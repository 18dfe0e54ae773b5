"""Performance evaluation over the API: frameworks, the evaluation of a project,
each party's scoring, survey answers, the final grade; an agency's assignments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from goumai.accounts.models import OrgUnit
from goumai.catalog.models import CatalogItem
from goumai.core.api import WRITE_ERRORS, ErrorOut
from goumai.core.errors import NotFound
from goumai.core.replica import replica_reads
from goumai.evaluation import flags, reports, selectors, services
from goumai.evaluation.models import Evaluation
from goumai.evaluation.scoring import Node
from goumai.projects.selectors import project_get
from goumai.providers.performance import bars_in_reach, performance_bar_lift
from goumai.regions.models import Region

router = Router(tags=["绩效评价"])


class LevelIO(Schema):
    label: str
    score: Decimal
    description: str = ""


class NodeIO(Schema):
    name: str
    weight: Decimal
    rule: str = ""
    formula: str = ""
    target: Decimal | None = None
    direction: str = "higher"
    penalty: Decimal | None = None
    unit: str = ""
    levels: list[LevelIO] = []
    guidance: str = ""
    children: list[NodeIO] = []


class FrameworkOut(Schema):
    id: int
    key: str
    version: int
    name: str
    region_code: str
    sector: str | None
    catalog_item_code: str | None
    change_note: str

    @staticmethod
    def resolve_region_code(framework) -> str:
        return framework.region.code

    @staticmethod
    def resolve_catalog_item_code(framework) -> str | None:
        return framework.catalog_item.code if framework.catalog_item_id else None


class FrameworkDetailOut(FrameworkOut):
    indicators: list[NodeIO]

    @staticmethod
    def resolve_indicators(framework) -> list[NodeIO]:
        return [_node_out(n) for n in services.tree_of(framework)]


class FrameworkIn(Schema):
    indicators: list[NodeIO]
    change_note: str = ""


def _node_out(node: Node) -> NodeIO:
    return NodeIO(
        **{k: v for k, v in vars(node).items() if k not in ("children", "levels")},
        levels=[LevelIO(**level) for level in node.levels],
        children=[_node_out(c) for c in node.children],
    )


def _node_in(node: NodeIO) -> Node:
    return Node(
        **{k: v for k, v in node.model_dump().items() if k not in ("children", "levels")},
        levels=[{**level.model_dump(), "score": str(level.score)} for level in node.levels],
        children=[_node_in(c) for c in node.children],
    )


@router.get("/evaluation/frameworks", response=list[FrameworkOut], summary="现行绩效评价指标体系")
def list_frameworks(request):
    return list(selectors.framework_list())


@router.get(
    "/evaluation/frameworks/{framework_id}",
    response={200: FrameworkDetailOut, 404: ErrorOut},
    summary="指标体系（含各级指标、权重与评分规则）",
)
def get_framework(request, framework_id: int):
    return selectors.framework_get(framework_id=framework_id)


@router.put(
    "/evaluation/frameworks/{framework_id}",
    response={200: FrameworkDetailOut, **WRITE_ERRORS},
    summary="修订指标体系（已被评价使用的，生成新版本）",
)
def replace_framework(request, framework_id: int, payload: FrameworkIn):
    framework = selectors.framework_get(framework_id=framework_id)
    return services.framework_replace(
        actor=request.auth,
        framework=framework,
        nodes=[_node_in(n) for n in payload.indicators],
        change_note=payload.change_note,
    )


class LeafOut(Schema):
    indicator_id: int
    value: Decimal | None
    level: int | None
    score: Decimal
    computed: bool
    explanation: str
    note: str


class ScoringOut(Schema):
    part: str
    total: Decimal | None
    submitted_at: datetime | None
    submitted_by: str
    entered_on_paper: bool
    comment: str
    leaves: list[LeafOut]

    @staticmethod
    def resolve_leaves(scoring) -> list:
        return list(scoring.leaves.all())


class EvaluationOut(Schema):
    project_id: int
    framework_id: int
    status: str
    third_party_id: int | None
    people_served: int | None
    quantity_delivered: Decimal | None
    score: Decimal | None
    grade: str
    breakdown: dict
    my_parts: list[str] = []
    scorings: list[ScoringOut]

    @staticmethod
    def resolve_scorings(evaluation) -> list:
        return list(evaluation.scorings.all())


def _out(request, evaluation: Evaluation) -> EvaluationOut:
    out = EvaluationOut.model_validate(evaluation, from_attributes=True)
    out.my_parts = services.parts_of(request.auth, evaluation)
    return out


def _evaluation(request, project_id: int) -> Evaluation:
    return selectors.evaluation_get(actor=request.auth, project_id=project_id)


@router.post(
    "/projects/{project_id}/evaluation",
    response={201: EvaluationOut, **WRITE_ERRORS},
    summary="开展绩效评价（项目验收后）",
)
def open_evaluation(request, project_id: int):
    project = project_get(actor=request.auth, project_id=project_id)
    evaluation = services.evaluation_open(actor=request.auth, project=project)
    return Status(201, _out(request, _evaluation(request, evaluation.project_id)))


@router.get(
    "/projects/{project_id}/evaluation",
    response={200: EvaluationOut, 404: ErrorOut},
    summary="项目的绩效评价及得分构成",
)
def get_evaluation(request, project_id: int):
    return _out(request, _evaluation(request, project_id))


class FactsIn(Schema):
    people_served: int | None = None
    quantity_delivered: Decimal | None = None


@router.patch(
    "/projects/{project_id}/evaluation/facts",
    response={200: EvaluationOut, **WRITE_ERRORS},
    summary="填写实际服务人数与数量",
)
def set_facts(request, project_id: int, payload: FactsIn):
    evaluation = services.evaluation_set_facts(
        actor=request.auth, evaluation=_evaluation(request, project_id), **payload.model_dump()
    )
    return _out(request, _evaluation(request, evaluation.project_id))


class AssignIn(Schema):
    third_party_id: int | None = None


@router.post(
    "/projects/{project_id}/evaluation/third-party",
    response={200: EvaluationOut, **WRITE_ERRORS},
    summary="委托（或取消委托）第三方评价机构",
)
def assign_third_party(request, project_id: int, payload: AssignIn):
    agency = None
    if payload.third_party_id is not None:
        agency = OrgUnit.objects.filter(
            pk=payload.third_party_id, kind=OrgUnit.Kind.EVALUATOR
        ).first()
        if agency is None:
            raise NotFound()
    evaluation = services.evaluation_assign(
        actor=request.auth, evaluation=_evaluation(request, project_id), third_party=agency
    )
    return _out(request, _evaluation(request, evaluation.project_id))


class LeafIn(Schema):
    value: Decimal | None = None
    level: int | None = None
    note: str = ""


class ScoringIn(Schema):
    leaves: dict[int, LeafIn]
    comment: str = ""


@router.post(
    "/projects/{project_id}/evaluation/scorings/{part}",
    response={201: ScoringOut, **WRITE_ERRORS},
    summary="提交评分（part：self 自评、purchaser 购买主体、third_party 第三方）",
)
def submit_scoring(request, project_id: int, part: str, payload: ScoringIn):
    scoring = services.scoring_submit(
        actor=request.auth,
        evaluation=_evaluation(request, project_id),
        part=part,
        leaves={k: v.model_dump() for k, v in payload.leaves.items()},
        comment=payload.comment,
    )
    return Status(201, scoring)


class AnswerIn(Schema):
    overall: int
    quality: int
    timeliness: int
    attitude: int
    comment: str = ""


class AnswersIn(Schema):
    rows: list[AnswerIn]


class CountOut(Schema):
    count: int


@router.post(
    "/projects/{project_id}/evaluation/answers",
    response={201: CountOut, **WRITE_ERRORS},
    summary="录入纸质满意度答卷（全部成功或全部不录入）",
)
def enter_answers(request, project_id: int, payload: AnswersIn):
    count = services.survey_answers_enter(
        actor=request.auth,
        evaluation=_evaluation(request, project_id),
        rows=[row.model_dump() for row in payload.rows],
    )
    return Status(201, CountOut(count=count))


@router.post(
    "/projects/{project_id}/evaluation/finish",
    response={200: EvaluationOut, **WRITE_ERRORS},
    summary="完成绩效评价：计算综合得分与等级，项目进入“已评价”",
)
def finish(request, project_id: int):
    evaluation = services.evaluation_finish(
        actor=request.auth, evaluation=_evaluation(request, project_id)
    )
    return _out(request, _evaluation(request, evaluation.project_id))


class AssignmentOut(Schema):
    project_id: int
    project_code: str
    project_title: str
    status: str

    @staticmethod
    def resolve_project_code(evaluation) -> str:
        return evaluation.project.code

    @staticmethod
    def resolve_project_title(evaluation) -> str:
        return evaluation.project.title


@router.get(
    "/evaluator/evaluations",
    response=list[AssignmentOut],
    summary="本机构受托的绩效评价",
    tags=["第三方评价机构"],
)
def assignments(request):
    return list(selectors.assigned_evaluations(actor=request.auth)[:500])


class FlagOut(Schema):
    id: int
    project_id: int
    kind: str
    reason: str
    raised_at: datetime
    cleared_at: datetime | None
    cleared_by: str
    clear_note: str

    @staticmethod
    def resolve_project_id(flag) -> int:
        return flag.evaluation.project_id


class ClearIn(Schema):
    note: str


@router.get(
    "/evaluation/flags",
    response=list[FlagOut],
    summary="管辖范围内的形式化预警（cleared=true 为已处理）",
)
def list_flags(request, cleared: bool = False):
    return list(flags.flag_list(actor=request.auth, cleared=cleared)[:500])


@router.post(
    "/evaluation/flags/{flag_id}/clear",
    response={200: FlagOut, **WRITE_ERRORS},
    summary="处理预警（填写说明）",
)
def clear_flag(request, flag_id: int, payload: ClearIn):
    flag = flags.flag_list(actor=request.auth).filter(pk=flag_id).first()
    if flag is None:
        raise NotFound()
    return flags.flag_clear(actor=request.auth, flag=flag, note=payload.note)


class EvidenceOut(Schema):
    id: int
    name: str
    size: int
    sm3: str


@router.post(
    "/projects/{project_id}/evaluation/scorings/{part}/leaves/{indicator_id}/evidence",
    response={201: EvidenceOut, **WRITE_ERRORS},
    summary="上传指标佐证材料（PDF、JPG、PNG、DOCX、XLSX，≤ 5 MB）",
)
def upload_evidence(
    request, project_id: int, part: str, indicator_id: int, file: File[UploadedFile]
):
    evidence = services.evidence_add(
        actor=request.auth,
        evaluation=_evaluation(request, project_id),
        part=part,
        indicator_id=indicator_id,
        upload=file,
    )
    return Status(201, evidence)


class GradeCountOut(Schema):
    grade: str
    label: str
    count: int


class SummaryOut(Schema):
    count: int
    mean: Decimal | None
    grades: list[GradeCountOut]
    by_county: list[dict]
    by_sector: list[dict]
    by_kind: list[dict]
    years: list[dict]


@router.get(
    "/evaluation/summary",
    response=SummaryOut,
    summary="管辖范围内已完成评价的等级分布（按县、行业、承接主体类型、年度）",
)
def summary(request, year: int | None = None, region: str | None = None, sector: str | None = None):
    with replica_reads():  # a report: fine a moment behind the primary
        evaluations = reports.finished_evaluations(
            actor=request.auth, year=year, region_code=region, sector=sector
        )
        figures = reports.summary_figures(evaluations.iterator(chunk_size=2000))
    return {k: v for k, v in figures.items() if k != "rows"}


class PolicyIO(Schema):
    self_weight: Decimal
    purchaser_weight: Decimal
    third_party_weight: Decimal
    budget_advice: dict
    self_gap: Decimal
    late_days: int
    similar_projects: int
    similar_tolerance: Decimal
    min_answers_per_100: Decimal
    min_answers: int


@router.get("/evaluation/policy", response=PolicyIO, summary="省级绩效评价规则")
def get_policy(request):
    return services.policy()


@router.put(
    "/evaluation/policy",
    response={200: PolicyIO, **WRITE_ERRORS},
    summary="设置绩效评价规则（省财政厅）：评价方权重、等级与下年度预算建议、预警阈值",
)
def put_policy(request, payload: PolicyIO):
    data = payload.model_dump()
    advice = data.pop("budget_advice")
    return services.policy_update(actor=request.auth, budget_advice=advice, **data)


class FrameworkCreateIn(Schema):
    name: str
    region_code: str
    sector: str | None = None
    catalog_item_code: str | None = None
    indicators: list[NodeIO]


@router.post(
    "/evaluation/frameworks",
    response={201: FrameworkDetailOut, **WRITE_ERRORS},
    summary="新建指标体系：行业模板，或省级 / 县级对某一目录条目的专用指标体系",
)
def create_framework(request, payload: FrameworkCreateIn):
    region = Region.objects.filter(code=payload.region_code).first()
    item = (
        CatalogItem.objects.filter(code=payload.catalog_item_code).first()
        if payload.catalog_item_code
        else None
    )
    if region is None or (payload.catalog_item_code and item is None):
        raise NotFound()
    framework = services.framework_create(
        actor=request.auth,
        name=payload.name,
        region=region,
        sector=payload.sector,
        catalog_item=item,
        nodes=[_node_in(n) for n in payload.indicators],
    )
    return Status(201, framework)


class BarOut(Schema):
    id: int
    provider_id: int
    project_code: str
    catalog_item_code: str
    county_code: str
    evaluated_on: date
    score: Decimal
    override_reason: str

    @staticmethod
    def resolve_catalog_item_code(record) -> str:
        return record.catalog_item.code

    @staticmethod
    def resolve_county_code(record) -> str:
        return record.county.code


class LiftIn(Schema):
    reason: str


@router.post(
    "/evaluation/poor-grade-bars/{record_id}/lift",
    response={200: BarOut, **WRITE_ERRORS},
    summary="解除“差”等级带来的承接限制（县级审核人员，书面理由将公开）",
)
def lift_bar(request, record_id: int, payload: LiftIn):
    record = bars_in_reach(request.auth).filter(pk=record_id).first()
    if record is None:
        raise NotFound()
    return performance_bar_lift(actor=request.auth, record=record, reason=payload.reason)


@router.get(
    "/evaluation/poor-grade-bars",
    response=list[BarOut],
    summary="管辖范围内评价为“差”的记录（承接限制及其解除）",
)
def list_bars(request):
    return list(bars_in_reach(request.auth)[:500])

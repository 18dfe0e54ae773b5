"""Writing frameworks and evaluations. Each service checks who may act, changes
everything or nothing, and writes the audit trail."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.accounts.models import OrgUnit
from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.budgets.advice import budget_advice_record
from goumai.core.crypto import sm3_hex
from goumai.core.dates import china_today
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.roles import Perm, has_perm
from goumai.documents.services import SIGNATURES
from goumai.evaluation import formulas
from goumai.evaluation.flags import flags_refresh
from goumai.evaluation.models import (
    Evaluation,
    EvaluationPolicy,
    Evidence,
    Framework,
    Grade,
    Indicator,
    LeafScore,
    Part,
    Rule,
    Scoring,
    SurveyAnswer,
)
from goumai.evaluation.scoring import (
    Node,
    deviation_score,
    final_score,
    grade_of,
    level_score,
    q,
    validate_tree,
    weighted_sum,
    weighted_total,
)
from goumai.projects import lifecycle
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.providers.performance import performance_record_add
from goumai.regions.models import Region
from goumai.regions.selectors import county_of

MAX_VALUE = Decimal("1000000000000")
DEFAULT_BUDGET_ADVICE = {
    Grade.EXCELLENT: {"action": "grow", "percent": 10},
    Grade.GOOD: {"action": "keep", "percent": 0},
    Grade.FAIR: {"action": "cut", "percent": 20},
    Grade.POOR: {"action": "stop", "percent": 100},
}


def policy() -> EvaluationPolicy:
    found = EvaluationPolicy.objects.first()
    if found is None:
        found = EvaluationPolicy.objects.create(
            budget_advice={str(k): v for k, v in DEFAULT_BUDGET_ADVICE.items()}
        )
    return found


def _label(actor) -> str:
    return actor.get_username()


# --- frameworks -----------------------------------------------------------------------------


def framework_key(*, region: Region, sector: str | None, item) -> str:
    return f"{region.code}:{sector or '-'}:{item.code if item else '-'}"


def framework_for(project: Project) -> Framework:
    """The most specific current framework: the county's for the project's catalog
    item, else the province's for that item, else the sector's template."""
    item = project.catalog_entry.item
    county = county_of(project.purchaser.region)
    province = Region.objects.get(level=Region.Level.PROVINCE)
    current = Framework.objects.filter(is_current=True).select_related("region")
    for region, sector, with_item in (
        (county, None, item),
        (province, None, item),
        (province, item.sector, None),
    ):
        if region is None or (with_item is None and sector is None):
            continue
        found = current.filter(
            key=framework_key(region=region, sector=sector, item=with_item)
        ).first()
        if found is not None:
            return found
    raise DomainError(
        "framework_missing",
        _("目录条目“%(item)s”没有适用的绩效评价指标体系，请联系行业主管部门。")
        % {"item": item.name},
    )


def can_edit_framework(actor, *, region: Region, sector: str | None, item) -> bool:
    """The province's finance department edits any province-level framework; a
    provincial sector department its own sector's; a county finance bureau its
    county's item overrides."""
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    unit = actor.org_unit
    if unit is None or not has_perm(actor, Perm.EDIT_CATALOG):
        return False
    if region.level == Region.Level.PROVINCE:
        if unit.kind == OrgUnit.Kind.FINANCE_DEPARTMENT:
            return True
        the_sector = sector or (item.sector if item else None)
        return unit.kind == OrgUnit.Kind.SECTOR_DEPARTMENT and unit.sector == the_sector
    return (
        item is not None
        and unit.kind == OrgUnit.Kind.COUNTY_FINANCE
        and unit.region_id == region.pk
    )


def _save_nodes(framework: Framework, nodes: list[Node]) -> None:
    def save(siblings, parent, level):
        for position, node in enumerate(siblings):
            indicator = Indicator.objects.create(
                framework=framework,
                parent=parent,
                position=position,
                level=level,
                name=node.name.strip(),
                weight=node.weight,
                rule="" if node.children else node.rule,
                formula=node.formula if node.rule == Rule.FORMULA else "",
                target=node.target,
                direction=node.direction,
                penalty=node.penalty,
                unit=node.unit.strip()[:16],
                levels=node.levels if node.rule == Rule.LEVELS else [],
                guidance=node.guidance.strip()[:300],
            )
            save(node.children, indicator, level + 1)

    save(nodes, None, 1)


def _check_tree(nodes: list[Node]) -> None:
    errors = validate_tree(nodes, formulas=formulas.FORMULA_NAMES)
    if errors:
        raise DomainError("invalid_framework", next(iter(errors.values()))[0], fields=errors)


@audited()
def framework_create(
    *,
    actor,
    name: str,
    region: Region,
    sector: str | None = None,
    catalog_item=None,
    nodes: list[Node],
) -> Framework:
    """A new framework: a sector template (``sector``) or an override for one
    catalog item (``catalog_item``) in the province or one county."""
    if sector is None and catalog_item is None:
        raise DomainError("framework_scope", _("请指定行业或目录条目。"))
    if region.level not in (Region.Level.PROVINCE, Region.Level.COUNTY):
        raise DomainError("framework_scope", _("指标体系只能由省级或县级制定。"))
    if not can_edit_framework(actor, region=region, sector=sector, item=catalog_item):
        raise PermissionDenied(_("您不能制定该指标体系。"))
    if not name.strip() or len(name) > 100:
        raise DomainError(
            "invalid_framework",
            _("请填写指标体系名称（不超过 100 个字）。"),
            fields={"name": [_("必填。")]},
        )
    _check_tree(nodes)
    key = framework_key(region=region, sector=sector, item=catalog_item)
    if Framework.objects.filter(key=key).exists():
        raise DomainError("framework_exists", _("该范围已有指标体系，请修订现有版本。"), status=409)
    framework = Framework.objects.create(
        key=key,
        name=name.strip(),
        region=region,
        sector=sector,
        catalog_item=catalog_item,
        created_by=_label(actor),
    )
    _save_nodes(framework, nodes)
    audit(actor=actor, changes=[created(framework)])
    return framework


@audited()
def framework_replace(
    *, actor, framework: Framework, nodes: list[Node], change_note: str = ""
) -> Framework:
    """Replace the tree. A framework no evaluation used yet is edited in place; one in
    use gets a new version, so every evaluation keeps the tree it was scored with."""
    framework = Framework.objects.select_for_update(no_key=True).get(pk=framework.pk)
    if not framework.is_current:
        raise DomainError("framework_superseded", _("只能修订现行版本。"), status=409)
    if not can_edit_framework(
        actor, region=framework.region, sector=framework.sector, item=framework.catalog_item
    ):
        raise PermissionDenied(_("您不能修订该指标体系。"))
    _check_tree(nodes)
    if framework.evaluations.exists():
        before = snapshot(framework)
        framework.is_current = False
        framework.save(update_fields=["is_current"])
        successor = Framework.objects.create(
            key=framework.key,
            version=framework.version + 1,
            name=framework.name,
            region=framework.region,
            sector=framework.sector,
            catalog_item=framework.catalog_item,
            created_by=_label(actor),
            change_note=change_note.strip()[:300],
        )
        _save_nodes(successor, nodes)
        audit(actor=actor, changes=[updated(framework, before), created(successor)])
        return successor
    before = snapshot(framework)
    framework.indicators.all().delete()
    framework.change_note = change_note.strip()[:300]
    framework.save(update_fields=["change_note"])
    _save_nodes(framework, nodes)
    audit(actor=actor, changes=[updated(framework, before)])
    return framework


def tree_of(framework: Framework) -> list[Node]:
    """The framework's indicators as a tree of ``Node`` (what the API returns)."""
    indicators = list(framework.indicators.all())
    nodes = {
        i.pk: Node(
            name=i.name,
            weight=i.weight,
            rule=i.rule,
            formula=i.formula,
            target=i.target,
            direction=i.direction,
            penalty=i.penalty,
            unit=i.unit,
            levels=i.levels,
            guidance=i.guidance,
        )
        for i in indicators
    }
    roots = []
    for i in sorted(indicators, key=lambda i: (i.level, i.position, i.pk)):
        (nodes[i.parent_id].children if i.parent_id else roots).append(nodes[i.pk])
    return roots


# --- who takes part -------------------------------------------------------------------------


def parts_of(actor, evaluation: Evaluation) -> list[str]:
    """The parts ``actor`` may score on this evaluation."""
    project = evaluation.project
    parts = []
    if lifecycle.is_purchaser(actor, project):
        parts += [Part.PURCHASER, Part.SELF]  # SELF: a paper self-evaluation typed in
    contract = getattr(project, "contract", None)
    if actor.provider_id and contract is not None and actor.provider_id == contract.provider_id:
        parts.append(Part.SELF)
    if (
        evaluation.third_party_id
        and actor.org_unit_id == evaluation.third_party_id
        and actor.is_active
    ):
        parts.append(Part.THIRD_PARTY)
    return parts


# --- evaluations ----------------------------------------------------------------------------


def _locked_project(actor, project: Project) -> Project:
    project = Project.objects.select_for_update(of=("self",), no_key=True).get(pk=project.pk)
    if not lifecycle.is_purchaser(actor, project):
        raise PermissionDenied(_("只有购买主体可以组织绩效评价。"))
    return project


@audited()
def evaluation_open(*, actor, project: Project) -> Evaluation:
    """Start evaluating an accepted project with the framework that applies now."""
    project = _locked_project(actor, project)
    if project.status != Project.Status.ACCEPTED:
        raise DomainError(
            "not_accepted",
            _("项目验收后才能开展绩效评价（当前状态：%(s)s）。")
            % {"s": project.get_status_display()},
            status=409,
        )
    if Evaluation.objects.filter(project=project).exists():
        raise DomainError("evaluation_exists", _("该项目已开展绩效评价。"), status=409)
    evaluation = Evaluation.objects.create(project=project, framework=framework_for(project))
    audit(actor=actor, changes=[created(evaluation)])
    return evaluation


def _open_for_purchaser(actor, evaluation: Evaluation) -> Evaluation:
    _locked_project(actor, evaluation.project)
    evaluation = Evaluation.objects.select_for_update(no_key=True).get(pk=evaluation.pk)
    if evaluation.status != Evaluation.Status.OPEN:
        raise DomainError("evaluation_finished", _("绩效评价已完成，不能修改。"), status=409)
    return evaluation


@audited()
def evaluation_set_facts(
    *, actor, evaluation: Evaluation, people_served=None, quantity_delivered=None
) -> Evaluation:
    """What was delivered, which the formula leaves compare with the plan."""
    evaluation = _open_for_purchaser(actor, evaluation)
    errors: dict[str, list[str]] = {}
    people = _whole(people_served)
    if people_served not in (None, "") and (people is None or not 0 <= people <= 10_000_000):
        errors["people_served"] = [_("实际服务人数应为 0 至 10000000 之间的整数。")]
    quantity = _number(quantity_delivered)
    if quantity_delivered not in (None, "") and (quantity is None or quantity < 0):
        errors["quantity_delivered"] = [_("实际服务数量应为不小于 0 的数字。")]
    if errors:
        raise DomainError("invalid_facts", next(iter(errors.values()))[0], fields=errors)
    before = snapshot(evaluation)
    evaluation.people_served = people
    evaluation.quantity_delivered = quantity
    evaluation.version += 1
    evaluation.save()
    audit(actor=actor, changes=[updated(evaluation, before)])
    return evaluation


@audited()
def evaluation_assign(*, actor, evaluation: Evaluation, third_party: OrgUnit | None) -> Evaluation:
    """Commission (or withdraw) a third-party evaluation agency."""
    evaluation = _open_for_purchaser(actor, evaluation)
    if third_party is not None and (
        third_party.kind != OrgUnit.Kind.EVALUATOR or not third_party.is_active
    ):
        raise DomainError(
            "not_an_evaluator",
            _("只能委托已登记的第三方评价机构。"),
            fields={"third_party": [_("请选择第三方评价机构。")]},
        )
    if evaluation.scorings.filter(part=Part.THIRD_PARTY, submitted_at__isnull=False).exists():
        raise DomainError("third_party_submitted", _("第三方评价已提交，不能更换。"), status=409)
    before = snapshot(evaluation)
    evaluation.third_party = third_party
    evaluation.version += 1
    evaluation.save()
    audit(actor=actor, changes=[updated(evaluation, before)])
    return evaluation


def _whole(value) -> int | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return int(number) if number == number.to_integral_value() else None


def _number(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) >= MAX_VALUE:
        return None
    return q(number)


def leaves_of(framework: Framework) -> list[tuple[Indicator, Decimal]]:
    """Every leaf with its points out of 100 (its weight times its ancestors')."""
    indicators = list(framework.indicators.all())
    by_id = {i.pk: i for i in indicators}
    parents = {i.parent_id for i in indicators if i.parent_id}
    leaves = []
    for indicator in sorted(indicators, key=_tree_order(by_id)):
        if indicator.pk in parents:
            continue
        points, node = indicator.weight, indicator
        while node.parent_id:
            node = by_id[node.parent_id]
            points = points * node.weight / 100
        leaves.append((indicator, points))
    return leaves


def _tree_order(by_id):
    def key(indicator):
        chain = []
        node = indicator
        while node is not None:
            chain.append((node.position, node.pk))
            node = by_id.get(node.parent_id)
        return list(reversed(chain))

    return key


def _score_leaf(indicator: Indicator, entry: dict, evaluation: Evaluation) -> tuple[dict, str]:
    """(fields of the LeafScore, error message or "")."""
    note = str(entry.get("note") or "").strip()[:300]
    if indicator.rule == Rule.FORMULA:
        result = formulas.compute(indicator.formula, evaluation)
        if result.value is None:
            return {}, result.explanation
        score = deviation_score(
            value=result.value,
            target=indicator.target,
            direction=indicator.direction,
            penalty=indicator.penalty,
        )
        return {
            "value": result.value,
            "score": score,
            "computed": True,
            "explanation": result.explanation[:300],
            "note": note,
        }, ""
    if indicator.rule == Rule.LEVELS:
        level = _whole(entry.get("level"))
        if level is None or not 0 <= level < len(indicator.levels):
            return {}, _("请选择一个评分档次。")
        return {
            "level": level,
            "score": level_score(indicator.levels, level),
            "explanation": str(indicator.levels[level].get("label", ""))[:300],
            "note": note,
        }, ""
    raw = entry.get("value")
    value = _number(raw)
    if value is None or value < 0:
        return {}, _("请填写不小于 0 的实际值。")
    score = deviation_score(
        value=value,
        target=indicator.target,
        direction=indicator.direction,
        penalty=indicator.penalty,
    )
    return {"value": value, "score": score, "note": note}, ""


@audited()
def scoring_submit(
    *,
    actor,
    evaluation: Evaluation,
    part: str,
    leaves: dict[int, dict],
    comment: str = "",
) -> Scoring:
    """One party scores every leaf and submits: ``leaves`` maps an indicator id to
    ``{"value": …}`` (目标值), ``{"level": n}`` (分档) or ``{}`` (computed), each with an
    optional ``note``. A submitted scoring is final."""
    evaluation = Evaluation.objects.select_for_update(no_key=True).get(pk=evaluation.pk)
    if part not in parts_of(actor, evaluation):
        raise PermissionDenied(_("您不能提交“%(p)s”。") % {"p": Part(part).label})
    if evaluation.status != Evaluation.Status.OPEN:
        raise DomainError("evaluation_finished", _("绩效评价已完成，不能修改。"), status=409)
    if evaluation.project.status != Project.Status.ACCEPTED:
        raise DomainError("not_accepted", _("项目不在待评价状态。"), status=409)
    scoring, _new = Scoring.objects.get_or_create(evaluation=evaluation, part=part)
    if scoring.submitted_at is not None:
        raise DomainError(
            "scoring_submitted", _("“%(p)s”已提交，不能再改。") % {"p": scoring}, status=409
        )
    errors: dict[str, list[str]] = {}
    rows = []
    for indicator, points in leaves_of(evaluation.framework):
        fields, error = _score_leaf(indicator, leaves.get(indicator.pk) or {}, evaluation)
        if error:
            errors[f"leaf_{indicator.pk}"] = [error]
        else:
            rows.append((indicator, points, fields))
    if errors:
        first = next(iter(errors))
        name = next(i.name for i, _p in leaves_of(evaluation.framework) if f"leaf_{i.pk}" == first)
        raise DomainError(
            "invalid_scores",
            _("指标“%(n)s”：%(m)s") % {"n": name, "m": errors[first][0]},
            fields=errors,
        )
    scoring.leaves.all().delete()
    LeafScore.objects.bulk_create(
        LeafScore(scoring=scoring, indicator=indicator, **fields) for indicator, _p, fields in rows
    )
    scoring.total = weighted_total((points, fields["score"]) for _i, points, fields in rows)
    scoring.submitted_at = timezone.now()
    scoring.submitted_by = _label(actor)
    scoring.entered_on_paper = part == Part.SELF and actor.provider_id is None
    scoring.comment = comment.strip()[:500]
    scoring.save()
    audit(actor=actor, changes=[created(scoring)])
    return scoring


def _refresh_computed(evaluation: Evaluation, scoring: Scoring) -> None:
    """Recompute formula leaves with today's data, so every part agrees on them."""
    leaves = list(scoring.leaves.select_related("indicator"))
    points = dict((i.pk, p) for i, p in leaves_of(evaluation.framework))
    for leaf in leaves:
        if leaf.indicator.rule == Rule.FORMULA:
            fields, error = _score_leaf(leaf.indicator, {"note": leaf.note}, evaluation)
            if error:
                raise DomainError(
                    "invalid_scores",
                    _("指标“%(n)s”：%(m)s") % {"n": leaf.indicator.name, "m": error},
                )
            for name, value in fields.items():
                setattr(leaf, name, value)
            leaf.save()
    scoring.total = weighted_total((points[leaf.indicator_id], leaf.score) for leaf in leaves)
    scoring.save(update_fields=["total"])


@audited()
def evaluation_finish(*, actor, evaluation: Evaluation) -> Evaluation:
    """Combine the submitted parts into the final score and grade, and move the
    project to 已评价. Needs the purchaser's and the provider's scorings, and the
    third party's when one was commissioned."""
    evaluation = _open_for_purchaser(actor, evaluation)
    scorings = {s.part: s for s in evaluation.scorings.filter(submitted_at__isnull=False)}
    needed = [Part.SELF, Part.PURCHASER] + ([Part.THIRD_PARTY] if evaluation.third_party_id else [])
    missing = [Part(p).label for p in needed if p not in scorings]
    if missing:
        raise DomainError(
            "scorings_missing",
            _("尚未提交：%(parts)s。") % {"parts": "、".join(missing)},
            status=409,
        )
    for scoring in scorings.values():
        _refresh_computed(evaluation, scoring)
    rules = policy()
    weights = {
        Part.SELF: rules.self_weight,
        Part.PURCHASER: rules.purchaser_weight,
        Part.THIRD_PARTY: rules.third_party_weight,
    }
    totals = {part: s.total for part, s in scorings.items()}
    points = dict((i.pk, p) for i, p in leaves_of(evaluation.framework))
    unrounded = {
        part: weighted_sum((points[leaf.indicator_id], leaf.score) for leaf in s.leaves.all())
        for part, s in scorings.items()
    }
    before = snapshot(evaluation)
    evaluation.score = final_score(unrounded, weights)
    evaluation.grade = grade_of(evaluation.score)
    count, satisfaction = formulas.satisfaction_score(evaluation)
    evaluation.breakdown = {
        "parts": {
            part: {"total": str(totals[part]), "weight": str(weights[part])} for part in totals
        },
        "satisfaction": {
            "answers": count,
            "score": None if satisfaction is None else str(satisfaction),
        },
    }
    evaluation.status = Evaluation.Status.FINISHED
    evaluation.finished_at = timezone.now()
    evaluation.finished_by = _label(actor)
    evaluation.version += 1
    evaluation.save()
    audit(actor=actor, changes=[updated(evaluation, before)])
    _consequences(actor, evaluation, rules)
    flags_refresh([evaluation], rules, today=china_today())
    project_transition(
        actor=actor,
        project=evaluation.project,
        action="evaluate",
        note=_("绩效评价 %(s)s 分，等级：%(g)s")
        % {"s": evaluation.score, "g": evaluation.get_grade_display()},
        internal=True,
    )
    return evaluation


def _consequences(actor, evaluation: Evaluation, rules: EvaluationPolicy) -> None:
    """What the grade does: the provider's record (ranking, the 差 bar) and next
    year's budget advice for the same purchaser and catalog item."""
    project = evaluation.project
    county = county_of(project.purchaser.region)
    performance_record_add(
        actor=actor,
        provider=project.contract.provider,
        catalog_item=project.catalog_entry.item,
        county=county,
        purchaser_name=project.purchaser.name,
        project_code=project.code,
        fiscal_year=project.fiscal_year,
        evaluated_on=china_today(),
        score=evaluation.score,
        grade=evaluation.grade,
    )
    advice = budget_advice(rules, evaluation.grade)
    budget_advice_record(
        actor=actor,
        org_unit=project.purchaser,
        catalog_entry=project.catalog_entry,
        for_year=project.fiscal_year + 1,
        action=advice["action"],
        percent=Decimal(str(advice.get("percent", 0))),
        grade=evaluation.grade,
        score=evaluation.score,
        project_code=project.code,
    )


def budget_advice(rules: EvaluationPolicy, grade: str) -> dict:
    """The province's advice for a grade, falling back to the shipped table."""
    advice = (rules.budget_advice or {}).get(grade) or DEFAULT_BUDGET_ADVICE[grade]
    return advice


def evaluation_before_evaluate(project: Project) -> None:
    """Lifecycle precondition: 完成绩效评价 only with a finished evaluation."""
    finished = Evaluation.objects.filter(
        project=project, status=Evaluation.Status.FINISHED
    ).exists()
    if not finished:
        raise DomainError(
            "evaluation_required",
            _("请先完成绩效评价（承接主体自评、购买主体评价及委托的第三方评价）。"),
            status=409,
        )


# --- satisfaction ---------------------------------------------------------------------------

RATINGS = ("overall", "quality", "timeliness", "attitude")


def _answer_errors(row: dict) -> list[str]:
    errors = []
    for name in RATINGS:
        stars = _whole(row.get(name))
        if stars is None or not 1 <= stars <= 5:
            label = SurveyAnswer._meta.get_field(name).verbose_name
            errors.append(_("“%(f)s”应为 1 至 5 的整数。") % {"f": label})
    if len(str(row.get("comment") or "")) > 200:
        errors.append(_("意见建议不超过 200 个字。"))
    return errors


@audited()
def survey_answers_enter(
    *,
    actor,
    evaluation: Evaluation,
    rows: list[dict],
    source: str = SurveyAnswer.Source.PAPER,
    first_row: int = 1,
) -> int:
    """Paper answers typed in (or imported) by the purchaser's clerk: all rows or none;
    each bad row is named. Rows carry 1–5 for each rating and an optional comment."""
    evaluation = _open_for_purchaser(actor, evaluation)
    if source not in (SurveyAnswer.Source.PAPER, SurveyAnswer.Source.IMPORT):
        raise DomainError("invalid_source", _("来源不正确。"))
    errors = [
        _("第 %(n)d 行：%(m)s") % {"n": n, "m": "；".join(messages)}
        for n, row in enumerate(rows, start=first_row)
        if (messages := _answer_errors(row))
    ]
    if errors:
        raise DomainError("invalid_answers", errors[0], fields={"rows": errors})
    if not rows:
        raise DomainError("invalid_answers", _("没有可录入的答卷。"))
    today = china_today()
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            evaluation=evaluation,
            source=source,
            answered_on=today,
            comment=str(row.get("comment") or "").strip(),
            **{name: _whole(row[name]) for name in RATINGS},
        )
        for row in rows
    )
    before = snapshot(evaluation)
    evaluation.version += 1
    evaluation.save(update_fields=["version"])
    # One entry for the batch: the answers themselves are anonymous.
    audit(actor=actor, changes=[updated(evaluation, before)])
    return len(rows)


# --- evidence -------------------------------------------------------------------------------

# how each accepted type's content begins: the documents app's table
EVIDENCE_TYPES = {
    extension: SIGNATURES[extension][1]
    for extension in (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx")
}


def check_upload(upload) -> tuple[bytes, str]:
    """The file's bytes and extension, or a Chinese error: a known type whose
    content matches its name, not empty, within the upload limit."""
    name = PurePath(getattr(upload, "name", "") or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in EVIDENCE_TYPES:
        raise DomainError(
            "unsupported_file",
            _("佐证材料只接受 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）文件。"),
            fields={"file": [_("文件类型不支持。")]},
        )
    if upload.size > settings.GOUMAI_MAX_UPLOAD_BYTES:
        raise DomainError("file_too_large", _("文件过大，不能超过 5 MB。"))
    data = upload.read()
    if not data or not data.startswith(EVIDENCE_TYPES[extension]):
        raise DomainError(
            "file_mismatch",
            _("文件“%(n)s”的内容与其类型不符。") % {"n": name[:60]},
            fields={"file": [_("文件内容与扩展名不符。")]},
        )
    return data, extension


@audited()
def evidence_add(*, actor, evaluation: Evaluation, part: str, indicator_id: int, upload):
    """Attach a file to a leaf of a submitted scoring, by the party that scored it,
    while the evaluation is open."""
    evaluation = Evaluation.objects.select_for_update(no_key=True).get(pk=evaluation.pk)
    if part not in parts_of(actor, evaluation):
        raise PermissionDenied(_("只有评分方可以上传佐证材料。"))
    if evaluation.status != Evaluation.Status.OPEN:
        raise DomainError("evaluation_finished", _("绩效评价已完成，不能修改。"), status=409)
    leaf = LeafScore.objects.filter(
        scoring__evaluation=evaluation,
        scoring__part=part,
        scoring__submitted_at__isnull=False,
        indicator_id=indicator_id,
    ).first()
    if leaf is None:
        raise DomainError("leaf_not_scored", _("请先提交评分，再上传佐证材料。"), status=409)
    data, extension = check_upload(upload)
    digest = sm3_hex(data)
    evidence = Evidence(
        leaf=leaf,
        name=str(getattr(upload, "name", ""))[-120:],
        size=len(data),
        sm3=digest,
        uploaded_by=_label(actor),
    )
    evidence.file.save(f"{digest}{extension}", ContentFile(data), save=False)
    evidence.save()
    audit(actor=actor, changes=[created(evidence)])
    return evidence


# --- the province's policy ------------------------------------------------------------------

POLICY_FIELDS = (
    "self_weight",
    "purchaser_weight",
    "third_party_weight",
    "self_gap",
    "late_days",
    "similar_projects",
    "similar_tolerance",
    "min_answers_per_100",
    "min_answers",
)
ADVICE_ACTIONS = ("grow", "keep", "cut", "stop")


def can_set_policy(actor) -> bool:
    if not actor.is_authenticated:
        return False
    unit = actor.org_unit
    return actor.is_superuser or (
        unit is not None
        and unit.kind == OrgUnit.Kind.FINANCE_DEPARTMENT
        and has_perm(actor, Perm.EDIT_CATALOG)
    )


@audited()
def policy_update(*, actor, budget_advice: dict | None = None, **values) -> EvaluationPolicy:
    """The province's finance department sets the part weights (summing to 100),
    the grade → next-year budget table and the formality thresholds."""
    if not can_set_policy(actor):
        raise PermissionDenied(_("只有省财政厅可以设置绩效评价规则。"))
    rules = EvaluationPolicy.objects.select_for_update(no_key=True).get(pk=policy().pk)
    before = snapshot(rules)
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if name not in POLICY_FIELDS:
            continue
        number = _number(value)
        if number is None or number < 0 or number > (100 if "weight" in name else 10_000):
            errors[name] = [_("请填写有效的非负数。")]
            continue
        if name in ("late_days", "similar_projects", "min_answers"):
            if number != number.to_integral_value() or number < 1:
                errors[name] = [_("应为正整数。")]
                continue
            number = int(number)
        setattr(rules, name, number)
    weights = rules.self_weight + rules.purchaser_weight + rules.third_party_weight
    if not errors and weights != 100:
        errors["purchaser_weight"] = [
            _("自评、购买主体评价、第三方评价的权重合计为 %(t)s，应为 100。") % {"t": weights}
        ]
    if not errors and rules.purchaser_weight <= 0:
        errors["purchaser_weight"] = [_("购买主体评价的权重应大于 0。")]
    if budget_advice is not None:
        cleaned = {}
        for grade in Grade.values:
            entry = budget_advice.get(grade) or {}
            action = entry.get("action")
            percent = _number(entry.get("percent", 0))
            if action not in ADVICE_ACTIONS or percent is None or not 0 <= percent <= 100:
                errors[f"budget_advice.{grade}"] = [
                    _("“%(g)s”的建议应为增加、保持、压减或停止，幅度 0–100。")
                    % {"g": Grade(grade).label}
                ]
            else:
                cleaned[grade] = {"action": action, "percent": float(percent)}
        rules.budget_advice = cleaned
    if errors:
        raise DomainError("invalid_policy", next(iter(errors.values()))[0], fields=errors)
    rules.save()
    audit(actor=actor, changes=[updated(rules, before)])
    return rules

"""Writes of the target assessment: the province (省财政厅) opens a year, sets the
indicators' weights and adds manual ones, computes, scores the manual indicators
with evidence and makes the result final. Every change is audited; nothing changes
once final."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.accounts.models import OrgUnit
from goumai.accounts.selectors import is_province_finance
from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.core.errors import DomainError, PermissionDenied
from goumai.documents.services import attach
from goumai.indicators.figures import figures
from goumai.regions.models import Region
from goumai.supervision import assessment as rules
from goumai.supervision.models import (
    Assessment,
    AssessmentIndicator,
    AssessmentScore,
    AssessmentSubject,
)

PROVINCE = "/510000/"


def may_manage(actor) -> bool:
    return is_province_finance(actor)


def _manager(actor) -> None:
    if not may_manage(actor):
        raise PermissionDenied(_("目标考核由省财政厅组织。"))


def _open(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update(no_key=True).get(pk=assessment.pk)
    if locked.status == Assessment.Status.FINAL:
        raise DomainError("assessment_final", _("考核结果已定稿，不能再修改。"))
    return locked


def _weight(text) -> Decimal:
    try:
        weight = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        weight = Decimal(0)
    if (
        not weight.is_finite()
        or weight <= 0
        or weight > 100
        or weight != weight.quantize(rules.CENT)
    ):
        raise DomainError(
            "invalid_weight",
            _("分值须为大于 0、不超过 100 的数，最多两位小数。"),
            fields={"weight": [_("分值须为大于 0、不超过 100 的数，最多两位小数。")]},
        )
    return weight


@audited()
def assessment_create(*, actor, year: int, as_of: date) -> Assessment:
    _manager(actor)
    errors: dict[str, list[str]] = {}
    if not 2020 <= year <= 2100:
        errors["year"] = [_("考核年度须在 2020 至 2100 年之间。")]
    elif Assessment.objects.filter(year=year).exists():
        errors["year"] = [_("%(year)d 年度的目标考核已经建立。") % {"year": year}]
    if not errors and as_of < date(year, 1, 1):
        errors["as_of"] = [_("数据截止日期不能早于考核年度。")]
    if errors:
        raise DomainError("invalid_assessment", _("目标考核填写有误。"), fields=errors)
    assessment = Assessment.objects.create(year=year, as_of=as_of)
    indicators = [
        AssessmentIndicator.objects.create(
            assessment=assessment,
            code=spec.code,
            name=spec.name,
            source=spec.source,
            weight=Decimal(spec.weight),
            applies_to=spec.applies_to,
            sort_order=n,
        )
        for n, spec in enumerate(rules.DEFAULT_INDICATORS)
    ]
    audit(actor=actor, changes=[created(assessment), *map(created, indicators)])
    return assessment


@audited()
def indicator_set_weight(*, actor, indicator: AssessmentIndicator, weight) -> AssessmentIndicator:
    _manager(actor)
    _open(indicator.assessment)
    indicator = AssessmentIndicator.objects.get(pk=indicator.pk)
    before = snapshot(indicator)
    indicator.weight = _weight(weight)
    indicator.save(update_fields=["weight"])
    audit(actor=actor, changes=[updated(indicator, before)])
    return indicator


@audited()
def indicator_add(
    *, actor, assessment: Assessment, name: str, weight, applies_to: str = "both"
) -> AssessmentIndicator:
    """A manual indicator (scored by hand with evidence)."""
    _manager(actor)
    assessment = _open(assessment)
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("必填。")]
    elif assessment.indicators.filter(name=name).exists():
        errors["name"] = [_("已有同名指标。")]
    if applies_to not in AssessmentIndicator.Applies.values:
        errors["applies_to"] = [_("请选择适用对象。")]
    try:
        weight = _weight(weight)
    except DomainError as error:
        errors.update(error.fields)
    if errors:
        raise DomainError("invalid_indicator", _("指标填写有误。"), fields=errors)
    n = assessment.indicators.count()
    indicator = AssessmentIndicator.objects.create(
        assessment=assessment,
        code=f"manual-{n + 1}",
        name=name[:60],
        source="manual",
        weight=weight,
        applies_to=applies_to,
        sort_order=n,
    )
    audit(actor=actor, changes=[created(indicator)])
    return indicator


def _subjects(assessment: Assessment) -> list[AssessmentSubject]:
    """The sector departments and the 市州, made the first time."""
    if not assessment.subjects.exists():
        departments = OrgUnit.objects.filter(
            kind=OrgUnit.Kind.SECTOR_DEPARTMENT, is_active=True
        ).order_by("code")
        cities = Region.objects.filter(level=Region.Level.CITY, is_active=True).order_by("code")
        AssessmentSubject.objects.bulk_create(
            [
                AssessmentSubject(
                    assessment=assessment,
                    kind="department",
                    unit=unit,
                    name=unit.name,
                    path=PROVINCE,
                    sector=unit.sector,
                )
                for unit in departments
            ]
            + [
                AssessmentSubject(
                    assessment=assessment, kind="city", region=city, name=city.name, path=city.path
                )
                for city in cities
            ]
        )
    return list(assessment.subjects.select_related("unit", "region"))


def _applies(indicator: AssessmentIndicator, subject: AssessmentSubject) -> bool:
    return indicator.applies_to in ("both", subject.kind)


@audited()
def assessment_compute(*, actor, assessment: Assessment) -> Assessment:
    """(Re)compute every computed indicator of every subject; manual points stay."""
    _manager(actor)
    assessment = _open(assessment)
    subjects = _subjects(assessment)
    indicators = list(assessment.indicators.all())
    by_city = figures(year=assessment.year, within=PROVINCE, length=15, as_of=assessment.as_of)
    by_sector = {
        sector: figures(
            year=assessment.year, within=PROVINCE, sector=sector, as_of=assessment.as_of
        ).get(PROVINCE)
        for sector in {s.sector for s in subjects if s.kind == "department"}
    }
    existing = {
        (s.subject_id, s.indicator_id): s
        for s in AssessmentScore.objects.filter(subject__assessment=assessment)
    }
    changes = []
    for subject in subjects:
        found = by_city.get(subject.path) if subject.kind == "city" else by_sector[subject.sector]
        for indicator in indicators:
            if indicator.is_manual or not _applies(indicator, subject):
                continue
            if indicator.source == "task_timeliness":
                value = rules.task_timeliness(
                    year=assessment.year,
                    as_of=assessment.as_of,
                    unit_ids=[subject.unit_id]
                    if subject.unit_id
                    else subject.region.org_units.values_list("pk", flat=True),
                    area_path=subject.path if subject.kind == "city" else None,
                )
            else:
                value = getattr(found, indicator.source) if found is not None else None
            points = rules.points_of(value, indicator.weight)
            score = existing.get((subject.pk, indicator.pk))
            if score is None:
                score = AssessmentScore.objects.create(
                    subject=subject, indicator=indicator, value=value, points=points
                )
                changes.append(created(score))
            elif (score.value, score.points) != (value, points):
                before = snapshot(score)
                score.value, score.points = value, points
                score.save(update_fields=["value", "points"])
                changes.append(updated(score, before))
    changes += _rank(assessment)
    before = snapshot(assessment)
    assessment.status = Assessment.Status.COMPUTED
    assessment.computed_at = timezone.now()
    assessment.save(update_fields=["status", "computed_at"])
    audit(actor=actor, changes=[updated(assessment, before), *changes])
    return assessment


def _rank(assessment: Assessment) -> list:
    """Totals and ranks of every subject, from its scores; the audit changes."""
    subjects = list(assessment.subjects.prefetch_related("scores__indicator"))
    changes = []
    for kind in AssessmentSubject.Kind.values:
        group = [s for s in subjects if s.kind == kind]
        sums = [
            rules.totals([(score.points, score.indicator.weight) for score in s.scores.all()])
            for s in group
        ]
        places = rules.ranks([rate for _p, _w, rate in sums])
        for subject, (points, possible, rate), rank in zip(group, sums, places, strict=True):
            if (subject.points, subject.possible, subject.rate, subject.rank) == (
                points,
                possible,
                rate,
                rank,
            ):
                continue
            before = snapshot(subject)
            subject.points, subject.possible, subject.rate, subject.rank = (
                points,
                possible,
                rate,
                rank,
            )
            subject.save(update_fields=["points", "possible", "rate", "rank"])
            changes.append(updated(subject, before))
    return changes


@audited()
def manual_score(
    *,
    actor,
    subject: AssessmentSubject,
    indicator: AssessmentIndicator,
    points,
    evidence: str,
    upload=None,
) -> AssessmentScore:
    """Points of a manual indicator, between 0 and its weight, with the evidence (and
    a file of it, if given: a refused file changes nothing)."""
    _manager(actor)
    assessment = _open(subject.assessment)
    if indicator.assessment_id != assessment.pk or not indicator.is_manual:
        raise DomainError("not_manual", _("该指标由平台数据计算，不能人工评分。"))
    if not _applies(indicator, subject):
        raise DomainError("not_applicable", _("该指标不适用于此考核对象。"))
    errors: dict[str, list[str]] = {}
    try:
        value = Decimal(str(points).strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= indicator.weight:
        errors["points"] = [
            _("得分须在 0 至 %(weight)s 分之间。") % {"weight": indicator.weight_text}
        ]
    elif value != value.quantize(rules.CENT):
        errors["points"] = [_("得分最多两位小数。")]
    evidence = (evidence or "").strip()
    if not evidence:
        errors["evidence"] = [_("人工评分须写明佐证材料。")]
    if errors:
        raise DomainError("invalid_score", _("评分填写有误。"), fields=errors)
    score, is_new = AssessmentScore.objects.get_or_create(subject=subject, indicator=indicator)
    before = snapshot(score)
    score.points, score.evidence = value, evidence[:2000]
    score.entered_by, score.entered_at = actor.get_username(), timezone.now()
    score.save()
    changes = [created(score) if is_new else updated(score, before), *_rank(assessment)]
    audit(actor=actor, changes=changes)
    if upload is not None:
        attach(actor=actor, owner=score, upload=upload)
    return score


@audited()
def assessment_finalize(*, actor, assessment: Assessment) -> Assessment:
    _manager(actor)
    assessment = _open(assessment)
    if assessment.status != Assessment.Status.COMPUTED:
        raise DomainError("not_computed", _("请先计算考核得分，再定稿。"))
    manual = [i for i in assessment.indicators.all() if i.is_manual]
    expected = sum(1 for s in assessment.subjects.all() for i in manual if _applies(i, s))
    scored = AssessmentScore.objects.filter(
        subject__assessment=assessment, indicator__source="manual", points__isnull=False
    ).count()
    if scored < expected:
        raise DomainError(
            "manual_scores_missing",
            _("还有 %(n)d 项人工评分未完成，不能定稿。") % {"n": expected - scored},
        )
    before = snapshot(assessment)
    assessment.status = Assessment.Status.FINAL
    assessment.save(update_fields=["status"])
    audit(actor=actor, changes=[updated(assessment, before)])
    return assessment

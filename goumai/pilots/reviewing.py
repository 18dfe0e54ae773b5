"""The comprehensive review (综合评审): criteria with weights, assigned experts, blind
scores, conflicts of interest refused, the trimmed mean per application."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, created, deleted
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.pilots.models import (
    Application,
    Assignment,
    Criterion,
    PilotCall,
    Review,
    SelectionRun,
)
from goumai.pilots.review import ReviewError, application_score, is_conflicted, reviewer_score
from goumai.pilots.selection import Candidate, Rules, select_pilots
from goumai.pilots.services import is_call_owner
from goumai.regions.models import Region


@audited()
def criteria_set(*, actor, call: PilotCall, criteria: list[tuple[str, Decimal]]) -> list[Criterion]:
    """Replace the call's criteria (before any review): weights must sum to 100."""
    if not is_call_owner(actor):
        raise PermissionDenied(_("评审指标由省财政厅设置。"))
    if Review.objects.filter(application__call=call).exists():
        raise DomainError("reviews_started", _("已有评审打分，不能再修改评审指标。"), status=409)
    names = [(name or "").strip() for name, _weight in criteria]
    try:
        weights = [Decimal(str(weight)) for _name, weight in criteria]
    except InvalidOperation:
        raise DomainError(
            "invalid_criteria", _("权重须为数字。"), fields={"criteria": [_("权重须为数字。")]}
        ) from None
    problems = []
    if not criteria or any(not name for name in names) or len(set(names)) != len(names):
        problems.append(_("每个指标须有名称且不重复。"))
    if any(not 0 < w <= 100 for w in weights):
        problems.append(_("每个权重须大于 0、不超过 100。"))
    if sum(weights, Decimal(0)) != 100:
        problems.append(_("权重合计应为 100，现为 %(s)s。") % {"s": sum(weights, Decimal(0))})
    if problems:
        raise DomainError(
            "invalid_criteria", _("评审指标设置有误。"), fields={"criteria": problems}
        )
    old = list(call.criteria.all())
    audit(actor=actor, changes=[deleted(c) for c in old])
    call.criteria.all().delete()
    made = Criterion.objects.bulk_create(
        [
            Criterion(call=call, name=n, weight=w, order=i)
            for i, (n, w) in enumerate(zip(names, weights, strict=True))
        ]
    )
    audit(actor=actor, changes=[created(c) for c in made])
    return made


@audited()
def reviewer_assign(*, actor, call: PilotCall, reviewer) -> Assignment:
    if not is_call_owner(actor):
        raise PermissionDenied(_("评审专家由省财政厅指定。"))
    if reviewer.org_unit is None or not reviewer.is_active:
        raise DomainError("invalid_reviewer", _("评审专家须是在用的单位账号。"))
    assignment, made = Assignment.objects.get_or_create(call=call, reviewer=reviewer)
    if made:
        audit(actor=actor, changes=[created(assignment)])
    return assignment


def conflicted(reviewer, application: Application) -> bool:
    return is_conflicted(reviewer.org_unit.region.path, application.county.path)


@audited()
def review_submit(*, actor, application: Application, scores: dict) -> Review:
    """An assigned, unconflicted expert scores a submitted application after the call
    has closed; once submitted the scores stay."""
    application = Application.objects.select_related("call", "county").get(pk=application.pk)
    call = application.call
    if not Assignment.objects.filter(call=call, reviewer=actor).exists():
        raise NotFound()  # not this reviewer's call: as if it did not exist
    if conflicted(actor, application):
        raise PermissionDenied(_("回避：评审专家所在单位与申报县同属一个市州，不能评审该申报。"))
    if application.status != Application.Status.SUBMITTED:
        raise DomainError("not_submitted", _("只评审已提交的申报书。"), status=409)
    if timezone.now() < call.closes_at:
        raise DomainError("call_still_open", _("申报截止后才开始评审。"), status=409)
    weights = {c.name: c.weight for c in call.criteria.all()}
    try:
        total = reviewer_score(weights, {k: Decimal(str(v)) for k, v in scores.items()})
    except (ReviewError, InvalidOperation) as error:
        message = str(error) if isinstance(error, ReviewError) else _("评分须为数字。")
        raise DomainError("invalid_scores", message, fields={"scores": [message]}) from None
    try:
        with transaction.atomic():
            review = Review.objects.create(
                application=application,
                reviewer=actor,
                scores={k: str(Decimal(str(scores[k]))) for k in weights},
                total=total,
            )
    except IntegrityError:
        raise DomainError("already_reviewed", _("已提交过对该申报书的评分。"), status=409) from None
    audit(actor=actor, changes=[created(review)])
    return review


def reviews_visible(*, actor, application: Application) -> list[Review]:
    """Blind: a reviewer sees the others' scores only after submitting its own; the
    call's owner sees all; anyone else none."""
    reviews = list(application.reviews.select_related("reviewer").order_by("id"))
    if is_call_owner(actor):
        return reviews
    if any(review.reviewer_id == actor.pk for review in reviews):
        return reviews
    return []


def score_of(application: Application) -> Decimal | None:
    """The application's review score: the trimmed mean (``review.application_score``)."""
    return application_score([review.total for review in application.reviews.all()])


MERGED = 5  # 六合一 / 五合一: formed from five former units or more


def candidates_of(call: PilotCall) -> tuple[list[Candidate], list[str]]:
    """The submitted applications that have review scores, as selection candidates;
    and the names of those left aside for want of any score."""
    found, unscored = [], []
    applications = (
        call.applications.filter(status=Application.Status.SUBMITTED)
        .select_related("county__parent__economic_region")
        .prefetch_related("townships", "reviews")
    )
    for application in applications:
        score = application_score([review.total for review in application.reviews.all()])
        if score is None:
            unscored.append(application.county.name)
            continue
        towns = list(application.townships.all())
        city = application.county.parent
        found.append(
            Candidate(
                county=application.county.code,
                name=application.county.name,
                city=city.code,
                region=city.economic_region.code,
                sectors=frozenset(application.sectors),
                score=score,
                targets=len(towns),
                merged=sum(1 for t in towns if (t.merged_unit_count or 0) >= MERGED),
            )
        )
    return found, unscored


@audited()
def selection_run(*, actor, call: PilotCall, rules: Rules) -> SelectionRun:
    """Solve the selection for the call's scored applications and keep the run."""
    if not is_call_owner(actor):
        raise PermissionDenied(_("试点县由省财政厅遴选。"))
    pool, unscored = candidates_of(call)
    forced = rules.forced_in | rules.forced_out
    names = dict(Region.objects.filter(code__in=forced).values_list("code", "name"))
    result = select_pilots(pool, replace(rules, county_labels=names))
    run = SelectionRun.objects.create(
        call=call,
        rules={
            "minimum": rules.minimum,
            "maximum": rules.maximum,
            "regions": sorted(rules.regions),
            "sectors": rules.sectors,
            "per_city": rules.per_city,
            "merged_share": str(rules.merged_share),
            "forced_in": sorted(rules.forced_in),
            "forced_out": sorted(rules.forced_out),
        },
        feasible=result.feasible,
        chosen=result.chosen,
        total=result.total,
        explanation={
            "summary": result.explanation,
            "binding": result.binding,
            "left_out": result.left_out,
            "conflicts": result.conflicts,
            "unscored": unscored,
            # the inputs as they were: each candidate's review score
            "scores": {c.county: str(c.score) for c in pool},
        },
        actor_label=actor.get_username(),
    )
    audit(actor=actor, changes=[created(run)])
    return run

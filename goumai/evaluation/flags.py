"""Signs that an evaluation is a formality (流于形式, domain.md §6), each with its
reason, for county and province reviewers:

* 自评明显高于满意度 — the provider's self-score exceeds the satisfaction of the people
  served by more than ``EvaluationPolicy.self_gap`` points;
* 评价不及时 — finished (or, still open, not finished) more than ``late_days`` days
  after the project's acceptance;
* 多个项目评分雷同 — one evaluator's scores on some project are matched (within
  ``similar_tolerance`` points on every leaf) by that evaluator's scores on other
  projects, ``similar_projects`` projects in all: all of them are flagged;
* 评分缺少佐证材料 — a typed (not computed) leaf of the purchaser's or the third
  party's scoring carries no evidence file;
* 满意度答卷过少 — fewer answers than ``min_answers`` or than ``min_answers_per_100``
  per hundred people served, whichever is more.

``flags_refresh`` recomputes the flags of some evaluations: it raises new ones and
drops those whose condition no longer holds, unless a reviewer already cleared them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, snapshot, updated
from goumai.core.dates import china_date
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.roles import Perm, has_perm
from goumai.evaluation.formulas import satisfaction_from
from goumai.evaluation.models import Evaluation, EvaluationPolicy, Flag, LeafScore, Part, Scoring
from goumai.projects.models import ProjectEvent

REVIEWER_KINDS = frozenset(
    {
        "finance_department",
        "sector_department",
        "city_government",
        "city_finance",
        "county_government",
        "county_finance",
    }
)
CHECKED_PARTS = (Part.PURCHASER, Part.THIRD_PARTY)
STARS_OF_ANSWERS = Sum(
    F("answers__overall")
    + F("answers__quality")
    + F("answers__timeliness")
    + F("answers__attitude")
)


def _acceptance_days(evaluations) -> dict[int, date]:
    """When each project was accepted (its latest 完成验收)."""
    rows = ProjectEvent.objects.filter(
        project_id__in=[e.project_id for e in evaluations], action="accept"
    ).values_list("project_id", "created_at")
    accepted: dict[int, date] = {}
    for project_id, at in rows:
        day = china_date(at)
        if project_id not in accepted or day > accepted[project_id]:
            accepted[project_id] = day
    return accepted


def similar_groups(scorings_by_submitter, *, tolerance: Decimal, at_least: int) -> set[int]:
    """Ids of evaluations whose scoring by one submitter matches at least
    ``at_least - 1`` other evaluations' scorings by the same submitter on every leaf
    (same indicator names, scores within ``tolerance``)."""
    flagged: set[int] = set()
    for scorings in scorings_by_submitter.values():
        vectors = [(evaluation_id, leaves) for evaluation_id, leaves in scorings if leaves]
        for _evaluation_id, leaves in vectors:
            alike = [
                other_id
                for other_id, other in vectors
                if other.keys() == leaves.keys()
                and all(abs(other[k] - leaves[k]) <= tolerance for k in leaves)
            ]
            if len(set(alike)) >= at_least:
                flagged.update(alike)
    return flagged


def compute(evaluations: list[Evaluation], rules: EvaluationPolicy, *, today: date) -> dict:
    """{evaluation id: {kind: reason}} for the given evaluations."""
    found: dict[int, dict[str, str]] = defaultdict(dict)
    if not evaluations:
        return found
    ids = [e.pk for e in evaluations]
    accepted = _acceptance_days(evaluations)
    scorings = list(
        Scoring.objects.filter(evaluation_id__in=ids, submitted_at__isnull=False).only(
            "evaluation_id", "part", "total", "submitted_by"
        )
    )
    self_totals = {s.evaluation_id: s.total for s in scorings if s.part == Part.SELF}
    # Answers and their ratings for all the evaluations at once: (count, stars).
    tallies = {
        pk: (n, stars)
        for pk, n, stars in Evaluation.objects.filter(pk__in=ids)
        .annotate(n=Count("answers"), stars=STARS_OF_ANSWERS)
        .values_list("pk", "n", "stars")
    }
    answers = {pk: n for pk, (n, _stars) in tallies.items()}
    bare_leaves = dict(
        LeafScore.objects.filter(
            scoring__evaluation_id__in=ids,
            scoring__part__in=CHECKED_PARTS,
            scoring__submitted_at__isnull=False,
            computed=False,
            evidence__isnull=True,
        )
        .values("scoring__evaluation_id")
        .annotate(n=Count("id"))
        .values_list("scoring__evaluation_id", "n")
    )
    for evaluation in evaluations:
        kinds = found[evaluation.pk]
        own = self_totals.get(evaluation.pk)
        if own is not None and answers.get(evaluation.pk):
            satisfaction = satisfaction_from(*tallies[evaluation.pk])
            if own - satisfaction > rules.self_gap:
                kinds[Flag.Kind.SELF_ABOVE_SATISFACTION] = _(
                    "自评 %(s)s 分，服务对象满意度 %(m)s 分，相差 %(d)s 分（超过 %(g)s 分）。"
                ) % {"s": own, "m": satisfaction, "d": own - satisfaction, "g": rules.self_gap}
        day = accepted.get(evaluation.project_id)
        if day is not None:
            end = china_date(evaluation.finished_at) if evaluation.finished_at else today
            if (end - day).days > rules.late_days:
                verb = _("完成") if evaluation.finished_at else _("仍未完成")
                kinds[Flag.Kind.LATE] = _(
                    "%(d)s 验收，%(days)d 天后%(verb)s评价（应在 %(limit)d 天内）。"
                ) % {"d": day, "days": (end - day).days, "verb": verb, "limit": rules.late_days}
        if bare_leaves.get(evaluation.pk):
            kinds[Flag.Kind.NO_EVIDENCE] = _(
                "购买主体或第三方评价中有 %(n)d 项人工评分的指标没有佐证材料。"
            ) % {"n": bare_leaves[evaluation.pk]}
        people = evaluation.people_served or 0
        needed = max(rules.min_answers, math.ceil(people * rules.min_answers_per_100 / 100))
        count = answers.get(evaluation.pk, 0)
        if evaluation.status == Evaluation.Status.FINISHED and count < needed:
            kinds[Flag.Kind.FEW_ANSWERS] = _(
                "满意度答卷 %(n)d 份，服务 %(p)d 人，至少应有 %(m)d 份。"
            ) % {"n": count, "p": people, "m": needed}
    for evaluation_id in _similar(ids, rules):
        found[evaluation_id][Flag.Kind.SIMILAR_SCORES] = _(
            "同一评价人对至少 %(n)d 个项目给出的各项指标得分几乎相同（差距不超过 %(t)s 分）。"
        ) % {"n": rules.similar_projects, "t": rules.similar_tolerance}
    return found


def _similar(ids: list[int], rules: EvaluationPolicy) -> set[int]:
    """The evaluations among ``ids`` in a group of look-alike scorings; the group is
    looked for among every scoring by the same people."""
    submitters = set(
        Scoring.objects.filter(
            evaluation_id__in=ids, part__in=CHECKED_PARTS, submitted_at__isnull=False
        ).values_list("submitted_by", flat=True)
    )
    by_submitter: dict[str, dict[int, dict[str, Decimal]]] = defaultdict(dict)
    rows = LeafScore.objects.filter(
        scoring__submitted_by__in=submitters,
        scoring__part__in=CHECKED_PARTS,
        scoring__submitted_at__isnull=False,
        computed=False,
    ).values_list("scoring__submitted_by", "scoring__evaluation_id", "indicator__name", "score")
    for submitter, evaluation_id, name, score in rows.iterator(chunk_size=5000):
        by_submitter[submitter].setdefault(evaluation_id, {})[name] = score
    grouped = {s: list(v.items()) for s, v in by_submitter.items()}
    flagged = similar_groups(
        grouped, tolerance=rules.similar_tolerance, at_least=rules.similar_projects
    )
    return flagged


@audited()
def flags_refresh(evaluations: list[Evaluation], rules: EvaluationPolicy, *, today: date) -> int:
    """Bring the flags of ``evaluations`` (and of look-alike evaluations elsewhere)
    up to date. Returns how many flags are now raised and not cleared."""
    found = compute(evaluations, rules, today=today)
    ids = set(found) | {e.pk for e in evaluations}
    existing = {(f.evaluation_id, f.kind): f for f in Flag.objects.filter(evaluation_id__in=ids)}
    new = []
    for evaluation_id, kinds in found.items():
        for kind, reason in kinds.items():
            flag = existing.pop((evaluation_id, kind), None)
            if flag is None:
                new.append(Flag(evaluation_id=evaluation_id, kind=kind, reason=reason[:300]))
            elif flag.cleared_at is None and flag.reason != reason[:300]:
                flag.reason = reason[:300]
                flag.save(update_fields=["reason"])
    Flag.objects.bulk_create(new)
    stale = [
        f.pk
        for (evaluation_id, _kind), f in existing.items()
        if f.cleared_at is None and evaluation_id in {e.pk for e in evaluations}
    ]
    Flag.objects.filter(pk__in=stale).delete()
    return Flag.objects.filter(evaluation_id__in=ids, cleared_at__isnull=True).count()


def flag_list(*, actor, cleared: bool = False):
    """Flags on evaluations of projects inside a reviewer's jurisdiction."""
    if not is_reviewer(actor):
        return Flag.objects.none()
    jurisdiction = Jurisdiction.of(actor)
    condition = jurisdiction.q(
        path_field="evaluation__project__scope_path", sector_field="evaluation__project__sector"
    )
    return (
        Flag.objects.filter(condition, cleared_at__isnull=not cleared)
        .select_related("evaluation__project__purchaser")
        .order_by("-raised_at", "id")
    )


def is_reviewer(actor) -> bool:
    if not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    unit = actor.org_unit
    return unit is not None and unit.kind in REVIEWER_KINDS and has_perm(actor, Perm.VIEW_AUDIT)


@audited()
def flag_clear(*, actor, flag: Flag, note: str) -> Flag:
    """A county or province reviewer looked into it: cleared, with a note."""
    flag = (
        Flag.objects.select_for_update(no_key=True)
        .select_related("evaluation__project")
        .get(pk=flag.pk)
    )
    project = flag.evaluation.project
    if not (
        is_reviewer(actor) and Jurisdiction.of(actor).covers(project.scope_path, project.sector)
    ):
        raise PermissionDenied(_("只有县级或省级审核人员可以处理预警。"))
    if flag.cleared_at is not None:
        raise DomainError("already_cleared", _("该预警已处理。"), status=409)
    note = (note or "").strip()
    if not 5 <= len(note) <= 300:
        raise DomainError(
            "note_required",
            _("请填写处理说明（5 至 300 个字）。"),
            fields={"note": [_("5 至 300 个字。")]},
        )
    before = snapshot(flag)
    flag.cleared_at, flag.cleared_by, flag.clear_note = timezone.now(), actor.get_username(), note
    flag.save()
    audit(actor=actor, changes=[updated(flag, before)])
    return flag

"""Publishing a stage of a project: a frozen snapshot appended to the public log."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.contracts.models import Contract
from goumai.core.dates import china_date
from goumai.core.errors import DomainError, PermissionDenied
from goumai.disclosure import log
from goumai.disclosure.models import LogHead, Publication, PublicProject, Stage
from goumai.disclosure.snapshots import build
from goumai.evaluation.models import Evaluation
from goumai.holidays.periods import LegalCalendar, disclosure_late, disclosure_period
from goumai.procurement.models import Award, Procurement
from goumai.projects import lifecycle
from goumai.projects.models import Project, ProjectEvent


def due_stages(project: Project) -> dict[str, date]:
    """The stages this project has reached, each with the day it became due (read
    afresh: a caller's instance may hold stale related objects)."""
    return due_days(Project.objects.filter(pk=project.pk)).get(project.pk, {})


def due_days(projects) -> dict[int, dict[str, date]]:
    """``due_stages`` of many projects at once (a queryset of projects): a few
    queries whatever their number, for the indicators of a whole 市州."""
    ids = projects.values("pk")
    statuses = dict(projects.values_list("pk", "status"))
    events: dict[int, dict[str, date]] = {}
    for project_id, action, at in (
        ProjectEvent.objects.filter(
            project__in=ids, action__in=["approve", "accept", "withdraw", "terminate"]
        )
        .order_by("id")
        .values_list("project_id", "action", "created_at")
    ):
        events.setdefault(project_id, {})[action] = china_date(at)
    days: dict[int, dict[str, date]] = {pk: {} for pk in statuses}
    for project_id, happened in events.items():
        status = statuses[project_id]
        if "approve" in happened and status != Project.Status.DRAFT:
            days[project_id][Stage.PLAN] = happened["approve"]
    for project_id, day in Procurement.objects.filter(project__in=ids).values_list(
        "project_id", "announced_on"
    ):
        days[project_id][Stage.NOTICE] = day
    for project_id, day in Award.objects.filter(procurement__project__in=ids).values_list(
        "procurement__project_id", "awarded_on"
    ):
        days[project_id][Stage.AWARD] = day
    for project_id, day in Contract.objects.filter(project__in=ids).values_list(
        "project_id", "signed_on"
    ):
        days[project_id][Stage.CONTRACT] = day
    for project_id, happened in events.items():
        status = statuses[project_id]
        if "accept" in happened:
            days[project_id][Stage.ACCEPTANCE] = happened["accept"]
        for action in ("withdraw", "terminate"):
            if action in happened and status in (
                Project.Status.WITHDRAWN,
                Project.Status.TERMINATED,
            ):
                days[project_id][Stage.ENDING] = happened[action]
    for project_id, at in Evaluation.objects.filter(
        project__in=ids, finished_at__isnull=False
    ).values_list("project_id", "finished_at"):
        days[project_id][Stage.EVALUATION] = china_date(at)
    return days


def allowed_days() -> int:
    return disclosure_period().count


def overdue(project: Project, *, today: date) -> list[tuple[str, date]]:
    """Stages not published within ``GOUMAI_DISCLOSURE_DAYS`` (a period counted as the
    law counts it: ``holidays.periods.disclosure_due``)."""
    published = set(
        Publication.objects.filter(project=project, superseded_at__isnull=True).values_list(
            "stage", flat=True
        )
    )
    calendar = LegalCalendar()
    return [
        (stage, day)
        for stage, day in due_stages(project).items()
        if stage not in published and disclosure_late(day, on=today, calendar=calendar)
    ]


@audited()
def publish(*, actor, project: Project, stage: str, reason: str = "") -> Publication:
    """Publish one stage (the purchaser). Publishing it again is a correction: it
    needs a reason, makes a new version and marks the old one superseded, which
    stays readable. Nothing is published that has not changed."""
    project = Project.objects.select_for_update(of=("self",), no_key=True).get(pk=project.pk)
    if not lifecycle.is_purchaser(actor, project):
        raise PermissionDenied(_("只有购买主体可以公开项目信息。"))
    if stage not in Stage.values:
        raise DomainError("unknown_stage", _("未知的公开事项。"))
    if stage not in due_stages(project):
        raise DomainError(
            "stage_not_reached",
            _("项目尚未到“%(s)s”阶段，不能公开。") % {"s": Stage(stage).label},
            status=409,
        )
    content = build(project, stage)
    digest = log.snapshot_digest(content)
    current = (
        Publication.objects.select_for_update(no_key=True)
        .filter(project=project, stage=stage, superseded_at__isnull=True)
        .first()
    )
    reason = (reason or "").strip()
    if current is not None:
        if current.snapshot_hash == digest:
            raise DomainError("unchanged", _("内容与已公开的版本相同，无需更正。"), status=409)
        if len(reason) < 10:
            raise DomainError(
                "reason_required",
                _("该事项已公开；更正须说明理由（不少于 10 个字），原版本将保留并标注为已更正。"),
                fields={"reason": [_("不少于 10 个字。")]},
            )
    now = timezone.now()
    head, _new = LogHead.objects.select_for_update(no_key=True).get_or_create(pk=1)
    seq = head.last_seq + 1
    entry = log.entry_digest(seq=seq, prev_hash=head.last_hash, snapshot_hash=digest)
    changes = []
    if current is not None:
        before = snapshot(current)
        current.superseded_at = now
        current.save(update_fields=["superseded_at"])
        changes.append(updated(current, before))
    publication = Publication.objects.create(
        project=project,
        stage=stage,
        version=(current.version + 1) if current else 1,
        snapshot=content,
        snapshot_hash=digest,
        reason=reason[:300] if current else "",
        published_at=now,
        published_by=actor.get_username(),
        seq=seq,
        prev_hash=head.last_hash,
        entry_hash=entry,
        scope_path=project.scope_path,
        sector=project.sector,
    )
    head.last_seq, head.last_hash = seq, entry
    head.save(update_fields=["last_seq", "last_hash"])
    _list_publicly(project, now)
    audit(actor=actor, changes=[*changes, created(publication)])
    return publication


def _list_publicly(project: Project, now) -> None:
    """Refresh the portal's row of the project from what is published."""
    current = Publication.objects.filter(project=project, superseded_at__isnull=True)
    snapshots = {p.stage: p.snapshot for p in current.order_by("seq")}
    PublicProject.objects.update_or_create(
        project=project,
        defaults=listing(snapshots) | {"scope_path": project.scope_path, "last_published_at": now},
    )


def listing(snapshots: dict[str, dict]) -> dict:
    """The portal row's fields from the current snapshot of each published stage
    (in publication order: the last one names the project as it now stands)."""
    stages = [s for s in Stage.values if s in snapshots]
    identity = list(snapshots.values())[-1]["project"]
    title = identity["title"]
    item = identity.get("catalog_item") or {}
    plan = snapshots.get(Stage.PLAN)
    notice = snapshots.get(Stage.NOTICE)
    signed = snapshots.get(Stage.CONTRACT)
    evaluated = snapshots.get(Stage.EVALUATION)
    return {
        "code": identity["code"],
        "title": title,
        "title_pinyin": "".join(lazy_pinyin(title)).lower(),
        "title_initials": "".join(lazy_pinyin(title, style=Style.FIRST_LETTER)).lower(),
        "purchaser": identity["purchaser"],
        "sector": identity.get("sector"),
        "fiscal_year": identity["fiscal_year"],
        "catalog_item": item.get("name", ""),
        "budget_amount": plan["plan"]["budget_amount"] if plan else None,
        "stages": stages,
        "stage": stages[-1],
        "method": notice["notice"]["method"] if notice else "",
        "catalog_code": item.get("code", ""),
        "contract_amount": signed["contract"]["amount"] if signed else None,
        "grade": (evaluated["evaluation"]["grade"] or "") if evaluated else "",
    }


def log_document(*, after: int = 0, limit: int | None = None) -> dict:
    """The log as a document ``goumai disclosure verify`` reads: the head and the
    entries after ``after`` with their snapshots."""
    head = LogHead.objects.filter(pk=1).first()
    entries = Publication.objects.filter(seq__gt=after).order_by("seq")
    if limit:
        entries = entries[:limit]
    return {
        "head": {
            "seq": head.last_seq if head else 0,
            "hash": head.last_hash if head else log.GENESIS_HASH,
        },
        "entries": [
            {
                "seq": p.seq,
                "prev_hash": p.prev_hash,
                "snapshot_hash": p.snapshot_hash,
                "entry_hash": p.entry_hash,
                "published_at": p.published_at.isoformat(),
                "snapshot": p.snapshot,
            }
            for p in entries
        ],
    }


def disclosure_status(project: Project, *, today: date) -> list[dict]:
    """Each stage the project has reached: when it became due, what is published,
    and whether it is overdue — for the project page."""
    current = {
        p.stage: p for p in Publication.objects.filter(project=project, superseded_at__isnull=True)
    }
    return [
        {
            "stage": stage,
            "label": Stage(stage).label,
            "due": day,
            "publication": current.get(stage),
            "overdue": stage not in current and (today - day).days > allowed_days(),
        }
        for stage, day in sorted(
            due_stages(project).items(), key=lambda kv: Stage.values.index(kv[0])
        )
    ]

"""The daily reminders of a purchase's dates (run by the background worker, or
``goumai reminders``): a tender closing within ``GOUMAI_REMINDER_DAYS`` (to invited
providers that have not bid), a milestone due within those days, an accepted
milestone not paid in full, and a small or medium provider's last day to pay coming
within those days or passed (to the purchaser's clerks), an evaluation not finished
``late_days`` after acceptance and a disclosure stage overdue (to the purchaser's
clerks). Each reminder names its event (``key``): running the job twice tells no one
twice."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, Q, Sum
from django.utils import timezone

from goumai.accounts.selectors import unit_users
from goumai.bidding.models import Tender
from goumai.bidding.services import bidders_of
from goumai.contracts.models import Milestone
from goumai.core.dates import china_date, stamp
from goumai.core.roles import Role
from goumai.disclosure.models import Publication, Stage
from goumai.disclosure.services import allowed_days, due_days
from goumai.evaluation.services import policy
from goumai.holidays.periods import LegalCalendar, disclosure_due, disclosure_late
from goumai.notifications.models import Kind
from goumai.notifications.services import notify
from goumai.procurement.services import provider_users
from goumai.projects.models import Project, ProjectEvent

OPEN = [Project.Status.CONTRACTED, Project.Status.PERFORMING, Project.Status.ACCEPTED]


def _clerks(unit_id) -> list:
    return unit_users(unit_id, Role.CLERK)


def _payment_periods(unpaid, today: date, days: int) -> int:
    """A small or medium provider's payment (保障中小企业款项支付条例): the purchaser's
    clerks hear ``days`` before the last day to pay, and again once it has passed."""
    told = 0
    for milestone in unpaid.filter(
        payment_due_on__isnull=False, payment_due_on__lte=today + timedelta(days=days)
    ):
        project, due = milestone.contract.project, milestone.payment_due_on
        provider = milestone.contract.provider.name
        if today > due:
            told += notify(
                users=_clerks(project.purchaser_id),
                kind=Kind.PAYMENT_LATE,
                key=f"payment_late:{milestone.pk}",
                title=f"逾期未付中小企业款项：{project.title} · {milestone.name}",
                body=f"应于 {due:%Y-%m-%d} 前向{provider}付清（验收后 "
                f"{milestone.contract.payment_days} 日），已逾期 {(today - due).days} 日。",
                link=f"/projects/{project.pk}/",
            )
        else:
            told += notify(
                users=_clerks(project.purchaser_id),
                kind=Kind.PAYMENT_DUE,
                key=f"payment_deadline:{milestone.pk}",
                title=f"付款期限将至：{project.title} · {milestone.name}",
                body=f"向{provider}（中小企业）付款的最后一日为 {due:%Y-%m-%d}。",
                link=f"/projects/{project.pk}/",
            )
    return told


def send_due_reminders(*, today: date) -> int:
    days = int(getattr(settings, "GOUMAI_REMINDER_DAYS", 3))
    told = 0
    now = timezone.now()
    for tender in Tender.objects.filter(
        opened_at=None, closes_at__gt=now, closes_at__lte=now + timedelta(days=days)
    ).select_related("procurement__project"):
        bid = {b.provider_id for b in tender.bids.filter(withdrawn_at=None)}
        waiting = [p for p in bidders_of(tender) if p.pk not in bid]
        told += notify(
            users=provider_users(waiting),
            kind=Kind.DEADLINE,
            key=f"deadline:tender:{tender.pk}",
            title=f"投标即将截止：{tender.procurement.project.title}",
            body=f"投标截止时间 {stamp(tender.closes_at)[:16]}，贵单位尚未递交投标。",
            link=f"/providers/tenders/{tender.pk}/",
        )
    milestones = Milestone.objects.filter(contract__project__status__in=OPEN).select_related(
        "contract__project", "contract__provider"
    )
    for milestone in milestones.filter(
        accepted_at=None, due_date__gte=today, due_date__lte=today + timedelta(days=days)
    ):
        project = milestone.contract.project
        told += notify(
            users=_clerks(project.purchaser_id),
            kind=Kind.MILESTONE_DUE,
            key=f"milestone_due:{milestone.pk}",
            title=f"履约节点到期：{project.title} · {milestone.name}",
            body=f"计划完成日期 {milestone.due_date:%Y-%m-%d}，请按时组织验收。",
            link=f"/projects/{project.pk}/",
        )
    unpaid = milestones.exclude(accepted_at=None).annotate(paid=Sum("payments__amount"))
    for milestone in unpaid.filter(Q(paid__isnull=True) | Q(paid__lt=F("amount"))):
        project = milestone.contract.project
        told += notify(
            users=_clerks(project.purchaser_id),
            kind=Kind.PAYMENT_DUE,
            key=f"payment_due:{milestone.pk}",
            title=f"待支付：{project.title} · {milestone.name}",
            body=f"该履约节点已于 {milestone.accepted_on:%Y-%m-%d} 验收，尚未足额支付。",
            link=f"/projects/{project.pk}/",
        )
    told += _payment_periods(
        unpaid.filter(Q(paid__isnull=True) | Q(paid__lt=F("amount"))), today, days
    )
    late = today - timedelta(days=policy().late_days)
    accepted = ProjectEvent.objects.filter(
        action="accept",
        created_at__date__lt=late,
        project__status=Project.Status.ACCEPTED,
    ).exclude(project__evaluation__status="finished")
    for event in accepted.select_related("project"):
        project = event.project
        told += notify(
            users=_clerks(project.purchaser_id),
            kind=Kind.EVALUATION_OVERDUE,
            key=f"evaluation_overdue:{project.pk}",
            title=f"绩效评价逾期：{project.title}",
            body=f"项目已于 {china_date(event.created_at):%Y-%m-%d} 验收，"
            f"超过 {policy().late_days} 天尚未完成绩效评价。",
            link=f"/projects/{project.pk}/",
        )
    told += _disclosure(today)
    return told


def _disclosure(today: date) -> int:
    """Stages due longer than the rule allows and not published, of live projects."""
    projects = Project.objects.exclude(
        status__in=[Project.Status.DRAFT, Project.Status.SUBMITTED, Project.Status.CLOSED]
    )
    published = set(
        Publication.objects.filter(project__in=projects.values("pk")).values_list(
            "project_id", "stage"
        )
    )
    purchasers = dict(projects.values_list("pk", "purchaser_id"))
    titles = dict(projects.values_list("pk", "title"))
    told = 0
    labels = dict(Stage.choices)
    clerks: dict[int, list] = {}
    calendar = LegalCalendar()
    for project_id, stages in due_days(projects).items():
        for stage, day in stages.items():
            if (project_id, stage) in published or not disclosure_late(
                day, on=today, calendar=calendar
            ):
                continue
            unit = purchasers[project_id]
            if unit not in clerks:
                clerks[unit] = _clerks(unit)
            told += notify(
                users=clerks[unit],
                kind=Kind.DISCLOSURE_OVERDUE,
                key=f"disclosure_overdue:{project_id}:{stage}",
                title=f"信息公开逾期：{titles[project_id]} · {labels[stage]}",
                body=f"应于 {disclosure_due(day, calendar):%Y-%m-%d} 前公开"
                f"（{day:%Y-%m-%d} 起 {allowed_days()} 日，节假日顺延），尚未公开。",
                link=f"/projects/{project_id}/",
            )
    return told

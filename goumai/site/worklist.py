"""What waits for the signed-in person, for the 工作台: one pile per kind of next
step, each with its count, the newest few and a link to all of them.

Every pile is read through the actor's own selectors, so it holds nothing outside
the jurisdiction (a township: its own purchases; a county: its townships; a
sector department: its sector). Two queries a pile: the count and the newest few.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.urls import reverse

from goumai.accounts.models import OrgUnit
from goumai.budgets.selectors import budget_line_list
from goumai.contracts.models import Milestone, Payment
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.roles import Perm, Sector, has_perm
from goumai.procurement.models import Award
from goumai.projects.lifecycle import APPROVING_BODIES
from goumai.projects.models import Project, ProjectEvent
from goumai.projects.selectors import (
    dashboard_rows,
    fen_to_yuan,
    project_list,
    summary_dashboard,
)
from goumai.regions.models import Region
from goumai.supervision.selectors import task_list

SHOWN = 5
DUE_SOON_DAYS = 14
NEARLY_SPENT = Decimal("0.9")  # a budget line with 90 % reserved or spent
S = Project.Status


@dataclass
class Pile:
    key: str
    title: str
    hint: str  # what to do
    count: int
    items: list = field(default_factory=list)
    url: str = ""
    kind: str = "project"  # what the items are: project, milestone, line or task


def _projects_in(status: str) -> str:
    return f"{reverse('projects:list')}?status={status}"


def _pile(key, title, hint, queryset: QuerySet, url: str = "", kind: str = "project") -> Pile:
    return Pile(key, title, hint, queryset.count(), list(queryset[:SHOWN]), url, kind)


def purchaser_piles(actor, today: date) -> list[Pile]:
    """The purchasing unit's own projects, by the step that is theirs to take."""
    if actor.org_unit_id is None or not has_perm(actor, Perm.RUN_PROJECT):
        return []
    mine = project_list(actor=actor).filter(purchaser_id=actor.org_unit_id)
    returned = Exists(ProjectEvent.objects.filter(project=OuterRef("pk"), action="return"))
    awarded = Exists(Award.objects.filter(procurement__project=OuterRef("pk")))
    milestones = Milestone.objects.filter(
        contract__project__in=mine.values("pk"), contract__project__status=S.PERFORMING
    ).select_related("contract__project")
    paid = Exists(Payment.objects.filter(milestone=OuterRef("pk")))
    return [
        _pile(
            "returned",
            "被退回修改",
            "按审批意见修改后重新提交",
            mine.filter(status=S.DRAFT).filter(returned),
            _projects_in("draft"),
        ),
        _pile(
            "drafts",
            "草稿",
            "填写完整后提交审核",
            mine.filter(status=S.DRAFT).exclude(returned),
            _projects_in("draft"),
        ),
        _pile(
            "to_procure",
            "已批准，待开始采购",
            "发布采购公告或邀请承接主体",
            mine.filter(status=S.APPROVED),
            _projects_in("approved"),
        ),
        _pile(
            "to_sign",
            "已确定成交，待签订合同",
            "与成交的承接主体签订合同",
            mine.filter(status=S.PROCURING).filter(awarded),
            _projects_in("procuring"),
        ),
        _pile(
            "to_start",
            "已签约，待开始履约",
            "确认承接主体已开始服务",
            mine.filter(status=S.CONTRACTED),
            _projects_in("contracted"),
        ),
        _pile(
            "milestones_due",
            f"履约节点 {DUE_SOON_DAYS} 天内到期或已过期",
            "按合同验收该节点",
            milestones.filter(
                accepted_on__isnull=True, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
            ).order_by("due_date"),
            _projects_in("performing"),
            kind="milestone",
        ),
        _pile(
            "payments_due",
            "已验收，待支付",
            "按验收结果登记支付",
            milestones.filter(accepted_on__isnull=False)
            .exclude(paid)
            .order_by(F("payment_due_on").asc(nulls_last=True), "accepted_on"),
            _projects_in("performing"),
            kind="milestone",
        ),
        _pile(
            "to_evaluate",
            "已验收，待绩效评价",
            "开展绩效评价",
            mine.filter(status=S.ACCEPTED),
            _projects_in("accepted"),
        ),
    ]


def approver_piles(actor, today: date) -> list[Pile]:
    """What an approving body decides, and the budget lines it should watch."""
    if not has_perm(actor, Perm.APPROVE_PROJECT) or actor.org_unit_id is None:
        return []
    if actor.org_unit.kind not in APPROVING_BODIES:
        return []
    waiting = (
        project_list(actor=actor)
        .filter(status=S.SUBMITTED)
        .exclude(purchaser_id=actor.org_unit_id)  # never its own purchase
        .order_by("id")
    )
    overdue = Milestone.objects.filter(
        contract__project__in=project_list(actor=actor)
        .exclude(purchaser_id=actor.org_unit_id)
        .filter(status=S.PERFORMING)
        .values("pk"),
        accepted_on__isnull=True,
        due_date__lt=today,
    ).select_related("contract__project__purchaser")
    lines = budget_line_list(actor=actor).filter(
        fiscal_year__gte=today.year,
        amount__gt=0,
        reserved__gte=F("amount") * NEARLY_SPENT - F("spent"),
    )
    return [
        _pile(
            "to_approve",
            "待审批的项目",
            "审核后批准或退回修改",
            waiting,
            _projects_in("submitted"),
        ),
        _pile(
            "overdue_milestones",
            "辖区内逾期未验收的履约节点",
            "督促采购单位按合同验收",
            overdue.order_by("due_date"),
            _projects_in("performing"),
            kind="milestone",
        ),
        _pile(
            "budgets_nearly_spent",
            "已用九成以上的预算项目（本年度及以后）",
            "关注余额，必要时调整预算",
            lines,
            reverse("budgets:list"),
            kind="line",
        ),
    ]


def task_piles(actor, today: date) -> list[Pile]:
    """The work-plan tasks the actor's unit answers for that are overdue or due soon."""
    if actor.org_unit_id is None:
        return []
    soon = today + timedelta(days=settings.GOUMAI_TASK_DUE_SOON_DAYS)
    tasks = (
        task_list(actor=actor)
        .filter(responsible_units=actor.org_unit_id, status="open", deadline__lte=soon)
        .order_by("deadline", "id")
    )
    return [
        _pile(
            "tasks_due",
            "工作任务",
            "本单位负责、已逾期或即将到期的任务：报告进展",
            tasks,
            f"{reverse('supervision:list')}?flagged=1",
            kind="task",
        )
    ]


def oversight_piles(actor, today: date) -> list[Pile]:
    """For a body over purchasers (a county, a 市州, the province, a sector department
    for its sector): small or medium providers not paid by the last day the law allows
    (保障中小企业款项支付条例)."""
    unit = actor.org_unit
    if unit is None or unit.kind == OrgUnit.Kind.TOWNSHIP_GOVERNMENT:
        return []
    if Jurisdiction.of(actor).is_empty:
        return []
    late = late_payments(project_list(actor=actor), today).exclude(
        contract__project__purchaser_id=actor.org_unit_id
    )
    return [
        _pile(
            "late_payments",
            "逾期未付中小企业的款项",
            "督促采购单位依法付款（验收后 30 日内，合同约定的不超过 60 日）",
            late.order_by("payment_due_on", "id"),
            _projects_in("accepted"),
            kind="milestone",
        )
    ]


def late_payments(projects, today: date) -> QuerySet:
    """Accepted milestones of these projects whose last day to pay has passed without
    full payment."""
    return (
        Milestone.objects.filter(
            contract__project__in=projects.values("pk"), payment_due_on__lt=today
        )
        .annotate(paid=Sum("payments__amount"))
        .filter(Q(paid__isnull=True) | Q(paid__lt=F("amount")))
        .select_related("contract__project__purchaser", "contract__provider")
    )


def piles_for(actor, today: date) -> list[Pile]:
    return (
        purchaser_piles(actor, today)
        + approver_piles(actor, today)
        + oversight_piles(actor, today)
        + task_piles(actor, today)
    )


def province_figures(actor) -> dict | None:
    """For a province-wide actor (its sector only, for a sector department): projects
    and money by status, by sector and by 市州, each row linking to its list."""
    jurisdiction = Jurisdiction.of(actor)
    if jurisdiction.is_empty or (
        not jurisdiction.everything and jurisdiction.region_path.count("/") > 2
    ):
        return None
    rows = dashboard_rows(actor=actor)  # the 市州 rollup: the actor sees the province
    sums = dict(count=Sum("count"), budget=Sum("budget_fen"), paid=Sum("paid_fen"))
    sectors = dict(Sector.choices)
    by_sector = [
        {
            **row,
            "label": sectors.get(row["sector"], "未分行业"),
            "budget": fen_to_yuan(row["budget"]),
        }
        for row in rows.order_by().values("sector").annotate(**sums).order_by("sector")
    ]
    by_city = list(
        rows.order_by().values(city=F("city_path")).annotate(**sums).order_by("city_path")
    )
    cities = {r.path: r for r in Region.objects.filter(path__in=[row["city"] for row in by_city])}
    for row in by_city:
        city = cities.get(row["city"])
        row["label"], row["code"] = (city.name, city.code) if city else ("—", "")
        row["budget"] = fen_to_yuan(row["budget"])
    return {
        "by_status": [row for row in summary_dashboard(rows) if row["count"]],
        "by_sector": by_sector,
        "by_city": by_city,
    }

"""What happens next on a project, and who does it: the line at the top of the project
page's 可办理事项 box, and which of the step's forms the page puts there.

``step`` names the form block (``projects/_next_step.html``); ``who`` is the unit that
acts; ``text`` says what it does, in the words of the work plan's steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from goumai.accounts.models import OrgUnit
from goumai.projects.models import Project
from goumai.regions.selectors import county_of

S = Project.Status
APPROVER_ORDER = [OrgUnit.Kind.COUNTY_FINANCE, OrgUnit.Kind.COUNTY_GOVERNMENT]


@dataclass(frozen=True)
class NextStep:
    step: str
    text: str
    who: str = ""


def approver_name(project: Project) -> str:
    """The body that approves the project: the county finance bureau above the purchaser
    (or the county government when the bureau is the purchaser)."""
    county = county_of(project.purchaser.region)
    bodies = {
        unit.kind: unit.name
        for unit in OrgUnit.objects.filter(region=county, kind__in=APPROVER_ORDER).exclude(
            pk=project.purchaser_id
        )
    }
    return next((bodies[k] for k in APPROVER_ORDER if k in bodies), "上级财政部门")


def next_step(project: Project, *, award=None, milestones=(), evaluation=None) -> NextStep:
    purchaser = project.purchaser.name
    status = project.status
    if status == S.DRAFT:
        text = "完善项目信息后提交审核"
        if project.status_note:
            text = "按退回意见修改后重新提交审核"
        return NextStep("submit", text, purchaser)
    if status == S.SUBMITTED:
        return NextStep("approve", "审核项目：批准并预留预算，或退回修改", approver_name(project))
    if status == S.APPROVED:
        return NextStep("procure", "开始采购：选择采购方式和公告日期", purchaser)
    if status == S.PROCURING and award is None:
        return NextStep("bids", "邀请承接主体、录入报价，再按综合排名确定成交承接主体", purchaser)
    if status == S.PROCURING:
        return NextStep("sign", f"与“{award.provider.name}”签订合同", purchaser)
    if status == S.CONTRACTED:
        return NextStep("perform", "合同已签订，开始履约", purchaser)
    if status == S.PERFORMING:
        waiting = [m for m in milestones if m.accepted_at is None]
        if waiting:
            first = waiting[0]
            return NextStep(
                "milestones",
                f"验收履约节点“{first.name}”（计划 {first.due_date:%Y-%m-%d} 完成），"
                "验收后登记支付",
                purchaser,
            )
        return NextStep("accept", "各履约节点均已验收：完成验收", purchaser)
    if status == S.ACCEPTED:
        text = "开展绩效评价" if evaluation is None else "完成绩效评价的各项评分"
        return NextStep("evaluate", text, purchaser)
    if status == S.EVALUATED:
        return NextStep("close", "绩效评价已完成：公开评价结果后结项", purchaser)
    return NextStep("done", f"项目{project.get_status_display()}，没有待办事项")

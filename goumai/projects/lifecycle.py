"""The purchase project's lifecycle: every status, every transition, who may fire it.

    草稿 → 已提交 → 已批准 → 采购中 → 已签约 → 履约中 → 已验收 → 已评价 → 已结项
    plus 已撤销 (before signing) and 已终止 (after signing).

The purchaser runs its project; an approver — a finance body (or county
government) above the purchaser, holding the approver role, and never of the
purchaser's own unit (a county finance bureau buying for itself is approved by
the county government or the 市州 finance bureau) — returns or approves it. Pages and the API ask ``allowed_transitions`` what to offer; services ask
``check`` before acting.

Preconditions that need another app's data — a contract before 签订合同, every
milestone accepted before 完成验收 — are registered here by the app that owns the
data (``register_precondition`` in its ``AppConfig.ready``), because those apps sit
above ``projects`` and ``projects`` never imports them (``docs/architecture.md``).
``project_transition`` runs them before it changes anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from goumai.accounts.models import OrgUnit, User
from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.roles import Perm, Role, has_perm
from goumai.projects.models import Project

S = Project.Status
PURCHASER, APPROVER = "purchaser", "approver"

APPROVING_BODIES = {
    OrgUnit.Kind.COUNTY_FINANCE,
    OrgUnit.Kind.COUNTY_GOVERNMENT,
    OrgUnit.Kind.CITY_FINANCE,
    OrgUnit.Kind.FINANCE_DEPARTMENT,
}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    party: str
    needs_note: bool = False
    # Fired by the procurement, contract and evaluation services, which create what the step
    # needs; never directly from a page or the transitions endpoint.
    internal: bool = False
    # A step with no way back asks first (the page's button shows this question).
    confirm: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", "提交审核", frozenset({S.DRAFT}), S.SUBMITTED, PURCHASER),
        Transition(
            "return", "退回修改", frozenset({S.SUBMITTED}), S.DRAFT, APPROVER, needs_note=True
        ),
        Transition("approve", "批准并预留预算", frozenset({S.SUBMITTED}), S.APPROVED, APPROVER),
        Transition(
            "start_procurement",
            "开始采购",
            frozenset({S.APPROVED}),
            S.PROCURING,
            PURCHASER,
            internal=True,
        ),
        Transition(
            "sign", "签订合同", frozenset({S.PROCURING}), S.CONTRACTED, PURCHASER, internal=True
        ),
        Transition(
            "start_performance", "开始履约", frozenset({S.CONTRACTED}), S.PERFORMING, PURCHASER
        ),
        Transition("accept", "完成验收", frozenset({S.PERFORMING}), S.ACCEPTED, PURCHASER),
        Transition(
            "evaluate",
            "完成绩效评价",
            frozenset({S.ACCEPTED}),
            S.EVALUATED,
            PURCHASER,
            needs_note=True,
            internal=True,
        ),
        Transition(
            "close",
            "结项",
            frozenset({S.EVALUATED}),
            S.CLOSED,
            PURCHASER,
            confirm="结项后项目不能再修改。确定结项？",
        ),
        Transition(
            "withdraw",
            "撤销",
            frozenset({S.DRAFT, S.SUBMITTED, S.APPROVED, S.PROCURING}),
            S.WITHDRAWN,
            PURCHASER,
            needs_note=True,
            confirm="撤销后项目不能恢复，已预留的预算将退回。确定撤销？",
        ),
        Transition(
            "terminate",
            "终止",
            frozenset({S.CONTRACTED, S.PERFORMING}),
            S.TERMINATED,
            PURCHASER,
            needs_note=True,
            confirm="终止后合同不再履行，项目不能恢复。确定终止？",
        ),
    ]
}

# Statuses in which money stays reserved in the budget line.
HOLDS_BUDGET = frozenset(
    {S.APPROVED, S.PROCURING, S.CONTRACTED, S.PERFORMING, S.ACCEPTED, S.EVALUATED}
)
EDITABLE = frozenset({S.DRAFT})


# A precondition raises ``DomainError`` when the transition may not happen yet.
Precondition = Callable[[Project], None]
PRECONDITIONS: dict[str, list[Precondition]] = {name: [] for name in TRANSITIONS}


def register_precondition(action: str, precondition: Precondition) -> None:
    """Let a higher app veto a transition (idempotent: registering twice runs once)."""
    if action not in TRANSITIONS:
        raise ValueError(f"unknown transition {action!r}")
    if precondition not in PRECONDITIONS[action]:
        PRECONDITIONS[action].append(precondition)


def check_preconditions(project: Project, action: str) -> None:
    for precondition in PRECONDITIONS[action]:
        precondition(project)


def is_purchaser(actor, project: Project) -> bool:
    if not has_perm(actor, Perm.RUN_PROJECT):
        return False
    return actor.is_superuser or actor.org_unit_id == project.purchaser_id


def is_approver(actor, project: Project) -> bool:
    if not has_perm(actor, Perm.APPROVE_PROJECT):
        return False
    if actor.is_superuser:
        return True
    if actor.org_unit_id == project.purchaser_id:
        return False  # segregation of duties: a unit never approves its own purchase
    return actor.org_unit.kind in APPROVING_BODIES and Jurisdiction.of(actor).covers(
        project.scope_path
    )


def may(actor, project: Project, transition: Transition) -> bool:
    if project.status not in transition.sources:
        return False
    party = is_purchaser if transition.party == PURCHASER else is_approver
    return party(actor, project)


def allowed_transitions(
    actor, project: Project, *, include_internal: bool = False
) -> list[Transition]:
    return [
        t
        for t in TRANSITIONS.values()
        if may(actor, project, t) and (include_internal or not t.internal)
    ]


def check(actor, project: Project, name: str, *, internal: bool = False) -> Transition:
    """The transition, or a ``DomainError`` saying why it cannot happen now."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise DomainError("unknown_transition", _("未知的操作。"))
    if transition.internal and not internal:
        raise DomainError(
            "use_dedicated_step",
            _("“%(action)s”须在采购、合同或绩效评价中办理。") % {"action": transition.label},
            status=409,
        )
    if project.status not in transition.sources:
        raise DomainError(
            "invalid_transition",
            _("项目当前状态为“%(status)s”，不能“%(action)s”。")
            % {"status": project.get_status_display(), "action": transition.label},
            status=409,
        )
    if (
        transition.party == APPROVER
        and not actor.is_superuser
        and actor.org_unit_id == project.purchaser_id
    ):
        raise PermissionDenied(
            _("本单位购买的项目须由其他单位审核（如本级人民政府或上级财政部门），不能自己批准。")
        )
    if not may(actor, project, transition):
        raise PermissionDenied(_("您不能对该项目执行“%(action)s”。") % {"action": transition.label})
    return transition


def approvers_for(project: Project):
    """Who is asked to approve a submitted project: the approvers (users holding the
    approver role) of the nearest approving bodies above the purchaser — the county's
    for a township, the 市州's for a county bureau, and so on up."""
    codes = [c for c in project.scope_path.split("/") if c]
    for depth in range(len(codes), 0, -1):
        path = "/" + "/".join(codes[:depth]) + "/"
        found = list(
            User.objects.filter(
                is_active=True,
                org_unit__is_active=True,
                org_unit__region__path=path,
                org_unit__kind__in=APPROVING_BODIES,
                role_assignments__role=Role.APPROVER,
            )
            .exclude(org_unit_id=project.purchaser_id)
            .distinct()
        )
        if found:
            return found
    return []

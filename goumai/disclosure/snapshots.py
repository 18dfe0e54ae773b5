"""What each disclosure stage publishes: the public fields only, chosen here, once.

Nothing private can reach a snapshot, because nothing is copied wholesale: every
value is picked by name from a list below, and a provider appears only through
``providers.disclosure.public_identity`` (its ID number masked, no phone, no bank
account). Survey answers, evidence files and the people served never appear;
satisfaction is published as a count and a score.
"""

from __future__ import annotations

from django.db.models import Sum

from goumai.audit.chain import json_value
from goumai.core.dates import china_date, stamp
from goumai.disclosure.models import Stage
from goumai.projects.models import Project
from goumai.providers.disclosure import public_identity


def provider_public(provider) -> dict:
    return {"id": provider.pk} | public_identity(provider)


def _project(project: Project) -> dict:
    region = project.purchaser.region
    entry = project.catalog_entry
    return {
        "code": project.code,
        "title": project.title,
        "purchaser": project.purchaser.name,
        # the buyer's platform code and, once recorded, its 统一社会信用代码 (OCDS ids)
        "purchaser_code": project.purchaser.code,
        "purchaser_credit_code": project.purchaser.credit_code or None,
        "region_code": region.code,
        "region_path": [c for c in project.scope_path.split("/") if c],
        "fiscal_year": project.fiscal_year,
        "catalog_item": {"code": entry.code, "name": entry.name} if entry else None,
        "sector": project.sector,
    }


def plan(project: Project) -> dict:
    line = project.budget_line
    return {
        "content": project.content,
        "standards": project.standards,
        "requirements": project.requirements,
        "beneficiaries": project.beneficiaries,
        "planned_people": project.planned_people,
        "evaluation_standards": project.evaluation_standards,
        "budget_amount": project.budget_amount,
        "budget_line": {"name": line.name, "funding_source": line.get_funding_source_display()}
        if line
        else None,
        "planned_method": project.get_planned_method_display(),
        "service_areas": [a.name for a in project.service_areas.all()],
    }


def notice(project: Project) -> dict:
    proc = project.procurement
    return {
        "method": proc.get_method_display(),
        "announced_on": proc.announced_on,
        "deadline": proc.deadline,
        "single_source_justification": proc.single_source_justification,
        "invited": [provider_public(i.provider) for i in proc.invitations.all()],
    }


def award(project: Project) -> dict:
    proc = project.procurement
    won = proc.award
    return {
        "method": proc.get_method_display(),
        "provider": provider_public(won.provider),
        "amount": won.amount,
        "awarded_on": won.awarded_on,
        "reasons": won.reasons,
        "deviation_reason": won.deviation_reason,
        "bids": [
            {
                "provider": b.provider.name,
                "amount": b.amount,
                "disqualified": b.disqualified,
                "disqualification_reason": b.disqualification_reason,
            }
            for b in proc.bids.select_related("provider").order_by("amount", "id")
        ],
        **_opening(proc),
    }


def _opening(proc) -> dict:
    """The opening sheet of an online tender (bidders, prices, times), with the award."""
    tender = getattr(proc, "tender", None)
    if tender is None or tender.opened_at is None:
        return {}
    return {
        "opened_at": stamp(tender.opened_at),
        "opening_sheet": [
            {
                "provider": row["provider"],
                "amount": row["amount"],
                "submitted_at": row["submitted_at"],
            }
            for row in tender.opening_sheet
        ],
    }


def contract(project: Project) -> dict:
    c = project.contract
    return {
        "number": c.number,
        "provider": provider_public(c.provider),
        "amount": c.amount,
        "amount_in_words": c.amount_in_words,
        "start_date": c.start_date,
        "end_date": c.end_date,
        "signed_on": c.signed_on,
        "term_justification": c.term_justification,
        "quantity_quality": c.quantity_quality,
        "settlement": c.settlement,
        "liabilities": c.liabilities,
        "milestones": [
            {"name": m.name, "due_date": m.due_date, "amount": m.amount} for m in c.milestones.all()
        ],
        "amendments": [
            {"reason": a.reason, "date": china_date(a.created_at)} for a in c.amendments.all()
        ],
    }


def acceptance(project: Project) -> dict:
    c = project.contract
    return {
        "milestones": [
            {
                "name": m.name,
                "due_date": m.due_date,
                "accepted_on": m.accepted_on,
                "note": m.acceptance_note,
                "early_acceptance_reason": m.early_acceptance_reason,
            }
            for m in c.milestones.all()
        ],
        "paid": c.payments.aggregate(total=Sum("amount"))["total"] or 0,
    }


def evaluation(project: Project) -> dict:
    e = project.evaluation
    return {
        "framework": str(e.framework),
        "evaluation_standards": project.evaluation_standards,
        "score": e.score,
        "grade": e.get_grade_display(),
        "parts": [
            {"part": s.get_part_display(), "score": s.total}
            for s in e.scorings.all()
            if s.submitted_at
        ],
        "third_party": e.third_party.name if e.third_party_id else None,
        "satisfaction": {
            "answers": e.breakdown.get("satisfaction", {}).get("answers", 0),
            "score": e.breakdown.get("satisfaction", {}).get("score"),
        },
        "finished_on": china_date(e.finished_at),
    }


def ending(project: Project) -> dict:
    """Why a project was withdrawn or its contract terminated."""
    event = project.events.filter(action__in=("withdraw", "terminate")).order_by("-id").first()
    return {
        "status": project.get_status_display(),
        "reason": event.note if event else project.status_note,
        "date": china_date(event.created_at) if event else None,
        "paid": project.paid_amount,
    }


BUILDERS = {
    Stage.PLAN: plan,
    Stage.NOTICE: notice,
    Stage.AWARD: award,
    Stage.CONTRACT: contract,
    Stage.ACCEPTANCE: acceptance,
    Stage.EVALUATION: evaluation,
    Stage.ENDING: ending,
}


def build(project: Project, stage: str) -> dict:
    """The snapshot of one stage: the project's public identity and the stage's items,
    as JSON values (amounts as strings, dates ISO)."""
    return json_value(
        {"stage": stage, "project": _project(project), stage: BUILDERS[stage](project)}
    )

"""After the selection: publishing the pilot counties, their targets against what the
platform's data shows, and the register of 容错纠错 cases.

The province (省财政厅) publishes a feasible run once the call has closed, sets the
targets and records the cases; a pilot county, its 市州 and the province read them
through their jurisdiction; the public portal shows the published list.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, created, snapshot, updated
from goumai.core.dates import china_today
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.jurisdiction import scope
from goumai.indicators.figures import figures
from goumai.pilots.models import Pilot, PilotCall, PilotTarget, SelectionRun, ToleranceCase
from goumai.pilots.services import is_call_owner
from goumai.regions.models import Region


def _owner(actor, message: str) -> None:
    if not is_call_owner(actor):
        raise PermissionDenied(message)


@audited()
def selection_publish(*, actor, run: SelectionRun) -> PilotCall:
    """Make ``run``'s counties the call's pilots and put the list on the portal."""
    _owner(actor, _("试点县名单由省财政厅公布。"))
    call = PilotCall.objects.select_for_update(no_key=True).get(pk=run.call_id)
    if call.published_run_id is not None:
        raise DomainError("already_published", _("该批试点县名单已经公布。"), status=409)
    if timezone.now() < call.closes_at:
        raise DomainError("call_still_open", _("申报截止后才能公布试点县名单。"), status=409)
    if not run.feasible or not run.chosen:
        raise DomainError("run_infeasible", _("该次遴选无解，不能公布。"), status=409)
    counties = {r.code: r for r in Region.objects.filter(code__in=run.chosen)}
    scores = {c: Decimal(s) for c, s in run.explanation.get("scores", {}).items()}
    pilots = [
        Pilot.objects.create(call=call, county=counties[code], score=scores.get(code))
        for code in run.chosen
    ]
    before = snapshot(call)
    call.published_run, call.published_at = run, timezone.now()
    call.save(update_fields=["published_run", "published_at"])
    audit(actor=actor, changes=[updated(call, before), *map(created, pilots)])
    return call


def pilot_list(*, actor, call: PilotCall | None = None) -> QuerySet[Pilot]:
    """Pilot counties inside the actor's jurisdiction."""
    rows = scope(Pilot.objects.select_related("county", "call"), actor, path_field="county__path")
    return rows.filter(call=call) if call is not None else rows


def pilot_get(*, actor, pilot_id: int) -> Pilot:
    found = pilot_list(actor=actor).filter(pk=pilot_id).first()
    if found is None:
        raise NotFound()
    return found


@audited()
def target_set(*, actor, pilot: Pilot, year: int, indicator: str, target) -> PilotTarget:
    _owner(actor, _("试点目标由省财政厅下达。"))
    errors: dict[str, list[str]] = {}
    if indicator not in PilotTarget.Indicator.values:
        errors["indicator"] = [_("请选择指标。")]
    if not 2020 <= int(year) <= 2100:
        errors["year"] = [_("年度须在 2020 至 2100 年之间。")]
    try:
        value = Decimal(str(target).strip())
    except (InvalidOperation, ValueError):
        value = None
    percent = indicator not in ("projects", "contracted")
    if value is None or not value.is_finite() or value < 0 or (percent and value > 100):
        errors["target"] = [
            _("目标值须在 0 至 100 之间。") if percent else _("目标值须为不小于 0 的数。")
        ]
    elif value != value.quantize(Decimal("0.01")):
        errors["target"] = [_("目标值最多两位小数。")]
    if errors:
        raise DomainError("invalid_target", _("试点目标填写有误。"), fields=errors)
    found = PilotTarget.objects.filter(pilot=pilot, year=year, indicator=indicator).first()
    if found is None:
        made = PilotTarget.objects.create(pilot=pilot, year=year, indicator=indicator, target=value)
        audit(actor=actor, changes=[created(made)])
        return made
    before = snapshot(found)
    found.target = value
    found.save(update_fields=["target"])
    audit(actor=actor, changes=[updated(found, before)])
    return found


def progress(pilot: Pilot, year: int, *, as_of: date | None = None) -> list[dict]:
    """Each target of the year beside the actual figure (``None``: no data yet) and
    whether it is met (every figure here is better higher)."""
    actual = figures(year=year, within=pilot.county.path, as_of=as_of).get(pilot.county.path)
    rows = []
    for target in pilot.targets.filter(year=year):
        value = getattr(actual, target.indicator) if actual is not None else None
        if target.indicator == "projects" and value is None:
            value = 0
        rows.append(
            {
                "target": target,
                "actual": value,
                "met": None if value is None else Decimal(value) >= target.target,
            }
        )
    return rows


@audited()
def tolerance_record(
    *,
    actor,
    pilot: Pilot,
    title: str,
    happened_on: date,
    what_happened: str,
    assessment: str,
    decision: str,
    decided_by: str,
    decided_on: date,
) -> ToleranceCase:
    _owner(actor, _("容错纠错案例由省财政厅登记。"))
    values = {
        "title": (title or "").strip(),
        "what_happened": (what_happened or "").strip(),
        "assessment": (assessment or "").strip(),
        "decided_by": (decided_by or "").strip(),
    }
    errors = {name: [_("必填。")] for name, value in values.items() if not value}
    if decision not in ToleranceCase.Decision.values:
        errors["decision"] = [_("请选择处理决定。")]
    today = china_today()
    if happened_on > today:
        errors["happened_on"] = [_("发生日期不能晚于今天。")]
    if decided_on > today:
        errors["decided_on"] = [_("决定日期不能晚于今天。")]
    elif decided_on < happened_on:
        errors["decided_on"] = [_("决定日期不能早于发生日期。")]
    if errors:
        raise DomainError("invalid_case", _("容错纠错案例填写有误。"), fields=errors)
    case = ToleranceCase.objects.create(
        pilot=pilot,
        title=values["title"][:100],
        happened_on=happened_on,
        what_happened=values["what_happened"],
        assessment=values["assessment"],
        decision=decision,
        decided_by=values["decided_by"][:100],
        decided_on=decided_on,
        recorded_by=actor.get_username(),
    )
    audit(actor=actor, changes=[created(case)])
    return case

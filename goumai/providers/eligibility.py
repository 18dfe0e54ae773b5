"""Who may be a provider for a given service on a given day (MoF Order 102 art. 6–8).

``check_eligibility`` returns every reason a provider fails, each with a stable
code and a Chinese message; ``ensure_eligible`` raises them as one error. The
procurement services call it when a provider is invited and when it is awarded,
so an ineligible provider can be awarded neither through the API nor the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from goumai.catalog.models import CatalogItem
from goumai.core.dates import add_years
from goumai.core.errors import DomainError
from goumai.providers.models import CreditRecord, Provider
from goumai.providers.performance import poor_grade_bars

NEVER_PROVIDERS = frozenset(
    {Provider.Kind.PUBLIC_INSTITUTION_CLASS_1, Provider.Kind.BUDGET_FUNDED_MASS_ORG}
)
VIOLATION_YEARS = 3


@dataclass(frozen=True)
class Ineligibility:
    code: str
    message: str


def required_qualifications(item: CatalogItem | None) -> list[str]:
    """What the item asks for, with what its parent service asks for."""
    names: list[str] = []
    while item is not None and item.level >= 3:
        names += [name for name in item.required_qualifications if name not in names]
        item = item.parent
    return names


def check_eligibility(
    provider: Provider, *, item: CatalogItem | None, on: date, county=None
) -> list[Ineligibility]:
    """Every reason ``provider`` may not take ``item`` on ``on``; ``county`` is the
    purchaser's, for the bar a 差 evaluation puts on the same item there."""
    reasons: list[Ineligibility] = []
    if provider.kind in NEVER_PROVIDERS:
        reasons.append(
            Ineligibility(
                "type_never_allowed",
                _("%(kind)s不得作为政府购买服务的承接主体。")
                % {"kind": provider.get_kind_display()},
            )
        )
    if provider.kind == Provider.Kind.INDIVIDUAL and not (
        item is not None and item.allows_individuals
    ):
        reasons.append(Ineligibility("individual_not_allowed", _("该服务事项不允许由个人承接。")))
    if not provider.is_active:
        reasons.append(Ineligibility("inactive", _("该承接主体已停用。")))
    if not provider.independent_liability:
        reasons.append(Ineligibility("no_independent_liability", _("不能独立承担民事责任。")))
    if not provider.tax_paid:
        reasons.append(Ineligibility("tax_unpaid", _("未依法缴纳税收。")))
    if not provider.social_insurance_paid:
        reasons.append(Ineligibility("social_insurance_unpaid", _("未依法缴纳社会保险。")))
    for record in provider.credit_records.all():
        if record.kind == CreditRecord.Kind.BLACKLIST:
            active = record.recorded_on <= on and (
                record.expires_on is None or record.expires_on >= on
            )
            if active:
                until = record.expires_on.isoformat() if record.expires_on else _("长期")
                reasons.append(
                    Ineligibility(
                        "blacklisted",
                        _("列入失信惩戒名单（来源：%(source)s，%(since)s 至 %(until)s）。")
                        % {
                            "source": record.source,
                            "since": record.recorded_on.isoformat(),
                            "until": until,
                        },
                    )
                )
        elif add_years(on, -VIOLATION_YEARS) < record.recorded_on <= on:
            reasons.append(
                Ineligibility(
                    "major_violation",
                    _("近三年内有重大违法记录（%(source)s，%(day)s）。")
                    % {"source": record.source, "day": record.recorded_on.isoformat()},
                )
            )
    for record in poor_grade_bars(
        provider.performance_records.all(), item=item, county=county, on=on
    ):
        reasons.append(
            Ineligibility(
                "poor_grade_bar",
                _(
                    "%(day)s 在本县承接同一服务事项的绩效评价为“差”（项目 %(code)s），"
                    "一年内不得承接，除非县级部门书面说明理由解除限制。"
                )
                % {"day": record.evaluated_on.isoformat(), "code": record.project_code},
            )
        )
    held = list(provider.qualifications.all())
    for name in required_qualifications(item):
        same = [q for q in held if q.name == name and q.valid_from <= on]
        if any(q.valid_until is None or q.valid_until >= on for q in same):
            continue
        if same:
            last = max(q.valid_until for q in same)
            reasons.append(
                Ineligibility(
                    "qualification_expired",
                    _("资质“%(name)s”已于 %(day)s 过期。")
                    % {"name": name, "day": last.isoformat()},
                )
            )
        else:
            reasons.append(
                Ineligibility(
                    "qualification_missing", _("缺少该服务要求的资质“%(name)s”。") % {"name": name}
                )
            )
    return reasons


def ensure_eligible(provider: Provider, *, item: CatalogItem | None, on: date, county=None) -> None:
    reasons = check_eligibility(provider, item=item, on=on, county=county)
    if reasons:
        messages = [r.message for r in reasons]
        raise DomainError(
            "provider_ineligible",
            _("“%(name)s”不符合承接条件：%(reasons)s")
            % {"name": provider.name, "reasons": "".join(messages)},
            fields={"provider": messages},
        )

"""Demo work-plan sub-tasks in every state: the province's 六 broken down for the demo
counties, and each demo county's own task for two of its townships — one due soon, one
overdue, one done with its report. Relative to today, so the flags show; idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from goumai.accounts.models import OrgUnit
from goumai.audit.services import audit, audited, created
from goumai.regions.models import Region
from goumai.supervision.loader import PROVINCE
from goumai.supervision.models import ProgressReport, Task


@audited()
def create_demo_tasks(*, county_codes: list[str], today: date) -> int:
    plan = Task.objects.filter(scope_path=PROVINCE, parent=None, number="六").first()
    if plan is None or plan.subtasks.exists():
        return 0
    made = []
    county_task = Task.objects.create(
        parent=plan,
        number="1",
        title="各县编制本县乡镇政府购买服务目录",
        scope_path=PROVINCE,
        deadline=today + timedelta(days=30),
    )
    county_task.responsible_units.set(
        OrgUnit.objects.filter(
            code__in=[
                f"{code}-{kind}" for code in county_codes for kind in ("government", "finance")
            ]
        )
    )
    made.append(county_task)
    for code in county_codes:
        county = Region.objects.get(code=code)
        towns = list(  # the demo accounts' towns (site.demo_accounts)
            Region.objects.filter(parent=county, kind=Region.Kind.TOWN, is_active=True).order_by(
                "code"
            )[:2]
        )
        plans = [
            ("1", "报送本镇服务需求清单", today + timedelta(days=7), None),
            ("2", "确定本镇承接主体培育对象", today - timedelta(days=10), None),
            ("3", "完成购买服务事项摸底", today - timedelta(days=40), today - timedelta(days=45)),
        ]
        for number, title, deadline, done_on in plans:
            task = Task.objects.create(
                parent=county_task,
                number=number,
                title=title,
                scope_path=county.path,
                deadline=deadline,
                status="done" if done_on else "open",
                done_on=done_on,
            )
            task.responsible_units.set(
                OrgUnit.objects.filter(code__in=[f"{t.code}-government" for t in towns])
            )
            made.append(task)
            if done_on:
                unit = OrgUnit.objects.get(code=f"{towns[0].code}-government")
                report = ProgressReport.objects.create(
                    task=task,
                    unit=unit,
                    reported_on=done_on,
                    text="已完成摸底，形成事项清单报县政府。",
                    author_label="demo",
                )
                made.append(report)
    audit(actor=None, changes=[created(obj) for obj in made])
    return len([m for m in made if isinstance(m, Task)])

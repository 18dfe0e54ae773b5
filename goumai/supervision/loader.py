"""The work plan's own tasks (seed 四–十三, ../shared/docs/domain.md §3) as data."""

from __future__ import annotations

from datetime import date

from goumai.accounts.models import OrgUnit
from goumai.audit.services import audit, audited, created
from goumai.supervision.models import Task

PROVINCE = "/510000/"
SECTOR_DEPARTMENTS = [
    "510000-civil_affairs",
    "510000-education",
    "510000-agriculture",
    "510000-justice",
]
# number, title, the units by code, the units named as a group, deadline (None: 长期)
PLAN = [
    (
        "四",
        "开展试点：通过申报和综合评审选择 10–12 个试点县，重点支持六合一、五合一乡镇，"
        "民政、教育、农业农村、司法领域分五大经济区推进，建立容错纠错机制",
        ["510000-finance", *SECTOR_DEPARTMENTS],
        "试点县人民政府",
        date(2021, 2, 28),
    ),
    (
        "五",
        "出台支持乡镇政府购买服务的指导意见（目标、路径、分领域绩效指标、购买方式创新）",
        ["510000-finance"],
        "",
        date(2021, 12, 31),
    ),
    (
        "六",
        "制定省级指导目录，各县据此编制乡镇政府购买服务目录（服务种类、性质和内容）",
        ["510000-finance"],
        "省直有关部门、各县（市、区）人民政府",
        date(2021, 12, 31),
    ),
    (
        "七",
        "制定分领域管理办法，划分上级部门与乡镇的事权",
        SECTOR_DEPARTMENTS,
        "各县（市、区）人民政府",
        date(2021, 12, 31),
    ),
    (
        "八",
        "培育承接主体：村（居）委会、农村集体经济组织、集体资产管理公司、“两新”组织等",
        ["510000-civil_affairs", "510000-agriculture"],
        "各县（市、区）人民政府",
        date(2021, 12, 31),
    ),
    (
        "九",
        "全过程绩效评价，结果用于下年度预算安排和承接主体选择；公开项目、标准、要求、内容、"
        "预算、程序、评价标准和结果",
        ["510000-finance"],
        "各县（市、区）人民政府",
        date(2021, 12, 31),
    ),
    (
        "十至十三",
        "加强组织领导；各级制定工作方案，明确责任单位和时限并开展目标考核与督查；"
        "加强培训、宣传典型案例、监测改革成效；规范资金管理",
        [],
        "各级各有关部门",
        None,
    ),
]


@audited()
def load_work_plan(*, actor=None) -> int:
    """Create the plan's tasks that do not exist yet; returns how many were created."""
    made = 0
    for number, title, codes, note, deadline in PLAN:
        if Task.objects.filter(scope_path=PROVINCE, parent=None, number=number).exists():
            continue
        task = Task.objects.create(
            number=number,
            title=title,
            scope_path=PROVINCE,
            responsible_note=note,
            deadline=deadline,
        )
        task.responsible_units.set(OrgUnit.objects.filter(code__in=codes))
        audit(actor=actor, changes=[created(task)])
        made += 1
    return made

"""The four sector departments' province-wide templates, as shipped.

First level 决策 / 过程 / 产出 / 效益 / 满意度 (domain.md §6), leaves that can be
computed are formulas over the project's data, the rest are graded levels with
descriptions, so an evaluator chooses between stated standards rather than typing
a number. Each department revises its template on the platform; what is here is
only the first version.
"""

from decimal import Decimal

from goumai.core.roles import Sector
from goumai.evaluation.models import Direction, Rule
from goumai.evaluation.scoring import Node


def levels(good: str, fair: str, poor: str) -> list[dict]:
    return [
        {"label": "好", "score": 100, "description": good},
        {"label": "较好", "score": 85, "description": fair},
        {"label": "一般", "score": 65, "description": fair + "，但有明显不足"},
        {"label": "差", "score": 30, "description": poor},
    ]


def formula(name: str, weight, key: str, *, target, penalty, unit="%", direction=Direction.HIGHER):
    return Node(
        name=name,
        weight=Decimal(weight),
        rule=Rule.FORMULA,
        formula=key,
        target=Decimal(target),
        penalty=Decimal(penalty),
        unit=unit,
        direction=direction,
    )


def graded(name: str, weight, good: str, fair: str, poor: str) -> Node:
    return Node(
        name=name, weight=Decimal(weight), rule=Rule.LEVELS, levels=levels(good, fair, poor)
    )


def branch(name: str, weight, *children: Node) -> Node:
    return Node(name=name, weight=Decimal(weight), children=list(children))


SECTOR_WORDS = {
    Sector.CIVIL_AFFAIRS: ("养老、救助等服务记录完整，无安全事故", "困难群众生活和照料状况改善"),
    Sector.EDUCATION: ("课程或活动按计划开展，教学质量达标", "学生和家长获得感提升"),
    Sector.AGRICULTURE: ("农技、农机等服务达到技术规程", "农户增收、产业发展"),
    Sector.JUSTICE: ("法律咨询、调解等服务规范，档案完整", "矛盾纠纷化解、群众法治意识提升"),
}


def sector_template(sector: str) -> list[Node]:
    quality, benefit = SECTOR_WORDS[sector]
    return [
        branch(
            "决策",
            10,
            graded("立项依据", 50, "符合本县目录和规划，需求有调查", "依据基本充分", "依据不足"),
            graded("绩效目标", 50, "目标明确、量化、可考核", "目标基本明确", "目标缺失或不可考核"),
        ),
        branch(
            "过程",
            15,
            formula("预算执行率", 50, "budget_execution_rate", target=95, penalty=1),
            formula("履约节点按期验收率", 50, "on_time_rate", target=100, penalty=2),
        ),
        branch(
            "产出",
            40,
            branch(
                "数量",
                30,
                formula("服务人数完成率", 100, "people_served_rate", target=100, penalty=2),
            ),
            branch(
                "质量", 40, graded("服务质量", 100, quality, "基本达到合同标准", "未达合同标准")
            ),
            branch(
                "时效",
                15,
                graded("服务及时性", 100, "均按约定时间提供", "个别延误", "经常延误"),
            ),
            branch(
                "成本",
                15,
                graded("成本控制", 100, "未超预算且单位成本合理", "略有偏高", "明显偏高"),
            ),
        ),
        branch(
            "效益",
            20,
            graded("社会效益", 60, benefit, "有一定效果", "效果不明显"),
            graded("可持续影响", 40, "形成长效机制或本地服务能力", "有一定延续性", "无延续性"),
        ),
        branch(
            "满意度",
            15,
            formula("服务对象满意度", 100, "satisfaction", target=90, penalty=2, unit="分"),
        ),
    ]


TEMPLATES = {sector: f"{label}领域政府购买服务绩效评价指标体系" for sector, label in Sector.choices}

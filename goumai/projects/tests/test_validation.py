"""Every field rule of a project, with its exact message and its boundaries:
a failed create writes nothing, a value on the boundary is accepted."""

from decimal import Decimal

import pytest

from goumai.accounts.models import OrgUnit
from goumai.budgets.models import BudgetLine
from goumai.core.errors import DomainError
from goumai.projects.models import Project
from goumai.projects.tests.factories import county_entry, draft_project
from goumai.regions.models import Region, ServiceArea

pytestmark = pytest.mark.django_db


def refused(town_user, township, **overrides) -> dict[str, list[str]]:
    with pytest.raises(DomainError) as caught:
        draft_project(town_user, township, **overrides)
    assert caught.value.code == "invalid_project"
    assert not Project.objects.exists()
    return caught.value.fields


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": " "}, "title", "项目名称不能为空，且不超过 200 个字。"),
        ({"content": "  "}, "content", "请填写服务内容。"),
        ({"budget_amount": "0"}, "budget_amount", "请填写大于零、最多两位小数的金额（元）。"),
        ({"budget_amount": "-1"}, "budget_amount", "请填写大于零、最多两位小数的金额（元）。"),
        ({"budget_amount": "1.001"}, "budget_amount", "请填写大于零、最多两位小数的金额（元）。"),
        ({"fiscal_year": 2019}, "fiscal_year", "预算年度不正确。"),
        ({"fiscal_year": 2101}, "fiscal_year", "预算年度不正确。"),
        ({"planned_method": "auction"}, "planned_method", "采购方式不正确。"),
        (
            {"planned_people": 0},
            "planned_people",
            "计划服务人数应为 1 至 10000000 之间的整数。",
        ),
        (
            {"planned_people": 10_000_001},
            "planned_people",
            "计划服务人数应为 1 至 10000000 之间的整数。",
        ),
    ],
)
def test_each_field_rule(town_user, township_a, overrides, field, message):
    assert refused(town_user, township_a, **overrides) == {field: [message]}


def test_the_boundaries_are_accepted(town_user, township_a):
    for n, overrides in enumerate(
        [
            {"budget_amount": "0.01"},
            {"budget_amount": "1"},
            {"fiscal_year": 2020},
            {"fiscal_year": 2100},
            {"planned_people": 1},
            {"planned_people": 10_000_000},
            {"planned_method": "open_tender"},
        ]
    ):
        project = draft_project(town_user, township_a, title=f"居家养老{n}", **overrides)
        for name, value in overrides.items():
            expected = Decimal(value) if name == "budget_amount" else value
            assert getattr(project, name) == expected


def test_the_negative_list_message_speaks_of_projects(town_user, township_a):
    fields = refused(town_user, township_a, title="敬老院改建工程施工")
    assert fields == {
        "title": [
            "名称含“施工”，属于负面清单中的“工程（含工程与服务打包）”，不得作为政府购买服务项目。"
        ]
    }


def test_references_of_others_are_refused(town_user, township_a, township_a2, township_b):
    other_county = county_entry(Region.objects.get(code=township_b.parent.code))
    assert refused(town_user, township_a, catalog_entry=other_county) == {
        "catalog_entry": ["只能选择本县指导目录中的服务事项。"]
    }
    neighbour = OrgUnit.objects.get(code=f"{township_a2.code}-government")
    line = BudgetLine.objects.create(
        org_unit=neighbour,
        fiscal_year=2027,
        code="N1",
        name="邻镇预算",
        funding_source="own",
        amount=Decimal(100000),
    )
    assert refused(town_user, township_a, line=line) == {
        "budget_line": ["只能选择本单位的预算项目。"]
    }
    area = ServiceArea.objects.create(township=township_a2, name="邻镇片区")
    assert refused(town_user, township_a, service_areas=[area]) == {
        "service_areas": ["只能选择本乡镇的片区。"]
    }
    own = ServiceArea.objects.create(township=township_a, name="本镇片区")
    assert list(draft_project(town_user, township_a, service_areas=[own]).service_areas.all()) == [
        own
    ]

"""The 工作台's piles: each shows what is the viewer's to do, and nothing of
another township, county or purchaser."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goumai.budgets.models import BudgetLine
from goumai.contracts.services import milestone_accept
from goumai.contracts.tests.factories import sign
from goumai.procurement.tests.factories import approved_project, awarded_project
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import county_bureau_project, draft_project
from goumai.site.worklist import approver_piles, province_figures, purchaser_piles

pytestmark = pytest.mark.django_db
TODAY = date(2027, 6, 20)  # the first milestone (2027-06-30) is due within 14 days


def piles_of(actor, today=TODAY):
    return {pile.key: pile for pile in approver_piles(actor, today)}


def counts(piles):
    return {pile.key: pile.count for pile in piles}


def again(project):
    return Project.objects.get(pk=project.pk)


@pytest.fixture
def approver(make_user):
    return make_user("510131-finance", roles=("approver",))


def submitted(clerk, township, approver=None, **extra):
    project = draft_project(clerk, township, **extra)
    project_transition(actor=clerk, project=project, action="submit")
    return again(project)


def test_a_township_sees_each_of_its_own_next_steps(town_user, township_a, approver, in_2028):
    draft_project(town_user, township_a, title="草稿项目", line_amount="1000000.00")
    returned = submitted(town_user, township_a, title="退回项目")
    project_transition(actor=approver, project=returned, action="return", note="请补充服务标准")
    approved_project(town_user, township_a, approver, title="待采购项目")
    awarded_project(town_user, township_a, approver, title="待签约项目")
    contracted = awarded_project(town_user, township_a, approver, title="已签约项目")
    sign(town_user, contracted)
    performing = awarded_project(town_user, township_a, approver, title="履约项目")
    contract = sign(town_user, performing)
    project_transition(actor=town_user, project=again(performing), action="start_performance")
    first, second = contract.milestones.order_by("due_date")
    piles = counts(purchaser_piles(town_user, TODAY))
    assert piles == {
        "returned": 1,
        "drafts": 1,
        "to_procure": 1,
        "to_sign": 1,
        "to_start": 1,
        "milestones_due": 1,  # 06-30 is within 14 days; 12-31 is not
        "payments_due": 0,
        "to_evaluate": 0,
    }
    milestone_accept(actor=town_user, milestone=first, accepted_on=first.due_date)
    piles = counts(purchaser_piles(town_user, first.due_date))
    assert (piles["milestones_due"], piles["payments_due"]) == (0, 1)
    # the second milestone: due in exactly 14 days is shown, in 15 days is not
    assert (
        counts(purchaser_piles(town_user, second.due_date - timedelta(days=14)))["milestones_due"]
        == 1
    )
    assert (
        counts(purchaser_piles(town_user, second.due_date - timedelta(days=15)))["milestones_due"]
        == 0
    )


def test_a_township_sees_nothing_of_another_township(
    town_user, township_a, township_a2, make_user, approver
):
    neighbour = make_user(f"{township_a2.code}-government", roles=("clerk",))
    draft_project(neighbour, township_a2)
    approved_project(neighbour, township_a2, approver)
    assert all(pile.count == 0 for pile in purchaser_piles(town_user, TODAY))
    assert counts(purchaser_piles(neighbour, TODAY))["drafts"] == 1


def test_the_county_approves_its_townships_submissions_only(
    town_user, township_a, township_b, make_user, approver
):
    mine = submitted(town_user, township_a, title="蒲江项目")
    other_town = make_user(f"{township_b.code}-government", roles=("clerk",))
    submitted(other_town, township_b, title="泸县项目")
    draft_project(town_user, township_a, title="未提交")
    piles = {pile.key: pile for pile in approver_piles(approver, TODAY)}
    assert [p.title for p in piles["to_approve"].items] == [mine.title]
    other_county = make_user("510521-finance", roles=("approver",))
    assert [p.title for p in piles_of(other_county)["to_approve"].items] == ["泸县项目"]


def test_a_bureau_never_finds_its_own_purchase_to_approve(make_user, approver):
    clerk = make_user("510131-finance", roles=("clerk",))
    project = county_bureau_project(clerk)
    project_transition(actor=clerk, project=project, action="submit")
    assert piles_of(approver)["to_approve"].count == 0


def test_a_clerk_or_a_township_has_no_approval_pile(town_user):
    assert approver_piles(town_user, TODAY) == []


def test_budget_lines_at_ninety_percent_are_watched(town_user, township_a, township_b, approver):
    draft_project(town_user, township_a)  # creates the township's line B-TEST (100,000)
    line = BudgetLine.objects.get(code="B-TEST", org_unit__region=township_a)
    BudgetLine.objects.filter(pk=line.pk).update(reserved="60000.00", spent="29999.99")
    assert piles_of(approver)["budgets_nearly_spent"].count == 0  # 89.99999 %
    BudgetLine.objects.filter(pk=line.pk).update(spent="30000.00")
    assert [item.pk for item in piles_of(approver)["budgets_nearly_spent"].items] == [line.pk]
    other_county = line.org_unit  # a line of another county is never shown
    assert other_county.region.parent.code == "510131"
    BudgetLine.objects.filter(pk=line.pk).update(fiscal_year=TODAY.year - 1)
    assert piles_of(approver)["budgets_nearly_spent"].count == 0  # a past year is not watched


def test_the_home_page_lists_the_piles_with_links(client, town_user, township_a):
    draft_project(town_user, township_a, title="居家养老上门服务")
    client.force_login(town_user)
    response = client.get("/")
    body = response.content.decode()
    assert "待办事项" in body and "填写完整后提交审核" in body and "居家养老上门服务" in body
    assert 'href="/projects/?status=draft"' in body
    project = Project.objects.get()
    assert f'<a href="/projects/{project.pk}/">居家养老上门服务</a>' in body


def test_a_county_bureau_buying_for_itself_sees_its_own_drafts_not_its_townships(
    town_user, township_a, make_user
):
    draft_project(town_user, township_a, title="乡镇的草稿")
    clerk = make_user("510131-finance", roles=("clerk",))
    own = county_bureau_project(clerk)
    piles = {pile.key: pile for pile in purchaser_piles(clerk, TODAY)}
    assert [p.pk for p in piles["drafts"].items] == [own.pk]


def test_the_home_page_query_count_does_not_grow_with_projects(client, town_user, township_a):
    client.force_login(town_user)
    client.get("/")  # the first request after logging in starts the idle timeout's clock
    draft_project(town_user, township_a, line_amount="1000000.00")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for n in range(4):
        draft_project(town_user, township_a, title=f"项目{n}")
    with CaptureQueriesContext(connection) as five:
        client.get("/")
    assert len(five) == len(one)


def test_the_province_sees_money_and_projects_by_status_sector_and_city(
    town_user, township_a, township_b, make_user, finance_user, civil_user, county_user
):
    from goumai.catalog.models import CatalogItem
    from goumai.projects.tests.factories import county_entry

    draft_project(town_user, township_a, amount="30000.00")  # 成都市, the elderly: civil affairs
    other = make_user(f"{township_b.code}-government", roles=("clerk",))
    school = CatalogItem.objects.filter(sector="education", level=3).order_by("code").first()
    draft_project(
        other,
        township_b,
        amount="20000.00",
        catalog_entry=county_entry(township_b.parent, item_code=school.code),
    )
    figures = province_figures(finance_user)
    assert [(r["status"], r["count"], r["budget"]) for r in figures["by_status"]] == [
        ("draft", 2, Decimal("50000.00"))
    ]
    assert {r["sector"]: r["count"] for r in figures["by_sector"]} == {
        "civil_affairs": 1,
        "education": 1,
    }
    assert {r["label"]: (r["code"], r["count"]) for r in figures["by_city"]} == {
        "成都市": ("510100", 1),
        "泸州市": ("510500", 1),
    }
    # a sector department: its sector only; a county: no province figures
    civil = province_figures(civil_user)
    assert [r["sector"] for r in civil["by_sector"]] == ["civil_affairs"]
    assert province_figures(county_user) is None and province_figures(town_user) is None


def test_the_province_home_page_links_each_figure_to_its_list(
    client, town_user, township_a, finance_user
):
    draft_project(town_user, township_a)
    client.force_login(finance_user)
    body = client.get("/").content.decode()
    assert 'href="/projects/?status=draft"' in body and 'href="/projects/?region=510100"' in body
    assert 'href="/projects/?sector=civil_affairs"' in body


def test_the_county_sees_its_townships_overdue_milestones_only(
    town_user, township_a, approver, make_user, in_2028
):
    performing = awarded_project(town_user, township_a, approver, line_amount="1000000.00")
    contract = sign(town_user, performing)
    project_transition(actor=town_user, project=again(performing), action="start_performance")
    first = contract.milestones.order_by("due_date").first()
    assert piles_of(approver, first.due_date)["overdue_milestones"].count == 0  # due today
    day_after = first.due_date + timedelta(days=1)
    assert [m.pk for m in piles_of(approver, day_after)["overdue_milestones"].items] == [first.pk]
    other_county = make_user("510521-finance", roles=("approver",))
    assert piles_of(other_county, day_after)["overdue_milestones"].count == 0

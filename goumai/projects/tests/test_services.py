from decimal import Decimal

import pytest

from goumai.audit.models import AuditEntry
from goumai.budgets.models import BudgetLine
from goumai.catalog.models import CatalogItem
from goumai.catalog.services import catalog_item_retire, county_entry_remove
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.projects import lifecycle
from goumai.projects.lifecycle import allowed_transitions
from goumai.projects.models import Project
from goumai.projects.services import project_transition, project_update
from goumai.projects.tests.factories import county_bureau_project, county_entry, draft_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(make_user):
    return make_user("510131-finance", roles=("approver",))


def fire(actor, project, action, note=""):
    return project_transition(actor=actor, project=project, action=action, note=note)


def assert_unchanged(project, status):
    fresh = Project.objects.get(pk=project.pk)
    assert fresh.status == status and fresh.version == project.version


def test_the_whole_lifecycle_reserves_then_releases_what_was_not_paid(
    town_user, approver, township_a
):
    project = draft_project(town_user, township_a)
    assert project.code == f"2027-{township_a.code}-0001" and project.sector == "civil_affairs"
    fire(town_user, project, "submit")
    project = fire(approver, project, "approve")
    line = BudgetLine.objects.get(pk=project.budget_line_id)
    assert project.status == "approved" and project.reserved_amount == Decimal("30000.00")
    assert line.reserved == Decimal("30000.00")
    project = fire(town_user, project, "withdraw", note="需求变化")
    line.refresh_from_db()
    assert project.status == "withdrawn" and line.reserved == 0 and project.reserved_amount == 0
    assert [e.action for e in project.events.all()] == ["create", "submit", "approve", "withdraw"]
    assert (
        AuditEntry.objects.filter(object_type="projects.project", object_id=str(project.pk)).count()
        == 4
    )


def test_submit_needs_a_catalog_item(town_user, township_a):
    project = draft_project(town_user, township_a, catalog_entry=None)
    with pytest.raises(DomainError) as caught:
        fire(town_user, project, "submit")
    assert caught.value.code == "catalog_item_required" and "目录" in caught.value.message
    assert_unchanged(project, "draft")


def test_submit_needs_the_item_in_the_county_catalog(town_user, county_user, township_a):
    project = draft_project(town_user, township_a)
    county_entry_remove(actor=county_user, entry=project.catalog_entry)
    with pytest.raises(DomainError) as caught:
        fire(town_user, project, "submit")
    assert (
        caught.value.code == "not_in_county_catalog"
        and "不在本县指导目录中" in caught.value.message
    )
    assert_unchanged(project, "draft")


def test_a_retired_item_stops_submission_and_approval(
    town_user, approver, finance_user, township_a
):
    project = draft_project(town_user, township_a)
    fire(town_user, project, "submit")
    catalog_item_retire(
        actor=finance_user, item=CatalogItem.objects.get(code="010401"), reason="调整"
    )
    with pytest.raises(DomainError) as caught:
        fire(approver, Project.objects.get(pk=project.pk), "approve")
    assert caught.value.code == "catalog_item_retired" and "已停用" in caught.value.message
    assert BudgetLine.objects.get(pk=project.budget_line_id).reserved == 0
    assert_unchanged(Project.objects.get(pk=project.pk), "submitted")


def test_a_negative_list_project_cannot_be_created(town_user, township_a):
    with pytest.raises(DomainError) as caught:  # and a title over 200 characters neither
        draft_project(town_user, township_a, title="居" * 201)
    assert caught.value.fields["title"] == ["项目名称不能为空，且不超过 200 个字。"]
    with pytest.raises(DomainError) as caught:
        draft_project(town_user, township_a, title="敬老院改建工程施工")
    assert caught.value.code == "invalid_project" and "负面清单" in caught.value.fields["title"][0]
    assert not Project.objects.exists()
    assert draft_project(town_user, township_a, title="居" * 200).title == "居" * 200


def test_submit_needs_a_budget_line(town_user, township_a):
    project = draft_project(town_user, township_a)
    Project.objects.filter(pk=project.pk).update(budget_line=None)
    with pytest.raises(DomainError) as caught:
        fire(town_user, Project.objects.get(pk=project.pk), "submit")
    assert caught.value.code == "budget_line_required"
    assert caught.value.message == "未列入预算的项目不得实施：请选择本单位的预算项目。"
    assert caught.value.fields == {"budget_line": ["必填。"]}


def test_the_budget_line_must_fund_the_item(town_user, township_a):
    project = draft_project(town_user, township_a)
    other = county_entry(township_a.parent, "010202")
    project.budget_line.catalog_entries.set([other])
    with pytest.raises(DomainError) as caught:
        fire(town_user, project, "submit")
    assert caught.value.code == "budget_line_not_for_item"
    assert (
        caught.value.message
        == f"预算项目“{project.budget_line.name}”的资金不用于“{project.catalog_entry.name}”。"
    )
    assert caught.value.fields == {"budget_line": ["该预算不用于所选目录条目。"]}


def test_approval_without_enough_budget_says_by_how_much(town_user, approver, township_a):
    project = draft_project(town_user, township_a, amount="120000.00", line_amount="100000.00")
    fire(town_user, project, "submit")
    with pytest.raises(DomainError) as caught:
        fire(approver, Project.objects.get(pk=project.pk), "approve")
    assert caught.value.code == "budget_insufficient"
    assert (
        "可用 100,000.00 元" in caught.value.message and "还差 20,000.00 元" in caught.value.message
    )
    assert_unchanged(Project.objects.get(pk=project.pk), "submitted")
    assert BudgetLine.objects.get(pk=project.budget_line_id).reserved == 0


def test_the_submitter_cannot_approve_their_own_project(make_user):
    both = make_user("510131-finance", roles=("clerk", "approver"))
    project = county_bureau_project(both)
    fire(both, project, "submit")
    with pytest.raises(PermissionDenied, match="不能自己批准"):
        fire(both, Project.objects.get(pk=project.pk), "approve")
    colleague = make_user("510131-finance", roles=("approver",))
    with pytest.raises(PermissionDenied, match="不能自己批准"):  # same unit: duties segregated
        fire(colleague, Project.objects.get(pk=project.pk), "approve")
    county_government = make_user("510131-government", roles=("approver",))
    assert (
        fire(county_government, Project.objects.get(pk=project.pk), "approve").status == "approved"
    )


def test_a_bureau_buying_for_itself_is_approved_by_the_city_bureau(make_user):
    both = make_user("510131-finance", roles=("clerk", "approver"))
    project = county_bureau_project(both)
    fire(both, project, "submit")
    city = make_user("510100-finance", roles=("approver",))
    submitted = Project.objects.get(pk=project.pk)
    # the approve action is not even offered to the bureau's own approver
    assert "approve" not in [t.name for t in allowed_transitions(both, submitted)]
    assert "approve" in [t.name for t in allowed_transitions(city, submitted)]
    assert fire(city, submitted, "approve").status == "approved"


def test_only_an_approver_above_the_purchaser_approves(town_user, township_a, make_user):
    project = draft_project(town_user, township_a)
    fire(town_user, project, "submit")
    with pytest.raises(PermissionDenied):
        fire(town_user, Project.objects.get(pk=project.pk), "approve")
    other_county = make_user("510521-finance", roles=("approver",))
    with pytest.raises(PermissionDenied) as caught:
        fire(other_county, Project.objects.get(pk=project.pk), "approve")
    assert caught.value.message == "您不能对该项目执行“批准并预留预算”。"
    civil = make_user("510000-civil_affairs", roles=("approver",))
    with pytest.raises(PermissionDenied):
        fire(civil, Project.objects.get(pk=project.pk), "approve")
    clerk_above = make_user("510131-finance", roles=("clerk",))  # the right body, not the role
    with pytest.raises(PermissionDenied):
        fire(clerk_above, Project.objects.get(pk=project.pk), "approve")
    root = make_user(None, superuser=True)
    assert fire(root, Project.objects.get(pk=project.pk), "approve").status == "approved"


def test_a_transition_from_the_wrong_status_is_a_conflict(town_user, township_a):
    project = draft_project(town_user, township_a)
    with pytest.raises(DomainError) as caught:
        fire(town_user, project, "accept")
    assert caught.value.code == "invalid_transition" and caught.value.status == 409
    assert caught.value.message == "项目当前状态为“草稿”，不能“完成验收”。"
    with pytest.raises(DomainError) as caught:
        fire(town_user, project, "launch")
    assert (caught.value.code, caught.value.message) == ("unknown_transition", "未知的操作。")


def test_procurement_and_signing_cannot_be_fired_directly(town_user, make_user, township_a):
    approver = make_user("510131-finance", roles=("approver",))
    project = draft_project(town_user, township_a)
    fire(town_user, project, "submit")
    project = fire(approver, Project.objects.get(pk=project.pk), "approve")
    for action in ("start_procurement", "sign"):
        with pytest.raises(DomainError) as caught:
            fire(town_user, project, action)
        assert caught.value.code == "use_dedicated_step"
    with pytest.raises(DomainError) as caught:  # internal steps are refused unless asked for
        lifecycle.check(town_user, project, "sign")
    assert caught.value.message == "“签订合同”须在采购、合同或绩效评价中办理。"
    assert Project.objects.get(pk=project.pk).status == "approved"
    assert [t.name for t in lifecycle.allowed_transitions(town_user, project)] == ["withdraw"]


def test_notes_are_required_where_the_lifecycle_says(town_user, township_a):
    project = draft_project(town_user, township_a)
    with pytest.raises(DomainError) as caught:
        fire(town_user, project, "withdraw")
    assert caught.value.code == "note_required"


def test_only_drafts_are_editable_and_stale_edits_conflict(town_user, township_a):
    project = draft_project(town_user, township_a)
    values = dict(
        title="新名称",
        content="x",
        budget_amount="1000",
        catalog_entry=project.catalog_entry,
        budget_line=project.budget_line,
    )
    project = project_update(actor=town_user, project=project, expected_version=1, **values)
    with pytest.raises(DomainError) as caught:
        project_update(actor=town_user, project=project, expected_version=1, **values)
    assert caught.value.code == "stale"
    assert caught.value.message == "该项目已被他人修改，请刷新后重试。"
    fire(town_user, project, "submit")
    with pytest.raises(DomainError) as caught:
        project_update(actor=town_user, project=Project.objects.get(pk=project.pk), **values)
    assert caught.value.code == "not_editable"


def test_another_township_cannot_create_for_this_one(make_user, township_a, township_a2):
    neighbour = make_user(f"{township_a2.code}-government")
    with pytest.raises(NotFound):
        draft_project(neighbour, township_a)


def test_catalog_entries_of_another_county_are_refused(town_user, township_a, township_b):
    with pytest.raises(DomainError) as caught:
        draft_project(town_user, township_a, catalog_entry=county_entry(township_b.parent))
    assert "catalog_entry" in caught.value.fields


def test_a_place_name_is_not_a_negative_list_word(make_user):
    """南充市顺庆区新建街道: its name contains 新建 (new construction), its services are services."""
    from goumai.regions.models import Region

    township = Region.objects.get(code="511302007")
    clerk = make_user("511302007-government")
    project = draft_project(clerk, township, title="新建街道居家养老服务")
    assert project_transition(actor=clerk, project=project, action="submit").status == "submitted"
    with pytest.raises(DomainError) as caught:
        draft_project(clerk, township, title="新建街道敬老院新建工程")
    assert "负面清单" in caught.value.fields["title"][0]

"""The dashboards' summary (``ProjectSummary``, kept by triggers) equals a fresh
aggregation of the projects after every kind of change — and under concurrent changes
on PostgreSQL."""

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from goumai.accounts.models import OrgUnit
from goumai.accounts.services import user_create
from goumai.contracts.services import contract_amend, milestone_accept, payment_record
from goumai.contracts.tests.factories import sign
from goumai.procurement.tests.factories import awarded_project
from goumai.projects.models import Project, ProjectSummary
from goumai.projects.selectors import summary_dashboard, summary_list
from goumai.projects.services import project_transition, project_update
from goumai.projects.tests.factories import draft_project
from goumai.projects.tests.summary import assert_summary_is_fresh, fresh, kept
from goumai.regions.models import Region


@pytest.mark.django_db
@pytest.mark.usefixtures("in_2028")
def test_the_summary_follows_every_kind_of_change(town_user, township_a, make_user):
    approver = make_user("510131-finance", roles=("approver",))
    draft = draft_project(town_user, township_a, amount="12000.55")
    assert_summary_is_fresh("create")
    assert kept()[next(iter(kept()))] == (1, 1_200_055, 0)
    project_update(
        actor=town_user,
        project=draft,
        title=draft.title,
        content=draft.content,
        catalog_entry=draft.catalog_entry,
        budget_line=draft.budget_line,
        budget_amount="13000.10",
    )
    assert_summary_is_fresh("edit")
    project_transition(actor=town_user, project=draft, action="submit")
    assert_summary_is_fresh("submit")
    project_transition(
        actor=town_user,
        project=Project.objects.get(pk=draft.pk),
        action="withdraw",
        note="需求取消",
    )
    assert_summary_is_fresh("withdraw")
    project = awarded_project(town_user, township_a, approver, amount="30000.00")
    assert_summary_is_fresh("approve, procure, award")
    contract = sign(town_user, project)
    project_transition(
        actor=town_user, project=Project.objects.get(pk=project.pk), action="start_performance"
    )
    assert_summary_is_fresh("sign, perform")
    contract_amend(
        actor=town_user,
        contract=contract,
        reason="增加服务次数",
        milestone_amounts={m.pk: str(m.amount + 1000) for m in contract.milestones.all()[:1]},
    )
    assert_summary_is_fresh("amend (the budget may follow)")
    milestone = contract.milestones.order_by("due_date").first()
    milestone_accept(actor=town_user, milestone=milestone, accepted_on=milestone.due_date)
    payment_record(actor=town_user, milestone=milestone, amount="1000.01", paid_on=date(2028, 1, 5))
    assert_summary_is_fresh("payment")
    assert sum(v[2] for v in kept().values()) == 100_001
    project_transition(
        actor=town_user,
        project=Project.objects.get(pk=project.pk),
        action="terminate",
        note="承接主体无法继续履约",
    )
    assert_summary_is_fresh("terminate")
    Project.objects.filter(pk=project.pk).update(fiscal_year=2028, sector=None)  # a bulk update too
    assert_summary_is_fresh("bulk update")


@pytest.mark.django_db
def test_a_dashboard_from_the_summary_sees_only_the_actors_reach(
    town_user, township_a, township_b, make_user, county_user
):
    draft_project(town_user, township_a, amount="30000.00")
    other = make_user(f"{township_b.code}-government")
    draft_project(other, township_b, amount="20000.00")
    mine = {
        r["status"]: (r["count"], r["budget"])
        for r in summary_dashboard(summary_list(actor=town_user))
    }
    assert mine["draft"] == (1, 30000) and mine["submitted"] == (0, 0)
    county = {r["status"]: r["count"] for r in summary_dashboard(summary_list(actor=county_user))}
    assert county["draft"] == 1  # 泸县's project is not 蒲江县's
    assert ProjectSummary.objects.filter(count__gt=0).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_in_both_directions_keep_the_summary(map_loaded):
    township = Region.objects.get(code="510131104")
    clerk = user_create(
        actor=None,
        username="clerk",
        password=None,
        org_unit=OrgUnit.objects.get(code="510131104-government"),
        roles=["clerk"],
    )
    approver = user_create(
        actor=None,
        username="approver",
        password=None,
        org_unit=OrgUnit.objects.get(code="510131-finance"),
        roles=["approver"],
    )
    projects = [
        draft_project(clerk, township, amount="1000.00", line_amount="100000.00") for _ in range(16)
    ]
    for project in projects[8:]:
        project_transition(actor=clerk, project=project, action="submit")
    barrier = threading.Barrier(len(projects))
    errors = []

    def move(project, n):
        try:
            barrier.wait()
            if n < 8:  # draft → submitted
                project_transition(
                    actor=clerk, project=Project.objects.get(pk=project.pk), action="submit"
                )
            elif n % 2:  # submitted → draft (returned)
                project_transition(
                    actor=approver,
                    project=Project.objects.get(pk=project.pk),
                    action="return",
                    note="请补充服务标准",
                )
            else:  # submitted → approved
                project_transition(
                    actor=approver, project=Project.objects.get(pk=project.pk), action="approve"
                )
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(p, n)) for n, p in enumerate(projects)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert_summary_is_fresh("concurrent")
    statuses = {key[2]: value[0] for key, value in fresh().items()}
    assert statuses == {"submitted": 8, "draft": 4, "approved": 4}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="deferred triggers: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_summary_moves_at_commit(map_loaded):
    # Migration 0008: the triggers fire at commit, after the audit append, so a service
    # holds neither the summary rows nor the audit head while it works.
    township = Region.objects.get(code="510131104")
    clerk = user_create(
        actor=None,
        username="clerk",
        password=None,
        org_unit=OrgUnit.objects.get(code="510131104-government"),
        roles=["clerk"],
    )
    project = draft_project(clerk, township, amount="1000.00", line_amount="100000.00")

    def key(status):
        return (project.scope_path, project.fiscal_year, status, project.sector or "")

    assert kept()[key("draft")][0] == 1
    with transaction.atomic():
        project_transition(actor=clerk, project=project, action="submit")
        assert kept()[key("draft")][0] == 1  # not yet
        assert key("submitted") not in kept()
    assert key("draft") not in kept()
    assert kept()[key("submitted")][0] == 1
    assert_summary_is_fresh("after commit")

import pytest

from goumai.accounts.models import OrgUnit
from goumai.audit.models import AuditEntry
from goumai.regions.services import township_profile_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def edits(town_user, county_user, township_a, township_a2):
    township_profile_update(actor=town_user, township=township_a, merged_unit_count=6, population=1)
    township_profile_update(
        actor=county_user, township=township_a2, merged_unit_count=5, population=2
    )


def test_township_sees_only_its_own_trail_through_the_api(
    api_client, town_user, township_a, township_a2, edits
):
    api = api_client.login(town_user)
    items = api.get("/api/v1/audit-entries", limit=500).json()["items"]
    objects = {(item["object_type"], item["object_id"]) for item in items}
    # Its township, its own org unit and its own account: nothing else.
    assert objects == {
        ("regions.region", str(township_a.pk)),
        ("accounts.orgunit", str(town_user.org_unit_id)),
        ("accounts.user", str(town_user.pk)),
    }
    other = api.get(
        "/api/v1/audit-entries", object_type="regions.region", object_id=str(township_a2.pk)
    )
    assert other.json()["count"] == 0


def test_object_trail_page_is_404_outside_the_jurisdiction(
    client, town_user, township_a, township_a2, edits
):
    client.force_login(town_user)
    response = client.get(f"/audit/regions.region/{township_a.pk}/")
    assert response.status_code == 200 and "6" in response.content.decode()
    assert client.get(f"/audit/regions.region/{township_a2.pk}/").status_code == 404


def test_county_sees_both_townships_trails_and_not_another_countys(
    client, county_user, township_a, township_a2, township_b, edits
):
    client.force_login(county_user)
    assert client.get(f"/audit/regions.region/{township_a.pk}/").status_code == 200
    assert client.get(f"/audit/regions.region/{township_b.pk}/").status_code == 404


def test_sector_department_does_not_see_another_sectors_audit_entries(api_client, civil_user):
    education = OrgUnit.objects.get(code="510000-education")
    assert AuditEntry.objects.filter(
        object_type="accounts.orgunit", object_id=str(education.pk)
    ).exists()
    api = api_client.login(civil_user)
    response = api.get(
        "/api/v1/audit-entries", object_type="accounts.orgunit", object_id=str(education.pk)
    )
    assert response.json()["count"] == 0
    civil = OrgUnit.objects.get(code="510000-civil_affairs")
    response = api.get(
        "/api/v1/audit-entries", object_type="accounts.orgunit", object_id=str(civil.pk)
    )
    assert response.json()["count"] == 1


def test_audit_list_page_is_scoped(client, town_user, township_a2, edits):
    client.force_login(town_user)
    body = client.get("/audit/").content.decode()
    assert "审计日志" in body and township_a2.name not in body


def test_the_trail_speaks_chinese_names_people_and_units(client, town_user, township_a):
    from goumai.projects.services import project_transition
    from goumai.projects.tests.factories import draft_project

    project = draft_project(town_user, township_a)
    project_transition(actor=town_user, project=project, action="submit")
    client.force_login(town_user)
    body = client.get(f"/audit/projects.project/{project.pk}/").content.decode()
    assert "<td>状态</td><td>草稿</td><td>已提交</td>" in body
    assert ">status<" not in body and ">draft<" not in body
    unit = town_user.org_unit.name
    assert f'<br><span class="muted small">{unit}</span>' in body  # who: the person's unit
    assert '<span class="muted small">购买项目</span>' in body  # what: the kind of record
    listing = client.get("/audit/").content.decode()
    assert "goumai audit verify" not in listing and "<td>状态</td>" in listing

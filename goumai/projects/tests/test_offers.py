"""Menus and buttons only where the user can act: 新建项目 for purchasers inside a
county (who have a catalog to buy from), the sector filter only over what a sector
department may see."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_township_clerk_is_offered_new_project(client, town_user):
    client.force_login(town_user)
    assert "新建项目" in client.get("/projects/").content.decode()
    assert client.get("/projects/new/").status_code == 200


def test_a_province_body_is_not_offered_a_form_it_cannot_use(client, make_user):
    client.force_login(make_user("510000-finance"))
    assert "新建项目" not in client.get("/projects/").content.decode()
    assert client.get("/projects/new/").status_code == 403


def test_a_sector_department_filters_only_its_own_sector(client, civil_user, county_user):
    client.force_login(civil_user)
    html = client.get("/projects/").content.decode()
    assert 'name="sector"' not in html  # one sector: nothing to choose
    client.force_login(county_user)
    html = client.get("/projects/").content.decode()
    assert 'value="civil_affairs"' in html and 'value="education"' in html

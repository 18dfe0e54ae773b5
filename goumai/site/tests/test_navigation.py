import pytest

from goumai.site.navigation import jurisdiction_label

pytestmark = pytest.mark.django_db


def test_jurisdiction_labels(town_user, county_user, civil_user, township_a):
    assert jurisdiction_label(town_user) == township_a.name
    assert jurisdiction_label(county_user) == "蒲江县（含所辖乡镇）"
    assert jurisdiction_label(civil_user) == "全省·民政行业"


def test_the_menu_has_a_phone_toggle_that_names_what_it_opens(client, town_user):
    client.force_login(town_user)
    body = client.get("/").content.decode()
    assert 'data-menu-toggle aria-controls="sidenav" aria-expanded="false"' in body
    assert '<nav class="sidenav" id="sidenav"' in body

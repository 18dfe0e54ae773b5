import pytest
from django.test import Client

from goumai.accounts.models import OrgUnit
from goumai.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_and_has_csrf(client):
    response = client.get("/accounts/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "登录" in body and "csrfmiddlewaretoken" in body
    assert "/static/goumai/vendor/htmx/htmx.min.js" in body  # served locally, no CDN
    assert "https://" not in body.split("<body")[0]


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/regions/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_township_login_leads_to_a_home_page_naming_the_township(client, town_user, township_a):
    response = client.post(
        "/accounts/login/", {"username": town_user.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == "/"
    body = client.get("/").content.decode()
    assert township_a.name in body
    assert town_user.org_unit.name in body
    assert f"管辖范围：{township_a.name}" in body


def test_login_form_rejects_a_login_without_csrf_token(town_user):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        "/accounts/login/", {"username": town_user.username, "password": PASSWORD}
    )
    assert response.status_code == 403


def test_wrong_password_shows_a_chinese_error(client, town_user):
    response = client.post(
        "/accounts/login/", {"username": town_user.username, "password": "nope-nope-1"}
    )
    assert "用户名或密码错误" in response.content.decode()


def test_logout_needs_post_and_ends_the_session(client, town_user):
    client.force_login(town_user)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_sessions_expire_after_idle_time(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and not settings.SESSION_SAVE_EVERY_REQUEST
    assert (
        settings.GOUMAI_SESSION_REFRESH_SECONDS == 3 * 60
    )  # the timeout slides (test_read_requests)


def test_org_unit_page_shows_a_sector_department_nothing_of_another_sector(client, civil_user):
    client.force_login(civil_user)
    body = client.get("/accounts/org-units/", {"kind": "sector_department"}).content.decode()
    assert "四川省民政厅" in body
    assert "四川省教育厅" not in body and "四川省司法厅" not in body


def test_org_unit_page_shows_a_county_only_its_own_units(client, county_user):
    client.force_login(county_user)
    body = client.get("/accounts/org-units/", {"q": "泸县"}).content.decode()
    assert "泸县" not in body.split('id="results"')[1]
    body = client.get("/accounts/org-units/", {"kind": "county_finance"}).content.decode()
    assert "蒲江县财政局" in body and OrgUnit.objects.filter(kind="county_finance").count() > 1


def test_htmx_requests_get_only_the_table(client, county_user):
    client.force_login(county_user)
    response = client.get("/accounts/org-units/", {"q": "蒲江"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<table" in body and "<html" not in body


def test_chinese_by_default_even_for_an_english_browser(client):
    body = client.get("/accounts/login/", headers={"Accept-Language": "en-US,en"}).content.decode()
    assert "<h1>登录</h1>" in body


def test_english_when_the_user_chooses_it(client, town_user):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.force_login(town_user)
    body = client.get("/").content.decode()
    assert "Dashboard" in body and "Jurisdiction" in body
    response = client.get("/api/v1/regions/999999999", headers={})
    assert response.json()["message"] == "No such record, or it is outside your jurisdiction."


def test_password_change_applies_the_rules_and_is_audited(client, town_user):
    from goumai.audit.models import AuditEntry

    client.force_login(town_user)
    weak = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "1234567890", "new_password2": "1234567890"},
    )
    assert weak.status_code == 200
    assert "密码须同时包含字母和数字" in weak.content.decode()
    good = "Sichuan-2027-ok"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": good, "new_password2": good},
    )
    assert response.status_code == 302
    town_user.refresh_from_db()
    assert town_user.check_password(good)
    entry = AuditEntry.objects.filter(
        object_type="accounts.user", object_id=str(town_user.pk)
    ).first()
    assert entry.after == {"password": "（已修改）"}
    assert good not in str(entry.before) + str(entry.after)


def test_a_unit_admin_records_the_units_credit_code_on_the_units_page(
    client, make_user, township_a
):
    admin = make_user(f"{township_a.code}-government", roles=("unit_admin",))
    clerk = make_user(f"{township_a.code}-government", roles=("clerk",))
    client.force_login(clerk)
    assert "credit_code" not in client.get("/accounts/org-units/").content.decode()
    client.post("/accounts/org-units/credit-code/", {"credit_code": "11510131MB0000001U"})
    assert OrgUnit.objects.get(pk=admin.org_unit_id).credit_code == ""
    client.force_login(admin)
    assert 'name="credit_code"' in client.get("/accounts/org-units/").content.decode()
    bad = client.post("/accounts/org-units/credit-code/", {"credit_code": "123"}, follow=True)
    assert "统一社会信用代码无效" in bad.content.decode()
    ok = client.post(
        "/accounts/org-units/credit-code/", {"credit_code": "11510131MB0000001U"}, follow=True
    )
    assert "已保存" in ok.content.decode() and "11510131MB0000001U" in ok.content.decode()
    assert OrgUnit.objects.get(pk=admin.org_unit_id).credit_code == "11510131MB0000001U"


def test_the_admin_links_an_account_to_a_provider_never_to_both(client, make_user, town_user):
    from goumai.accounts.services import user_create
    from goumai.providers.tests.factories import provider

    admin = make_user(None, superuser=True)
    client.force_login(admin)
    supplier = provider("示范养老服务中心")
    person = user_create(
        actor=None,
        username="p-clerk",
        password=None,
        org_unit=None,
        roles=["clerk"],
        provider=provider("原承接主体"),
    )
    url = f"/admin/accounts/user/{person.pk}/change/"
    form = {
        "username": person.username,
        "full_name": "服务中心经办人",
        "email": "",
        "is_active": "on",
        "provider": supplier.pk,
        "date_joined_0": "2026-11-29",
        "date_joined_1": "10:00:00",
        "role_assignments-TOTAL_FORMS": "0",
        "role_assignments-INITIAL_FORMS": "0",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.provider_id == supplier.pk and person.org_unit_id is None
    both = {**form, "org_unit": town_user.org_unit_id}
    response = client.post(url, both)
    assert response.status_code == 200 and "不能同时属于两者" in response.content.decode()
    person.refresh_from_db()
    assert person.org_unit_id is None

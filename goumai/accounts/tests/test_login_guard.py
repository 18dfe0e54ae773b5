"""The login lockout per address and throttle per account (accounts/login_guard.py),
through the token endpoint and the login page, behind the trusted proxy."""

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt

from goumai.accounts.models import LoginFailure
from goumai.accounts.services import login_unlock
from goumai.audit.models import AuditEntry
from goumai.conftest import PASSWORD
from goumai.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
T0 = datetime(2027, 3, 1, 9, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def behind_the_proxy(settings, time_machine):
    settings.GOUMAI_TRUSTED_PROXIES = (PROXY,)
    time_machine.move_to(T0, tick=False)
    return time_machine


def at(clock, seconds):
    clock.move_to(T0.timestamp() + seconds, tick=False)


def try_login(client, username, password=PASSWORD, address="198.51.100.7"):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def fail(client, username, times, address="198.51.100.7"):
    for _ in range(times):
        assert try_login(client, username, "wrong-password-1", address).status_code == 401


# --- per account: a throttle, never a lockout --------------------------------------


def test_four_failures_leave_the_account_free(client, town_user, settings):
    fail(client, town_user.username, settings.GOUMAI_LOGIN_ACCOUNT_FAILURE_LIMIT - 1)
    assert try_login(client, town_user.username).status_code == 200


def test_after_five_failures_the_right_password_waits_15_seconds_then_gets_in(
    client, town_user, behind_the_proxy
):
    fail(client, town_user.username, 5)
    at(behind_the_proxy, 14)
    refused = try_login(client, town_user.username)
    assert refused.status_code == 429
    assert refused.json() == {
        "code": "login_throttled",
        "message": "该账号连续登录失败，为保护账号，请 1 秒后再试。",
        "fields": {},
    }
    assert refused["Retry-After"] == "1"
    at(behind_the_proxy, 15)  # exactly the wait: free again
    assert try_login(client, town_user.username).status_code == 200


def test_tries_during_the_wait_are_not_counted_and_do_not_extend_it(
    client, town_user, behind_the_proxy
):
    fail(client, town_user.username, 5)
    for second in range(1, 15):
        at(behind_the_proxy, second)
        assert try_login(client, town_user.username, "wrong-password-1").status_code == 429
    assert LoginFailure.objects.get(username=town_user.username).failures_since_start == 5
    at(behind_the_proxy, 15)
    assert try_login(client, town_user.username).status_code == 200


def test_the_wait_doubles_with_each_failure_and_never_exceeds_a_minute(
    client, town_user, behind_the_proxy
):
    fail(client, town_user.username, 5)
    waits = []
    elapsed = 0
    for _ in range(4):
        elapsed += int(waits[-1]) if waits else 15
        at(behind_the_proxy, elapsed)
        assert try_login(client, town_user.username, "wrong-password-1").status_code == 401
        waits.append(try_login(client, town_user.username)["Retry-After"])
    assert waits == ["30", "60", "60", "60"]


def test_failures_spread_over_many_addresses_throttle_the_account(
    client, town_user, behind_the_proxy
):
    for n in range(5):
        fail(client, town_user.username, 1, address=f"203.0.113.{n + 1}")
    refused = try_login(client, town_user.username, address="192.0.2.50")
    assert refused.json()["code"] == "login_throttled"
    at(behind_the_proxy, 15)
    assert try_login(client, town_user.username, address="192.0.2.50").status_code == 200


def test_a_success_restarts_the_accounts_count(client, town_user, behind_the_proxy):
    fail(client, town_user.username, 4)
    assert try_login(client, town_user.username).status_code == 200
    fail(client, town_user.username, 4)
    assert try_login(client, town_user.username).status_code == 200


def test_another_account_is_not_throttled(client, town_user, county_user):
    fail(client, town_user.username, 5)
    assert try_login(client, county_user.username).status_code == 200


# --- per address: a lockout, for every account, from that address only ---------------


GUESSES = itertools.count()


def fail_from(client, address, times):
    """``times`` failures from one address, each with a new username (none of them
    throttled itself)."""
    for _ in range(times):
        fail(client, f"guess-{next(GUESSES)}", 1, address=address)


def lock(client, address="198.51.100.7"):
    """The twentieth failure from the address: it starts the lockout, and says so."""
    refused = try_login(client, f"guess-{next(GUESSES)}", "wrong-password-1", address)
    assert refused.status_code == 429
    assert refused.json() == {
        "code": "account_locked",
        "message": "从您所在网络登录失败次数过多，已暂时锁定 30 分钟；请稍后再试，或请管理员解除。",
        "fields": {},
    }


def test_an_address_with_20_failures_is_locked_for_every_account(client, town_user, settings):
    fail_from(client, "198.51.100.7", settings.AXES_FAILURE_LIMIT - 1)
    assert try_login(client, town_user.username, address="198.51.100.7").status_code == 200
    lock(client)
    refused = try_login(client, town_user.username, address="198.51.100.7")
    assert refused.status_code == 429
    assert refused.json()["code"] == "account_locked"
    # Behind the proxy, another client is not affected.
    assert try_login(client, town_user.username, address="198.51.100.8").status_code == 200


def test_a_success_does_not_clear_the_addresss_count(client, town_user, settings):
    fail_from(client, "198.51.100.7", settings.AXES_FAILURE_LIMIT - 1)
    assert try_login(client, town_user.username, address="198.51.100.7").status_code == 200
    lock(client)
    assert try_login(client, town_user.username, address="198.51.100.7").status_code == 429


def test_failures_during_an_address_lockout_do_not_restart_it(
    client, town_user, settings, behind_the_proxy
):
    fail_from(client, "198.51.100.7", settings.AXES_FAILURE_LIMIT - 1)
    lock(client)
    at(behind_the_proxy, 20 * 60)
    assert try_login(client, "guess-x", "wrong-password-1").status_code == 429
    at(behind_the_proxy, 29 * 60)
    assert try_login(client, town_user.username).status_code == 429  # still the first 30 min
    at(behind_the_proxy, 31 * 60)
    assert try_login(client, town_user.username).status_code == 200


def test_without_the_proxy_forwarded_for_is_not_believed(client, town_user, settings):
    settings.GOUMAI_TRUSTED_PROXIES = ()
    for n in range(settings.AXES_FAILURE_LIMIT):
        try_login(client, f"guess-{n}", "wrong-password-1", address=f"203.0.113.{n}")
    # Twenty "different" addresses, all from one connecting address: locked.
    assert try_login(client, town_user.username, address="192.0.2.9").status_code == 429


# --- the login page -------------------------------------------------------------------


def page_login(client, username, password):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )


def test_the_login_page_shows_the_wait_beside_the_form_and_keeps_the_username(
    client, town_user, behind_the_proxy
):
    for _ in range(5):
        page_login(client, town_user.username, "nope-nope-1")
    response = page_login(client, town_user.username, PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert "请 15 秒后再试" in body and f'value="{town_user.username}"' in body
    assert "_auth_user_id" not in client.session
    at(behind_the_proxy, 15)
    assert page_login(client, town_user.username, PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session
    assert not LoginFailure.objects.filter(username=town_user.username).exists()


def test_a_locked_address_gets_the_locked_page(client, town_user, settings):
    fail_from(client, "198.51.100.7", settings.AXES_FAILURE_LIMIT - 1)
    lock(client)
    response = page_login(client, town_user.username, PASSWORD)
    assert response.status_code == 429
    assert "已暂时锁定 30 分钟" in response.content.decode()


# --- an administrator unlocks; audited -------------------------------------------------


def test_an_administrator_unlocks_an_account_and_it_is_audited(client, town_user, make_user):
    admin = make_user(None, superuser=True)
    fail(client, town_user.username, 5)
    assert try_login(client, town_user.username).status_code == 429
    assert login_unlock(actor=admin, username=town_user.username) == 1
    assert try_login(client, town_user.username).status_code == 200
    entry = AuditEntry.objects.get(object_type="accounts.loginfailure")
    assert entry.action == "delete" and entry.actor_id == admin.pk
    assert entry.before["username"] == town_user.username
    assert entry.scope_path == town_user.org_unit.region.path


def test_an_administrator_unlocks_an_address(client, town_user, make_user, settings):
    admin = make_user(None, superuser=True)
    fail_from(client, "198.51.100.7", settings.AXES_FAILURE_LIMIT - 1)
    lock(client)
    assert login_unlock(actor=admin, ip_address="198.51.100.7") == settings.AXES_FAILURE_LIMIT
    assert try_login(client, town_user.username).status_code == 200
    assert AuditEntry.objects.filter(object_type="accounts.loginfailure").count() == 20


def test_only_an_administrator_may_unlock_and_a_refusal_clears_nothing(
    client, town_user, county_user
):
    fail(client, town_user.username, 5)
    with pytest.raises(PermissionDenied):
        login_unlock(actor=county_user, username=town_user.username)
    assert AccessAttempt.objects.filter(username=town_user.username).exists()
    assert not AuditEntry.objects.filter(object_type="accounts.loginfailure").exists()


def test_the_admins_unlock_action_and_delete_are_audited(client, town_user, make_user):
    admin = make_user(None, superuser=True)
    fail(client, town_user.username, 5)
    client.force_login(admin)
    client.post(
        "/admin/accounts/user/",
        {"action": "unlock_login", "_selected_action": [town_user.pk]},
    )
    assert not AccessAttempt.objects.filter(username=town_user.username).exists()
    fail(client, town_user.username, 1)
    failure = LoginFailure.objects.get(username=town_user.username)
    client.post(f"/admin/accounts/loginfailure/{failure.pk}/delete/", {"post": "yes"})
    assert not LoginFailure.objects.filter(pk=failure.pk).exists()
    assert AuditEntry.objects.filter(object_type="accounts.loginfailure").count() == 2
    # The unaudited path of django-axes's own admin is gone.
    assert client.get("/admin/axes/accessattempt/").status_code == 404


def test_the_locked_message_says_the_configured_cool_off(client, town_user, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=10)
    fail_from(client, "198.51.100.7", settings.AXES_FAILURE_LIMIT - 1)
    refused = try_login(client, "guess-last", "wrong-password-1")
    assert "已暂时锁定 10 分钟" in refused.json()["message"]

"""Shared test fixtures.

The real map of Sichuan (3,306 divisions, 3,514 org units) is loaded once per test
session into the test database; each test runs in a transaction that is rolled
back, so tests see the map and never each other's writes.

**The tests' clock.** Every test starts at ``TEST_NOW``, 23:30 UTC on 28 February
2027, which is already 1 March in Beijing: a date taken from UTC instead of China's
time shows as the wrong day in any test. The tests' purchases happen on 1 March 2027
(``contracts.tests.factories.START``); tests that accept work later move the clock on
(``in_2028``).

**The tests' calendar.** The legal calendar holds the years ``chinesecalendar``
knows (to 2026). The tests date their purchases in 2027 and 2028, so the test
database also holds those two years as *test data*: weekends only, no holidays
(``TEST_YEARS``). Tests of a missing year remove them first (``without_calendar``).
The product itself never invents a year's holidays.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection

from goumai.accounts.models import OrgUnit, User
from goumai.accounts.services import user_create
from goumai.core.roles import Role
from goumai.regions.models import Region
from goumai.tests.browser import browser  # noqa: F401 (the fixture of the browser tests)

# Two counties in different 市州 and economic regions, two townships each.
COUNTY_A = "510131"  # 蒲江县, 成都市
COUNTY_B = "510521"  # 泸县, 泸州市
PASSWORD = "Test-pass-2026"  # noqa: S105 (test accounts only)
TEST_NOW = datetime(2027, 2, 28, 23, 30, tzinfo=UTC)  # 2027-03-01 07:30 in Beijing
TEST_YEARS = (2027, 2028)


def load_reference_data() -> None:
    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("load_regions", verbosity=0, stdout=devnull)
    call_command("load_catalog", verbosity=0, stdout=devnull)
    call_command("load_frameworks", verbosity=0, stdout=devnull)
    call_command("load_calendar", verbosity=0, stdout=devnull)
    load_test_calendar()


def load_test_calendar() -> None:
    """Test data, never shipped: 2027 and 2028 with weekends only (see the docstring)."""
    from goumai.holidays.models import CalendarYear

    for year in TEST_YEARS:
        CalendarYear.objects.get_or_create(
            year=year,
            defaults={
                "notice": "测试用日历（仅周末，不含节假日；只用于自动化测试）",
                "source": "page",
            },
        )


if os.environ.get("GOUMAI_TEST_DB_TEMPLATE"):
    # Mutation testing (`make mutation`) starts a test session per mutant. Instead of
    # migrating and loading the map each time, each session works on its own copy of
    # a SQLite file prepared once with both.

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_blocker, tmp_path_factory):
        from django.conf import settings
        from django.db import connections

        copy = tmp_path_factory.mktemp("db") / "test.sqlite3"
        shutil.copyfile(os.environ["GOUMAI_TEST_DB_TEMPLATE"], copy)
        settings.DATABASES["default"]["NAME"] = str(copy)
        connections["default"].close()
        connections["default"].settings_dict["NAME"] = str(copy)
        with django_db_blocker.unblock():
            load_test_calendar()

else:

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            load_reference_data()


@pytest.fixture
def map_loaded():
    """For ``transaction=True`` tests, which start from and leave empty tables: load the
    map and catalog before, and again after for the tests that follow."""
    load_reference_data()
    yield
    load_reference_data()


@pytest.fixture(autouse=True)
def _clock(time_machine):
    """Every test starts at ``TEST_NOW`` (the clock runs on from there)."""
    time_machine.move_to(TEST_NOW)


@pytest.fixture
def without_calendar(db):
    """The legal calendar as the product ships it: the test years removed."""
    from goumai.holidays.models import CalendarYear

    CalendarYear.objects.filter(year__in=TEST_YEARS).delete()


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Password hashing is deliberately slow; tests need no protection from brute force.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The tests type dates of whole contract years while their clock moves on; the
    # limit on dates typed long ago is tested where it is the subject
    # (core/tests/test_paper_dates.py) with the production value.
    settings.GOUMAI_BACKDATE_DAYS = 3650
    # Tests render pages without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _summary_triggers_at_once(request):
    """On PostgreSQL the project summary triggers fire at commit (projects migration
    0008), and a test in a rolled-back transaction never commits: there they fire at
    each change, so a test reads the summary it just changed. Tests with
    ``transaction=True`` commit and keep them at commit, as in production."""
    if connection.vendor != "postgresql":
        return
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return
    request.getfixturevalue("db")
    with connection.cursor() as cursor:
        cursor.execute(
            "SET CONSTRAINTS project_summary_insert_delete, project_summary_update IMMEDIATE"
        )


@pytest.fixture
def in_2028(time_machine):
    """The clock on 2028-06-01: for tests whose contracts run in 2027 and whose
    acceptance dates must therefore not lie in the future."""
    time_machine.move_to(datetime(2028, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))


def townships_of(county_code: str) -> list[Region]:
    return list(Region.objects.filter(parent__code=county_code).order_by("code")[:2])


@pytest.fixture
def make_user(db):
    counter = {"n": 0}

    def make(
        unit_code: str | None, roles=(Role.CLERK,), *, superuser=False, password=PASSWORD
    ) -> User:
        counter["n"] += 1
        org_unit = OrgUnit.objects.get(code=unit_code) if unit_code else None
        return user_create(
            actor=None,
            username=f"user{counter['n']}-{unit_code or 'root'}",
            password=password,
            org_unit=org_unit,
            roles=list(roles),
            is_superuser=superuser,
        )

    return make


@pytest.fixture
def township_a(db) -> Region:
    return townships_of(COUNTY_A)[0]


@pytest.fixture
def township_a2(db) -> Region:
    return townships_of(COUNTY_A)[1]


@pytest.fixture
def township_b(db) -> Region:
    return townships_of(COUNTY_B)[0]


@pytest.fixture
def town_user(make_user, township_a) -> User:
    return make_user(f"{township_a.code}-government")


@pytest.fixture
def county_user(make_user) -> User:
    return make_user(f"{COUNTY_A}-finance", roles=(Role.CLERK, Role.APPROVER))


@pytest.fixture
def civil_user(make_user) -> User:
    return make_user("510000-civil_affairs", roles=(Role.CLERK, Role.APPROVER))


@pytest.fixture
def finance_user(make_user) -> User:
    return make_user("510000-finance", roles=(Role.UNIT_ADMIN,))


@pytest.fixture
def api_client(client):
    """The Django test client, with helpers to call the API as a given user by token."""

    class Api:
        def __init__(self):
            self.headers = {}

        def login(self, user):
            response = client.post(
                "/api/v1/auth/token",
                {"username": user.username, "password": PASSWORD},
                content_type="application/json",
            )
            assert response.status_code == 200, response.content
            self.headers = {"Authorization": f"Bearer {response.json()['token']}"}
            return self

        def get(self, path, **params):
            return client.get(path, params, headers=self.headers)

        def patch(self, path, data):
            return client.patch(path, data, content_type="application/json", headers=self.headers)

        def put(self, path, data):
            return client.put(path, data, content_type="application/json", headers=self.headers)

        def post(self, path, data):
            return client.post(path, data, content_type="application/json", headers=self.headers)

    return Api()

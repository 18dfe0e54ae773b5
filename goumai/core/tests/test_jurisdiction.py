import pytest

from goumai.accounts.models import OrgUnit, User
from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.core.jurisdiction import NOBODY, Jurisdiction, scope
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


def visible_codes(user, level):
    return set(
        scope(Region.objects.filter(level=level), user, path_field="path").values_list(
            "code", flat=True
        )
    )


def test_a_township_sees_only_itself(town_user, township_a, township_a2):
    assert visible_codes(town_user, 4) == {township_a.code}
    assert visible_codes(town_user, 3) == set()


def test_a_county_sees_itself_and_its_townships_only(county_user):
    townships = visible_codes(county_user, 4)
    assert townships == set(
        Region.objects.filter(parent__code=COUNTY_A).values_list("code", flat=True)
    )
    assert not any(code.startswith(COUNTY_B) for code in townships)
    assert visible_codes(county_user, 3) == {COUNTY_A}


def test_a_city_sees_its_counties(make_user):
    chengdu = make_user("510100-finance")
    counties = visible_codes(chengdu, 3)
    assert COUNTY_A in counties and COUNTY_B not in counties
    assert len(counties) == Region.objects.filter(parent__code="510100").count()


def test_province_departments_see_the_whole_province(finance_user, civil_user):
    assert len(visible_codes(finance_user, 4)) == 3101
    assert len(visible_codes(civil_user, 4)) == 3101


def test_a_sector_department_sees_general_bodies_and_its_own_sector_only(civil_user):
    units = scope(
        OrgUnit.objects.all(), civil_user, path_field="region__path", sector_field="sector"
    )
    sectors = set(units.values_list("sector", flat=True))
    assert sectors == {None, "civil_affairs"}
    assert not units.filter(code="510000-education").exists()
    assert units.filter(code="510131104-government").exists()


def test_nobody_without_an_org_unit_or_when_inactive(make_user, town_user):
    assert Jurisdiction.of(None) is NOBODY
    town_user.is_active = False
    assert Jurisdiction.of(town_user).is_empty
    assert visible_codes(town_user, 4) == set()


def test_a_deactivated_org_unit_sees_nothing(town_user):
    town_user.org_unit.is_active = False
    assert visible_codes(town_user, 4) == set()


def test_covers_respects_path_prefix_and_sector(civil_user, county_user):
    county = Jurisdiction.of(county_user)
    assert county.covers(f"/510000/510100/{COUNTY_A}/{COUNTY_A}001/")
    # A sibling code that merely starts with the same digits is not inside.
    assert not county.covers(f"/510000/510100/{COUNTY_A}9/")
    civil = Jurisdiction.of(civil_user)
    assert civil.covers("/510000/510100/", "civil_affairs")
    assert not civil.covers("/510000/510100/", "education")


def test_the_empty_jurisdiction_matches_and_covers_nothing():
    regions = Region.objects.all()
    assert not regions.filter(NOBODY.q(path_field="path")).exists()
    assert not regions.filter(NOBODY.q(path_field="path", sector_field="code")).exists()
    assert not NOBODY.covers("/")
    assert not NOBODY.covers("/510000/", None)


def test_a_user_without_an_org_unit_sees_nothing():
    provider_like = User(username="no-unit")  # e.g. a provider's account
    assert Jurisdiction.of(provider_like) is NOBODY
    assert not scope(Region.objects.all(), provider_like, path_field="path").exists()


def test_the_superuser_sees_everything(make_user):
    root = make_user(None, superuser=True)
    everything = Jurisdiction.of(root)
    assert everything.everything and everything.covers("/999999/", "education")
    assert Region.objects.filter(everything.q(path_field="path")).count() == Region.objects.count()


def test_prefixes_end_at_a_slash():
    county = Jurisdiction(region_path="/510000/510100/510131/")
    assert county.covers("/510000/510100/510131/")
    assert not county.covers("/510000/510100/5101319/")
    assert not county.covers("/510000/510100/")  # the city above is not inside
    assert (
        Region.objects.filter(county.q(path_field="path")).count()
        == 1 + Region.objects.filter(parent__code="510131").count()
    )


def test_sector_narrowing_keeps_records_without_a_sector():
    civil = Jurisdiction(region_path="/510000/", sector="civil_affairs")
    assert civil.covers("/510000/510100/")  # no sector: every sector's
    assert civil.covers("/510000/510100/", None)
    assert civil.covers("/510000/510100/", "civil_affairs")
    assert not civil.covers("/510000/510100/", "education")
    units = OrgUnit.objects.filter(civil.q(path_field="region__path", sector_field="sector"))
    assert set(units.values_list("sector", flat=True)) == {None, "civil_affairs"}
    # Without a sector field to narrow on, the sector is not applied.
    all_units = OrgUnit.objects.filter(civil.q(path_field="region__path"))
    assert all_units.count() == OrgUnit.objects.count()


def test_a_sector_narrows_within_the_region_not_instead_of_it():
    city_civil = Jurisdiction(region_path="/510000/510100/", sector="civil_affairs")
    units = OrgUnit.objects.filter(city_civil.q(path_field="region__path", sector_field="sector"))
    assert units.exists()
    assert all(u.region.path.startswith("/510000/510100/") for u in units.select_related("region"))
    assert not units.filter(code="510521-finance").exists()


def test_an_evaluation_agency_reaches_no_region(make_user):
    """A third-party evaluator's unit sits in the province, yet it sees nothing by
    region: only its assignments, through the evaluation selectors."""
    agency = OrgUnit.objects.create(
        code="EV-T",
        name="某评价事务所",
        kind=OrgUnit.Kind.EVALUATOR,
        region=Region.objects.get(level=Region.Level.PROVINCE),
    )
    evaluator = make_user("EV-T")
    assert Jurisdiction.of(evaluator) is NOBODY
    assert visible_codes(evaluator, 4) == set() and visible_codes(evaluator, 1) == set()
    assert agency.has_regional_reach is False
    assert OrgUnit.objects.get(code="510131-finance").has_regional_reach is True


def test_the_jurisdiction_is_worked_out_once_per_user_object(town_user, make_user):
    first = Jurisdiction.of(town_user)
    assert Jurisdiction.of(town_user) is first
    root = make_user(None, superuser=True)
    everything = Jurisdiction.of(root)
    assert everything == Jurisdiction(region_path="/", everything=True)
    assert Jurisdiction.of(root) is everything


def test_the_indexed_prefix_form_selects_exactly_the_same_rows():
    # q(prefix_lengths=…) says "substring(path, 1, n) = region_path" instead of
    # "path LIKE 'region_path%'" for paths of those lengths; over every 市州 and county
    # and every tenth township of the real map (regions have paths of every length)
    # both select the same rows, and other lengths keep the LIKE.
    lengths = (15, 22, 32)
    places = (
        list(Region.objects.filter(level__in=[2, 3]).values_list("path", flat=True))
        + list(Region.objects.filter(level=4).order_by("code").values_list("path", flat=True))[::10]
    )
    for path in ["/510000/", *places]:
        jurisdiction = Jurisdiction(region_path=path)
        like = set(Region.objects.filter(jurisdiction.q(path_field="path")).values_list("pk"))
        indexed = jurisdiction.q(path_field="path", prefix_lengths=lengths)
        assert set(Region.objects.filter(indexed).values_list("pk")) == like, path
        assert ("startswith" in str(indexed)) == (len(path) not in lengths), path
    assert {len(path) for path in places} == set(lengths)
    assert len(places) > 500

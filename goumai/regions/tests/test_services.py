import pytest

from goumai.audit.models import AuditEntry
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.roles import Role
from goumai.regions.models import Region, ServiceArea
from goumai.regions.services import township_profile_update

pytestmark = pytest.mark.django_db


def update(actor, township, **values):
    values.setdefault("merged_unit_count", None)
    values.setdefault("population", None)
    return township_profile_update(actor=actor, township=township, **values)


def test_township_clerk_sets_merge_count_population_and_service_areas(town_user, township_a):
    update(
        town_user, township_a, merged_unit_count=6, population=41200, service_areas=["东片", "西片"]
    )
    township_a.refresh_from_db()
    assert (township_a.merged_unit_count, township_a.population) == (6, 41200)
    assert township_a.merge_label == "六合一"
    assert list(township_a.service_areas.values_list("name", flat=True)) == ["东片", "西片"]
    types = set(AuditEntry.objects.filter(actor=town_user).values_list("object_type", flat=True))
    assert types == {"regions.region", "regions.servicearea"}


def test_service_areas_are_replaced_by_name(town_user, township_a):
    update(town_user, township_a, service_areas=["东片", "西片"])
    east = ServiceArea.objects.get(township=township_a, name="东片")
    update(town_user, township_a, service_areas=["北片", "东片"])
    assert list(township_a.service_areas.values_list("name", flat=True)) == ["北片", "东片"]
    assert ServiceArea.objects.get(township=township_a, name="东片").pk == east.pk
    deleted = AuditEntry.objects.get(action="delete", object_type="regions.servicearea")
    assert deleted.before["name"] == "西片"


def test_county_may_edit_its_townships(county_user, township_a2):
    update(county_user, township_a2, merged_unit_count=5)
    assert Region.objects.get(pk=township_a2.pk).merged_unit_count == 5


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"merged_unit_count": 0}, "merged_unit_count"),
        ({"merged_unit_count": 21}, "merged_unit_count"),
        ({"population": -1}, "population"),
        ({"service_areas": ["东片", "东片"]}, "service_areas"),
        ({"service_areas": ["=HYPERLINK(1)"]}, "service_areas"),
        ({"service_areas": ["x" * 51]}, "service_areas"),
    ],
)
def test_bad_values_are_refused_with_a_chinese_message_and_nothing_changes(
    town_user, township_a, values, field
):
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as caught:
        update(town_user, township_a, **({"population": 100} | values))
    assert caught.value.code == "invalid_township_profile"
    assert field in caught.value.fields
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in caught.value.fields[field])
    township_a.refresh_from_db()
    assert township_a.population is None and not township_a.service_areas.exists()
    assert AuditEntry.objects.count() == entries


def test_another_townships_attributes_are_not_found(town_user, township_a2):
    with pytest.raises(NotFound):
        update(town_user, township_a2, population=1)


def test_another_countys_township_is_not_found(county_user, township_b):
    with pytest.raises(NotFound):
        update(county_user, township_b, population=1)


def test_sector_departments_and_viewers_may_not_edit(civil_user, make_user, township_a):
    viewer = make_user(f"{township_a.code}-government", roles=(Role.VIEWER,))
    for actor in (civil_user, viewer):
        with pytest.raises(PermissionDenied):
            update(actor, township_a, population=1)


def test_only_townships_have_these_attributes(finance_user):
    county = Region.objects.get(code="510131")
    with pytest.raises(DomainError) as caught:
        update(finance_user, county, population=1)
    assert caught.value.code == "not_a_township"

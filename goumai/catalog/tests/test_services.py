import pytest

from goumai.audit.models import AuditEntry
from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.catalog.services import (
    catalog_item_create,
    catalog_item_retire,
    county_entry_add_local,
    county_entry_adopt,
    county_entry_remove,
    ensure_entry_usable,
)
from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db

RATIONALE = "属于政府养老服务职责，购买的是专业人员提供的服务，不含物资和工程。"


@pytest.fixture
def elderly_care():
    return CatalogItem.objects.get(name="居家养老服务")


@pytest.fixture
def county_a():
    return Region.objects.get(code=COUNTY_A)


def test_seeded_catalog_has_the_central_shape():
    assert CatalogItem.objects.filter(level=1).count() == 2
    assert CatalogItem.objects.filter(level=2).count() == 30
    per_nature = {
        n: CatalogItem.objects.filter(level=2, nature=n).count()
        for n in ("public_service", "auxiliary")
    }
    assert per_nature == {"public_service": 18, "auxiliary": 12}
    sectors = set(CatalogItem.objects.filter(level=3).values_list("sector", flat=True))
    assert sectors == {"civil_affairs", "education", "agriculture", "justice"}
    # Legal services for citizens sit under 公共服务, not the auxiliary 法律服务.
    assert CatalogItem.objects.get(name="村（居）法律顾问").nature == "public_service"


def test_province_adds_a_service_with_its_rationale(finance_user, elderly_care):
    item = catalog_item_create(
        actor=finance_user,
        parent=elderly_care,
        name="失能老人上门护理",
        content="每周两次上门护理",
        purchase_level="township",
        service_rationale=RATIONALE,
    )
    assert (item.code, item.level, item.sector, item.nature) == (
        "01040101",
        4,
        "civil_affairs",
        "public_service",
    )
    assert item.path == f"{elderly_care.path}01040101/"
    assert AuditEntry.objects.filter(
        object_type="catalog.catalogitem", object_id=str(item.pk)
    ).exists()


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("养老服务中心施工", "工程"),
        ("护理床采购设备", "货物"),
        ("护理员劳务派遣", "劳务派遣"),
        ("公益性岗位开发", "公益性岗位"),
        ("养老机构融资", "融资"),
        ("养老机构行政许可", "应由政府直接履职"),
    ],
)
def test_negative_list_items_cannot_enter_the_catalog(finance_user, elderly_care, name, label):
    count = CatalogItem.objects.count()
    with pytest.raises(DomainError) as caught:
        catalog_item_create(
            actor=finance_user,
            parent=elderly_care,
            name=name,
            content="",
            purchase_level="township",
            service_rationale=RATIONALE,
        )
    assert caught.value.code == "negative_list"
    assert label in caught.value.fields["name"][0]
    assert CatalogItem.objects.count() == count


def test_an_item_without_rationale_is_refused(finance_user, elderly_care):
    with pytest.raises(DomainError) as caught:
        catalog_item_create(
            actor=finance_user,
            parent=elderly_care,
            name="助浴服务",
            content="",
            purchase_level="township",
            service_rationale="",
        )
    assert (
        caught.value.code == "invalid_catalog_item" and "service_rationale" in caught.value.fields
    )


def test_levels_one_and_two_are_fixed(finance_user):
    top = CatalogItem.objects.get(code="01")
    with pytest.raises(DomainError) as caught:
        catalog_item_create(
            actor=finance_user,
            parent=top,
            name="新类别",
            content="",
            purchase_level="township",
            service_rationale=RATIONALE,
        )
    assert caught.value.code == "catalog_level_fixed"


def test_sector_department_may_add_4th_level_only_in_its_sector(civil_user, elderly_care):
    item = catalog_item_create(
        actor=civil_user,
        parent=elderly_care,
        name="老年助餐",
        content="",
        purchase_level="township",
        service_rationale=RATIONALE,
    )
    assert item.level == 4
    farming = CatalogItem.objects.get(name="农业技术推广")
    with pytest.raises(PermissionDenied):
        catalog_item_create(
            actor=civil_user,
            parent=farming,
            name="测土配方",
            content="",
            purchase_level="township",
            service_rationale=RATIONALE,
        )
    with pytest.raises(PermissionDenied):
        catalog_item_create(
            actor=civil_user,
            parent=elderly_care.parent,
            name="新服务",
            content="",
            purchase_level="township",
            service_rationale=RATIONALE,
        )


def test_county_adopts_and_adds_local_items(county_user, county_a, elderly_care):
    adopted = county_entry_adopt(actor=county_user, county=county_a, item=elderly_care)
    local = county_entry_add_local(
        actor=county_user,
        county=county_a,
        parent_item=elderly_care,
        name="茶乡老人助餐点运营",
        content="",
        purchase_level="township",
        service_rationale=RATIONALE,
    )
    assert adopted.code == elderly_care.code and adopted.is_usable
    assert local.code == f"{elderly_care.code}51" and local.name == "茶乡老人助餐点运营"
    with pytest.raises(DomainError) as caught:
        county_entry_adopt(actor=county_user, county=county_a, item=elderly_care)
    assert caught.value.code == "already_adopted"


def test_county_cannot_add_higher_levels_or_under_unadopted_items(
    county_user, county_a, elderly_care
):
    with pytest.raises(DomainError) as caught:
        county_entry_adopt(actor=county_user, county=county_a, item=elderly_care.parent)
    assert caught.value.code == "not_purchasable"
    with pytest.raises(DomainError) as caught:
        county_entry_add_local(
            actor=county_user,
            county=county_a,
            parent_item=elderly_care,
            name="助餐",
            content="",
            purchase_level="township",
            service_rationale=RATIONALE,
        )
    assert caught.value.code == "parent_not_adopted"
    county_entry_adopt(actor=county_user, county=county_a, item=elderly_care)
    with pytest.raises(DomainError) as caught:
        county_entry_add_local(
            actor=county_user,
            county=county_a,
            parent_item=elderly_care,
            name="助餐设施新建",
            content="",
            purchase_level="township",
            service_rationale=RATIONALE,
        )
    assert caught.value.code == "negative_list"


def test_a_county_cannot_touch_another_countys_catalog(
    county_user, elderly_care, town_user, county_a
):
    with pytest.raises(NotFound):
        county_entry_adopt(
            actor=county_user, county=Region.objects.get(code=COUNTY_B), item=elderly_care
        )
    with pytest.raises(NotFound):
        county_entry_adopt(actor=town_user, county=county_a, item=elderly_care)


def test_retiring_flags_county_entries_and_closes_the_gate(
    finance_user, county_user, county_a, elderly_care
):
    adopted = county_entry_adopt(actor=county_user, county=county_a, item=elderly_care)
    local = county_entry_add_local(
        actor=county_user,
        county=county_a,
        parent_item=elderly_care,
        name="老人助浴",
        content="",
        purchase_level="township",
        service_rationale=RATIONALE,
    )
    assert ensure_entry_usable(entry=adopted, county=county_a) == adopted
    flagged = catalog_item_retire(
        actor=finance_user, item=elderly_care, reason="并入新的养老服务条目"
    )
    assert flagged == 2
    for entry in (adopted, local):
        entry.refresh_from_db()
        assert entry.flagged_at is not None and "已停用" in entry.flag_reason
        with pytest.raises(DomainError) as caught:
            ensure_entry_usable(entry=entry, county=county_a)
        assert caught.value.code == "catalog_item_retired"
    with pytest.raises(DomainError):
        county_entry_adopt(
            actor=county_user, county=county_a, item=CatalogItem.objects.get(pk=elderly_care.pk)
        )


def test_the_gate_refuses_another_countys_or_removed_entries(
    county_user, county_a, elderly_care, make_user
):
    entry = county_entry_adopt(actor=county_user, county=county_a, item=elderly_care)
    with pytest.raises(DomainError) as caught:
        ensure_entry_usable(entry=entry, county=Region.objects.get(code=COUNTY_B))
    assert caught.value.code == "not_in_county_catalog"
    county_entry_remove(actor=county_user, entry=entry)
    with pytest.raises(DomainError) as caught:
        ensure_entry_usable(entry=CountyCatalogEntry.objects.get(pk=entry.pk), county=county_a)
    assert caught.value.code == "not_in_county_catalog"
    with pytest.raises(DomainError) as caught:
        ensure_entry_usable(entry=None, county=county_a)
    assert caught.value.code == "catalog_item_required"


def test_only_the_finance_department_retires(civil_user, elderly_care):
    with pytest.raises(PermissionDenied):
        catalog_item_retire(actor=civil_user, item=elderly_care, reason="x")

import pytest
from django.db import IntegrityError, transaction

from goumai.audit.models import AuditEntry
from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.catalog.services import (
    catalog_item_create,
    catalog_item_retire,
    catalog_item_update,
    county_entry_add_local,
    county_entry_adopt,
    county_entry_remove,
    county_entry_update,
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


def add(actor, parent, name):
    return catalog_item_create(
        actor=actor,
        parent=parent,
        name=name,
        content="",
        purchase_level="township",
        service_rationale=RATIONALE,
    )


def test_one_name_once_under_a_parent_in_the_service_and_the_database(finance_user, elderly_care):
    bath = add(finance_user, elderly_care, "老人助浴")
    meals = add(finance_user, elderly_care, "老人助餐")
    with pytest.raises(DomainError) as caught:
        add(finance_user, elderly_care, " 老人助浴 ")
    assert caught.value.code == "duplicate_name" and bath.code in caught.value.message
    with pytest.raises(DomainError):
        catalog_item_update(
            actor=finance_user,
            item=meals,
            name="老人助浴",
            content="",
            purchase_level="township",
            service_rationale=RATIONALE,
        )
    # The same name under another parent is another item.
    add(finance_user, CatalogItem.objects.get(code="010402"), "老人助浴")
    # A retired item's name is free again.
    catalog_item_retire(actor=finance_user, item=bath, reason="并入助餐")
    add(finance_user, elderly_care, "老人助浴")
    # Whatever path writes, the database refuses a second one in force.
    with pytest.raises(IntegrityError), transaction.atomic():
        CatalogItem.objects.create(
            code="01040199",
            name="老人助餐",
            level=4,
            parent=elderly_care,
            path=f"{elderly_care.path}01040199/",
            nature=elderly_care.nature,
            purchase_level="township",
            service_rationale=RATIONALE,
        )


def test_a_county_local_name_once_under_a_parent(county_user, county_a, elderly_care):
    county_entry_adopt(actor=county_user, county=county_a, item=elderly_care)

    def local(name):
        return county_entry_add_local(
            actor=county_user,
            county=county_a,
            parent_item=elderly_care,
            name=name,
            content="",
            purchase_level="township",
            service_rationale=RATIONALE,
        )

    first, second = local("茶乡助餐点"), local("茶乡助浴点")
    with pytest.raises(DomainError) as caught:
        local("茶乡助餐点")
    assert first.code in caught.value.message
    with pytest.raises(DomainError):
        county_entry_update(actor=county_user, entry=second, name="茶乡助餐点")
    county_entry_remove(actor=county_user, entry=first)
    local("茶乡助餐点")  # the removed one no longer holds the name
    with pytest.raises(IntegrityError), transaction.atomic():
        CountyCatalogEntry.objects.create(
            county=county_a,
            item=elderly_care,
            local_code="01040159",
            local_name="茶乡助浴点",
            service_rationale=RATIONALE,
            purchase_level="township",
        )


def test_a_county_entry_update_that_changes_nothing_writes_nothing(
    county_user, county_a, elderly_care
):
    entry = county_entry_adopt(actor=county_user, county=county_a, item=elderly_care)
    audited = AuditEntry.objects.count()
    county_entry_update(actor=county_user, entry=entry, name=elderly_care.name)
    assert AuditEntry.objects.count() == audited
    county_entry_update(actor=county_user, entry=entry, purchase_level="county")
    assert AuditEntry.objects.count() == audited + 1
    assert CountyCatalogEntry.objects.get(pk=entry.pk).purchase_level == "county"


def test_another_county_cannot_update_an_entry(county_user, county_a, elderly_care, make_user):
    entry = county_entry_adopt(actor=county_user, county=county_a, item=elderly_care)
    other = make_user(f"{COUNTY_B}-finance", roles=("unit_admin",))
    with pytest.raises(NotFound):
        county_entry_update(actor=other, entry=entry, purchase_level="county")
    assert CountyCatalogEntry.objects.get(pk=entry.pk).purchase_level == "township"

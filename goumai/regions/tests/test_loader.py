from collections import Counter

import pytest
from django.db.models import Count

from goumai.accounts.models import OrgUnit
from goumai.audit.models import AuditEntry
from goumai.audit.verify import verify_chain
from goumai.regions.loader import load_sichuan_map
from goumai.regions.models import EconomicRegion, Region

pytestmark = pytest.mark.django_db


def test_sichuan_has_21_cities_183_counties_3101_townships():
    counts = Counter(Region.objects.values_list("level", flat=True))
    assert counts == {1: 1, 2: 21, 3: 183, 4: 3101}


def test_township_kinds_match_the_official_totals():
    kinds = Counter(Region.objects.filter(level=4).values_list("kind", flat=True))
    assert kinds == {"town": 2015, "township": 626, "subdistrict": 460}


def test_every_city_lies_in_exactly_one_economic_region():
    cities = Region.objects.filter(level=Region.Level.CITY)
    assert cities.count() == 21
    assert not cities.filter(economic_region__isnull=True).exists()
    per_region = dict(EconomicRegion.objects.annotate(n=Count("cities")).values_list("name", "n"))
    assert per_region == {
        "成都平原经济区": 8,
        "川南经济区": 4,
        "川东北经济区": 5,
        "攀西经济区": 2,
        "川西北生态示范区": 2,
    }
    assert Region.objects.get(name="凉山彝族自治州").economic_region.code == "panxi"
    assert Region.objects.get(name="绵阳市").economic_region.name == "成都平原经济区"


def test_paths_follow_the_parent_chain():
    township = Region.objects.select_related("parent__parent__parent").get(code="510131104")
    county, city, province = township.parent, township.parent.parent, township.parent.parent.parent
    assert (county.code, city.code, province.code) == ("510131", "510100", "510000")
    assert township.path == "/510000/510100/510131/510131104/"
    mismatched = [
        r.code
        for r in Region.objects.select_related("parent").filter(level__gt=1)
        if r.path != f"{r.parent.path}{r.code}/"
    ]
    assert mismatched == []


def test_county_kinds_are_read_from_the_names():
    assert Region.objects.get(name="北川羌族自治县").kind == Region.Kind.AUTONOMOUS_COUNTY
    assert Region.objects.get(code="510104").kind == Region.Kind.DISTRICT  # 锦江区
    assert Region.objects.get(name="都江堰市").kind == Region.Kind.COUNTY_CITY
    assert Region.objects.get(name="阿坝藏族羌族自治州").kind == Region.Kind.AUTONOMOUS_PREFECTURE


def test_reloading_changes_nothing_and_writes_no_audit_entries():
    entries_before = AuditEntry.objects.count()
    report = load_sichuan_map()
    assert (report.created, report.updated, report.deactivated, report.total) == (0, 0, 0, 3306)
    assert AuditEntry.objects.count() == entries_before


def test_reload_repairs_a_changed_name_keeps_officials_data_and_audits(township_a):
    Region.objects.filter(pk=township_a.pk).update(name="错误名称", population=12345)
    report = load_sichuan_map()
    township_a.refresh_from_db()
    assert report.updated == 1
    assert township_a.name != "错误名称"
    assert township_a.population == 12345  # entered by officials, not from the list
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.object_id == str(township_a.pk)
    assert entry.before == {"name": "错误名称"} and entry.after == {"name": township_a.name}
    assert verify_chain().ok


def test_a_division_gone_from_the_list_is_deactivated_not_deleted(township_a):
    extra = Region.objects.create(
        code="510131999",
        name="已撤销镇",
        level=4,
        kind="town",
        parent=township_a.parent,
        path=f"{township_a.parent.path}510131999/",
    )
    report = load_sichuan_map()
    extra.refresh_from_db()
    assert report.deactivated == 1
    assert extra.is_active is False


def test_every_division_has_its_standard_org_units():
    kinds = Counter(OrgUnit.objects.values_list("kind", flat=True))
    assert kinds == {
        "finance_department": 1,
        "sector_department": 4,
        "city_government": 21,
        "city_finance": 21,
        "county_government": 183,
        "county_finance": 183,
        "township_government": 3101,
    }
    assert set(OrgUnit.objects.filter(kind="sector_department").values_list("name", flat=True)) == {
        "四川省民政厅",
        "四川省教育厅",
        "四川省农业农村厅",
        "四川省司法厅",
    }
    assert OrgUnit.objects.get(code="510131104-government").name == "蒲江县西来镇人民政府"

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from goumai.audit.models import AuditEntry
from goumai.catalog.importing import (
    county_catalog_export,
    county_catalog_import,
    provincial_catalog_export,
    provincial_catalog_import,
)
from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.core.errors import NotFound
from goumai.core.spreadsheets import ImportFailed
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db
WHY = "属于政府职责范围内的服务，不含货物和工程。"


def xlsx(header, rows):
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("catalog.xlsx", buffer.getvalue())


def test_province_imports_new_and_changed_items(finance_user):
    upload = xlsx(
        ["编码", "上级编码", "名称", "行业", "服务内容", "购买层级", "属于服务的理由"],
        [
            ["", "010401", "老人助浴", "", "上门助浴", "乡镇", WHY],
            ["010402", "", "困难群众探访关爱", "", "定期探访", "乡镇（街道）", WHY],
            ["", "0105", "卫生健康宣传", "", "", "县级", WHY],
        ],
    )
    assert provincial_catalog_import(actor=finance_user, upload=upload) == 3
    assert CatalogItem.objects.get(name="老人助浴").code == "01040101"
    assert CatalogItem.objects.get(code="010402").name == "困难群众探访关爱"
    assert CatalogItem.objects.get(name="卫生健康宣传").purchase_level == "county"


def test_one_bad_row_rolls_back_the_whole_file_and_every_problem_is_named(finance_user):
    count, entries = CatalogItem.objects.count(), AuditEntry.objects.count()
    upload = xlsx(
        ["上级编码", "名称", "购买层级", "属于服务的理由"],
        [
            ["010401", "老人助浴", "乡镇", WHY],
            ["010401", "护理员劳务派遣", "乡镇", WHY],
            ["999999", "不存在的上级", "乡镇", WHY],
            ["010401", "理由太短", "乡村", "短"],
        ],
    )
    with pytest.raises(ImportFailed) as caught:
        provincial_catalog_import(actor=finance_user, upload=upload)
    messages = [str(e) for e in caught.value.errors]
    assert messages[0].startswith("第 3 行「名称」") and "劳务派遣" in messages[0]
    assert messages[1] == "第 4 行「上级编码」：目录中没有编码“999999”。"
    assert messages[2] == "第 5 行「购买层级」：应为：乡镇、县级或省市。"
    assert CatalogItem.objects.count() == count and AuditEntry.objects.count() == entries


def test_county_imports_adoptions_and_local_items(county_user):
    county = Region.objects.get(code=COUNTY_A)
    upload = xlsx(
        ["编码", "上级编码", "名称", "购买层级", "属于服务的理由"],
        [
            ["010401", "", "", "", ""],
            ["", "010401", "茶乡助餐点运营", "乡镇", WHY],
            ["011203", "", "", "", ""],
        ],
    )
    assert county_catalog_import(actor=county_user, county=county, upload=upload) == 3
    codes = sorted(e.code for e in CountyCatalogEntry.objects.filter(county=county))
    assert codes == ["010401", "01040151", "011203"]


def test_county_import_with_a_bad_row_changes_nothing(county_user):
    county = Region.objects.get(code=COUNTY_A)
    upload = xlsx(["编码", "上级编码", "名称"], [["010401", "", ""], ["", "010201", "课后托管"]])
    with pytest.raises(ImportFailed) as caught:
        county_catalog_import(actor=county_user, county=county, upload=upload)
    assert "请先将上级条目" in str(caught.value.errors[0]) and "第 3 行" in str(
        caught.value.errors[0]
    )
    assert not CountyCatalogEntry.objects.filter(county=county).exists()


def test_exports_read_back(finance_user, county_user):
    data = provincial_catalog_export(actor=finance_user)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert (
        rows[0][:3] == ("编码", "上级编码", "名称") and len(rows) == CatalogItem.objects.count() + 1
    )
    county = Region.objects.get(code=COUNTY_A)
    county_catalog_import(
        actor=county_user, county=county, upload=xlsx(["编码"], [["010401"], ["010202"]])
    )
    rows = list(
        load_workbook(
            io.BytesIO(county_catalog_export(actor=county_user, county_code=COUNTY_A))
        ).active.iter_rows(values_only=True)
    )
    assert [r[0] for r in rows[1:]] == ["010202", "010401"]
    with pytest.raises(NotFound):
        county_catalog_export(actor=county_user, county_code=COUNTY_B)


@pytest.mark.parametrize(
    ("header", "named"),
    [
        (["编号", "上级编码", "名称", "购买层级", "属于服务的理由"], "无法识别的列：编号"),
        (["编码", "上级编码", "名称", "备注"], "无法识别的列：备注"),
        (["编码", "名称", "名称"], "列重复：名称"),
    ],
)
def test_a_header_the_import_does_not_know_refuses_the_file(finance_user, header, named):
    count = CatalogItem.objects.count()
    row = ["010402", "", "困难群众探访关爱", "乡镇", WHY][: len(header)]
    with pytest.raises(ImportFailed) as caught:
        provincial_catalog_import(actor=finance_user, upload=xlsx(header, [row]))
    assert named in str(caught.value.errors[0]) and "第 1 行" in str(caught.value.errors[0])
    assert CatalogItem.objects.count() == count
    assert CatalogItem.objects.get(code="010402").name != "困难群众探访关爱"


def test_the_same_item_twice_in_one_file_is_refused(finance_user, county_user):
    count = CatalogItem.objects.count()
    twice = [["", "010401", "老人助浴", "乡镇", WHY], ["", "010401", "老人助浴", "乡镇", WHY]]
    header = ["编码", "上级编码", "名称", "购买层级", "属于服务的理由"]
    with pytest.raises(ImportFailed) as caught:
        provincial_catalog_import(actor=finance_user, upload=xlsx(header, twice))
    assert str(caught.value.errors[0]).startswith("第 3 行") and "与第 2 行重复" in str(
        caught.value.errors[0]
    )
    assert CatalogItem.objects.count() == count
    county = Region.objects.get(code=COUNTY_A)
    with pytest.raises(ImportFailed):
        county_catalog_import(actor=county_user, county=county, upload=xlsx(header, twice))
    assert not CountyCatalogEntry.objects.filter(county=county).exists()
    # the export's reader-only columns (层级, 状态) are not "unknown"
    data = provincial_catalog_export(actor=finance_user)
    exported = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert {"层级", "状态"} <= set(exported[0])


def test_the_provincial_export_imports_back_as_a_no_op(finance_user):
    entries = AuditEntry.objects.count()
    data = provincial_catalog_export(actor=finance_user)
    count = CatalogItem.objects.count()
    provincial_catalog_import(actor=finance_user, upload=SimpleUploadedFile("c.xlsx", data))
    assert CatalogItem.objects.count() == count and AuditEntry.objects.count() == entries


def county_with_a_local_item(county_user):
    county = Region.objects.get(code=COUNTY_A)
    upload = xlsx(
        ["编码", "上级编码", "名称", "购买层级", "属于服务的理由"],
        [
            ["010401", "", "", "", ""],
            ["", "010401", "茶乡助餐点运营", "乡镇", WHY],
            ["011203", "", "", "县级", ""],
        ],
    )
    county_catalog_import(actor=county_user, county=county, upload=upload)
    return county


def entries_of(county):
    return sorted(
        (e.code, e.name, e.content, e.purchase_level, e.service_rationale, e.is_active)
        for e in CountyCatalogEntry.objects.filter(county=county).select_related("item")
    )


def test_the_county_export_imports_back_as_a_no_op(county_user):
    county = county_with_a_local_item(county_user)
    before, audited = entries_of(county), AuditEntry.objects.count()
    data = county_catalog_export(actor=county_user, county_code=COUNTY_A)
    upload = SimpleUploadedFile("county.xlsx", data)
    assert county_catalog_import(actor=county_user, county=county, upload=upload) == 3
    assert entries_of(county) == before and AuditEntry.objects.count() == audited


def test_an_edited_county_export_imports_as_the_updates_it_contains(county_user):
    county = county_with_a_local_item(county_user)
    data = county_catalog_export(actor=county_user, county_code=COUNTY_A)
    sheet = load_workbook(io.BytesIO(data))
    rows = sheet.active
    for row in rows.iter_rows(min_row=2):
        if row[0].value == "01040151":
            row[2].value, row[4].value = "茶乡长者食堂运营", "县级"
        if row[0].value == "010401":
            row[3].value = "本县：上门助餐、助洁"
    buffer = io.BytesIO()
    sheet.save(buffer)
    audited = AuditEntry.objects.count()
    county_catalog_import(
        actor=county_user, county=county, upload=SimpleUploadedFile("c.xlsx", buffer.getvalue())
    )
    local = CountyCatalogEntry.objects.get(county=county, local_code="01040151")
    assert (local.local_name, local.purchase_level) == ("茶乡长者食堂运营", "county")
    adopted = CountyCatalogEntry.objects.get(county=county, item__code="010401", local_code="")
    assert adopted.content == "本县：上门助餐、助洁"
    assert AuditEntry.objects.count() == audited + 2  # one per changed row, none for the third


def test_a_county_cannot_rename_a_provincial_item(county_user):
    county = county_with_a_local_item(county_user)
    upload = xlsx(["编码", "名称"], [["010401", "本县养老服务"]])
    with pytest.raises(ImportFailed) as caught:
        county_catalog_import(actor=county_user, county=county, upload=upload)
    assert "名称只能由省级修改" in str(caught.value.errors[0])
    assert CountyCatalogEntry.objects.get(county=county, item__code="010401", local_code="")


def test_a_row_without_a_code_naming_an_existing_item_is_refused(finance_user, county_user):
    header = ["编码", "上级编码", "名称", "购买层级", "属于服务的理由"]
    provincial_catalog_import(
        actor=finance_user, upload=xlsx(header, [["", "010401", "老人助浴", "乡镇", WHY]])
    )
    count = CatalogItem.objects.count()
    with pytest.raises(ImportFailed) as caught:
        provincial_catalog_import(
            actor=finance_user, upload=xlsx(header, [["", "010401", "老人助浴", "县级", WHY]])
        )
    assert "已有同名条目“老人助浴”（编码 01040101）" in str(caught.value.errors[0])
    assert CatalogItem.objects.count() == count
    county = county_with_a_local_item(county_user)
    with pytest.raises(ImportFailed) as caught:
        county_catalog_import(
            actor=county_user,
            county=county,
            upload=xlsx(header, [["", "010401", "茶乡助餐点运营", "乡镇", WHY]]),
        )
    assert "（编码 01040151）" in str(caught.value.errors[0])
    assert CountyCatalogEntry.objects.filter(county=county).count() == 3

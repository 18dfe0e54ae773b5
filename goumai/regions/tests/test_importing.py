import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from goumai.audit.models import AuditEntry
from goumai.core.errors import DomainError
from goumai.core.spreadsheets import ImportFailed
from goumai.regions.importing import COLUMNS, township_profiles_export, township_profiles_import
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


def xlsx(rows, header=COLUMNS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("townships.xlsx", buffer.getvalue())


def test_a_good_workbook_updates_every_row(county_user, township_a, township_a2):
    upload = xlsx(
        [
            [township_a.code, township_a.name, 6, 41200, "东片、西片"],
            [township_a2.code, "", 1, "", ""],
        ]
    )
    assert township_profiles_import(actor=county_user, upload=upload) == 2
    township_a.refresh_from_db()
    township_a2.refresh_from_db()
    assert (township_a.merged_unit_count, township_a.population) == (6, 41200)
    assert list(township_a.service_areas.values_list("name", flat=True)) == ["东片", "西片"]
    assert (township_a2.merged_unit_count, township_a2.population) == (1, None)


def test_one_bad_row_changes_nothing_and_is_named(county_user, township_a, township_a2):
    entries = AuditEntry.objects.count()
    upload = xlsx(
        [
            [township_a.code, township_a.name, 6, 41200, "东片"],
            [township_a2.code, township_a2.name, "六", 100, ""],
        ]
    )
    with pytest.raises(ImportFailed) as caught:
        township_profiles_import(actor=county_user, upload=upload)
    assert [str(e) for e in caught.value.errors] == [
        "第 3 行「合并前单位数」：应为整数，实为“六”。"
    ]
    assert caught.value.code == "import_failed"
    township_a.refresh_from_db()
    assert township_a.population is None and not township_a.service_areas.exists()
    assert AuditEntry.objects.count() == entries


def test_rows_outside_the_jurisdiction_wrong_names_and_duplicates_are_errors(
    county_user, township_a, township_b
):
    upload = xlsx(
        [
            [township_b.code, township_b.name, 6, 1, ""],
            [township_a.code, "别的名字", 6, 1, ""],
            [township_a.code, "", 6, 1, ""],
            ["", "", 6, 1, ""],
        ]
    )
    with pytest.raises(ImportFailed) as caught:
        township_profiles_import(actor=county_user, upload=upload)
    messages = [str(e) for e in caught.value.errors]
    assert messages[0].startswith("第 2 行「乡镇代码」") and "不是您管辖范围内" in messages[0]
    assert messages[1].startswith("第 3 行「乡镇名称」") and township_a.name in messages[1]
    assert messages[2] == "第 4 行「乡镇代码」：与第 3 行重复。"
    assert messages[3] == "第 5 行「乡镇代码」：不能为空。"


def test_gbk_csv_from_excel_is_read(county_user, township_a):
    text = f'乡镇代码,常住人口\n{township_a.code},"12,345"\n'
    upload = SimpleUploadedFile("t.csv", text.encode("gb18030"))
    township_profiles_import(actor=county_user, upload=upload)
    assert Region.objects.get(pk=township_a.pk).population == 12345


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("t.exe", b"MZ", "unsupported_file"),
        ("t.xlsx", b"not a zip", "unreadable_file"),
        ("t.csv", b"\xff\xfe\x00\xd8bad", "unreadable_file"),
    ],
)
def test_unsafe_or_unreadable_files_are_refused(county_user, name, content, code):
    with pytest.raises(DomainError) as caught:
        township_profiles_import(actor=county_user, upload=SimpleUploadedFile(name, content))
    assert caught.value.code == code


def test_a_file_over_the_size_limit_is_refused_before_reading(county_user, settings):
    settings.GOUMAI_MAX_UPLOAD_BYTES = 10
    with pytest.raises(DomainError) as caught:
        township_profiles_import(actor=county_user, upload=SimpleUploadedFile("t.csv", b"x" * 11))
    assert caught.value.code == "file_too_large"


def test_missing_code_column_is_reported(county_user):
    with pytest.raises(ImportFailed) as caught:
        township_profiles_import(actor=county_user, upload=xlsx([["x"]], header=["名称"]))
    assert "缺少列：乡镇代码" in str(caught.value.errors[0])


def test_export_holds_only_the_jurisdiction_and_reads_back(county_user, township_a):
    township_profiles_import(
        actor=county_user, upload=xlsx([[township_a.code, "", 6, 41200, "东片、西片"]])
    )
    data = township_profiles_export(actor=county_user)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0] == tuple(COLUMNS)
    assert len(rows) - 1 == Region.objects.filter(parent__code="510131").count()
    assert (township_a.code, township_a.name, 6, 41200, "东片、西片") in rows
    upload = SimpleUploadedFile("back.xlsx", data)
    audited = AuditEntry.objects.count()
    assert township_profiles_import(actor=county_user, upload=upload) == len(rows) - 1
    assert AuditEntry.objects.count() == audited  # read back: nothing changed, nothing audited

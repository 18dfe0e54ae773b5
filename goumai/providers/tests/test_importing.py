import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from goumai.core.spreadsheets import ImportFailed
from goumai.providers.importing import COLUMNS, providers_export, providers_import
from goumai.providers.models import Provider
from goumai.providers.tests.factories import credit_code, resident_id

pytestmark = pytest.mark.django_db


def xlsx(rows):
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("providers.xlsx", buffer.getvalue())


def test_a_good_workbook_registers_everyone(county_user):
    person = resident_id()
    rows = [
        [
            "鹤山社工中心",
            "社会组织",
            credit_code(),
            "",
            "刘一",
            "028-1",
            "510131001",
            "民政、司法",
            8,
        ],
        ["张师傅", "具备条件的个人", "", person, "", "", "510131104", "农业农村", ""],
    ]
    assert providers_import(actor=county_user, upload=xlsx(rows)) == 2
    assert Provider.objects.get(name="鹤山社工中心").sectors == ["civil_affairs", "justice"]
    assert Provider.objects.get(name="张师傅").id_number == person


def test_one_bad_row_or_a_duplicate_code_changes_nothing_and_names_the_row(county_user):
    code = credit_code()
    rows = [
        ["甲", "社会组织", code, "", "", "", "", "", ""],
        ["乙", "社会组织", code, "", "", "", "", "", ""],
        ["丙", "外星组织", credit_code(), "", "", "", "", "", ""],
    ]
    with pytest.raises(ImportFailed) as caught:
        providers_import(actor=county_user, upload=xlsx(rows))
    messages = [str(e) for e in caught.value.errors]
    assert messages[0] == "第 3 行「统一社会信用代码」：该统一社会信用代码已登记。"
    assert messages[1].startswith("第 4 行「类型」")
    assert not Provider.objects.exists()


def test_export_masks_individuals_and_leaves_out_bank_details(county_user):
    person = resident_id()
    providers_import(
        actor=county_user,
        upload=xlsx([["张师傅", "具备条件的个人", "", person, "", "", "", "", ""]]),
    )
    Provider.objects.update(bank_account="6228480402564890018")
    rows = list(
        load_workbook(io.BytesIO(providers_export(Provider.objects.all()))).active.iter_rows(
            values_only=True
        )
    )
    text = repr(rows)
    assert person not in text and "6228480402564890018" not in text and person[-4:] in text

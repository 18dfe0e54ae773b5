import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from goumai.audit.models import AuditEntry
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


def test_one_bad_row_changes_nothing_and_names_the_row(county_user):
    rows = [
        ["甲", "社会组织", credit_code(), "", "", "", "", "", ""],
        ["丙", "外星组织", credit_code(), "", "", "", "", "", ""],
    ]
    with pytest.raises(ImportFailed) as caught:
        providers_import(actor=county_user, upload=xlsx(rows))
    assert [str(e)[:12] for e in caught.value.errors] == ["第 3 行「类型」：类型"]
    assert not Provider.objects.exists()


def test_the_same_code_twice_in_one_file_is_refused(county_user):
    code, person = credit_code(), resident_id()
    rows = [
        ["甲", "社会组织", code, "", "", "", "", "", ""],
        ["乙", "社会组织", code.lower(), "", "", "", "", "", ""],
    ]
    with pytest.raises(ImportFailed) as caught:
        providers_import(actor=county_user, upload=xlsx(rows))
    assert str(caught.value.errors[0]) == f"第 3 行「统一社会信用代码」：与第 2 行重复：{code}"
    people = [["张", "具备条件的个人", "", person, "", "", "", "", ""]] * 2
    with pytest.raises(ImportFailed):
        providers_import(actor=county_user, upload=xlsx(people))
    assert not Provider.objects.exists()


def test_the_export_imports_back_as_a_no_op(county_user):
    rows = [
        ["鹤山社工中心", "社会组织", credit_code(), "", "刘一", "028-1", "510131001", "民政", 8],
        ["张师傅", "具备条件的个人", "", resident_id(), "", "", "510131104", "农业农村", ""],
    ]
    providers_import(actor=county_user, upload=xlsx(rows))
    before = list(Provider.objects.values().order_by("pk"))
    audited = AuditEntry.objects.count()
    data = providers_export(Provider.objects.all())
    upload = SimpleUploadedFile("back.xlsx", data)
    assert providers_import(actor=county_user, upload=upload) == 2
    assert list(Provider.objects.values().order_by("pk")) == before
    assert AuditEntry.objects.count() == audited


def test_a_registered_provider_with_other_details_is_refused_naming_them(county_user):
    code = credit_code()
    providers_import(
        actor=county_user,
        upload=xlsx([["鹤山社工中心", "社会组织", code, "", "刘一", "", "", "", 8]]),
    )
    changed = [["鹤山社工服务中心", "社会组织", code, "", "刘一", "", "", "", 9]]
    with pytest.raises(ImportFailed) as caught:
        providers_import(actor=county_user, upload=xlsx(changed))
    message = str(caught.value.errors[0])
    assert "“鹤山社工中心”已登记" in message and "名称、从业人员数与登记信息不同" in message
    assert Provider.objects.get().name == "鹤山社工中心"


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

"""Files attached to pilot applications, progress reports and manual assessment scores:
uploaded by who may write the record, downloaded by who may see it (the SM3 digest
checked), 404 for everyone else; a refused file leaves nothing behind."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goumai.documents.models import Document
from goumai.pilots.models import Application
from goumai.pilots.services import application_save, call_create, call_set_open
from goumai.supervision import assessing
from goumai.supervision.models import ProgressReport, Task

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4 attachment"


def pdf(name="材料.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_a_county_attaches_files_to_its_draft_application(client, make_user, time_machine):
    time_machine.move_to(datetime(2027, 1, 10, 9, 0, tzinfo=CST))
    finance = make_user("510000-finance")
    call = call_create(actor=finance, title="申报", closes_at=datetime(2027, 2, 28, 17, tzinfo=CST))
    call_set_open(actor=finance, call=call, is_open=True)
    county = make_user("510131-government")
    application = application_save(
        actor=county, call=call, sectors=[], townships=[], goals="x", current_spending="0"
    )
    client.force_login(county)
    bad = client.post(f"/pilots/{call.pk}/", {"form": "attach", "file": pdf("a.exe", b"MZ")})
    assert bad.status_code == 200 and "文件类型不支持" in bad.content.decode()
    assert not Document.objects.exists()
    assert client.post(f"/pilots/{call.pk}/", {"form": "attach", "file": pdf()}).status_code == 302
    document = Document.objects.get()
    url = f"/pilots/applications/{application.pk}/files/{document.pk}/"
    assert client.get(url).content == PDF
    assert url in client.get(f"/pilots/{call.pk}/").content.decode()
    for reader in (finance, make_user("510100-finance")):
        client.force_login(reader)
        assert client.get(url).status_code == 200
    for outsider in (make_user("510521-government"), make_user("510131001-government")):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    # submitted: attachments are fixed until withdrawn
    Application.objects.filter(pk=application.pk).update(
        status="submitted", submitted_at=call.closes_at
    )
    client.force_login(county)
    page = client.post(f"/pilots/{call.pk}/", {"form": "attach", "file": pdf()})
    assert Document.objects.count() == 1 and "撤回后才能修改附件" in page.content.decode()


def test_a_progress_report_carries_its_file_or_nothing_is_saved(client, make_user):
    unit = make_user("510131-government")
    task = Task.objects.create(
        number="1", title="任务", scope_path="/510000/", deadline=date(2030, 1, 1)
    )
    task.responsible_units.set([unit.org_unit])
    client.force_login(unit)
    form = {"form": "report", "text": "已完成目录编制", "reported_on": "2026-01-05"}
    refused = client.post(f"/tasks/{task.pk}/", form | {"file": pdf("x.pdf", b"not a pdf")})
    assert "内容与其类型不符" in refused.content.decode()
    assert not ProgressReport.objects.exists() and not Document.objects.exists()
    assert client.post(f"/tasks/{task.pk}/", form | {"file": pdf()}).status_code == 302
    report = ProgressReport.objects.get()
    document = Document.objects.get()
    url = f"/tasks/reports/{report.pk}/files/{document.pk}/"
    assert client.get(url).content == PDF
    other = make_user("510521-government")  # another county sees the province's task
    client.force_login(other)  # but neither 蒲江县's report nor its file
    assert client.get(url).status_code == 404
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "任务" in page and "已完成目录编制" not in page
    from goumai.conftest import PASSWORD

    token = client.post(
        "/api/v1/auth/token",
        {"username": other.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    api = client.get(f"/api/v1/tasks/{task.pk}", headers={"Authorization": f"Bearer {token}"})
    assert api.json()["reports"] == []
    client.force_login(make_user("510000-finance"))  # the province reads every report
    assert "已完成目录编制" in client.get(f"/tasks/{task.pk}/").content.decode()
    assert client.get(url).status_code == 200


def test_manual_evidence_files(client, finance_user, make_user):
    year = assessing.assessment_create(actor=finance_user, year=2027, as_of=date(2027, 12, 31))
    assessing.assessment_compute(actor=finance_user, assessment=year)
    manual = year.indicators.get(code="service_share")
    chengdu = year.subjects.get(region__code="510100")
    client.force_login(finance_user)
    url = f"/assessment/2027/subjects/{chengdu.pk}/"
    prefix = f"i{manual.pk}"
    form = {"indicator": manual.pk, f"{prefix}-points": "8", f"{prefix}-evidence": "决算表"}
    refused = client.post(url, form | {f"{prefix}-file": pdf("a.zip", b"PK")})
    assert "文件类型不支持" in refused.content.decode()
    assert not chengdu.scores.filter(indicator=manual).exists()
    assert client.post(url, form | {f"{prefix}-file": pdf()}).status_code == 302
    score = chengdu.scores.get(indicator=manual)
    document = Document.objects.get()
    file_url = f"/assessment/2027/scores/{score.pk}/files/{document.pk}/"
    assert file_url in client.get(url).content.decode()
    assert client.get(file_url).content == PDF
    year.status = "final"
    year.save()
    client.force_login(make_user("510500-finance"))  # 泸州: sees its own row only
    assert client.get(file_url).status_code == 404
    client.force_login(make_user("510100-government"))  # 成都 itself
    assert client.get(file_url).status_code == 200


def test_application_files_over_the_api(api_client, make_user, time_machine):
    time_machine.move_to(datetime(2027, 1, 10, 9, 0, tzinfo=CST))
    finance = make_user("510000-finance")
    call = call_create(actor=finance, title="申报", closes_at=datetime(2027, 2, 28, 17, tzinfo=CST))
    call_set_open(actor=finance, call=call, is_open=True)
    county = make_user("510131-government")
    application = application_save(
        actor=county, call=call, sectors=[], townships=[], goals="x", current_spending="0"
    )
    api = api_client.login(county)
    from django.test import Client

    raw = Client()
    headers = api.headers
    bad = raw.post(
        f"/api/v1/pilot-applications/{application.pk}/files",
        {"file": pdf("a.exe", b"MZ")},
        headers=headers,
    )
    assert bad.status_code == 400 and "文件类型不支持" in bad.json()["message"]
    made = raw.post(
        f"/api/v1/pilot-applications/{application.pk}/files", {"file": pdf()}, headers=headers
    )
    assert made.status_code == 201 and made.json()["version"] == 1
    again = raw.post(
        f"/api/v1/pilot-applications/{application.pk}/files", {"file": pdf()}, headers=headers
    )
    assert again.json()["version"] == 2
    listed = api.get(f"/api/v1/pilot-applications/{application.pk}/files").json()
    assert [d["version"] for d in listed] == [2, 1]
    got = api.get(f"/api/v1/pilot-applications/{application.pk}/files/{listed[1]['id']}")
    assert got.content == PDF
    other = api_client.login(make_user("510521-government"))
    assert other.get(f"/api/v1/pilot-applications/{application.pk}/files").status_code == 404
    assert (
        other.get(
            f"/api/v1/pilot-applications/{application.pk}/files/{listed[1]['id']}"
        ).status_code
        == 404
    )
    refused = raw.post(
        f"/api/v1/pilot-applications/{application.pk}/files",
        {"file": pdf()},
        headers=other.headers,
    )
    assert refused.status_code == 404 and Document.objects.count() == 2

"""Files of a purchase: the purchaser uploads to the project, its procurement, contract
or milestones; the project's jurisdiction downloads; a bidder downloads only the
procurement documents of a tender it may bid on; everyone else gets 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goumai.bidding.tests.test_bidding import _bidder
from goumai.documents.models import Document

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 procurement document"


def _upload(client, project, owner, name="采购文件.pdf", data=PDF):
    return client.post(
        f"/projects/{project.pk}/files/",
        {"owner": owner, "file": SimpleUploadedFile(name, data)},
    )


def test_files_of_a_purchase(client, tender, make_user):
    project = tender["tender"].procurement.project
    client.force_login(tender["clerk"])
    _upload(client, project, "procurement")
    _upload(client, project, "project", name="实施方案.docx", data=b"PK\x03\x04docx")
    refused = _upload(client, project, "project", name="x.exe", data=b"MZ")
    assert refused.status_code == 302 and Document.objects.count() == 2
    procurement_doc = Document.objects.get(owner_type="procurement.procurement")
    project_doc = Document.objects.get(owner_type="projects.project")
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "采购文件.pdf" in page and "实施方案.docx" in page
    url = f"/projects/{project.pk}/files/{procurement_doc.pk}/"
    assert client.get(url).content == PDF
    client.force_login(make_user("510131-finance", roles=("approver",)))  # the county
    assert client.get(url).status_code == 200
    assert _upload(client, project, "project").status_code == 403  # not the purchaser
    client.force_login(make_user("510521-finance"))  # another county
    assert client.get(url).status_code == 404
    # a bidder: the procurement's documents through its tender, nothing else
    tender_url = f"/providers/tenders/{tender['tender'].pk}/"
    client.force_login(tender["a"])
    assert f"{tender_url}files/{procurement_doc.pk}/" in client.get(tender_url).content.decode()
    assert client.get(f"{tender_url}files/{procurement_doc.pk}/").content == PDF
    assert client.get(f"{tender_url}files/{project_doc.pk}/").status_code == 404
    assert client.get(url).status_code == 404  # the project's own URL: not a provider's
    _company, stranger = _bidder("丁公司", 9)  # not invited
    client.force_login(stranger)
    assert client.get(f"{tender_url}files/{procurement_doc.pk}/").status_code == 404


def test_a_document_of_another_project_is_not_found_through_this_one(client, tender, township_a):
    from goumai.projects.tests.factories import draft_project

    project = tender["tender"].procurement.project
    other = draft_project(tender["clerk"], township_a, title="另一个项目")
    client.force_login(tender["clerk"])
    _upload(client, other, "project")
    document = Document.objects.get()
    assert client.get(f"/projects/{other.pk}/files/{document.pk}/").status_code == 200
    assert client.get(f"/projects/{project.pk}/files/{document.pk}/").status_code == 404

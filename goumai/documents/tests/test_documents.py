"""Attached files: SM3 recorded and checked on download, versions kept, refused types
and sizes store nothing."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from goumai.audit.models import AuditEntry
from goumai.core.crypto import sm3_hex
from goumai.core.errors import DomainError
from goumai.documents.models import Document
from goumai.documents.services import attach, documents_of, response
from goumai.supervision.models import Task

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 test document"


@pytest.fixture
def owner():
    return Task.objects.create(number="1", title="任务", scope_path="/510000/510100/")


def _files(settings):
    root = settings.MEDIA_ROOT / "documents"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_file_is_kept_with_its_hash_and_versions(owner, finance_user, settings):
    first = attach(actor=finance_user, owner=owner, upload=SimpleUploadedFile("方案.pdf", PDF))
    assert (first.version, first.size, first.sm3) == (1, len(PDF), sm3_hex(PDF))
    assert first.content_type == "application/pdf" and first.scope_path == "/510000/510100/"
    second = attach(
        actor=finance_user, owner=owner, upload=SimpleUploadedFile("方案.pdf", PDF + b" v2")
    )
    assert second.version == 2
    assert [d.version for d in documents_of(owner)] == [2, 1]
    assert len(_files(settings)) == 2  # the first version is still there
    assert response(first).content == PDF
    reply = response(second)
    assert reply["Content-Disposition"].endswith("%E6%96%B9%E6%A1%88.pdf")
    assert reply["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(object_type="documents.document").count() == 2
    other = Task.objects.create(number="2", title="另一任务", scope_path="/510000/")
    assert not documents_of(other).exists()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("run.exe", b"MZ...", "unsupported_file"),
        ("note.txt", b"hello", "unsupported_file"),
        ("fake.pdf", b"<html>", "file_mismatch"),
        ("empty.png", b"", "file_mismatch"),
    ],
)
def test_refused_files_store_nothing(owner, finance_user, settings, name, data, code):
    with pytest.raises(DomainError) as refused:
        attach(actor=finance_user, owner=owner, upload=SimpleUploadedFile(name, data))
    assert refused.value.code == code and "file" in refused.value.fields
    assert not Document.objects.exists() and _files(settings) == []


def test_the_size_limit_is_exact(owner, finance_user, settings):
    settings.GOUMAI_MAX_UPLOAD_BYTES = len(PDF)
    attach(actor=finance_user, owner=owner, upload=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(DomainError) as big:
        attach(actor=finance_user, owner=owner, upload=SimpleUploadedFile("b.pdf", PDF + b"x"))
    assert big.value.code == "file_too_large" and "MB" in big.value.message
    assert Document.objects.count() == 1


def test_allowed_types_are_configurable(owner, finance_user, settings):
    settings.GOUMAI_DOCUMENT_TYPES = [".png"]
    with pytest.raises(DomainError) as refused:
        attach(actor=finance_user, owner=owner, upload=SimpleUploadedFile("a.pdf", PDF))
    assert ".png" in refused.value.message and ".pdf" not in refused.value.message


def test_a_changed_file_is_not_handed_out(owner, finance_user):
    document = attach(actor=finance_user, owner=owner, upload=SimpleUploadedFile("a.pdf", PDF))
    with default_storage.open(document.file.name, "wb") as handle:
        handle.write(PDF.replace(b"test", b"fake"))
    with pytest.raises(DomainError) as corrupted:
        response(document)
    assert corrupted.value.code == "document_corrupted"

"""Attaching files to records and handing them out again.

``attach`` checks a file before anything is stored: an allowed extension
(``GOUMAI_DOCUMENT_TYPES``), content that starts like that type, not empty, not over
``GOUMAI_MAX_UPLOAD_BYTES``; else a Chinese error and nothing is written. Files go
through Django's storage API (a folder under ``var/`` embedded, an S3-compatible
store in production). ``response`` re-computes the SM3 digest before sending a file
and refuses one whose bytes changed.
"""

from __future__ import annotations

import logging
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Max, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from goumai.audit.services import audit, audited, created
from goumai.core.crypto import sm3_hex
from goumai.core.errors import DomainError
from goumai.documents.models import Document

log = logging.getLogger(__name__)

# extension → (MIME type, how the content begins)
SIGNATURES = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".ofd": ("application/ofd", (b"PK\x03\x04",)),  # 版式文档 (GB/T 33190)
}


def allowed_types() -> list[str]:
    wanted = getattr(settings, "GOUMAI_DOCUMENT_TYPES", None) or list(SIGNATURES)
    return [t for t in wanted if t in SIGNATURES]


def limit_text() -> str:
    return f"{settings.GOUMAI_MAX_UPLOAD_BYTES / 1024 / 1024:g} MB"


def check(upload) -> tuple[bytes, str, str]:
    """The file's bytes, clean name and MIME type, or a ``DomainError`` in Chinese."""
    name = PurePath(str(getattr(upload, "name", "") or "")).name.strip()[-120:]
    extension = PurePath(name).suffix.lower()
    types = allowed_types()
    if extension not in types:
        message = _("文件类型不支持，只接受：%(types)s。") % {"types": "、".join(types)}
        raise DomainError("unsupported_file", message, fields={"file": [message]})
    if upload.size > settings.GOUMAI_MAX_UPLOAD_BYTES:
        message = _("文件过大，每个文件不能超过 %(limit)s。") % {"limit": limit_text()}
        raise DomainError("file_too_large", message, fields={"file": [message]})
    data = upload.read()
    mime, starts = SIGNATURES[extension]
    if not data or not data.startswith(starts):
        message = _("文件“%(n)s”的内容与其类型不符。") % {"n": name[:60]}
        raise DomainError("file_mismatch", message, fields={"file": [message]})
    return data, name, mime


def owner_key(owner) -> tuple[str, int]:
    return owner._meta.label_lower, owner.pk


@audited()
def attach(*, actor, owner, upload) -> Document:
    """Store ``upload`` as the next version of its name on ``owner`` (a model instance
    with ``audit_scope()``). The caller has checked that ``actor`` may do so."""
    data, name, mime = check(upload)
    owner_type, owner_id = owner_key(owner)
    same = Document.objects.filter(owner_type=owner_type, owner_id=owner_id, name=name)
    version = (same.aggregate(n=Max("version"))["n"] or 0) + 1
    scope_path, sector = owner.audit_scope()
    document = Document(
        owner_type=owner_type,
        owner_id=owner_id,
        name=name,
        version=version,
        content_type=mime,
        size=len(data),
        sm3=sm3_hex(data),
        scope_path=scope_path,
        sector=sector,
        uploaded_by=actor.get_username(),
    )
    document.file.save(
        f"{document.sm3}{PurePath(name).suffix.lower()}", ContentFile(data), save=False
    )
    document.save()
    audit(actor=actor, changes=[created(document)])
    return document


def documents_of(owner) -> QuerySet[Document]:
    owner_type, owner_id = owner_key(owner)
    return Document.objects.filter(owner_type=owner_type, owner_id=owner_id)


def response(document: Document) -> HttpResponse:
    """The file as a download, after checking its SM3 digest against the record."""
    with document.file.open("rb") as handle:
        data = handle.read()
    if sm3_hex(data) != document.sm3:
        log.error("document %s: stored bytes do not match their SM3 digest", document.pk)
        raise DomainError(
            "document_corrupted",
            _("文件校验失败（SM3 摘要不符），已停止下载，请联系管理员。"),
            status=409,
        )
    reply = HttpResponse(data, content_type=document.content_type)
    reply["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(document.name)}"
    reply["X-Content-Type-Options"] = "nosniff"
    return reply

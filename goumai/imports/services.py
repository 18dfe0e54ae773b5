"""Start an import now or in the background, and run a background one.

A file of up to ``GOUMAI_IMPORT_BACKGROUND_ROWS`` rows is imported in the request,
as before. A longer one becomes an ``ImportJob`` for the worker (``goumai
db_worker``): the request returns at once and the job's page shows how far it
has got, then the result — the same count or the same row-by-row errors.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goumai.core import progress
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.spreadsheets import count_rows, inspect_xlsx, upload_bytes
from goumai.imports.kinds import DONE, KINDS
from goumai.imports.models import ImportJob

logger = logging.getLogger("goumai.imports")
PROGRESS_SECONDS = 24 * 3600


def progress_key(job_id) -> str:
    return f"goumai:import-progress:{job_id}"


def import_submit(*, actor, kind: str, upload, params: dict | None = None):
    """Import ``upload`` now (returns ``(rows, None)``) or queue it (``(None, job)``).

    Permission is checked before a byte of the file is read, for either path.
    """
    params = params or {}
    spec = KINDS[kind]
    if not spec.may(actor, **params):
        raise PermissionDenied(_("您没有执行此导入的权限。"))
    name, data = (upload.name or "upload")[-200:], upload_bytes(upload)
    if name.lower().endswith(".xlsx"):
        inspect_xlsx(data)  # a bomb is refused here, not handed to a worker
    if count_rows(name, data) - 1 <= settings.GOUMAI_IMPORT_BACKGROUND_ROWS:  # - the header
        return spec.run(actor, SimpleUploadedFile(name, data), **params), None
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind, params=params, user=actor, file_name=name, data=data
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return None, job


def _enqueue(job_id) -> None:
    from goumai.imports.tasks import run_import_job

    run_import_job.enqueue(str(job_id))


def import_job_get(*, actor, job_id) -> ImportJob:
    """A job, for the person who started it only (anyone else: not found)."""
    job = ImportJob.objects.filter(pk=job_id, user_id=actor.pk).first()
    if job is None:
        raise NotFound()
    return job


def import_progress(job: ImportJob) -> tuple[int, int]:
    """(rows done, rows in all) as the worker last reported them."""
    done, total = cache.get(progress_key(job.pk), (0, 0))
    return done, total


def import_job_run(job_id) -> ImportJob:
    """The worker's part: run the job's import as the person who started it."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING
    )
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if not claimed:
        return job  # already taken by another worker, or finished
    spec = KINDS[job.kind]
    key = progress_key(job.pk)
    upload = SimpleUploadedFile(job.file_name, bytes(job.data))
    try:
        if not job.user.is_active or not spec.may(job.user, **job.params):
            raise PermissionDenied(_("您没有执行此导入的权限。"))
        with progress.watching(lambda done, total: cache.set(key, (done, total), PROGRESS_SECONDS)):
            job.count = spec.run(job.user, upload, **job.params)
    except DomainError as error:
        job.status, job.message = ImportJob.Status.FAILED, error.message[:300]
        job.row_errors = (error.fields or {}).get("rows", [])
    except Exception:  # noqa: BLE001 — the job must end, with a message, whatever happened
        logger.exception("import job %s failed", job.pk)
        job.status, job.message = ImportJob.Status.FAILED, _("导入时发生内部错误，已记录。")
    else:
        job.status, job.message = ImportJob.Status.DONE, DONE.format(n=job.count)
    job.data, job.finished_at = b"", timezone.now()
    job.save(update_fields=["status", "message", "row_errors", "count", "data", "finished_at"])
    return job

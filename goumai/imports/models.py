from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """An uploaded file whose import runs in the background worker (a long one).

    The file's bytes wait here until the worker reads them and are then dropped;
    the import itself goes through the same all-or-nothing function as a short one
    (and is audited there). Only the person who uploaded it sees the job.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "正在导入"
        DONE = "done", "已导入"
        FAILED = "failed", "未导入"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("类型", max_length=40)
    params = models.JSONField("参数", default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    file_name = models.CharField("文件名", max_length=200)
    data = models.BinaryField("文件内容", default=b"")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default="queued")
    count = models.PositiveIntegerField("导入行数", null=True, blank=True)
    message = models.CharField("结果", max_length=300, blank=True)
    row_errors = models.JSONField("逐行错误", default=list, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台导入"
        verbose_name_plural = "后台导入"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="import_job_known_status",
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

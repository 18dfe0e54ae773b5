from django.db import models


class Document(models.Model):
    """A file attached to a record of another app (its ``owner``), kept with its SM3
    digest, size and type. Uploading the same name again for the same owner adds a
    version; no version is ever overwritten. Who may download it is the owner's
    app's question: it finds the owner through its own selector first."""

    owner_type = models.CharField("所属对象类型", max_length=48)  # "pilots.application"
    owner_id = models.PositiveBigIntegerField("所属对象")
    name = models.CharField("文件名", max_length=120)
    version = models.PositiveIntegerField("版本", default=1)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sm3 = models.CharField("SM3 摘要", max_length=64)
    file = models.FileField("文件", upload_to="documents/%Y/%m/", max_length=200)
    scope_path = models.CharField(max_length=64)  # the owner's, for the audit trail
    sector = models.CharField(max_length=24, null=True, blank=True)  # noqa: DJ001
    uploaded_by = models.CharField("上传人", max_length=150)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = "文件"
        verbose_name_plural = "文件"
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="document_owner")]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "name", "version"], name="document_version_once"
            ),
            models.CheckConstraint(name="document_not_empty", condition=models.Q(size__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第 {self.version} 版）"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.scope_path, self.sector

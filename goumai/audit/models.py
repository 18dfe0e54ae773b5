from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One change to business data. Append-only and chained by SM3 hashes.

    ``hash`` = SM3 of the entry's content including ``prev_hash``, so editing or
    deleting any entry afterwards breaks the chain at that point (``goumai audit
    verify``). ``scope_path`` and ``sector`` copy the changed object's place on the
    map, so the jurisdiction rule applies to the trail even after a delete.
    """

    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"

    seq = models.PositiveBigIntegerField("序号", unique=True)
    created_at = models.DateTimeField("时间")
    # PROTECT: an account that ever changed data is deactivated, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("操作人账号", max_length=150)
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200)
    before = models.JSONField("修改前", default=dict)
    after = models.JSONField("修改后", default=dict)
    scope_path = models.CharField("所属区划路径", max_length=64)
    # NULL, not "": records without a sector belong to every sector (see jurisdiction).
    sector = models.CharField("行业", max_length=24, null=True, blank=True)  # noqa: DJ001
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希（SM3）", max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"]),
            models.Index(fields=["scope_path", "seq"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_action_display()} {self.object_repr}"


class AuditHead(models.Model):
    """The chain's newest link (one row). Locking it serialises appends, and it
    lets ``verify`` notice when the newest entries were deleted."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [
            models.CheckConstraint(name="audit_head_singleton", condition=models.Q(id=1))
        ]

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"

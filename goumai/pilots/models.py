from django.db import models
from django.db.models import Q

from goumai.budgets.models import MONEY
from goumai.regions.models import Region


class PilotCall(models.Model):
    """The province's call for pilot applications (seed task 四): open until
    ``closes_at``; the server's clock decides."""

    title = models.CharField("名称", max_length=100)
    is_open = models.BooleanField("已发布", default=False)
    closes_at = models.DateTimeField("申报截止时间")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-closes_at", "-id"]
        verbose_name = "试点申报"
        verbose_name_plural = "试点申报"

    def __str__(self) -> str:
        return self.title

    def audit_scope(self) -> tuple[str, str | None]:
        return "/510000/", None


class Application(models.Model):
    """A county's application to a call: drafts until submitted, withdrawable before
    the deadline, fixed after it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"

    call = models.ForeignKey(PilotCall, on_delete=models.PROTECT, related_name="applications")
    county = models.ForeignKey(
        Region, verbose_name="申报县", on_delete=models.PROTECT, related_name="pilot_applications"
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    sectors = models.JSONField("试点领域", default=list)
    townships = models.ManyToManyField(
        Region, verbose_name="目标乡镇", related_name="+", blank=True
    )
    goals = models.TextField("试点目标", blank=True)
    current_spending = models.DecimalField("现有购买服务支出（元）", default=0, **MONEY)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["county__code"]
        verbose_name = "试点申报书"
        verbose_name_plural = "试点申报书"
        constraints = [
            models.UniqueConstraint(fields=["call", "county"], name="one_application_per_county"),
            models.CheckConstraint(
                name="application_submitted_has_a_time",
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="application_spending_not_negative", condition=Q(current_spending__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} · {self.county.name}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.county.path, None

from django.conf import settings
from django.db import models
from django.db.models import Q

from goumai.budgets.models import MONEY
from goumai.core.roles import Sector
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

    @property
    def sector_labels(self) -> list[str]:
        return [dict(Sector.choices).get(s, s) for s in self.sectors]

    def audit_scope(self) -> tuple[str, str | None]:
        return self.county.path, None


class Criterion(models.Model):
    """A review criterion of a call, with its weight (the weights sum to 100)."""

    call = models.ForeignKey(PilotCall, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("评审指标", max_length=50)
    weight = models.DecimalField("权重", max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="criterion_name_unique"),
            models.CheckConstraint(
                name="criterion_weight_range", condition=Q(weight__gt=0, weight__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}）"

    def audit_scope(self) -> tuple[str, str | None]:
        return "/510000/", None


class Assignment(models.Model):
    """An expert (an evaluator account, or any official) assigned to review a call."""

    call = models.ForeignKey(PilotCall, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pilot_assignments"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer"], name="reviewer_assigned_once")
        ]

    def __str__(self) -> str:
        return f"{self.call} · {self.reviewer}"

    def audit_scope(self) -> tuple[str, str | None]:
        return "/510000/", None


class Review(models.Model):
    """One reviewer's scores for one application, fixed once submitted."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pilot_reviews"
    )
    scores = models.JSONField("各指标评分")
    total = models.DecimalField("加权得分", max_digits=6, decimal_places=2)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.reviewer}: {self.total}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.application.county.path, None


class SelectionRun(models.Model):
    """One run of the selection with its rules and its result, kept as it was."""

    call = models.ForeignKey(PilotCall, on_delete=models.PROTECT, related_name="runs")
    rules = models.JSONField("条件")
    feasible = models.BooleanField("有解")
    chosen = models.JSONField("入选县（编码，按得分）", default=list)
    total = models.DecimalField("总分", max_digits=10, decimal_places=2, default=0)
    explanation = models.JSONField("说明", default=dict)  # binding, left_out, conflicts
    actor_label = models.CharField("操作人", max_length=150)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "遴选结果"
        verbose_name_plural = "遴选结果"

    def __str__(self) -> str:
        return f"{self.call} · #{self.pk}"

    def audit_scope(self) -> tuple[str, str | None]:
        return "/510000/", None

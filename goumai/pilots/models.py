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
    # the run whose counties became the pilots, and when that list went public
    published_run = models.OneToOneField(
        "SelectionRun", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("结果公布时间", null=True, blank=True)
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


class Pilot(models.Model):
    """A pilot county: one of the counties of a call's published selection run."""

    call = models.ForeignKey(PilotCall, on_delete=models.PROTECT, related_name="pilots")
    county = models.ForeignKey(
        Region, verbose_name="试点县", on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField("评审得分", max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["county__code"]
        verbose_name = "试点县"
        verbose_name_plural = "试点县"
        constraints = [
            models.UniqueConstraint(fields=["call", "county"], name="pilot_once_per_call")
        ]

    def __str__(self) -> str:
        return self.county.name

    def audit_scope(self) -> tuple[str, str | None]:
        return self.county.path, None


class PilotTarget(models.Model):
    """A pilot county's target for one of the reform's figures in a year; the actual
    value is computed from the platform's data (``goumai.indicators``)."""

    class Indicator(models.TextChoices):
        PROJECTS = "projects", "购买项目数（个）"
        CONTRACTED = "contracted", "合同金额（元）"
        LOCAL_SHARE = "local_share", "本地承接占比（%）"
        EVALUATION_COVERAGE = "evaluation_coverage", "绩效评价覆盖率（%）"
        GOOD_SHARE = "good_share", "评价优良率（%）"
        DISCLOSURE_COMPLETENESS = "disclosure_completeness", "信息公开完整率（%）"
        DISCLOSURE_TIMELINESS = "disclosure_timeliness", "信息公开及时率（%）"

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField("年度")
    indicator = models.CharField("指标", max_length=32, choices=Indicator.choices)
    target = models.DecimalField("目标值", max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "year", "indicator"], name="pilot_target_once"
            ),
            models.CheckConstraint(name="pilot_target_not_negative", condition=Q(target__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.pilot} {self.year} {self.get_indicator_display()} {self.target}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.pilot.county.path, None


class ToleranceCase(models.Model):
    """A 容错纠错 case of a pilot county (seed task 四): what went wrong, how it was
    assessed, the decision and who decided."""

    class Decision(models.TextChoices):
        EXEMPT = "exempt", "予以容错免责"
        LENIENT = "lenient", "从轻或减轻处理"
        CORRECT = "correct", "限期纠正"
        NOT_EXEMPT = "not_exempt", "不予容错"

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="tolerance_cases")
    title = models.CharField("事项", max_length=100)
    happened_on = models.DateField("发生日期")
    what_happened = models.TextField("问题情况")
    assessment = models.TextField("认定意见")
    decision = models.CharField("处理决定", max_length=12, choices=Decision.choices)
    decided_by = models.CharField("决定单位", max_length=100)
    decided_on = models.DateField("决定日期")
    recorded_by = models.CharField("登记人", max_length=150)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "容错纠错案例"
        verbose_name_plural = "容错纠错案例"
        constraints = [
            models.CheckConstraint(
                name="tolerance_decided_after_it_happened",
                condition=Q(decided_on__gte=models.F("happened_on")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.pilot} {self.title}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.pilot.county.path, None

from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from goumai.accounts.models import OrgUnit
from goumai.catalog.models import CountyCatalogEntry

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class FundingSource(models.TextChoices):
    OWN = "own", "本级财政资金"
    TRANSFER = "transfer", "上级转移支付"
    SPECIAL = "special", "专项资金"
    OTHER = "other", "其他资金"


class BudgetLine(models.Model):
    """Money in a purchaser's departmental budget for one fiscal year (部门预算).

    ``reserved`` is held by approved projects not yet paid; ``spent`` has been paid.
    What can still be committed is ``amount - reserved - spent``; the database
    refuses any row where that would be negative.
    """

    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="预算单位（购买主体）",
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    fiscal_year = models.PositiveSmallIntegerField("预算年度")
    code = models.CharField("预算项目编码", max_length=40)
    name = models.CharField("预算项目名称", max_length=100)
    funding_source = models.CharField("资金来源", max_length=16, choices=FundingSource.choices)
    amount = models.DecimalField("预算金额（元）", **MONEY)
    reserved = models.DecimalField("已预留（元）", default=ZERO, **MONEY)
    spent = models.DecimalField("已支付（元）", default=ZERO, **MONEY)
    catalog_entries = models.ManyToManyField(
        CountyCatalogEntry,
        verbose_name="资金用于的目录条目",
        related_name="budget_lines",
        blank=True,
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # Optimistic locking for edits from forms (a stale form answers 409).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-fiscal_year", "org_unit__code", "code"]
        verbose_name = "预算项目"
        verbose_name_plural = "预算项目"
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "fiscal_year", "code"], name="budget_line_code_unique"
            ),
            models.CheckConstraint(
                name="budget_line_amounts_not_negative",
                condition=Q(amount__gte=0, reserved__gte=0, spent__gte=0),
            ),
            models.CheckConstraint(
                name="budget_line_never_overcommitted",
                condition=Q(amount__gte=F("reserved") + F("spent")),
            ),
            models.CheckConstraint(
                name="budget_line_year_range",
                condition=Q(fiscal_year__gte=2020, fiscal_year__lte=2100),
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "org_unit"])]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.name}"

    @property
    def available(self) -> Decimal:
        return self.amount - self.reserved - self.spent

    def audit_scope(self) -> tuple[str, str | None]:
        return self.org_unit.region.path, None


class BudgetMovement(models.Model):
    """Every change to what a budget line holds, kept for good: the line's figures are
    always the sum of its movements."""

    class Kind(models.TextChoices):
        RESERVE = "reserve", "预留（项目批准）"
        RELEASE = "release", "释放（项目撤销或终止）"
        CONSUME = "consume", "支付"
        ADJUST = "adjust", "预算调整"

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    amount = models.DecimalField("金额（元）", **MONEY)
    reference = models.CharField("关联", max_length=100, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    actor_label = models.CharField("操作人", max_length=150)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "预算变动"
        verbose_name_plural = "预算变动"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.line.org_unit.region.path, None


class BudgetChangeRequest(models.Model):
    """A purchaser asks its finance body to change a budget line's amount (预算调整申请).

    Budgets are set by finance, not by the units that spend them (work plan §十三):
    the purchaser proposes, a finance body above it approves (which adjusts the line)
    or rejects with a note.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="change_requests")
    amount = models.DecimalField("申请调整为（元）", **MONEY)
    reason = models.CharField("申请理由", max_length=200)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.CharField("申请人", max_length=150)
    decided_by = models.CharField("审批人", max_length=150, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "预算调整申请"
        verbose_name_plural = "预算调整申请"
        constraints = [
            models.CheckConstraint(
                name="budget_change_amount_not_negative", condition=Q(amount__gte=0)
            ),
            models.CheckConstraint(
                name="budget_change_status_known",
                condition=Q(status__in=["pending", "approved", "rejected"]),
            ),
            # One open request per line: the finance body decides on one figure at a time.
            models.UniqueConstraint(
                fields=["line"],
                condition=Q(status="pending"),
                name="budget_change_one_pending_per_line",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} → {self.amount}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.line.org_unit.region.path, None


class BudgetAdvice(models.Model):
    """What a finished evaluation means for next year's budget of the same purchaser
    and catalog item (seed task 九: results are the basis of later budgets). Written
    by the evaluation app; shown where next year's budget line is drawn up."""

    class Action(models.TextChoices):
        GROW = "grow", "增加"
        KEEP = "keep", "保持"
        CUT = "cut", "压减"
        STOP = "stop", "停止安排"

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name="购买主体", on_delete=models.PROTECT, related_name="budget_advice"
    )
    catalog_entry = models.ForeignKey(
        CountyCatalogEntry, verbose_name="目录条目", on_delete=models.PROTECT, related_name="+"
    )
    for_year = models.PositiveSmallIntegerField("适用预算年度")
    action = models.CharField("建议", max_length=8, choices=Action.choices)
    percent = models.DecimalField("幅度（%）", max_digits=5, decimal_places=2, default=ZERO)
    grade = models.CharField("评价等级", max_length=10)
    score = models.DecimalField("综合得分", max_digits=6, decimal_places=2)
    project_code = models.CharField("依据项目", max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-for_year", "org_unit", "id"]
        verbose_name = "下年度预算建议"
        verbose_name_plural = "下年度预算建议"
        indexes = [models.Index(fields=["org_unit", "for_year"])]
        constraints = [
            models.CheckConstraint(
                name="budget_advice_percent_range", condition=Q(percent__gte=0, percent__lte=100)
            )
        ]

    def __str__(self) -> str:
        return f"{self.for_year} {self.text}"

    @property
    def text(self) -> str:
        if self.action == self.Action.GROW:
            return f"建议增加 {self.percent.normalize():f}%"
        if self.action == self.Action.CUT:
            return f"建议压减 {self.percent.normalize():f}%"
        if self.action == self.Action.STOP:
            return "建议不再安排（确需继续须重新论证）"
        return "建议保持"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.org_unit.region.path, self.catalog_entry.item.sector

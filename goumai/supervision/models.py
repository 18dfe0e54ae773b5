from django.db import models
from django.db.models import Q

from goumai.accounts.models import OrgUnit


class Task(models.Model):
    """A task of the work plan (seed 四–十三) or a sub-task a level sets for the levels
    below it. ``scope_path`` is the place of the level that set it ("/510000/" for the
    province's plan): who sees it follows from there (``selectors.task_list``)."""

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        DONE = "done", "已完成"

    parent = models.ForeignKey(
        "self",
        verbose_name="上级任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    number = models.CharField("编号", max_length=16)
    title = models.CharField("任务", max_length=200)
    description = models.TextField("内容", blank=True)
    scope_path = models.CharField("所属区划路径", max_length=64)
    responsible_units = models.ManyToManyField(
        OrgUnit, verbose_name="责任单位", related_name="supervised_tasks", blank=True
    )
    # Units the plan names as a group ("试点县人民政府", "各级"), kept as written.
    responsible_note = models.CharField("其他责任单位", max_length=200, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)  # None: 长期
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField("完成日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["scope_path", "id"]
        verbose_name = "工作任务"
        verbose_name_plural = "工作任务"
        constraints = [
            models.UniqueConstraint(
                fields=["scope_path", "number"],
                condition=Q(parent__isnull=True),
                name="task_number_unique_per_plan",
            ),
            # each level numbers its own break-down of a task: 蒲江县's "1" and 泸县's "1"
            models.UniqueConstraint(
                fields=["parent", "scope_path", "number"], name="task_number_unique_per_level"
            ),
            models.CheckConstraint(
                name="task_done_has_a_date",
                condition=Q(status="open", done_on__isnull=True)
                | Q(status="done", done_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.scope_path, None


class ProgressReport(models.Model):
    """A responsible unit's report on a task (进展报告). Attachments come with the
    documents app."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(OrgUnit, verbose_name="报告单位", on_delete=models.PROTECT)
    reported_on = models.DateField("报告日期")
    text = models.TextField("进展情况")
    author_label = models.CharField("填报人", max_length=150)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"

    def __str__(self) -> str:
        return f"{self.task.number} {self.unit.name} {self.reported_on}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.task.scope_path, None


class Assessment(models.Model):
    """One year's target assessment (目标考核) of the sector departments and the 市州:
    indicators with weights, computed from the platform's data as of ``as_of`` or
    scored by hand with evidence, a ranking; final once the province closes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "设置中"
        COMPUTED = "computed", "已计算"
        FINAL = "final", "已定稿"

    year = models.PositiveSmallIntegerField("考核年度", unique=True)
    as_of = models.DateField("数据截止日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default="draft")
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "目标考核"
        verbose_name_plural = "目标考核"

    def __str__(self) -> str:
        return f"{self.year}年度目标考核"

    def audit_scope(self) -> tuple[str, str | None]:
        return "/510000/", None


class AssessmentIndicator(models.Model):
    """An indicator of an assessment: computed (``source`` names the figure) or manual."""

    class Applies(models.TextChoices):
        BOTH = "both", "部门和市州"
        DEPARTMENT = "department", "省直部门"
        CITY = "city", "市州"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("指标代码", max_length=32)
    name = models.CharField("指标名称", max_length=60)
    source = models.CharField("数据来源", max_length=32)  # a figure's name, or "manual"
    weight = models.DecimalField("分值", max_digits=5, decimal_places=2)
    applies_to = models.CharField(
        "适用对象", max_length=10, choices=Applies.choices, default="both"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="indicator_code_unique"),
            models.CheckConstraint(name="indicator_weight_positive", condition=Q(weight__gt=0)),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_manual(self) -> bool:
        return self.source == "manual"

    @property
    def weight_text(self) -> str:
        """ "10", "12.5": no trailing zeros, never "1E+1"."""
        return f"{self.weight.normalize():f}"

    def audit_scope(self) -> tuple[str, str | None]:
        return "/510000/", None


class AssessmentSubject(models.Model):
    """A department or a 市州 assessed in a year, with its totals once computed."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "省直部门"
        CITY = "city", "市州"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="部门", null=True, blank=True, on_delete=models.PROTECT
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name="市州", null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField("名称", max_length=100)
    path = models.CharField("区划路径", max_length=64)  # the 市州's, or the province's
    sector = models.CharField(max_length=24, null=True, blank=True)  # noqa: DJ001
    points = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True, blank=True)
    possible = models.DecimalField(
        "可得分值", max_digits=7, decimal_places=2, null=True, blank=True
    )
    rate = models.DecimalField("得分率", max_digits=5, decimal_places=1, null=True, blank=True)
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)

    class Meta:
        ordering = ["kind", "rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "unit"], name="subject_unit_unique"),
            models.UniqueConstraint(fields=["assessment", "region"], name="subject_region_unique"),
            models.CheckConstraint(
                name="subject_is_a_unit_or_a_city",
                condition=Q(kind="department", unit__isnull=False, region__isnull=True)
                | Q(kind="city", unit__isnull=True, region__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str | None]:
        return self.path, self.sector


class AssessmentScore(models.Model):
    """A subject's value and points on one indicator. Computed: ``value`` is the
    figure (a percentage, NULL when there is no data yet). Manual: ``points`` typed
    with its ``evidence``, by whom and when."""

    subject = models.ForeignKey(AssessmentSubject, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(
        AssessmentIndicator, on_delete=models.CASCADE, related_name="scores"
    )
    value = models.DecimalField(
        "指标值（%）", max_digits=6, decimal_places=1, null=True, blank=True
    )
    points = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    evidence = models.TextField("佐证说明", blank=True)
    entered_by = models.CharField("评分人", max_length=150, blank=True)
    entered_at = models.DateTimeField("评分时间", null=True, blank=True)

    class Meta:
        ordering = ["indicator__sort_order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "indicator"], name="score_unique"),
            models.CheckConstraint(
                name="score_points_not_negative", condition=Q(points__gte=0) | Q(points=None)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.indicator}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.subject.path, self.subject.sector


class Reminder(models.Model):
    """A reminder that a task is due soon or overdue, sent once to each responsible
    unit (its users with an e-mail address) by the background worker."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    flag = models.CharField("提醒类型", max_length=10)  # due_soon | overdue
    sent_on = models.DateField("提醒日期")
    recipients = models.PositiveIntegerField("收件人数", default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "flag"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.unit} {self.flag}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.task.scope_path, None


class GoodCase(models.Model):
    """A good case of the reform (典型案例, seed §十二): written by an official of the
    place, reviewed by the province, then published on the public portal."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        PUBLISHED = "published", "已发布"

    region = models.ForeignKey(
        "regions.Region", verbose_name="所在地区", on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField("领域", max_length=24, null=True, blank=True)  # noqa: DJ001
    title = models.CharField("标题", max_length=100)
    summary = models.CharField("摘要", max_length=300)
    body = models.TextField("正文")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default="draft")
    author_unit = models.ForeignKey(
        OrgUnit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="+"
    )
    author_label = models.CharField("撰写人", max_length=150)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    reviewed_by = models.CharField("审核人", max_length=150, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-published_at", "-updated_at", "-id"]
        verbose_name = "典型案例"
        verbose_name_plural = "典型案例"
        constraints = [
            models.CheckConstraint(
                name="good_case_published_has_a_time",
                condition=~Q(status="published") | Q(published_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def audit_scope(self) -> tuple[str, str | None]:
        return self.region.path, self.sector

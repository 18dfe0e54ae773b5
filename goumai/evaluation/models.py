"""Performance evaluation (绩效评价): indicator frameworks, evaluations, grades.

A framework is a tree of indicators whose weights sum to 100 at every level; each
leaf carries a scoring rule. Frameworks are versioned: an evaluation keeps the
version it was scored with, and editing a framework in use creates a new version
(``services.framework_replace``).

An evaluation of one accepted project has up to three scorings of the same tree —
the provider's self-evaluation, the purchaser's evaluation and an optional
third-party evaluation — and the satisfaction of the people served, which enters
through the tree's formula leaves. The final score weighs the scorings with the
province's ``EvaluationPolicy``.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from goumai.accounts.models import OrgUnit
from goumai.catalog.models import CatalogItem
from goumai.core.roles import Sector
from goumai.projects.models import Project
from goumai.providers.models import Grade  # noqa: F401 — the grades live with the providers they judge
from goumai.regions.models import Region

SCORE = {"max_digits": 6, "decimal_places": 2}
WEIGHT = {"max_digits": 5, "decimal_places": 2}


class Rule(models.TextChoices):
    TARGET = "target", "目标值与偏差扣分"
    FORMULA = "formula", "按项目数据计算"
    LEVELS = "levels", "分档评分"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class Framework(models.Model):
    """One version of an indicator framework.

    A sector department's province-wide template has ``region`` = the province,
    its ``sector`` and no ``catalog_item``; the province or a county overrides it
    for one catalog item (``catalog_item`` set, ``region`` the province or the
    county). ``key`` names the framework across its versions.
    """

    key = models.CharField(max_length=64)
    version = models.PositiveIntegerField("版本", default=1)
    is_current = models.BooleanField("现行版本", default=True)
    name = models.CharField("指标体系名称", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="适用区划", on_delete=models.PROTECT, related_name="+"
    )
    sector = models.CharField(  # noqa: DJ001 — NULL: an item override of any sector
        "行业", max_length=24, choices=Sector.choices, null=True, blank=True
    )
    catalog_item = models.ForeignKey(
        CatalogItem,
        verbose_name="适用目录条目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.CharField("创建人", max_length=150, blank=True)
    change_note = models.CharField("修订说明", max_length=300, blank=True)

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = "绩效评价指标体系"
        verbose_name_plural = "绩效评价指标体系"
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="framework_version_unique"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(is_current=True), name="framework_one_current"
            ),
            models.CheckConstraint(
                name="framework_sector_or_item",
                condition=Q(sector__isnull=False) | Q(catalog_item__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第 {self.version} 版）"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.region.path, self.sector


class Indicator(models.Model):
    """A node of the tree. Leaves (no children) carry a rule; inner nodes do not."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)
    level = models.PositiveSmallIntegerField("层级")
    name = models.CharField("指标名称", max_length=60)
    weight = models.DecimalField("权重（分）", **WEIGHT)
    rule = models.CharField("评分规则", max_length=10, choices=Rule.choices, blank=True)
    formula = models.CharField("计算公式", max_length=32, blank=True)
    target = models.DecimalField("目标值", max_digits=14, decimal_places=2, null=True, blank=True)
    direction = models.CharField(
        "方向", max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    penalty = models.DecimalField(
        "每单位偏差扣分", max_digits=7, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField("单位", max_length=16, blank=True)
    levels = models.JSONField("分档", default=list, blank=True)
    guidance = models.CharField("评分说明", max_length=300, blank=True)

    class Meta:
        ordering = ["framework", "level", "position", "id"]
        constraints = [
            models.CheckConstraint(
                name="indicator_weight_range", condition=Q(weight__gt=0, weight__lte=100)
            ),
            models.CheckConstraint(
                name="indicator_level_range", condition=Q(level__gte=1, level__lte=3)
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EvaluationPolicy(models.Model):
    """The province's settings (one row): how the parts weigh, what a grade means
    for next year's budget, and when an evaluation looks like a formality."""

    self_weight = models.DecimalField("自评权重", default=Decimal(10), **WEIGHT)
    purchaser_weight = models.DecimalField("购买主体评价权重", default=Decimal(60), **WEIGHT)
    third_party_weight = models.DecimalField("第三方评价权重", default=Decimal(30), **WEIGHT)
    # Grade → {"action": grow|keep|cut|stop, "percent": n}
    budget_advice = models.JSONField("评价结果与下年度预算", default=dict)
    self_gap = models.DecimalField("自评高于满意度的最大差距（分）", default=Decimal(15), **WEIGHT)
    late_days = models.PositiveIntegerField("验收后应完成评价的天数", default=90)
    similar_projects = models.PositiveIntegerField("同一评价人相同评分的项目数", default=5)
    similar_tolerance = models.DecimalField(
        "视为相同评分的容差（分）", default=Decimal(1), **WEIGHT
    )
    min_answers_per_100 = models.DecimalField(
        "每百名服务对象至少答卷数", default=Decimal(5), **WEIGHT
    )
    min_answers = models.PositiveIntegerField("最少答卷数", default=10)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "绩效评价规则"
        verbose_name_plural = "绩效评价规则"
        constraints = [
            models.CheckConstraint(
                name="policy_weights_sum_100",
                condition=Q(
                    self_weight__gte=0,
                    purchaser_weight__gt=0,
                    third_party_weight__gte=0,
                )
                & Q(
                    self_weight__lte=100,
                    purchaser_weight__lte=100,
                    third_party_weight__lte=100,
                ),
            )
        ]

    def __str__(self) -> str:
        return "绩效评价规则"

    def audit_scope(self) -> tuple[str, str | None]:
        return "/", None


class Evaluation(models.Model):
    """The evaluation of one accepted project, scored with one framework version."""

    class Status(models.TextChoices):
        OPEN = "open", "评价中"
        FINISHED = "finished", "已完成"

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="evaluation")
    framework = models.ForeignKey(
        Framework, verbose_name="指标体系版本", on_delete=models.PROTECT, related_name="evaluations"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    third_party = models.ForeignKey(
        OrgUnit,
        verbose_name="第三方评价机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_evaluations",
        limit_choices_to={"kind": OrgUnit.Kind.EVALUATOR},
    )
    # What was delivered, reported by the purchaser; the formula leaves read them.
    people_served = models.PositiveIntegerField("实际服务人数", null=True, blank=True)
    quantity_delivered = models.DecimalField(
        "实际服务数量", max_digits=14, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField("综合得分", null=True, blank=True, **SCORE)
    grade = models.CharField("等级", max_length=10, choices=Grade.choices, blank=True)
    breakdown = models.JSONField("得分构成", default=dict, blank=True)
    opened_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    finished_by = models.CharField("完成人", max_length=150, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-id"]
        verbose_name = "绩效评价"
        verbose_name_plural = "绩效评价"
        constraints = [
            models.CheckConstraint(
                name="evaluation_finished_has_grade",
                condition=Q(status="open", score__isnull=True, grade="")
                | Q(status="finished", score__isnull=False, finished_at__isnull=False)
                & ~Q(grade=""),
            ),
            models.CheckConstraint(
                name="evaluation_score_range",
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} 绩效评价"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.project.audit_scope()


class Part(models.TextChoices):
    SELF = "self", "承接主体自评"
    PURCHASER = "purchaser", "购买主体评价"
    THIRD_PARTY = "third_party", "第三方评价"


class Scoring(models.Model):
    """One party's scoring of the whole tree."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scorings")
    part = models.CharField("评价方", max_length=12, choices=Part.choices)
    total = models.DecimalField("得分", null=True, blank=True, **SCORE)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.CharField("提交人", max_length=150, blank=True)
    # A paper self-evaluation typed in by the purchaser's clerk (代录).
    entered_on_paper = models.BooleanField("纸质代录", default=False)
    comment = models.CharField("总体意见", max_length=500, blank=True)

    class Meta:
        ordering = ["evaluation", "part"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "part"], name="scoring_part_unique"),
            models.CheckConstraint(
                name="scoring_total_range",
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return self.get_part_display()

    def audit_scope(self) -> tuple[str, str | None]:
        return self.evaluation.audit_scope()


class LeafScore(models.Model):
    """The score (0–100 % of the leaf's points) one party gave one leaf, with what
    it was based on: a typed or computed value, or the chosen level."""

    scoring = models.ForeignKey(Scoring, on_delete=models.CASCADE, related_name="leaves")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField("实际值", max_digits=14, decimal_places=2, null=True, blank=True)
    level = models.PositiveSmallIntegerField("所选档次", null=True, blank=True)
    score = models.DecimalField("得分率（%）", **SCORE)
    computed = models.BooleanField("系统计算", default=False)
    explanation = models.CharField("计算过程", max_length=300, blank=True)
    note = models.CharField("评分依据", max_length=300, blank=True)

    class Meta:
        ordering = ["scoring", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["scoring", "indicator"], name="leaf_score_unique"),
            models.CheckConstraint(
                name="leaf_score_range", condition=Q(score__gte=0, score__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.score}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.scoring.audit_scope()


class SurveyCode(models.Model):
    """A single-use code handed to one person served. Only its SM3 hash is kept, so
    the table cannot be read back into working codes; the sheet is printed once."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    batch = models.PositiveIntegerField("批次", default=1)
    # The day only, like the answer's: a time would let the order of use be matched
    # with the order of answers.
    used_on = models.DateField("使用日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.evaluation} 调查码"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.evaluation.audit_scope()


class SurveyAnswer(models.Model):
    """One person's answer: 1–5 stars on each question. Never linked to a code or a
    person, so nobody can tell who answered what."""

    class Source(models.TextChoices):
        ONLINE = "online", "扫码填写"
        PAPER = "paper", "纸质问卷录入"
        IMPORT = "import", "Excel 导入"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    overall = models.PositiveSmallIntegerField("总体满意度")
    quality = models.PositiveSmallIntegerField("服务质量")
    timeliness = models.PositiveSmallIntegerField("服务及时性")
    attitude = models.PositiveSmallIntegerField("服务态度")
    comment = models.CharField("意见建议", max_length=200, blank=True)
    source = models.CharField("来源", max_length=8, choices=Source.choices)
    # The day only: the minute would let the clerk who handed out the code tell who it was.
    answered_on = models.DateField("答卷日期")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="survey_answer_stars",
                condition=Q(overall__gte=1, overall__lte=5)
                & Q(quality__gte=1, quality__lte=5)
                & Q(timeliness__gte=1, timeliness__lte=5)
                & Q(attitude__gte=1, attitude__lte=5),
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} 答卷"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.evaluation.audit_scope()


class SurveyFailure(models.Model):
    """A wrong survey code, by the (hashed) address that tried it: the survey page
    refuses an address after too many in a short time, in every process alike."""

    client_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.client_hash[:8]


class Evidence(models.Model):
    """A file behind one leaf's score (a service ledger, a photo, minutes). Stored
    under its SM3 digest; only people who may see the evaluation may fetch it."""

    leaf = models.ForeignKey(LeafScore, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to="evidence/")
    name = models.CharField("文件名", max_length=120)
    size = models.PositiveIntegerField("大小（字节）")
    sm3 = models.CharField("SM3 摘要", max_length=64)
    uploaded_by = models.CharField("上传人", max_length=150)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str | None]:
        return self.leaf.audit_scope()


class Flag(models.Model):
    """A sign that an evaluation may be a formality (流于形式), with its reason.
    County and province reviewers clear one with a note."""

    class Kind(models.TextChoices):
        SELF_ABOVE_SATISFACTION = "self_above_satisfaction", "自评明显高于满意度"
        LATE = "late", "评价不及时"
        SIMILAR_SCORES = "similar_scores", "多个项目评分雷同"
        NO_EVIDENCE = "no_evidence", "评分缺少佐证材料"
        FEW_ANSWERS = "few_answers", "满意度答卷过少"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    reason = models.CharField("原因", max_length=300)
    raised_at = models.DateTimeField("发现时间", auto_now_add=True)
    cleared_at = models.DateTimeField("处理时间", null=True, blank=True)
    cleared_by = models.CharField("处理人", max_length=150, blank=True)
    clear_note = models.CharField("处理说明", max_length=300, blank=True)

    class Meta:
        ordering = ["-raised_at", "id"]
        verbose_name = "形式化预警"
        verbose_name_plural = "形式化预警"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "kind"], name="flag_one_per_kind"),
            models.CheckConstraint(
                name="flag_cleared_with_note",
                condition=Q(cleared_at__isnull=True) | ~Q(clear_note=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.get_kind_display()}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.evaluation.audit_scope()

"""What was published, frozen, in a public hash chain (the publication log).

Each ``Publication`` is one snapshot of one disclosure stage of one project. A
correction is a new version with a reason; the old one stays, marked superseded.
Every publication is also an entry of the log: ``entry_hash`` = SM3 of its
position, the previous entry's hash and the snapshot's hash, so anyone holding a
copy of the log can check that nothing published was changed afterwards
(``goumai disclosure verify``).
"""

from django.db import models
from django.db.models import Q

from goumai.disclosure.log import GENESIS_HASH
from goumai.projects.models import Project


class Stage(models.TextChoices):
    PLAN = "plan", "购买计划与预算"
    NOTICE = "notice", "采购公告"
    AWARD = "award", "成交结果"
    CONTRACT = "contract", "合同"
    ACCEPTANCE = "acceptance", "履约验收"
    EVALUATION = "evaluation", "绩效评价结果"
    ENDING = "ending", "撤销或终止"


class Publication(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="publications")
    stage = models.CharField("公开事项", max_length=12, choices=Stage.choices)
    version = models.PositiveIntegerField("版本", default=1)
    snapshot = models.JSONField("公开内容")
    snapshot_hash = models.CharField("内容摘要（SM3）", max_length=64)
    reason = models.CharField("更正理由", max_length=300, blank=True)
    published_at = models.DateTimeField("公开时间")
    published_by = models.CharField("公开人", max_length=150)
    superseded_at = models.DateTimeField("被更正时间", null=True, blank=True)
    # Its entry in the publication log.
    seq = models.PositiveBigIntegerField("日志序号", unique=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField("日志摘要（SM3）", max_length=64, unique=True)
    # Copied from the project so that back-office lists are one indexed filter.
    scope_path = models.CharField(max_length=64, db_index=True)
    sector = models.CharField(max_length=24, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["seq"]
        verbose_name = "公开记录"
        verbose_name_plural = "公开记录"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "stage", "version"], name="publication_version_unique"
            ),
            models.UniqueConstraint(
                fields=["project", "stage"],
                condition=Q(superseded_at__isnull=True),
                name="publication_one_current",
            ),
            models.CheckConstraint(
                name="publication_correction_has_reason",
                condition=Q(version=1) | ~Q(reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_stage_display()} 第 {self.version} 版"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.scope_path, self.sector


class LogHead(models.Model):
    """The log's newest entry (one row); locking it serialises publications."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [models.CheckConstraint(name="disclosure_head_singleton", condition=Q(id=1))]

    def __str__(self) -> str:
        return f"{self.last_seq} {self.last_hash[:12]}"


class PublicProject(models.Model):
    """What the portal lists and searches: one row a project with something
    published, refreshed at each publication from the published snapshot only."""

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="public")
    code = models.CharField("项目编号", max_length=40, unique=True)
    title = models.CharField("项目名称", max_length=200)
    # 居家养老 → "jujiayanglao" and "jjyl", so people can type either.
    title_pinyin = models.CharField(max_length=800, db_index=True)
    title_initials = models.CharField(max_length=200, db_index=True)
    purchaser = models.CharField("购买主体", max_length=100)
    scope_path = models.CharField(max_length=64, db_index=True)
    sector = models.CharField(max_length=24, null=True, blank=True)  # noqa: DJ001
    fiscal_year = models.PositiveSmallIntegerField("预算年度", db_index=True)
    catalog_item = models.CharField("服务事项", max_length=120, blank=True)
    budget_amount = models.DecimalField("预算（元）", max_digits=14, decimal_places=2, null=True)
    stages = models.JSONField("已公开事项", default=list)
    # The latest stage published (the project's progress as the public knows it)
    # and the procurement method once the notice is out.
    stage = models.CharField("进展", max_length=12, choices=Stage.choices, default=Stage.PLAN)
    method = models.CharField("采购方式", max_length=20, blank=True)
    catalog_code = models.CharField("目录编码", max_length=8, blank=True, db_index=True)
    # From the published contract and evaluation, for the county summaries.
    contract_amount = models.DecimalField(
        "合同金额（元）", max_digits=14, decimal_places=2, null=True
    )
    grade = models.CharField("评价等级", max_length=8, blank=True)
    last_published_at = models.DateTimeField("最近公开")

    class Meta:
        ordering = ["-last_published_at", "-id"]
        indexes = [
            models.Index(fields=["fiscal_year", "scope_path"]),
            # the portal's default order, read newest first, 20 at a time
            models.Index(fields=["-last_published_at", "-id"], name="public_newest"),
        ]
        # On PostgreSQL, migration 0006 adds trigram (pg_trgm) indexes for the
        # portal's contains-searches on title, pinyin, initials and purchaser.

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

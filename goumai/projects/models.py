from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr

from goumai.accounts.models import OrgUnit
from goumai.budgets.models import MONEY, BudgetLine
from goumai.catalog.models import CountyCatalogEntry
from goumai.regions.models import ServiceArea

# How long a region's path is at each level below the province:
# "/510000/510100/" (市州), "/510000/510100/510131/" (county), then a 9-digit township.
PATH_LENGTHS = {"city": 15, "county": 22, "township": 32}


class ProcurementMethod(models.TextChoices):
    OPEN_TENDER = "open_tender", "公开招标"
    INVITED_TENDER = "invited_tender", "邀请招标"
    COMPETITIVE_NEGOTIATION = "competitive_negotiation", "竞争性谈判"
    COMPETITIVE_CONSULTATION = "competitive_consultation", "竞争性磋商"
    SINGLE_SOURCE = "single_source", "单一来源"
    REQUEST_FOR_QUOTATION = "request_for_quotation", "询价"
    FRAMEWORK_AGREEMENT = "framework_agreement", "框架协议"
    SMALL_PURCHASE = "small_purchase", "小额自行采购"


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    APPROVED = "approved", "已批准"
    PROCURING = "procuring", "采购中"
    CONTRACTED = "contracted", "已签约"
    PERFORMING = "performing", "履约中"
    ACCEPTED = "accepted", "已验收"
    EVALUATED = "evaluated", "已评价"
    CLOSED = "closed", "已结项"
    WITHDRAWN = "withdrawn", "已撤销"
    TERMINATED = "terminated", "已终止"


class Project(models.Model):
    """A purchase of a service by a purchaser (购买主体), from plan to closure.

    ``scope_path`` and ``sector`` copy the purchaser's place on the map and the
    catalog item's sector, so that jurisdiction is one indexed filter on this table.
    The statuses and who may move between them live in ``projects/lifecycle.py``.
    """

    Status = ProjectStatus

    code = models.CharField("项目编号", max_length=40, unique=True)
    title = models.CharField("项目名称", max_length=200)
    purchaser = models.ForeignKey(
        OrgUnit, verbose_name="购买主体", on_delete=models.PROTECT, related_name="projects"
    )
    fiscal_year = models.PositiveSmallIntegerField("预算年度")
    catalog_entry = models.ForeignKey(
        CountyCatalogEntry,
        verbose_name="目录条目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name="预算项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    service_areas = models.ManyToManyField(
        ServiceArea, verbose_name="服务片区", blank=True, related_name="projects"
    )
    budget_amount = models.DecimalField("项目预算（元）", **MONEY)
    reserved_amount = models.DecimalField("在预算中预留（元）", default=Decimal("0.00"), **MONEY)
    paid_amount = models.DecimalField("已支付（元）", default=Decimal("0.00"), **MONEY)
    planned_method = models.CharField(
        "拟采用采购方式", max_length=32, choices=ProcurementMethod.choices, blank=True
    )
    # What must later be disclosed (work plan task 九).
    content = models.TextField("服务内容")
    standards = models.TextField("服务标准", blank=True)
    requirements = models.TextField("服务要求", blank=True)
    beneficiaries = models.CharField("服务对象", max_length=200, blank=True)
    # The plan the evaluation measures "people served" against.
    planned_people = models.PositiveIntegerField("计划服务人数", null=True, blank=True)
    evaluation_standards = models.TextField("绩效评价标准", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    status_note = models.CharField("状态说明", max_length=300, blank=True)
    scope_path = models.CharField(max_length=64, db_index=True)
    sector = models.CharField(max_length=24, null=True, blank=True)  # noqa: DJ001 — NULL: no sector
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "购买项目"
        verbose_name_plural = "购买项目"
        indexes = [
            models.Index(fields=["scope_path", "status"]),
            models.Index(fields=["fiscal_year", "status"]),
            # A 市州's, a county's or a township's newest projects: the list asks for
            # substring(scope_path, 1, n) = its path (core.jurisdiction, prefix_lengths)
            # and reads them off these newest first, stopping after a page. With
            # LIKE 'path%' ORDER BY id DESC PostgreSQL walked the province's projects
            # backwards until it had a county's page (53 ms for 蒲江县).
            *(
                models.Index(Substr("scope_path", 1, n), "id", name=f"project_{level}_newest")
                for level, n in PATH_LENGTHS.items()
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="project_status_known", condition=Q(status__in=ProjectStatus.values)
            ),
            models.CheckConstraint(
                name="project_amounts_sane",
                condition=Q(budget_amount__gt=0, reserved_amount__gte=0, paid_amount__gte=0),
            ),
            models.CheckConstraint(
                name="project_paid_within_budget",
                condition=Q(paid_amount__lte=models.F("budget_amount")),
            ),
            # Past approval a project always has its catalog item and its budget line.
            models.CheckConstraint(
                name="project_gated_after_submit",
                condition=Q(status__in=["draft", "withdrawn"])
                | (Q(catalog_entry__isnull=False) & Q(budget_line__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.scope_path, self.sector


class ProjectEvent(models.Model):
    """The project's history as its users see it: every transition with who, when, why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=32)
    from_status = models.CharField("原状态", max_length=16)
    to_status = models.CharField("新状态", max_length=16)
    note = models.CharField("说明", max_length=300, blank=True)
    actor_label = models.CharField("操作人", max_length=150)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.action}"

    @property
    def action_label(self) -> str:
        from goumai.projects.lifecycle import TRANSITIONS

        return (
            "新建"
            if self.action == "create"
            else TRANSITIONS[self.action].label
            if self.action in TRANSITIONS
            else self.action
        )

    @property
    def from_label(self) -> str:
        return ProjectStatus(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return ProjectStatus(self.to_status).label


class SummaryFigures(models.Model):
    """What a summary row holds for one place, year, status and sector. Money in fen
    (integers): sums stay exact on SQLite too. ``sector`` is "" for projects without
    one (a unique key needs a value)."""

    fiscal_year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16)
    sector = models.CharField(max_length=24, blank=True, default="")
    count = models.BigIntegerField(default=0)
    budget_fen = models.BigIntegerField(default=0)
    paid_fen = models.BigIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.place} {self.fiscal_year} {self.status} {self.sector}: {self.count}"


class ProjectSummary(SummaryFigures):
    """Projects counted and summed by place, year, status and sector — what every
    dashboard shows — kept by database triggers in the same transaction as each change
    of a project (insert, update of these columns, delete; migration 0006), so no page
    groups hundreds of thousands of projects to draw its figures."""

    scope_path = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope_path", "fiscal_year", "status", "sector"],
                name="project_summary_key",
            )
        ]
        indexes = [
            # A county's or a township's rows: scope_path LIKE '/…/510131/%'. The unique
            # key's index cannot serve a LIKE under PostgreSQL's default collation (a
            # sequential scan of 108,485 rows, 18 ms); this one can (SQLite ignores the
            # operator class).
            models.Index(
                fields=["scope_path"],
                name="project_summary_path_like",
                opclasses=["varchar_pattern_ops"],
            )
        ]

    @property
    def place(self) -> str:
        return self.scope_path


class ProjectCitySummary(SummaryFigures):
    """``ProjectSummary`` rolled up to the 市州 (the first 15 characters of the path,
    "/510000/510100/"), kept by the same triggers: what the province's and a 市州's
    dashboards add up — a few thousand rows instead of a hundred thousand."""

    city_path = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["city_path", "fiscal_year", "status", "sector"],
                name="project_city_summary_key",
            )
        ]

    @property
    def place(self) -> str:
        return self.city_path

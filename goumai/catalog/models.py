from django.db import models
from django.db.models import Q

from goumai.core.roles import Sector
from goumai.regions.data import PROVINCE_CODE
from goumai.regions.models import Region


class Nature(models.TextChoices):
    """The two first-level categories of the central catalog."""

    PUBLIC_SERVICE = "public_service", "公共服务"
    AUXILIARY = "auxiliary", "政府履职辅助性服务"


class PurchaseLevel(models.TextChoices):
    """Which level of government buys the service (事权)."""

    TOWNSHIP = "township", "乡镇（街道）"
    COUNTY = "county", "县级部门"
    DEPARTMENT = "department", "省市部门"


class CatalogItem(models.Model):
    """An item of the provincial guidance catalog (指导性目录).

    Levels 1–2 follow the central catalog (2 + 30 categories); level 3 are the
    services the province lists; a 4th level refines a level-3 item. Codes add two
    digits per level: ``01`` → ``0109`` → ``010901`` → ``01090101``.
    """

    code = models.CharField("目录编码", max_length=8, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("路径", max_length=40, unique=True)
    nature = models.CharField("性质", max_length=20, choices=Nature.choices)
    # NULL: not tied to one sector (the general categories).
    sector = models.CharField(  # noqa: DJ001
        "行业", max_length=24, choices=Sector.choices, null=True, blank=True
    )
    content = models.TextField("服务内容", blank=True)
    purchase_level = models.CharField(
        "购买层级（事权）", max_length=16, choices=PurchaseLevel.choices, blank=True
    )
    service_rationale = models.TextField(
        "属于服务事项的理由",
        blank=True,
        help_text="说明该事项属于政府职责范围内的服务，且不属于负面清单（货物、工程、融资、雇员等）。",
    )
    required_qualifications = models.JSONField(
        "承接主体须具备的资质",
        default=list,
        blank=True,
        help_text="资质名称列表，如“养老机构备案”。",
    )
    allows_individuals = models.BooleanField("允许个人承接", default=False)
    # The reference the evaluation's unit-cost leaf compares with (元 per ``unit``).
    unit = models.CharField("计量单位", max_length=16, blank=True)
    reference_unit_cost = models.DecimalField(
        "参考单价（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_retired = models.BooleanField("已停用", default=False)
    retired_reason = models.CharField("停用原因", max_length=200, blank=True)
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "省级指导目录条目"
        verbose_name_plural = "省级指导目录"
        constraints = [
            models.CheckConstraint(
                name="catalog_item_level_range", condition=Q(level__gte=1, level__lte=4)
            ),
            models.CheckConstraint(
                name="catalog_item_parent_unless_level_1",
                condition=Q(level=1, parent__isnull=True)
                | (Q(level__gt=1) & Q(parent__isnull=False)),
            ),
            # A service a purchaser can buy must say who buys it and why it is a service.
            models.CheckConstraint(
                name="catalog_item_purchasable_has_rationale",
                condition=Q(level__lte=2) | (~Q(purchase_level="") & ~Q(service_rationale="")),
            ),
            # One name once under a parent (among items in force): a row without a code
            # cannot add a second "老人助浴" beside the first.
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(is_retired=False),
                name="catalog_item_name_once_under_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_purchasable(self) -> bool:
        return self.level >= 3

    def audit_scope(self) -> tuple[str, str | None]:
        return f"/{PROVINCE_CODE}/", self.sector


class CountyCatalogEntry(models.Model):
    """One line of a county's catalog for its townships.

    Either it adopts a provincial level-3/4 item (``local_code`` empty), or it is a
    local 4th-level item the county adds under an adopted level-3 item. A county
    never adds higher levels of its own.
    """

    county = models.ForeignKey(
        Region,
        verbose_name="县（市、区）",
        on_delete=models.PROTECT,
        related_name="catalog_entries",
        limit_choices_to={"level": Region.Level.COUNTY},
    )
    item = models.ForeignKey(
        CatalogItem,
        verbose_name="省级目录条目",
        on_delete=models.PROTECT,
        related_name="county_entries",
        help_text="采用的省级条目；县级自增条目则为其所属的省级第三级条目。",
    )
    local_code = models.CharField("县级自增编码", max_length=8, blank=True)
    local_name = models.CharField("县级自增名称", max_length=100, blank=True)
    content = models.TextField("服务内容", blank=True)
    purchase_level = models.CharField(
        "购买层级（事权）", max_length=16, choices=PurchaseLevel.choices
    )
    service_rationale = models.TextField("属于服务事项的理由", blank=True)
    is_active = models.BooleanField("有效", default=True)
    # Set when the province retires the provincial item: no new projects from here on.
    flagged_at = models.DateTimeField("省级条目停用时间", null=True, blank=True)
    flag_reason = models.CharField("标记原因", max_length=200, blank=True)
    created_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        ordering = ["county__code", "item__code", "local_code"]
        verbose_name = "县级目录条目"
        verbose_name_plural = "县级目录"
        constraints = [
            models.UniqueConstraint(
                fields=["county", "item"],
                condition=Q(local_code=""),
                name="county_entry_adopts_once",
            ),
            models.UniqueConstraint(
                fields=["county", "local_code"],
                condition=~Q(local_code=""),
                name="county_entry_local_code_unique",
            ),
            models.UniqueConstraint(
                fields=["county", "item", "local_name"],
                condition=~Q(local_code="") & Q(is_active=True),
                name="county_entry_local_name_once",
            ),
            models.CheckConstraint(
                name="county_entry_local_item_is_named",
                condition=Q(local_code="") | (~Q(local_name="") & ~Q(service_rationale="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_local(self) -> bool:
        return bool(self.local_code)

    @property
    def code(self) -> str:
        return self.local_code or self.item.code

    @property
    def name(self) -> str:
        return self.local_name or self.item.name

    @property
    def is_usable(self) -> bool:
        """May a new project start from this entry?"""
        return self.is_active and self.flagged_at is None and not self.item.is_retired

    def audit_scope(self) -> tuple[str, str | None]:
        return self.county.path, self.item.sector

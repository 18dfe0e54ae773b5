from django.db import models
from django.db.models import Q

from goumai.regions.data import PROVINCE_CODE
from goumai.regions.models import Region


class Size(models.TextChoices):
    MICRO = "micro", "微型企业"
    SMALL = "small", "小型企业"
    MEDIUM = "medium", "中型企业"
    LARGE = "large", "大型企业"


SMALL_OR_MEDIUM = frozenset({Size.MICRO, Size.SMALL, Size.MEDIUM})


class Provider(models.Model):
    """A provider (承接主体). The minimal record procurement needs; the provider
    registry (eligibility, qualifications, cultivation) extends it."""

    class Kind(models.TextChoices):
        VILLAGE_COMMITTEE = "village_committee", "村民委员会"
        RESIDENTS_COMMITTEE = "residents_committee", "居民委员会"
        COLLECTIVE_ECONOMIC_ORG = "collective_economic_org", "农村集体经济组织"
        COLLECTIVE_ENTERPRISE = "collective_enterprise", "农村集体企业"
        COLLECTIVE_ASSET_COMPANY = "collective_asset_company", "农村集体资产管理公司"
        SUPPLY_MARKETING_COOP = "supply_marketing_coop", "供销合作社"
        SOCIAL_ORGANIZATION = "social_organization", "社会组织"
        FARMERS_COOP = "farmers_coop", "农民专业合作社"
        ENTERPRISE = "enterprise", "企业"
        PUBLIC_INSTITUTION = "public_institution", "公益二类或生产经营类事业单位"
        INDIVIDUAL = "individual", "具备条件的个人"
        # Recorded so that purchasers see why they are refused: never providers.
        PUBLIC_INSTITUTION_CLASS_1 = "public_institution_class_1", "公益一类事业单位"
        BUDGET_FUNDED_MASS_ORG = "budget_funded_mass_org", "财政供养的群团组织"

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    # Organisations: 统一社会信用代码. Individuals: resident ID number, never shown unmasked.
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, null=True, blank=True
    )  # noqa: DJ001
    id_number = models.CharField(
        "居民身份证号码", max_length=18, unique=True, null=True, blank=True
    )  # noqa: DJ001
    legal_representative = models.CharField("法定代表人（负责人）", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    independent_liability = models.BooleanField("能独立承担民事责任", default=True)
    tax_paid = models.BooleanField("依法缴纳税收", default=True)
    social_insurance_paid = models.BooleanField("依法缴纳社会保险", default=True)
    sectors = models.JSONField("服务行业", default=list, blank=True)
    catalog_items = models.ManyToManyField(
        "catalog.CatalogItem", verbose_name="可承接的目录条目", blank=True, related_name="providers"
    )
    staff_count = models.PositiveIntegerField("从业人员数", null=True, blank=True)
    # The enterprise's size by its own declaration under the national standards
    # (中小企业划型标准): decides the legal payment period after acceptance.
    size = models.CharField("企业规模（自行声明）", max_length=8, choices=Size.choices, blank=True)
    capacity = models.CharField("服务能力说明", max_length=300, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    bank_account = models.CharField("银行账号", max_length=40, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name="注册地",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="providers",
    )
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "承接主体"
        verbose_name_plural = "承接主体"
        constraints = [
            models.CheckConstraint(
                name="provider_identified",
                condition=models.Q(kind="individual", id_number__isnull=False)
                | (~models.Q(kind="individual") & models.Q(credit_code__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str | None]:
        return self.region.path if self.region_id else f"/{PROVINCE_CODE}/", None


class Qualification(models.Model):
    """A licence or qualification a provider holds (资质), with its validity."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="qualifications")
    name = models.CharField("资质名称", max_length=100)
    number = models.CharField("证书编号", max_length=60, blank=True)
    issued_by = models.CharField("发证机关", max_length=100, blank=True)
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至", null=True, blank=True)

    class Meta:
        ordering = ["name", "-valid_until"]
        verbose_name = "资质"
        verbose_name_plural = "资质"
        constraints = [
            models.CheckConstraint(
                name="qualification_dates_ordered",
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str | None]:
        return self.provider.audit_scope()


class CreditRecord(models.Model):
    """A record from the credit system: a blacklisting (失信名单) or a major violation
    (重大违法记录), with its source and the period it counts for."""

    class Kind(models.TextChoices):
        BLACKLIST = "blacklist", "失信惩戒名单"
        MAJOR_VIOLATION = "major_violation", "重大违法记录"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="credit_records")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    source = models.CharField("来源", max_length=100)
    recorded_on = models.DateField("认定日期")
    expires_on = models.DateField("移出（失效）日期", null=True, blank=True)
    description = models.CharField("事由", max_length=300, blank=True)

    class Meta:
        ordering = ["-recorded_on"]
        verbose_name = "信用记录"
        verbose_name_plural = "信用记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.recorded_on}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.provider.audit_scope()


class SupportRecord(models.Model):
    """Support given to grow a provider (培育, work plan task 八)."""

    class Kind(models.TextChoices):
        TRAINING = "training", "培训"
        INCUBATION = "incubation", "孵化"
        FIRST_CONTRACT = "first_contract", "首次小额项目扶持"
        MENTORING = "mentoring", "结对帮扶"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="support_records")
    kind = models.CharField("方式", max_length=20, choices=Kind.choices)
    given_by = models.ForeignKey(
        "accounts.OrgUnit", verbose_name="扶持单位", on_delete=models.PROTECT
    )
    given_on = models.DateField("日期")
    description = models.CharField("内容", max_length=300, blank=True)

    class Meta:
        ordering = ["-given_on"]
        verbose_name = "培育记录"
        verbose_name_plural = "培育记录"

    def __str__(self) -> str:
        return f"{self.provider} {self.get_kind_display()}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.given_by.region.path, None


class Grade(models.TextChoices):
    """Evaluation grades (domain.md §6): 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60."""

    EXCELLENT = "excellent", "优"
    GOOD = "good", "良"
    FAIR = "fair", "中"
    POOR = "poor", "差"


class PerformanceRecord(models.Model):
    """A finished evaluation of work the provider did, kept with the provider so that
    selection can weigh it (written by the evaluation app, ``providers.performance``).

    A 差 bars the provider from the same catalog item in the same county for a year
    after the evaluation, unless a county official lifts the bar with a written
    reason, which is kept here for disclosure."""

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="performance_records"
    )
    catalog_item = models.ForeignKey(
        "catalog.CatalogItem", verbose_name="服务事项", on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "regions.Region", verbose_name="购买主体所在县", on_delete=models.PROTECT, related_name="+"
    )
    purchaser_name = models.CharField("购买主体", max_length=100)
    project_code = models.CharField("项目编号", max_length=40, unique=True)
    fiscal_year = models.PositiveSmallIntegerField("预算年度")
    evaluated_on = models.DateField("评价完成日期")
    score = models.DecimalField("综合得分", max_digits=6, decimal_places=2)
    grade = models.CharField("等级", max_length=10, choices=Grade.choices)
    override_reason = models.CharField("解除限制理由", max_length=500, blank=True)
    overridden_by = models.CharField("解除人", max_length=150, blank=True)
    overridden_at = models.DateTimeField("解除时间", null=True, blank=True)

    class Meta:
        ordering = ["-evaluated_on", "-id"]
        verbose_name = "履约评价记录"
        verbose_name_plural = "履约评价记录"
        indexes = [models.Index(fields=["provider", "evaluated_on"])]
        constraints = [
            models.CheckConstraint(
                name="performance_score_range", condition=Q(score__gte=0, score__lte=100)
            ),
            models.CheckConstraint(
                name="performance_override_only_for_poor",
                condition=Q(grade="poor") | Q(override_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.project_code} {self.get_grade_display()}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.county.path, self.catalog_item.sector

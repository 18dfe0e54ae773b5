from django.db import models

from goumai.regions.data import PROVINCE_CODE
from goumai.regions.models import Region


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

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
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

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str | None]:
        return self.region.path if self.region_id else f"/{PROVINCE_CODE}/", None

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from goumai.regions.data import PROVINCE_CODE


class EconomicRegion(models.Model):
    """One of Sichuan's five economic regions (五大经济区); each 市州 lies in exactly one."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=32, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "经济区"
        verbose_name_plural = "经济区"

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str | None]:
        return f"/{PROVINCE_CODE}/", None


class Region(models.Model):
    """An administrative division from the Ministry of Civil Affairs code list.

    ``path`` lists the codes from the province down, e.g.
    ``/510000/510100/510104/510104001/``: a jurisdiction is a path prefix, so
    "everything in this county" is one indexed ``LIKE '/…/510104/%'``.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, "省级"
        CITY = 2, "市州"
        COUNTY = 3, "县级"
        TOWNSHIP = 4, "乡级"

    class Kind(models.TextChoices):
        PROVINCE = "province", "省"
        PREFECTURE_CITY = "prefecture_city", "地级市"
        AUTONOMOUS_PREFECTURE = "autonomous_prefecture", "自治州"
        DISTRICT = "district", "市辖区"
        COUNTY = "county", "县"
        AUTONOMOUS_COUNTY = "autonomous_county", "自治县"
        COUNTY_CITY = "county_city", "县级市"
        TOWN = "town", "镇"
        TOWNSHIP = "township", "乡"
        SUBDISTRICT = "subdistrict", "街道"

    code = models.CharField("区划代码", max_length=9, unique=True)
    name = models.CharField("名称", max_length=64)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("路径", max_length=64, unique=True)
    economic_region = models.ForeignKey(
        EconomicRegion,
        verbose_name="经济区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cities",
    )
    is_active = models.BooleanField("现行区划", default=True)
    # Township attributes entered or imported by officials (no public dataset has them).
    merged_unit_count = models.PositiveSmallIntegerField(
        "合并前单位数",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="由几个原乡镇（街道）合并而成，如“六合一”填 6；未合并填 1。",
    )
    population = models.PositiveIntegerField("常住人口", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        indexes = [models.Index(fields=["level", "code"])]
        constraints = [
            models.CheckConstraint(
                name="region_city_has_economic_region",
                condition=Q(level=2, economic_region__isnull=False)
                | (~Q(level=2) & Q(economic_region__isnull=True)),
            ),
            models.CheckConstraint(
                name="region_parent_unless_province",
                condition=Q(level=1, parent__isnull=True) | (~Q(level=1) & Q(parent__isnull=False)),
            ),
            models.CheckConstraint(
                name="region_township_attributes_only_on_townships",
                condition=Q(level=4)
                | (Q(merged_unit_count__isnull=True) & Q(population__isnull=True)),
            ),
            models.CheckConstraint(
                name="region_merged_unit_count_range",
                condition=Q(merged_unit_count__isnull=True)
                | Q(merged_unit_count__gte=1, merged_unit_count__lte=20),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_township(self) -> bool:
        return self.level == self.Level.TOWNSHIP

    @property
    def merge_label(self) -> str:
        """``六合一`` for a township formed from six former units."""
        digits = "零一二三四五六七八九十"
        n = self.merged_unit_count
        if not n or n < 2:
            return ""
        number = digits[n] if n <= 10 else f"十{digits[n - 10]}" if n < 20 else "二十"
        return f"{number}合一"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.path, None


class ServiceArea(models.Model):
    """A service area (片区) inside a township, e.g. the part that was a former township."""

    township = models.ForeignKey(
        Region,
        verbose_name="乡镇",
        on_delete=models.CASCADE,
        related_name="service_areas",
        limit_choices_to={"level": Region.Level.TOWNSHIP},
    )
    name = models.CharField("片区名称", max_length=50)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["township", "sort_order", "id"]
        verbose_name = "片区"
        verbose_name_plural = "片区"
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="service_area_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.township.name}·{self.name}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.township.path, None

"""The legal calendar: for each year the province has entered, its public holidays and
its adjusted working days (调休上班的周末), as the State Council's annual notice sets
them. A year that has no ``CalendarYear`` row is unknown: no period that touches it is
computed (``periods.py``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

PROVINCE_PATH = "/510000/"


class CalendarYear(models.Model):
    class Source(models.TextChoices):
        PACKAGE = "package", "随平台提供（chinesecalendar）"
        PAGE = "page", "页面录入"
        WORKBOOK = "workbook", "工作簿导入"

    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    notice = models.CharField(
        "依据", max_length=200, help_text="国务院办公厅关于该年部分节假日安排的通知"
    )
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    entered_by = models.CharField("录入人", max_length=150, blank=True)
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "节假日年度"
        verbose_name_plural = "节假日年度"
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="calendar_year_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年"

    def audit_scope(self) -> tuple[str, str | None]:
        return PROVINCE_PATH, None


class CalendarDay(models.Model):
    """A day that differs from the ordinary week: a holiday (放假, also on a weekday) or
    an adjusted working day (调休上班, a Saturday or Sunday)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "上班"

    calendar = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    name = models.CharField("节日", max_length=20)

    class Meta:
        ordering = ["day"]
        verbose_name = "节假日"
        verbose_name_plural = "节假日"

    def __str__(self) -> str:
        return f"{self.day} {self.name}{self.get_kind_display()}"

    def audit_scope(self) -> tuple[str, str | None]:
        return PROVINCE_PATH, None

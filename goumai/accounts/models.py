from __future__ import annotations

from functools import cached_property

from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from goumai.core.roles import Role, Sector
from goumai.regions.models import Region


class OrgUnit(models.Model):
    """A government body that uses the platform: a department, a bureau, a township.

    Its jurisdiction is the region subtree it sits on, narrowed to one sector for a
    sector department (see ``goumai.core.jurisdiction``).
    """

    class Kind(models.TextChoices):
        FINANCE_DEPARTMENT = "finance_department", "省财政厅"
        SECTOR_DEPARTMENT = "sector_department", "省直行业主管部门"
        CITY_GOVERNMENT = "city_government", "市州人民政府"
        CITY_FINANCE = "city_finance", "市州财政局"
        COUNTY_GOVERNMENT = "county_government", "县级人民政府"
        COUNTY_FINANCE = "county_finance", "县级财政局"
        TOWNSHIP_GOVERNMENT = "township_government", "乡镇人民政府（街道办事处）"
        # A third-party evaluation agency (第三方评价机构): no reach over a region,
        # only the evaluations assigned to it.
        EVALUATOR = "evaluator", "第三方评价机构"

    code = models.CharField("单位编码", max_length=32, unique=True)
    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("单位类型", max_length=32, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="org_units"
    )
    # NULL, not "": only sector departments have a sector (the check constraint below).
    sector = models.CharField(  # noqa: DJ001
        "行业",
        max_length=24,
        choices=Sector.choices,
        blank=True,
        null=True,
        help_text="仅行业主管部门填写；其管辖范围限于本行业。",
    )
    is_active = models.BooleanField("启用", default=True)
    # Government bodies have one too (it begins with 11); OCDS names the buyer by it.
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)

    class Meta:
        ordering = ["region__code", "kind"]
        verbose_name = "单位"
        verbose_name_plural = "单位"
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="org_unit_credit_code_unique",
            ),
            models.CheckConstraint(
                name="org_unit_sector_only_for_sector_departments",
                condition=Q(kind="sector_department", sector__isnull=False)
                | (~Q(kind="sector_department") & Q(sector__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_regional_reach(self) -> bool:
        """Whether its users see the records of its region (an evaluator does not)."""
        return self.kind != self.Kind.EVALUATOR

    def audit_scope(self) -> tuple[str, str | None]:
        return self.region.path, self.sector


class User(AbstractUser):
    """A person with an account. Belongs to one org unit (superusers may have none)."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # A provider's own account: sees its own record, bids and contracts, no government data.
    provider = models.ForeignKey(
        "providers.Provider",
        verbose_name="承接主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                name="user_org_unit_unless_superuser",
                condition=Q(is_superuser=True)
                | Q(org_unit__isnull=False)
                | Q(provider__isnull=False),
            ),
            models.CheckConstraint(
                name="user_official_or_provider_not_both",
                condition=Q(org_unit__isnull=True) | Q(provider__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(self.role_assignments.values_list("role", flat=True))

    def audit_scope(self) -> tuple[str, str | None]:
        if self.provider_id is not None:
            return self.provider.audit_scope()
        if self.org_unit_id is None:
            return "/", None
        return self.org_unit.region.path, self.org_unit.sector


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=24, choices=Role.choices)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique"),
            models.CheckConstraint(
                name="role_assignment_known_role", condition=Q(role__in=Role.values)
            ),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SM3 hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("过期时间")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A digest of the password hash when the token was issued: a new password, set
    # by any path (the user, an administrator's reset, the shell), ends the token.
    password_stamp = models.CharField(max_length=16, default="")

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.prefix}…"


class LoginFailure(AccessAttempt):
    """django-axes's record of failed logins (one row per username, address and
    browser), seen as this project's: clearing rows unlocks, and is audited."""

    class Meta:
        proxy = True
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"

    def __str__(self) -> str:
        return f"{self.username or '（空用户名）'} @ {self.ip_address}"

    def audit_scope(self) -> tuple[str, str | None]:
        user = User.objects.filter(username=self.username).first()
        return user.audit_scope() if user is not None else ("/", None)

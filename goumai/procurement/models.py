"""Procurement: how the provider of a project is chosen.

These models lived in the ``projects`` app until procurement became an app of its
own; their tables keep the ``projects_`` names (a state-only move, no data copied).
"""

from django.db import models
from django.db.models import Q

from goumai.budgets.models import MONEY
from goumai.projects.models import ProcurementMethod, Project


class Procurement(models.Model):
    """How the provider is chosen for a project (procurement law methods, or a small
    purchase by the purchaser itself below the threshold)."""

    # Audited as "projects.procurement" before the move; the trail shows both.
    audit_former_types = ("projects.procurement",)

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="procurement")
    method = models.CharField("采购方式", max_length=32, choices=ProcurementMethod.choices)
    single_source_justification = models.TextField("单一来源理由", blank=True)
    announced_on = models.DateField("公告（邀请）日期")
    late_reason = models.CharField("补录理由", max_length=300, blank=True)
    deadline = models.DateField("响应截止日期", null=True, blank=True)
    # bids are taken online (sealed until opening, goumai.bidding); paper ones need a reason
    online = models.BooleanField("网上投标", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "projects_procurement"
        verbose_name = "采购"
        verbose_name_plural = "采购"
        constraints = [
            models.CheckConstraint(
                name="procurement_single_source_justified",
                condition=~Q(method="single_source") | ~Q(single_source_justification=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_method_display()}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.project.scope_path, self.project.sector


class Invitation(models.Model):
    # Audited as "projects.invitation" before the move; the trail shows both.
    audit_former_types = ("projects.invitation",)

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="invitations"
    )
    provider = models.ForeignKey(
        "providers.Provider", verbose_name="受邀承接主体", on_delete=models.PROTECT
    )
    invited_on = models.DateField("邀请日期")
    late_reason = models.CharField("补录理由", max_length=300, blank=True)

    class Meta:
        db_table = "projects_invitation"
        constraints = [
            models.UniqueConstraint(fields=["procurement", "provider"], name="invitation_once")
        ]

    def __str__(self) -> str:
        return str(self.provider)

    def audit_scope(self) -> tuple[str, str | None]:
        return self.procurement.audit_scope()


class Bid(models.Model):
    """A bid or quote received, and how it was evaluated."""

    # Audited as "projects.bid" before the move; the trail shows both.
    audit_former_types = ("projects.bid",)

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="bids")
    provider = models.ForeignKey(
        "providers.Provider", verbose_name="承接主体", on_delete=models.PROTECT
    )
    amount = models.DecimalField("报价（元）", **MONEY)
    technical_score = models.DecimalField(
        "技术评分", max_digits=5, decimal_places=2, null=True, blank=True
    )
    submitted_on = models.DateField("提交日期")
    late_reason = models.CharField("补录理由", max_length=300, blank=True)
    channel = models.CharField(
        "递交方式",
        max_length=8,
        choices=[("paper", "纸质（录入）"), ("online", "网上（开标）")],
        default="paper",
    )
    paper_reason = models.CharField("录入纸质投标的理由", max_length=300, blank=True)
    disqualified = models.BooleanField("无效投标", default=False)
    disqualification_reason = models.CharField("无效原因", max_length=300, blank=True)

    class Meta:
        db_table = "projects_bid"
        ordering = ["amount"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "provider"], name="bid_once_per_provider"
            ),
            models.CheckConstraint(name="bid_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="bid_score_range",
                condition=Q(technical_score__isnull=True)
                | Q(technical_score__gte=0, technical_score__lte=100),
            ),
            models.CheckConstraint(
                name="bid_disqualification_has_reason",
                condition=Q(disqualified=False) | ~Q(disqualification_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.amount}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.procurement.audit_scope()


class Award(models.Model):
    # Audited as "projects.award" before the move; the trail shows both.
    audit_former_types = ("projects.award",)

    procurement = models.OneToOneField(Procurement, on_delete=models.CASCADE, related_name="award")
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="award")
    provider = models.ForeignKey(
        "providers.Provider", verbose_name="成交承接主体", on_delete=models.PROTECT
    )
    amount = models.DecimalField("成交金额（元）", **MONEY)
    reasons = models.TextField("成交理由")
    deviation_reason = models.TextField(
        "未选择综合排名第一的理由",
        blank=True,
        help_text="所选承接主体不是综合排名第一时必填，随结果公开。",
    )
    awarded_on = models.DateField("成交日期")
    late_reason = models.CharField("补录理由", max_length=300, blank=True)

    class Meta:
        db_table = "projects_award"
        constraints = [
            models.CheckConstraint(name="award_has_reasons", condition=~Q(reasons="")),
            models.CheckConstraint(name="award_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.amount}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.procurement.audit_scope()

from decimal import Decimal

import cn2an
from django.db import models
from django.db.models import F, Q

from goumai.budgets.models import MONEY
from goumai.projects.models import Project


class Contract(models.Model):
    """The written purchase contract (MoF Order 102 art. 25-28): content, term,
    quantity and quality, price, settlement, liabilities. Published with the project."""

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="contract")
    provider = models.ForeignKey(
        "providers.Provider",
        verbose_name="承接主体",
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    number = models.CharField("合同编号", max_length=60)
    amount = models.DecimalField("合同金额（元）", **MONEY)
    start_date = models.DateField("服务开始日期")
    end_date = models.DateField("服务结束日期")
    term_justification = models.TextField("跨年度合同理由", blank=True)
    multi_year_conditions = models.JSONField("跨年度合同条件", default=list, blank=True)
    quantity_quality = models.TextField("服务数量与质量要求", blank=True)
    settlement = models.TextField("结算方式", blank=True)
    liabilities = models.TextField("违约责任", blank=True)
    signed_on = models.DateField("签订日期")
    late_reason = models.CharField("补录理由", max_length=300, blank=True)
    # 保障中小企业款项支付条例: paid within 30 days of acceptance unless the contract
    # agrees another period, never more than 60 (holidays/periods.py).
    payment_days = models.PositiveSmallIntegerField("验收后付款期限（日）", default=30)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "合同"
        verbose_name_plural = "合同"
        constraints = [
            models.CheckConstraint(name="contract_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="contract_dates_ordered", condition=Q(end_date__gte=F("start_date"))
            ),
            models.CheckConstraint(
                name="contract_payment_days_legal",
                condition=Q(payment_days__gte=1) & Q(payment_days__lte=60),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.provider}"

    @property
    def amount_in_words(self) -> str:
        """The amount in Chinese capital numerals (大写), e.g. 壹拾贰万叁仟肆佰伍拾陆元柒角捌分."""
        return cn2an.an2cn(f"{self.amount:.2f}", "rmb")

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments.all()), Decimal("0.00"))

    def audit_scope(self) -> tuple[str, str | None]:
        return self.project.scope_path, self.project.sector


class ContractAmendment(models.Model):
    """A change to a signed contract: what changed, from what, to what, and why."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="amendments")
    before = models.JSONField("修改前")
    after = models.JSONField("修改后")
    reason = models.CharField("变更原因", max_length=300)
    actor_label = models.CharField("操作人", max_length=150)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.contract.number} {self.reason}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.contract.audit_scope()


class Milestone(models.Model):
    """A part of the service to be accepted (验收) and paid."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="milestones")
    name = models.CharField("履约节点", max_length=100)
    due_date = models.DateField("计划完成日期")
    amount = models.DecimalField("对应金额（元）", **MONEY)
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    acceptance_note = models.CharField("验收意见", max_length=300, blank=True)
    early_acceptance_reason = models.CharField("提前验收理由", max_length=300, blank=True)
    accepted_by = models.CharField("验收人", max_length=150, blank=True)
    late_reason = models.CharField("补录理由", max_length=300, blank=True)
    # For a small or medium provider: the last day to pay, counted from the acceptance on
    # the legal calendar; empty until the calendar holds that year.
    payment_due_on = models.DateField("应付款日期", null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="milestone_amount_not_negative", condition=Q(amount__gte=0)
            ),
            models.UniqueConstraint(fields=["contract", "name"], name="milestone_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str, str | None]:
        return self.contract.audit_scope()


class Payment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="payments")
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField("支付金额（元）", **MONEY)
    paid_on = models.DateField("支付日期")
    reference = models.CharField("支付凭证号", max_length=60, blank=True)
    late_reason = models.CharField("补录理由", max_length=300, blank=True)
    actor_label = models.CharField("经办人", max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(name="payment_amount_positive", condition=Q(amount__gt=0))
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} {self.amount}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.contract.audit_scope()

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    APPROVAL_WAITING = "approval_waiting", "项目待审核"
    APPROVAL_RESULT = "approval_result", "项目审核结果"
    INVITATION = "invitation", "投标邀请"
    ANSWER = "answer", "澄清答复"
    DEADLINE = "deadline", "截止日期临近"
    BIDS_OPENED = "bids_opened", "开标"
    AWARD = "award", "成交结果"
    MILESTONE_DUE = "milestone_due", "履约节点到期"
    PAYMENT_DUE = "payment_due", "待支付"
    PAYMENT_LATE = "payment_late", "中小企业款项逾期"
    EVALUATION_OVERDUE = "evaluation_overdue", "绩效评价逾期"
    DISCLOSURE_OVERDUE = "disclosure_overdue", "信息公开逾期"


class Notification(models.Model):
    """One message for one user, in the inbox and (if the user wants it) by e-mail.
    ``key`` names the event: a user gets each event once, however often it is raised."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    key = models.CharField("事件", max_length=120)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "消息"
        verbose_name_plural = "消息"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_event")
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.title


class EmailChoice(models.Model):
    """A kind of message a user does not want by e-mail (the inbox still has it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"

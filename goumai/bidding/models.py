from django.db import models
from django.db.models import Q

from goumai.procurement.models import Procurement


class Tender(models.Model):
    """A procurement open for bids online until ``closes_at`` (the server's clock).
    Invited providers (or, for 公开招标, any active provider) bid; nobody reads a bid
    before the opening, one audited event that records the opening sheet."""

    procurement = models.OneToOneField(Procurement, on_delete=models.PROTECT, related_name="tender")
    closes_at = models.DateTimeField("投标截止时间")
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    opened_at = models.DateTimeField("开标时间", null=True, blank=True)
    opened_by = models.CharField("开标人", max_length=150, blank=True)
    # bidders, prices, times: as read out at the opening
    opening_sheet = models.JSONField("开标记录", default=list, blank=True)

    class Meta:
        verbose_name = "网上投标"
        verbose_name_plural = "网上投标"
        constraints = [
            models.CheckConstraint(
                name="tender_opened_after_it_closed",
                condition=Q(opened_at__isnull=True) | Q(opened_at__gte=models.F("closes_at")),
            )
        ]

    def __str__(self) -> str:
        return str(self.procurement)

    def audit_scope(self) -> tuple[str, str | None]:
        return self.procurement.audit_scope()


class SealedBid(models.Model):
    """A provider's bid, sealed (SM4): only that a bid exists, and when, is readable
    before the opening. Replacing it seals the new content over the old (``version``);
    withdrawing keeps the row, without content."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="bids")
    provider = models.ForeignKey(
        "providers.Provider", verbose_name="投标人", on_delete=models.PROTECT, related_name="+"
    )
    sealed = models.TextField("密文", blank=True)  # base64 of SM4-GCM ciphertext and tag
    nonce = models.CharField(max_length=24, blank=True)
    key_id = models.CharField(max_length=16, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    submitted_at = models.DateTimeField("递交时间")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        verbose_name = "投标文件（密封）"
        verbose_name_plural = "投标文件（密封）"
        constraints = [
            models.UniqueConstraint(fields=["tender", "provider"], name="sealed_bid_once"),
            models.CheckConstraint(
                name="sealed_bid_has_content_unless_withdrawn",
                condition=Q(withdrawn_at__isnull=False) | ~Q(sealed=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tender} · {self.provider_id}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.tender.audit_scope()


class SealedFile(models.Model):
    """A document of a bid, sealed like its price: its name and bytes are encrypted
    (SM4) in storage until the opening, which unseals it into an ordinary document of
    the recorded bid (``documents``, with its SM3)."""

    bid = models.ForeignKey(SealedBid, on_delete=models.CASCADE, related_name="files")
    sealed_name = models.TextField()  # base64 of the sealed file name
    name_nonce = models.CharField(max_length=24)
    file = models.FileField(upload_to="sealed/%Y/%m/", max_length=200)  # ciphertext + tag
    nonce = models.CharField(max_length=24)
    key_id = models.CharField(max_length=16)
    size = models.PositiveIntegerField("密文大小（字节）")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"sealed file {self.pk}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.bid.audit_scope()


class Question(models.Model):
    """A bidder's question and the purchaser's answer, which every bidder sees."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="questions")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("问题")
    asked_at = models.DateTimeField("提问时间", auto_now_add=True)
    answer = models.TextField("答复", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = "澄清问题"
        verbose_name_plural = "澄清问题"

    def __str__(self) -> str:
        return self.text[:30]

    def audit_scope(self) -> tuple[str, str | None]:
        return self.tender.audit_scope()

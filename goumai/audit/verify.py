"""Checking the whole chain: ``goumai audit verify``."""

from __future__ import annotations

from dataclasses import dataclass

from goumai.audit.chain import GENESIS_HASH, digest_of
from goumai.audit.models import AuditEntry, AuditHead


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(*, chunk_size: int = 2000) -> ChainReport:
    """Walk the entries in order and name the first one that does not hold."""
    expected_seq, expected_prev, checked = 1, GENESIS_HASH, 0
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size)
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"第 {expected_seq} 条记录缺失（已被删除）")
        if entry.prev_hash != expected_prev:
            return ChainReport(
                checked, entry.seq, f"第 {entry.seq} 条记录与前一条记录的哈希链接不符"
            )
        if digest_of(entry) != entry.hash:
            return ChainReport(
                checked, entry.seq, f"第 {entry.seq} 条记录的内容与其哈希不符（已被修改）"
            )
        expected_prev, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    last_seq = head.last_seq if head else 0
    last_hash = head.last_hash if head else GENESIS_HASH
    if last_seq != checked or last_hash != expected_prev:
        return ChainReport(
            checked,
            checked + 1,
            f"链尾不符：应有 {last_seq} 条记录，现存 {checked} 条（最新记录已被删除或改动）",
        )
    return ChainReport(checked)

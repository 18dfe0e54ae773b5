"""The publication log's arithmetic, shared by the service that appends and by
``verify`` that checks a downloaded copy — with no database, so that a copy of
the log and its snapshots is all anyone needs.

    snapshot_hash = SM3(canonical JSON of the snapshot)
    entry_hash    = SM3("<seq>|<prev_hash>|<snapshot_hash>")

Canonical JSON: keys sorted, no spaces, UTF-8 as is (``ensure_ascii=False``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from goumai.core.crypto import sm3_hex

GENESIS_HASH = "0" * 64


def canonical(snapshot: dict) -> str:
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def snapshot_digest(snapshot: dict) -> str:
    return sm3_hex(canonical(snapshot))


def entry_digest(*, seq: int, prev_hash: str, snapshot_hash: str) -> str:
    return sm3_hex(f"{seq}|{prev_hash}|{snapshot_hash}")


@dataclass(frozen=True)
class Result:
    ok: bool
    checked: int
    first_bad: int | None = None
    reason: str = ""


def verify(document: dict) -> Result:
    """Check a log export: ``{"head": {"seq", "hash"}, "entries": [{"seq",
    "prev_hash", "snapshot_hash", "entry_hash", "snapshot"}, …]}`` in order."""
    previous, expected_seq = GENESIS_HASH, 1
    entries = document.get("entries") or []
    for entry in entries:
        seq = entry.get("seq")
        if seq != expected_seq:
            return Result(False, expected_seq - 1, seq, f"缺少第 {expected_seq} 条，或顺序被改动")
        if entry.get("prev_hash") != previous:
            return Result(False, seq - 1, seq, "与上一条的摘要不相接")
        if snapshot_digest(entry.get("snapshot")) != entry.get("snapshot_hash"):
            return Result(False, seq - 1, seq, "公开内容与其摘要不符（内容被改动）")
        digest = entry_digest(seq=seq, prev_hash=previous, snapshot_hash=entry["snapshot_hash"])
        if digest != entry.get("entry_hash"):
            return Result(False, seq - 1, seq, "日志摘要不符")
        previous, expected_seq = digest, seq + 1
    head = document.get("head") or {}
    if head.get("seq") != expected_seq - 1 or head.get("hash") != previous:
        return Result(
            False, expected_seq - 1, expected_seq, "日志末尾与最新摘要不符（有条目被删去）"
        )
    return Result(True, expected_seq - 1)

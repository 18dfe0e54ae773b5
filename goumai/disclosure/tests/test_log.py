"""The publication log's arithmetic, on a hand-built log: every kind of change to a
copy is named with the entry where it is found and the number of entries that held."""

import copy

from goumai.core.crypto import sm3_hex
from goumai.disclosure.log import (
    GENESIS_HASH,
    Result,
    canonical,
    entry_digest,
    snapshot_digest,
    verify,
)

SNAPSHOTS = [{"项目": "西来镇居家养老", "金额": "28000.00"}, {"b": [1, 2], "a": None}, {"x": "y"}]


def log_of(snapshots) -> dict:
    entries, previous = [], GENESIS_HASH
    for seq, snapshot in enumerate(snapshots, start=1):
        digest = snapshot_digest(snapshot)
        entry = entry_digest(seq=seq, prev_hash=previous, snapshot_hash=digest)
        entries.append(
            {
                "seq": seq,
                "prev_hash": previous,
                "snapshot_hash": digest,
                "entry_hash": entry,
                "snapshot": snapshot,
            }
        )
        previous = entry
    return {"head": {"seq": len(entries), "hash": previous}, "entries": entries}


def test_canonical_json_is_sorted_compact_and_keeps_chinese():
    assert canonical({"b": 1, "a": {"d": "中", "c": [1, None]}}) == (
        '{"a":{"c":[1,null],"d":"中"},"b":1}'
    )
    assert snapshot_digest({"a": 1}) == sm3_hex('{"a":1}')
    assert entry_digest(seq=2, prev_hash="p", snapshot_hash="s") == sm3_hex("2|p|s")
    assert GENESIS_HASH == "0" * 64


def test_a_whole_log_verifies():
    assert verify(log_of(SNAPSHOTS)) == Result(True, 3)
    assert verify({"head": {"seq": 0, "hash": GENESIS_HASH}, "entries": []}) == Result(True, 0)


def changed(edit) -> Result:
    document = copy.deepcopy(log_of(SNAPSHOTS))
    edit(document)
    return verify(document)


def test_every_change_is_named_where_it_is_found():
    def drop_second(d):
        del d["entries"][1]

    def swap(d):
        d["entries"][0], d["entries"][1] = d["entries"][1], d["entries"][0]

    def relink(d):
        d["entries"][1]["prev_hash"] = "f" * 64

    def alter_snapshot(d):
        d["entries"][1]["snapshot"]["a"] = 0

    def alter_entry_hash(d):
        d["entries"][2]["entry_hash"] = "e" * 64

    def drop_last(d):
        del d["entries"][2]

    def head_hash(d):
        d["head"]["hash"] = "a" * 64

    def head_seq(d):
        d["head"]["seq"] = 4

    assert changed(drop_second) == Result(False, 1, 3, "缺少第 2 条，或顺序被改动")
    assert changed(swap) == Result(False, 0, 2, "缺少第 1 条，或顺序被改动")
    assert changed(relink) == Result(False, 1, 2, "与上一条的摘要不相接")
    assert changed(alter_snapshot) == Result(False, 1, 2, "公开内容与其摘要不符（内容被改动）")
    assert changed(alter_entry_hash) == Result(False, 2, 3, "日志摘要不符")
    deleted = Result(False, 2, 3, "日志末尾与最新摘要不符（有条目被删去）")
    assert changed(drop_last) == deleted
    assert changed(head_hash) == Result(False, 3, 4, "日志末尾与最新摘要不符（有条目被删去）")
    assert changed(head_seq) == Result(False, 3, 4, "日志末尾与最新摘要不符（有条目被删去）")


def test_a_document_without_head_or_entries():
    assert verify({}) == Result(False, 0, 1, "日志末尾与最新摘要不符（有条目被删去）")
    assert verify({"head": {"seq": 0, "hash": GENESIS_HASH}}) == Result(True, 0)
    missing = {"head": {"seq": 1, "hash": GENESIS_HASH}, "entries": None}
    assert verify(missing).ok is False

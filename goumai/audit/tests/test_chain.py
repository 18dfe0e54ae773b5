import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from goumai.audit.chain import digest_of, entry_digest, json_value
from goumai.audit.models import AuditEntry, AuditHead
from goumai.audit.services import audit, deleted, snapshot, updated
from goumai.audit.verify import verify_chain
from goumai.core.crypto import sm3_hex
from goumai.regions.services import township_profile_update

pytestmark = pytest.mark.django_db


def test_sm3_matches_the_standard_test_vector():
    # GB/T 32905-2016, example 1.
    assert sm3_hex("abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def change_population(user, township, population):
    return township_profile_update(
        actor=user,
        township=township,
        merged_unit_count=township.merged_unit_count,
        population=population,
    )


def test_each_change_appends_a_linked_entry_with_before_and_after(town_user, township_a):
    head = AuditHead.objects.get()
    change_population(town_user, township_a, 1000)
    change_population(town_user, township_a, 2000)
    first, second = AuditEntry.objects.filter(seq__gt=head.last_seq).order_by("seq")
    assert first.prev_hash == head.last_hash
    assert second.prev_hash == first.hash
    assert (second.before, second.after) == ({"population": 1000}, {"population": 2000})
    assert second.actor == town_user and second.actor_label == town_user.username
    assert second.scope_path == township_a.path
    assert AuditHead.objects.get().last_hash == second.hash
    assert verify_chain().ok


def test_a_rolled_back_change_leaves_no_entry(town_user, township_a):
    count = AuditEntry.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        change_population(town_user, township_a, 3000)
        1 / 0  # noqa: B018
    assert AuditEntry.objects.count() == count
    assert verify_chain().ok


def test_no_entry_when_nothing_changed(township_a):
    before = snapshot(township_a)
    assert updated(township_a, before) is None
    assert deleted(township_a).before["code"] == township_a.code


def raw_sql(sql, params):
    """Change the table directly, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Switch off the append-only trigger for this transaction, as a superuser can.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
@pytest.mark.parametrize("operation", ["update", "delete"])
def test_postgresql_refuses_to_change_audit_entries(operation):
    entries = AuditEntry.objects.filter(seq=1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        if operation == "update":
            entries.update(object_repr="篡改")
        else:
            entries.delete()


def test_an_entry_edited_behind_the_applications_back_is_reported(town_user, township_a):
    change_population(town_user, township_a, 1000)
    change_population(town_user, township_a, 2000)
    target = AuditEntry.objects.order_by("-seq")[1]
    table = AuditEntry._meta.db_table
    raw_sql(f"UPDATE {table} SET object_repr = %s WHERE seq = %s", ["篡改", target.seq])  # noqa: S608

    report = verify_chain()
    assert not report.ok and report.broken_seq == target.seq
    assert "已被修改" in report.reason
    with pytest.raises(CommandError, match=f"第 {target.seq} 条"):
        call_command("audit", "verify")


def test_a_deleted_entry_is_reported(town_user, township_a):
    change_population(town_user, township_a, 1000)
    change_population(town_user, township_a, 2000)
    target = AuditEntry.objects.order_by("-seq")[1]
    raw_sql(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq = %s", [target.seq])  # noqa: S608
    report = verify_chain()
    assert report.broken_seq == target.seq and "缺失" in report.reason


def test_deleting_the_newest_entry_is_reported_by_the_head(town_user, township_a):
    change_population(town_user, township_a, 1000)
    newest = AuditEntry.objects.order_by("-seq").first()
    raw_sql(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq = %s", [newest.seq])  # noqa: S608
    report = verify_chain()
    assert report.broken_seq == newest.seq and "链尾" in report.reason


def test_verify_command_reports_an_intact_chain(capsys):
    call_command("audit", "verify")
    assert "审计链完好" in capsys.readouterr().out


FIELDS = dict(
    seq=7,
    created_at=datetime(2027, 3, 1, 8, 30, tzinfo=UTC),
    actor_id=3,
    actor_label="town-510131104",
    action="update",
    object_type="regions.region",
    object_id="42",
    object_repr="鹤山街道",
    before={"population": 1000},
    after={"population": 2000},
    scope_path="/510000/510100/510131/510131104/",
    sector=None,
    prev_hash="a" * 64,
)


def test_the_digest_is_sm3_of_the_canonical_json():
    """Keys sorted, no spaces, Chinese as is, time in UTC, SM3 (GB/T 32905), not SHA-256."""
    canonical = (
        '{"action":"update","actor_id":3,"actor_label":"town-510131104",'
        '"after":{"population":2000},"before":{"population":1000},'
        '"created_at":"2027-03-01T08:30:00+00:00","object_id":"42",'
        '"object_repr":"鹤山街道","object_type":"regions.region",'
        f'"prev_hash":"{"a" * 64}","scope_path":"/510000/510100/510131/510131104/",'
        '"sector":null,"seq":7}'
    )
    assert entry_digest(**FIELDS) == sm3_hex(canonical)
    assert entry_digest(**FIELDS) != hashlib.sha256(canonical.encode()).hexdigest()
    shanghai = FIELDS["created_at"].astimezone(ZoneInfo("Asia/Shanghai"))
    assert entry_digest(**{**FIELDS, "created_at": shanghai}) == entry_digest(**FIELDS)


@pytest.mark.parametrize(
    ("field", "other"),
    [
        ("seq", 8),
        ("created_at", datetime(2027, 3, 1, 8, 31, tzinfo=UTC)),
        ("actor_id", 4),
        ("actor_label", "someone"),
        ("action", "create"),
        ("object_type", "regions.servicearea"),
        ("object_id", "43"),
        ("object_repr", "别处"),
        ("before", {"population": 999}),
        ("after", {"population": 2001}),
        ("scope_path", "/510000/"),
        ("sector", "civil_affairs"),
        ("prev_hash", "b" * 64),
    ],
)
def test_the_digest_covers_every_field(field, other):
    assert entry_digest(**{**FIELDS, field: other}) != entry_digest(**FIELDS)


def test_json_values_read_back_the_same_from_any_database():
    assert json_value(Decimal("1.50")) == "1.50"
    assert json_value(datetime(2027, 3, 1, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))) == (
        "2027-03-01T08:00:00+00:00"
    )
    assert json_value(date(2027, 3, 1)) == "2027-03-01"
    assert json_value((1, Decimal("2"))) == [1, "2"]
    assert json_value({1: None, "a": True}) == {"1": None, "a": True}
    assert json_value(ZoneInfo("UTC")) == "UTC"


def test_a_broken_link_is_reported_even_when_the_entry_was_rehashed(town_user, township_a):
    """Someone rewrites an entry's previous-hash and recomputes its own hash: the
    content checks out, the link does not."""
    change_population(town_user, township_a, 1000)
    change_population(town_user, township_a, 2000)
    target = AuditEntry.objects.order_by("-seq")[1]
    target.prev_hash = "f" * 64
    rehashed = digest_of(target)
    table = AuditEntry._meta.db_table
    raw_sql(
        f"UPDATE {table} SET prev_hash = %s, hash = %s WHERE seq = %s",  # noqa: S608
        ["f" * 64, rehashed, target.seq],
    )
    report = verify_chain()
    assert report.broken_seq == target.seq and "哈希链接不符" in report.reason


def test_a_head_that_does_not_match_the_newest_entry_is_reported(town_user, township_a):
    change_population(town_user, township_a, 1000)
    AuditHead.objects.filter(pk=1).update(last_hash="e" * 64)
    report = verify_chain()
    assert not report.ok and "链尾" in report.reason
    newest = AuditEntry.objects.order_by("-seq").first()
    AuditHead.objects.filter(pk=1).update(last_hash=newest.hash, last_seq=newest.seq + 1)
    assert "链尾" in verify_chain().reason
    AuditHead.objects.filter(pk=1).update(last_seq=newest.seq)
    assert verify_chain().ok and verify_chain().checked == newest.seq


def test_broken_reports_say_how_many_entries_checked_out(town_user, township_a):
    change_population(town_user, township_a, 1000)
    change_population(town_user, township_a, 2000)
    newest = AuditEntry.objects.order_by("-seq").first()
    raw_sql(
        f"UPDATE {AuditEntry._meta.db_table} SET object_repr = %s WHERE seq = %s",  # noqa: S608
        ["篡改", newest.seq],
    )
    report = verify_chain(chunk_size=1)
    assert (report.checked, report.broken_seq) == (newest.seq - 1, newest.seq)


def test_counts_before_a_missing_entry_and_a_broken_link(town_user, township_a):
    change_population(town_user, township_a, 1000)
    change_population(town_user, township_a, 2000)
    change_population(town_user, township_a, 3000)
    middle = AuditEntry.objects.order_by("-seq")[1]
    table = AuditEntry._meta.db_table
    raw_sql(f"UPDATE {table} SET prev_hash = %s WHERE seq = %s", ["0" * 64, middle.seq])  # noqa: S608
    assert verify_chain().checked == middle.seq - 1
    raw_sql(f"DELETE FROM {table} WHERE seq = %s", [middle.seq])  # noqa: S608
    report = verify_chain()
    assert (report.checked, report.broken_seq) == (middle.seq - 1, middle.seq)


def test_an_empty_chain_without_a_head_is_intact_and_entries_without_one_are_not(township_a):
    table = AuditEntry._meta.db_table
    raw_sql(f"DELETE FROM {table}", [])  # noqa: S608
    raw_sql(f"DELETE FROM {AuditHead._meta.db_table}", [])  # noqa: S608
    report = verify_chain()
    assert report.ok and report.checked == 0
    with transaction.atomic():
        audit(actor=None, changes=[updated_population(township_a)])
    raw_sql(f"DELETE FROM {AuditHead._meta.db_table}", [])  # noqa: S608
    report = verify_chain()
    assert not report.ok and report.checked == 1 and "链尾" in report.reason


def updated_population(township):
    before = snapshot(township)
    township.population = (township.population or 0) + 1
    township.save()
    return updated(township, before)

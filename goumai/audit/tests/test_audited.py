"""``audited()``: entries wait until the block ends, then join the chain at once."""

import pytest
from django.db import transaction

from goumai.audit.models import AuditEntry, AuditHead
from goumai.audit.services import audit, audited, snapshot, updated
from goumai.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def change(user, township, population):
    before = snapshot(township)
    township.population = population
    township.save()
    audit(actor=user, changes=[updated(township, before)])


def test_entries_are_appended_when_the_block_ends_not_before(town_user, township_a):
    count, head = AuditEntry.objects.count(), AuditHead.objects.get()
    with audited():
        change(town_user, township_a, 1001)
        change(town_user, township_a, 1002)
        # nothing appended yet: the head is neither locked nor moved
        assert AuditEntry.objects.count() == count
        assert AuditHead.objects.get().last_seq == head.last_seq
    first, second = AuditEntry.objects.filter(seq__gt=head.last_seq).order_by("seq")
    assert (first.after, second.after) == ({"population": 1001}, {"population": 1002})
    assert first.prev_hash == head.last_hash and second.prev_hash == first.hash
    assert verify_chain().ok


def test_a_nested_block_hands_its_entries_to_the_outer_one(town_user, township_a):
    count = AuditEntry.objects.count()
    with audited():
        with audited():
            change(town_user, township_a, 2001)
        assert AuditEntry.objects.count() == count  # still waiting for the outer block
        change(town_user, township_a, 2002)
    assert AuditEntry.objects.count() == count + 2
    assert verify_chain().ok


def test_a_failed_nested_block_drops_its_entries_with_its_changes(town_user, township_a):
    count = AuditEntry.objects.count()
    with audited():
        change(town_user, township_a, 3001)
        with pytest.raises(ZeroDivisionError), audited():
            change(town_user, township_a, 3002)
            1 / 0  # noqa: B018
    township_a.refresh_from_db()
    assert township_a.population == 3001
    entries = AuditEntry.objects.order_by("seq")[count:]
    assert [entry.after for entry in entries] == [{"population": 3001}]
    assert verify_chain().ok


def test_a_failed_block_appends_nothing(town_user, township_a):
    count, head = AuditEntry.objects.count(), AuditHead.objects.get()
    with pytest.raises(ZeroDivisionError), audited():
        change(town_user, township_a, 4001)
        1 / 0  # noqa: B018
    assert AuditEntry.objects.count() == count
    assert AuditHead.objects.get().last_hash == head.last_hash


def test_inside_a_plain_savepoint_the_entry_is_appended_at_once(town_user, township_a):
    # A plain atomic() inside audited() may roll back on its own: its entries cannot wait
    # in the outer block, so they are appended at once and go with that savepoint.
    count = AuditEntry.objects.count()
    with audited():
        with transaction.atomic():
            change(town_user, township_a, 5001)
            assert AuditEntry.objects.count() == count + 1
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            change(town_user, township_a, 5002)
            1 / 0  # noqa: B018
        assert AuditEntry.objects.count() == count + 1
    assert [e.after for e in AuditEntry.objects.order_by("seq")[count:]] == [{"population": 5001}]
    assert verify_chain().ok


def test_an_audited_block_inside_a_plain_savepoint_appends_when_it_ends(town_user, township_a):
    # audited() → atomic() → audited(): the inner block cannot hand its entries across
    # the plain savepoint, so it appends them itself; rolling that savepoint back
    # removes them from the database, and the outer block never saw them.
    count = AuditEntry.objects.count()
    with audited():
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            with audited():
                change(town_user, township_a, 6001)
            assert AuditEntry.objects.count() == count + 1
            1 / 0  # noqa: B018
        change(town_user, township_a, 6002)
    assert [e.after for e in AuditEntry.objects.order_by("seq")[count:]] == [{"population": 6002}]
    assert verify_chain().ok

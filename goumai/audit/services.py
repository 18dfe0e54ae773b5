"""Writing the audit trail.

A service that changes business data describes each change and calls ``audit``
inside its own transaction::

    before = snapshot(township)
    township.population = 52000
    township.save()
    audit(actor=actor, changes=[updated(township, before)])

If the transaction rolls back, the audit entries go with it; if it commits, they
are in the chain. Appends are serialised by locking the chain head row.

A service runs in ``audited()`` instead of ``transaction.atomic()``: its entries
wait in memory and are appended when the block ends, so the head row is locked
only from that append to the commit, not through the service's work. Blocks
nested directly in another ``audited()`` block hand their entries to it (one
append for the whole outer block); a block that fails drops its entries with its
savepoint. ``audit()`` outside such a block (or inside a plain ``atomic()`` nested
in one) appends at once and holds the head until commit, as it always did.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

from goumai.audit.chain import GENESIS_HASH, entry_digest, json_value
from goumai.audit.models import AuditEntry, AuditHead

UNTRACKED_FIELDS = {"updated_at", "password", "last_login"}


@dataclass(frozen=True)
class Change:
    action: str
    instance: models.Model
    before: dict
    after: dict


def snapshot(instance: models.Model) -> dict:
    """The instance's concrete fields as JSON-native values (foreign keys as ids)."""
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in UNTRACKED_FIELDS:
            continue
        values[field.attname] = json_value(getattr(instance, field.attname))
    return values


def created(instance: models.Model) -> Change:
    return Change(AuditEntry.Action.CREATE, instance, {}, snapshot(instance))


def updated(instance: models.Model, before: dict) -> Change | None:
    """Only the fields that changed; ``None`` when nothing did."""
    after = snapshot(instance)
    changed = [key for key in after if before.get(key) != after[key]]
    if not changed:
        return None
    return Change(
        AuditEntry.Action.UPDATE,
        instance,
        {key: before.get(key) for key in changed},
        {key: after[key] for key in changed},
    )


def deleted(instance: models.Model) -> Change:
    """Describe a delete; call it before ``instance.delete()`` so the id is still known."""
    return Change(AuditEntry.Action.DELETE, instance, snapshot(instance), {})


def audit(*, actor, changes: Iterable[Change | None]) -> None:
    """Record one chained entry per change. Must run inside the writing transaction."""
    pending = [change for change in changes if change is not None]
    if not pending:
        return
    if not connection.in_atomic_block:
        raise RuntimeError("audit() must run inside the transaction that makes the change")
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_label = actor.get_username() if actor_id is not None else "system"
    rows = []
    for change in pending:
        scope_path, sector = change.instance.audit_scope()
        rows.append(
            {
                "actor_id": actor_id,
                "actor_label": actor_label,
                "action": str(change.action),
                "object_type": change.instance._meta.label_lower,
                "object_id": str(change.instance.pk),
                "object_repr": str(change.instance)[:200],
                "before": change.before,
                "after": change.after,
                "scope_path": scope_path,
                "sector": sector,
            }
        )
    frames = _frames()
    if frames and frames[-1].block is connection.atomic_blocks[-1]:
        frames[-1].rows.extend(rows)
    else:
        _append(rows)


@dataclass
class _Frame:
    block: object  # the Atomic of the audited() block
    rows: list[dict] = dataclasses.field(default_factory=list)


def _frames() -> list[_Frame]:
    frames = getattr(connection, "goumai_audit_frames", None)
    if frames is None:
        frames = connection.goumai_audit_frames = []
    return frames


@contextmanager
def audited() -> Iterator[None]:
    """``transaction.atomic()`` whose audit entries join the chain when it ends."""
    with transaction.atomic():
        frames = _frames()
        frame = _Frame(connection.atomic_blocks[-1])
        frames.append(frame)
        try:
            yield
        finally:
            frames.pop()
        if frame.rows:
            outer = connection.atomic_blocks[-2] if len(connection.atomic_blocks) > 1 else None
            if frames and frames[-1].block is outer:
                frames[-1].rows.extend(frame.rows)
            else:
                _append(frame.rows)


def _append(rows: list[dict]) -> None:
    """Chain and insert ``rows``; the head stays locked until the transaction ends."""
    head = _locked_head()
    now = timezone.now()
    entries = []
    for row in rows:
        fields = {**row, "seq": head.last_seq + 1, "created_at": now, "prev_hash": head.last_hash}
        digest = entry_digest(**fields)
        entries.append(AuditEntry(hash=digest, **fields))
        head.last_seq, head.last_hash = fields["seq"], digest
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    head.save(update_fields=["last_seq", "last_hash"])


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update(no_key=True).filter(pk=1).first()
    if head is None:
        # The migration creates the head; only a flushed test database lacks it.
        with transaction.atomic():
            AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        head = AuditHead.objects.select_for_update(no_key=True).get(pk=1)
    return head

"""Read replicas: the read-only traffic of reports, dashboards and the public portal
goes to ``DATABASE_REPLICA_URL`` (a streaming replica, usually through PgBouncer) when
it is set; everything else, and every write, goes to the primary.

A view opts in with ``@reads_from_replica`` (GET and HEAD only), a piece of a page
with ``with replica_reads():``. Inside, reads go to the replica until the first write
of the request, after which every read goes to the primary too — so a read never
sees older data than a write it follows. A read that precedes a write cannot happen
either: only safe methods opt in, and no read request writes
(``site/tests/test_read_requests.py``).

What is read there may lag the primary by the replication delay (usually well under
a second): fine for figures, never used for a decision a write depends on.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from functools import wraps

from django.conf import settings

REPLICA = "replica"
_state: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "goumai_replica_reads", default=None
)


def replica_enabled() -> bool:
    return bool(getattr(settings, "GOUMAI_READ_REPLICA", False)) and REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Reads inside go to the replica (when one is configured) until a write."""
    outer = _state.get()
    token = _state.set(outer if outer is not None else {"wrote": False})
    try:
        yield
    finally:
        _state.reset(token)


def reads_from_replica(view):
    """A view whose GET (and HEAD) reads come from the replica."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _state.get()
        if state is None or state["wrote"] or not replica_enabled():
            return None
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None:
            state["wrote"] = True
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None

"""Telling people: ``notify`` puts one message per user and event (``key``) in the
inbox, and sends it by e-mail to users who have an address and have not opted out of
that kind — after the transaction that raised it commits, so a change that is rolled
back tells nobody. Raising the same event again changes nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from goumai.notifications.models import EmailChoice, Kind, Notification

log = logging.getLogger(__name__)


def notify(
    *, users: Iterable, kind: str, key: str, title: str, body: str = "", link: str = ""
) -> int:
    """Returns how many users were told now (not those who already had ``key``). Two
    queries whatever the number of users; the e-mails go after the commit."""
    assert kind in Kind.values, kind
    people = {u.pk: u for u in users if u is not None and u.is_active}
    if not people:
        return 0
    key = key[:120]
    told = set(
        Notification.objects.filter(key=key, user_id__in=list(people)).values_list(
            "user_id", flat=True
        )
    )
    fresh = [
        Notification(user_id=pk, kind=kind, key=key, title=title[:200], body=body, link=link[:300])
        for pk in people
        if pk not in told
    ]
    # a concurrent raise of the same event loses the race quietly: each user once
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    if fresh:
        transaction.on_commit(lambda: send_emails(key))
    return len(fresh)


def send_emails(key: str) -> int:
    """E-mail the messages of one event not e-mailed yet, to users who want them."""
    sent = 0
    rows = list(Notification.objects.filter(key=key, emailed_at=None).select_related("user"))
    opted_out = set(
        EmailChoice.objects.filter(user__in=[n.user_id for n in rows]).values_list(
            "user_id", "kind"
        )
    )
    for note in rows:
        if not note.user.email or (note.user_id, note.kind) in opted_out:
            continue
        try:
            send_mail(note.title, f"{note.body}\n\n{note.link}".strip(), None, [note.user.email])
        except OSError:
            log.exception("notification %s: e-mail not sent", note.pk)
            continue
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def mark_read(*, actor, ids: list[int] | None = None) -> int:
    """Mark the actor's own messages read (all unread ones without ``ids``)."""
    rows = Notification.objects.filter(user=actor, read_at=None)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


def set_email_choices(*, actor, wanted: Iterable[str]) -> list[str]:
    """The kinds the actor wants by e-mail; the others are opted out."""
    wanted = set(wanted) & set(Kind.values)
    with transaction.atomic():
        EmailChoice.objects.filter(user=actor).delete()
        EmailChoice.objects.bulk_create(
            [EmailChoice(user=actor, kind=k) for k in Kind.values if k not in wanted]
        )
    return sorted(wanted)


def inbox(*, actor):
    return Notification.objects.filter(user=actor)


def latest_unread(actor, count: int = 5) -> list[Notification]:
    return list(Notification.objects.filter(user=actor, read_at=None)[:count])


BADGE_MAX = 99


def unread_count(actor) -> int:
    """Unread messages, up to ``BADGE_MAX`` (the header shows "99"): an indexed read of
    at most that many ids on every page, never a COUNT over the whole inbox."""
    if not getattr(actor, "is_authenticated", False):
        return 0
    rows = Notification.objects.filter(user=actor, read_at=None).order_by("-created_at")
    return len(rows.values_list("id", flat=True)[:BADGE_MAX])

"""The inbox over the API: the actor's own messages only."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema

from goumai.notifications import services

router = Router(tags=["消息"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class ReadIn(Schema):
    ids: list[int] | None = None  # none: all unread


class EmailKindsIn(Schema):
    kinds: list[str]


@router.get("/notifications", response=list[NotificationOut], summary="本人的消息")
def list_notifications(request, unread: bool = False):
    rows = services.inbox(actor=request.auth)
    if unread:
        rows = rows.filter(read_at=None)
    return list(rows[:200])


@router.post("/notifications/read", response=dict, summary="标为已读")
def read(request, payload: ReadIn):
    return {"marked": services.mark_read(actor=request.auth, ids=payload.ids)}


@router.put("/notifications/email", response=EmailKindsIn, summary="哪些消息同时发送邮件")
def email_kinds(request, payload: EmailKindsIn):
    return {"kinds": services.set_email_choices(actor=request.auth, wanted=payload.kinds)}

"""Which open tasks are overdue or due soon, relative to a given day."""

from __future__ import annotations

from datetime import date, timedelta

OVERDUE, DUE_SOON = "overdue", "due_soon"
LABELS = {OVERDUE: "已逾期", DUE_SOON: "即将到期"}


def flag(*, status: str, deadline: date | None, today: date, soon_days: int) -> str | None:
    """``overdue``: open and its deadline has passed (the deadline day itself still
    counts as in time); ``due_soon``: open and due within ``soon_days`` days from today,
    both ends included; else ``None`` (done, no deadline, or further off)."""
    if status != "open" or deadline is None:
        return None
    if deadline < today:
        return OVERDUE
    if deadline <= today + timedelta(days=soon_days):
        return DUE_SOON
    return None

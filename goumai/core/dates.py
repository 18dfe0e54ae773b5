"""Dates with legal weight are the server's, in China's time (Asia/Shanghai).

``timezone.now()`` is UTC; its ``.date()`` is the UTC day, which from 00:00 to 08:00 in
Beijing is still yesterday. Every date the platform records or publishes goes through
``china_today`` or ``china_date`` instead, whatever time zone a request activated.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

CHINA = ZoneInfo("Asia/Shanghai")


def china_now() -> datetime:
    """The server's clock, as an aware datetime in Beijing time."""
    return timezone.now().astimezone(CHINA)


def china_today() -> date:
    """Today in China, from the server's clock."""
    return china_now().date()


def china_date(moment: datetime | None) -> date | None:
    """The day in China of an aware moment (``None`` stays ``None``)."""
    if moment is None:
        return None
    return moment.astimezone(CHINA).date()


def china_iso(moment: datetime | None) -> str | None:
    """An aware moment as ISO 8601 with Beijing's offset (``2026-12-08T07:30:00+08:00``)."""
    if moment is None:
        return None
    return moment.astimezone(CHINA).isoformat()


def start_of_day(day: date) -> datetime:
    """00:00 of ``day`` in China, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=CHINA)


def stamp(moment: datetime) -> str:
    """``2026-12-08 07:30:00``: a moment as people in China read it."""
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier, when negative); 29 February becomes 28."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


# --- dates typed for steps done on paper ------------------------------------------------

LATE_REASON_MIN_LENGTH = 10


def backdate_days() -> int:
    """How many days back a paper step's date may be typed without a recorded reason
    (``GOUMAI_BACKDATE_DAYS``)."""
    from django.conf import settings

    return int(getattr(settings, "GOUMAI_BACKDATE_DAYS", 30))


def paper_date_errors(
    day: date,
    *,
    field: str,
    after: date | None = None,
    after_label: str = "",
    late_reason: str = "",
    today: date | None = None,
) -> dict[str, list[str]]:
    """Field errors for a date typed for a step done on paper (an announcement, an
    invitation, a bid received, an award, a contract, an acceptance, a payment): never
    later than today on the server's clock, never before ``after`` (the step it
    follows), and no more than ``backdate_days()`` back unless a reason is recorded
    (``late_reason``). Empty when the date may stand."""
    from django.utils.translation import gettext as _

    today = today or china_today()
    if day > today:
        return {field: [_("日期不能晚于今天（%(d)s）。") % {"d": today.isoformat()}]}
    if after is not None and day < after:
        return {
            field: [
                _("日期不能早于%(step)s（%(d)s）。") % {"step": after_label, "d": after.isoformat()}
            ]
        }
    limit = backdate_days()
    if (today - day).days > limit and len((late_reason or "").strip()) < LATE_REASON_MIN_LENGTH:
        return {
            "late_reason": [
                _("补录 %(n)d 天以前的日期须说明理由（不少于 %(m)d 个字），理由随记录保存。")
                % {"n": limit, "m": LATE_REASON_MIN_LENGTH}
            ]
        }
    return {}


def ensure_paper_date(day: date, **checks) -> None:
    """``paper_date_errors`` as a refusal: ``DomainError("invalid_date")`` with the first
    message, each beside its field."""
    from goumai.core.errors import DomainError

    errors = paper_date_errors(day, **checks)
    if errors:
        raise DomainError("invalid_date", next(iter(errors.values()))[0], fields=errors)

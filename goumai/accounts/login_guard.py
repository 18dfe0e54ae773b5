"""Who may try a password now: the login lockout per address and throttle per account.

django-axes records every failed login in ``AccessAttempt`` (username, client
address, user agent). Two counters are read from those records, kept apart:

* **per client address** (axes's own lockout, ``AXES_LOCKOUT_PARAMETERS =
  ["ip_address"]``): an address with ``AXES_FAILURE_LIMIT`` failures (20) within
  the cool-off (30 minutes), whatever usernames it tried, is locked for the
  cool-off. This stops one client guessing. The address is the client's own
  (``goumai.core.net.client_address`` believes ``X-Forwarded-For`` only from a
  configured proxy), so one client cannot lock out another.
* **per account** (this module): after ``GOUMAI_LOGIN_ACCOUNT_FAILURE_LIMIT``
  failures (5) of one username within the cool-off, from any addresses, each
  further try waits ``GOUMAI_LOGIN_THROTTLE_SECONDS`` (15 s), doubling with each
  further failure up to ``GOUMAI_LOGIN_THROTTLE_MAX_SECONDS`` (60 s) after the last
  failure. A try during the wait is refused without reading the password and is
  not counted, so nobody can keep an account shut: the owner's right password gets
  in within a minute. This slows guessing spread over many addresses.

A successful login clears the account's failures (not the address's: a valid
account of one's own must not wipe what an address did to others). An
administrator clears either in the admin; each clearing is audited
(``services.login_unlock`` and the audited ``AccessAttempt`` admin).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def account_wait_seconds(username: str | None, now: datetime | None = None) -> int:
    """Seconds the account must wait before its next try (0: it may try now)."""
    if not username:
        return 0
    now = now or timezone.now()
    recent = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - get_cool_off()
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = recent["failures"] or 0
    over = failures - settings.GOUMAI_LOGIN_ACCOUNT_FAILURE_LIMIT
    if over < 0:
        return 0
    delay = min(
        settings.GOUMAI_LOGIN_THROTTLE_SECONDS * 2 ** min(over, 16),
        settings.GOUMAI_LOGIN_THROTTLE_MAX_SECONDS,
    )
    remaining = (recent["last"] + timedelta(seconds=delay) - now).total_seconds()
    return math.ceil(remaining) if remaining > 0 else 0


class LoginGuardBackend(AxesStandaloneBackend):
    """First in ``AUTHENTICATION_BACKENDS``: refuses a locked address (axes) and a
    throttled account before any password is checked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        if not getattr(settings, "AXES_ENABLED", True):
            return None
        wait = account_wait_seconds(username)
        if wait:
            # axes records no failure for a request it marked locked out: the wait
            # is not extended by tries made during it.
            request.axes_locked_out = True
            request.login_wait_seconds = wait
            raise AxesBackendPermissionDenied("account throttled")
        return None


def clear_account(username: str) -> None:
    """The owner knew the password: the account's count restarts (the address's
    stays: a valid account of one's own must not wipe what an address did)."""
    AccessAttempt.objects.filter(username=username).delete()

"""The client's address, for the login lockout and the survey throttle.

Behind a reverse proxy every request comes from the proxy, so the address that
counts is the one the proxy saw. ``X-Forwarded-For`` is believed only when the
request comes from a proxy named in ``GOUMAI_TRUSTED_PROXIES`` (its last entry: the
address the proxy itself appended, which a client cannot forge); from anyone else
the header is ignored.
"""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if remote not in getattr(settings, "GOUMAI_TRUSTED_PROXIES", ()):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    last = forwarded[-1] if forwarded else ""
    try:
        return str(ip_address(last))
    except ValueError:
        return remote

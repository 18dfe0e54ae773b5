"""Whose address is it: X-Forwarded-For only from a configured proxy."""

import pytest
from django.test import RequestFactory

from goumai.core.net import client_address


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        ((), "203.0.113.9", "1.1.1.1", "203.0.113.9"),  # no proxy configured: header ignored
        (("10.0.0.1",), "203.0.113.9", "1.1.1.1", "203.0.113.9"),  # not from the proxy
        (("10.0.0.1",), "10.0.0.1", "1.1.1.1", "1.1.1.1"),
        (("10.0.0.1",), "10.0.0.1", "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # forged part ignored
        (("10.0.0.1",), "10.0.0.1", "not-an-address", "10.0.0.1"),
        (("10.0.0.1",), "10.0.0.1", None, "10.0.0.1"),
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.GOUMAI_TRUSTED_PROXIES = proxies
    assert client_address(request(remote, forwarded)) == expected

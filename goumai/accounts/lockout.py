"""What a refused login attempt gets back (django-axes calls this): a throttled
account is told how many seconds to wait; a locked address that it is locked."""

from axes.helpers import get_cool_off
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from goumai.accounts.forms import LoginForm
from goumai.core.middleware import error_body


def refusal(request) -> tuple[str, str, int | None]:
    """(code, Chinese message, seconds to wait or None) for a refused attempt."""
    wait = getattr(request, "login_wait_seconds", None)
    if wait:
        return (
            "login_throttled",
            _("该账号连续登录失败，为保护账号，请 %(s)d 秒后再试。") % {"s": wait},
            wait,
        )
    minutes = int(get_cool_off(request).total_seconds() // 60)
    return (
        "account_locked",
        _("从您所在网络登录失败次数过多，已暂时锁定 %(m)d 分钟；请稍后再试，或请管理员解除。")
        % {"m": minutes},
        None,
    )


def lockout_response(request, original_response, credentials):
    code, message, wait = refusal(request)
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(429, code, message), status=429)
    elif wait:
        # An unbound form: a bound one would authenticate again to find its errors.
        form = LoginForm(request, initial={"username": request.POST.get("username", "")})
        response = render(
            request,
            "accounts/login.html",
            {"form": form, "refusal": message, "next": request.POST.get("next", "")},
            status=429,
        )
    else:
        response = render(request, "accounts/locked_out.html", {"refusal": message}, status=429)
    if wait:
        response["Retry-After"] = str(wait)
    return response

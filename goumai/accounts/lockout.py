"""What a locked-out login attempt gets back (django-axes calls this)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

LOCKED_MESSAGE = _("登录失败次数过多，账号已被暂时锁定，请稍后再试。")


def lockout_response(request, original_response, credentials):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "account_locked", "message": str(LOCKED_MESSAGE), "fields": {}}, status=429
        )
    return render(request, "accounts/locked_out.html", status=429)

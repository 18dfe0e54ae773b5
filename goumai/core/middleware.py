import logging
import time
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.views import defaults

from goumai.core.errors import NotFound, PermissionDenied

logger = logging.getLogger("goumai.api")


class DomainErrorPagesMiddleware:
    """On pages, a record outside the jurisdiction gives the ordinary 404 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, exception)
        return None


API_PREFIX = "/api/"
STATUS_CODES = {
    400: ("bad_request", "请求不合法。"),
    403: ("forbidden", "您没有执行此操作的权限。"),
    404: ("not_found", "记录不存在，或不在您的管辖范围内。"),
    405: ("method_not_allowed", "该接口不支持此请求方法。"),
    413: ("request_too_large", "请求体过大。"),
    500: ("server_error", "服务器内部错误，已记录，请稍后再试。"),
}


def error_body(status: int, code: str | None = None, message: str | None = None) -> dict:
    default_code, default_message = STATUS_CODES.get(status, ("http_error", "请求失败。"))
    return {"code": code or default_code, "message": message or default_message, "fields": {}}


def _has_nul(request) -> bool:
    """A NUL character anywhere a value can come from: path, query, form or JSON body
    (raw or as the JSON escape). PostgreSQL cannot store it, so it is refused up front."""
    if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method in ("POST", "PUT", "PATCH") and not content_type.startswith("multipart/"):
        body = request.body
        if b"\x00" in body or b"\\u0000" in body.lower():
            return True
        # percent-encoding means something only in a form body ("%00" in JSON is text)
        if content_type.startswith("application/x-www-form-urlencoded") and b"%00" in body:
            return True
    return False


class RequestShapeMiddleware:
    """Refuses requests no field may hold (NUL characters, bodies over the limit) with a
    clear answer, and gives every API error the one JSON shape ``{"code", "message",
    "fields"}`` — also Django's own 404, 405, 413 and 500, which are HTML otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith(API_PREFIX)
        try:
            if _has_nul(request):
                return self._refuse(api, 400, "nul_character", "请求中含有不允许的空字符（\\0）。")
        except RequestDataTooBig:
            return self._refuse(api, 413, None, None)
        response = self.get_response(request)
        if api and response.status_code >= 400 and not _is_json(response):
            return JsonResponse(
                error_body(response.status_code),
                status=response.status_code,
                json_dumps_params={"ensure_ascii": False},
            )
        return response

    def process_exception(self, request, exception):
        if request.path.startswith(API_PREFIX):
            logger.error("API error on %s", request.path, exc_info=exception)
            return JsonResponse(
                error_body(500), status=500, json_dumps_params={"ensure_ascii": False}
            )
        return None

    @staticmethod
    def _refuse(api: bool, status: int, code, message):
        if api:
            return JsonResponse(
                error_body(status, code, message),
                status=status,
                json_dumps_params={"ensure_ascii": False},
            )
        return HttpResponse(
            error_body(status, code, message)["message"],
            status=status,
            content_type="text/plain; charset=utf-8",
        )


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class SlidingSessionMiddleware:
    """The idle timeout slides without a database write on every page: the session is
    saved again (which moves its expiry to now + SESSION_COOKIE_AGE) only when its last
    refresh is older than ``GOUMAI_SESSION_REFRESH_SECONDS`` (default a tenth of the
    timeout). A session therefore ends between 27 and 30 minutes after the last request
    (for the default 30), and a read-only page writes nothing at all.

    It sits after SessionMiddleware, so its response part runs before the session is
    saved."""

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        every = getattr(
            settings, "GOUMAI_SESSION_REFRESH_SECONDS", settings.SESSION_COOKIE_AGE // 10
        )
        if session.modified or now - int(session.get(self.KEY, 0)) >= every:
            session[self.KEY] = now
        return response

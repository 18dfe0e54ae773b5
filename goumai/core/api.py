"""The REST API under /api/v1/: one NinjaAPI, one error shape, two ways to sign in.

* ``Authorization: Bearer <token>`` with a token from ``POST /api/v1/auth/token``;
* the browser's session cookie, with Django's CSRF check on every unsafe method.

Every error is ``{"code": "...", "message": "...", "fields": {...}}`` with a stable
English code and a Chinese message.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from goumai.core.errors import DomainError


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        from goumai.accounts.services import token_user

        user = token_user(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


api = NinjaAPI(
    title="goumai 乡镇政府购买服务管理平台 API",
    version="1",
    description="政府购买服务的目录、预算、项目、承接主体、绩效与信息公开接口。"
    "所有读取均限于调用者的管辖范围；范围外的记录一律返回 404。",
    urls_namespace="api",
    auth=[BearerAuth(), ActiveSessionAuth()],
)


def error_response(request, status: int, code: str, message: str, fields=None):
    return api.create_response(
        request, {"code": code, "message": str(message), "fields": fields or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return error_response(request, exc.status, exc.code, exc.message, exc.fields)


# Chinese wording for the validation failures clients meet most; others keep pydantic's text.
VALIDATION_MESSAGES = {
    "missing": "必填。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "float_parsing": "应为数字。",
    "decimal_parsing": "应为数字。",
    "bool_parsing": "应为 true 或 false。",
    "string_type": "应为文本。",
    "string_too_long": "过长。",
    "string_too_short": "过短。",
    "list_type": "应为列表。",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）。",
    "date_parsing": "应为日期（YYYY-MM-DD）。",
    "datetime_parsing": "应为日期时间。",
    "json_invalid": "不是合法的 JSON。",
    "greater_than_equal": "数值过小。",
    "less_than_equal": "数值过大。",
}


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        # ("body", "payload", "population") -> "population"; ("query", "level") -> "level".
        location = list(error.get("loc", ()))
        location = location[2:] if location[:1] == ["body"] else location[1:]
        name = ".".join(str(part) for part in location) or "_"
        message = VALIDATION_MESSAGES.get(error.get("type", ""), error.get("msg", ""))
        fields.setdefault(name, []).append(message)
    return error_response(request, 422, "validation_error", _("请求数据不合法。"), fields)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return error_response(request, 401, "not_authenticated", _("未登录，或令牌无效、已过期。"))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if exc.status_code == 403 and "CSRF" in str(exc):
        return error_response(request, 403, "csrf_failed", _("CSRF 校验失败，请刷新页面后重试。"))
    return error_response(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error_response(request, 404, "not_found", _("记录不存在，或不在您的管辖范围内。"))


@api.exception_handler(DjangoPermissionDenied)
def on_permission_denied(request, exc):
    return error_response(request, 403, "permission_denied", _("您没有执行此操作的权限。"))


def register_routers() -> None:
    from goumai.accounts.api import router as accounts_router
    from goumai.audit.api import router as audit_router
    from goumai.budgets.api import router as budgets_router
    from goumai.catalog.api import router as catalog_router
    from goumai.projects.api import router as projects_router
    from goumai.providers.api import router as providers_router
    from goumai.regions.api import router as regions_router

    api.add_router("/", accounts_router)
    api.add_router("/", regions_router)
    api.add_router("/", audit_router)
    api.add_router("/", catalog_router)
    api.add_router("/", budgets_router)
    api.add_router("/", projects_router)
    api.add_router("/", providers_router)


register_routers()

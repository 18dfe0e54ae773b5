"""The API's one error shape, for every router and for the API object itself.

Every error is ``{"code": "...", "message": "...", "fields": {...}}`` with a stable
English code and a Chinese message. Routers declare ``ErrorOut`` as their error
response; ``goumai/api.py`` builds the API object and calls
``install_error_handlers`` on it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import DataError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.conf import settings as ninja_settings
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination

from goumai.core.errors import DomainError


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


# What a write endpoint may answer besides success.
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class IdOut(Schema):
    id: int


MAX_OFFSET = 10_000_000  # far beyond any list; a bigger one is refused, not sent to SQL


class Paging(LimitOffsetPagination):
    """Limit/offset paging with both bounded (an unbounded offset overflowed SQLite's
    and PostgreSQL's 64-bit integers)."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


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


def validation_fields(exc: ValidationError) -> dict[str, list[str]]:
    """Field errors keyed by field name, in Chinese where we know the wording."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        # ("body", "payload", "population") -> "population"; ("query", "level") -> "level".
        location = list(error.get("loc", ()))
        location = location[2:] if location[:1] == ["body"] else location[1:]
        name = ".".join(str(part) for part in location) or "_"
        message = VALIDATION_MESSAGES.get(error.get("type", ""), error.get("msg", ""))
        fields.setdefault(name, []).append(message)
    return fields


def install_error_handlers(api: NinjaAPI) -> None:
    """Make every error of ``api`` answer in the one shape."""

    def respond(request, status: int, code: str, message, fields=None):
        return api.create_response(
            request, {"code": code, "message": str(message), "fields": fields or {}}, status=status
        )

    @api.exception_handler(DomainError)
    def on_domain_error(request, exc: DomainError):
        return respond(request, exc.status, exc.code, exc.message, exc.fields)

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc: ValidationError):
        return respond(
            request, 422, "validation_error", _("请求数据不合法。"), validation_fields(exc)
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request, exc):
        return respond(request, 401, "not_authenticated", _("未登录，或令牌无效、已过期。"))

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        if exc.status_code == 403 and "CSRF" in str(exc):
            return respond(request, 403, "csrf_failed", _("CSRF 校验失败，请刷新页面后重试。"))
        return respond(request, exc.status_code, "http_error", str(exc))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return respond(request, 404, "not_found", _("记录不存在，或不在您的管辖范围内。"))

    @api.exception_handler(OverflowError)
    def on_overflow(request, exc):
        return respond(request, 400, "value_out_of_range", _("数值超出允许范围。"))

    @api.exception_handler(DataError)
    def on_data_error(request, exc):
        # a value the database refuses (a number out of range, text too long): nothing
        # was written, the transaction rolled back
        return respond(request, 400, "value_out_of_range", _("数值或文本超出允许范围。"))

    @api.exception_handler(MultiPartParserError)
    def on_broken_form(request, exc):
        # a form body that cannot be parsed (no boundary, cut short)
        return respond(request, 400, "bad_request", _("请求体格式有误，无法解析。"))

    @api.exception_handler(DjangoPermissionDenied)
    def on_permission_denied(request, exc):
        return respond(request, 403, "permission_denied", _("您没有执行此操作的权限。"))


KEYSET_COUNT_CAP = 10_000


class KeysetPaging(LimitOffsetPagination):
    """Paging for lists that can hold a whole province, ordered newest first (by
    descending id). ``?cursor=`` (the ``next_cursor`` of the previous page) pages by
    keyset: each page is an index range scan after the last id seen, so a page costs
    the same at row 200,000 as at row 1, and rows inserted meanwhile never shift a row
    into a second page or out of every page. ``?offset=`` still works for the clients
    that use it, but deep offsets are slower (the database walks every skipped row).

    ``count`` is exact up to 10,000 matches; beyond, it is 10,000 and ``count_capped``
    is true (a page shows "10,000+"), so no page waits for a count of the province.
    A view that knows the exact total without counting rows (from a summary table)
    sets it as ``known_total`` on the queryset it returns; then nothing is counted."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
        cursor: str | None = Field(
            None, max_length=24, description="上一页返回的 next_cursor：按游标翻页（推荐）"
        )

    class Output(Schema):
        items: list
        count: int
        count_capped: bool = False
        next_cursor: str | None = None

    def paginate_queryset(self, queryset, pagination, request, **params):
        limit = min(pagination.limit, self.max_limit)
        if pagination.cursor:
            after = _cursor_id(pagination.cursor)
            rows = list(queryset.filter(pk__lt=after)[: limit + 1])
        else:
            rows = list(queryset[pagination.offset : pagination.offset + limit + 1])
        known = getattr(queryset, "known_total", None)
        if known is None:
            counted = queryset.order_by()[: KEYSET_COUNT_CAP + 1].count()
            count, capped = min(counted, KEYSET_COUNT_CAP), counted > KEYSET_COUNT_CAP
        else:
            count, capped = known, False
        more = len(rows) > limit
        rows = rows[:limit]
        return {
            "items": rows,
            "count": count,
            "count_capped": capped,
            "next_cursor": str(rows[-1].pk) if more else None,
        }


def _cursor_id(cursor: str) -> int:
    if not cursor.isdigit():
        raise DomainError(
            "invalid_cursor",
            _("翻页游标无效：请使用上一页返回的 next_cursor。"),
            fields={"cursor": [_("无效。")]},
        )
    return int(cursor)

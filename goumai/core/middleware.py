from django.views import defaults

from goumai.core.errors import NotFound, PermissionDenied


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

"""The API's two ways to sign in.

* ``Authorization: Bearer <token>`` with a token from ``POST /api/v1/auth/token``;
* the browser's session cookie, with Django's CSRF check on every unsafe method.
"""

from ninja.security import HttpBearer, SessionAuth

from goumai.accounts.services import token_user


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None

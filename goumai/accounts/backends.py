"""Django's model backend, loading the signed-in user in one query per request."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from goumai.accounts.models import User
from goumai.accounts.requester import primed, with_everything


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = with_everything(User._default_manager.filter(pk=user_id)).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        return primed(user, user.role_list)
